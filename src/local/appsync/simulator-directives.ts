// What the simulator's AppSync directives do to an executable schema (its lib/schema/directives),
// done to the schema in place. The simulator's transforms each copy the whole schema (graphql-tools'
// mapSchema) to change field resolvers only; on `npm start` the two copies were half of the engine's
// creation once the rest was made cheaper. The behaviour is the simulator's, rule for rule, quirks
// included, because `amplify mock` users and this project's tests rely on it:
// - a mutation that subscriptions name in @aws_subscribe(mutations: [...]) publishes its result to
//   each of them after it resolved;
// - every field of every object type checks the request's authorization mode against the field's
//   @aws_* directives, else its type's, else the API's default mode; with Cognito user pools and
//   cognito_groups, the caller must be in one of them. The groups come from the field's
//   @aws_cognito_user_pools/@aws_auth; when only the type has auth directives, from every directive of
//   the type with a cognito_groups argument (the simulator filters nothing there).
// tests/local/simulator-schema.test.ts compares each field's behaviour with the simulator's transforms.
import { graphql15, simulatorSchemaParts as parts } from './simulator-internals.js';

interface DirectiveNode {
  name: { value: string };
  arguments?: ReadonlyArray<{ name: { value: string }; value: unknown }>;
}
interface Field {
  name: string;
  astNode?: { name: { value: string }; directives?: readonly DirectiveNode[] };
  resolve?: (...args: any[]) => unknown;
}
interface ObjectType {
  name: string;
  astNode?: { directives?: readonly DirectiveNode[] };
  getFields(): Record<string, Field>;
}
interface Schema {
  getTypeMap(): Record<string, unknown>;
  getMutationType(): ObjectType | null | undefined;
  getSubscriptionType(): ObjectType | null | undefined;
}
export interface DirectiveSimulator {
  appSyncConfig: { defaultAuthenticationType: { authenticationType: string } };
  pubsub: { publish(trigger: string, payload: unknown): Promise<void> | void };
}
interface AuthContext {
  requestAuthorizationMode?: string;
  jwt?: Record<string, unknown>;
}

const graphql = graphql15 as unknown as {
  isObjectType(type: unknown): boolean;
  defaultFieldResolver: (...args: any[]) => unknown;
  valueFromASTUntyped(value: unknown): any;
};

/** The authorization mode each @aws_* auth directive allows. */
const AUTH_DIRECTIVE_MODES: Record<string, string> = {
  aws_api_key: parts.authenticationTypes.API_KEY!,
  aws_iam: parts.authenticationTypes.AWS_IAM!,
  aws_oidc: parts.authenticationTypes.OPENID_CONNECT!,
  aws_lambda: parts.authenticationTypes.AWS_LAMBDA!,
  aws_cognito_user_pools: parts.authenticationTypes.AMAZON_COGNITO_USER_POOLS!,
  aws_auth: parts.authenticationTypes.AMAZON_COGNITO_USER_POOLS!,
};
const COGNITO_GROUP_DIRECTIVES = new Set(['aws_auth', 'aws_cognito_user_pools']);

/** The simulator's transformSchemaWithDirectives, on `schema` itself: @aws_subscribe first, then auth. */
export function applyDirectivesInPlace<S>(schema: S, simulator: DirectiveSimulator): S {
  publishMutationResults(schema as Schema, simulator);
  checkAuthorization(schema as Schema, simulator);
  return schema;
}

function publishMutationResults(schema: Schema, simulator: DirectiveSimulator): void {
  const mutationType = schema.getMutationType();
  if (!mutationType) return;
  // Each subscription's @aws_subscribe(mutations: [...]), read once rather than once per mutation.
  const subscribed = Object.entries(schema.getSubscriptionType()?.getFields() ?? {}).map(([name, subscription]) => {
    const directive = parts.getDirective(schema, subscription, 'aws_subscribe')?.[0];
    return { name, mutations: directive ? (directive.mutations as string[]) : [] };
  });
  for (const mutation of Object.values(mutationType.getFields())) {
    const triggers = subscribed.filter(({ mutations }) => mutations.includes(mutation.astNode?.name.value as string)).map(({ name }) => name);
    if (triggers.length === 0) continue;
    const resolve = mutation.resolve!;
    mutation.resolve = async (parent, args, context, info) => {
      const result = await resolve(parent, args, context, info);
      await Promise.all(triggers.map(async (trigger) => await simulator.pubsub.publish(trigger, result)));
      return result;
    };
  }
}

function checkAuthorization(schema: Schema, simulator: DirectiveSimulator): void {
  for (const [typeName, type] of Object.entries(schema.getTypeMap())) {
    if (typeName.startsWith('__') || !graphql.isObjectType(type)) continue;
    const object = type as ObjectType;
    for (const field of Object.values(object.getFields())) {
      const { modes, groups } = fieldAuthorization(field, object, simulator);
      const resolve = field.resolve;
      field.resolve = (root: unknown, args: unknown, context: AuthContext, info: unknown) => {
        if (!modes.includes(context.requestAuthorizationMode as string)) {
          throw new parts.Unauthorized(`Not Authorized to access ${field.name} on type ${object.name}`, info);
        }
        if (context.requestAuthorizationMode === parts.authenticationTypes.AMAZON_COGNITO_USER_POOLS && groups.length > 0) {
          const callerGroups = ((context.jwt || {})['cognito:groups'] || []) as string[];
          if (!callerGroups.some((group) => groups.includes(group))) {
            throw new parts.Unauthorized(`Not Authorized to access ${field.name} on type ${object.name}`, info);
          }
        }
        return (resolve || graphql.defaultFieldResolver)(root, args, context, info);
      };
    }
  }
}

/** The modes of the auth directives among `directives`, each once, in the order they first appear. */
function authModes(directives: readonly DirectiveNode[]): string[] {
  return [...new Set(directives.filter((d) => d.name.value in AUTH_DIRECTIVE_MODES).map((d) => AUTH_DIRECTIVE_MODES[d.name.value]!))];
}

/**
 * The modes allowed on `field` and, with Cognito user pools, the groups (none: any): the field's auth
 * directives and their groups, else its type's auth directives and the groups of every directive of
 * the type, else the API's default mode.
 */
function fieldAuthorization(field: Field, object: ObjectType, simulator: DirectiveSimulator): { modes: string[]; groups: string[] } {
  const fieldDirectives = field.astNode!.directives!;
  const ofField = authModes(fieldDirectives);
  if (ofField.length > 0) return { modes: ofField, groups: cognitoGroups(fieldDirectives.filter((d) => COGNITO_GROUP_DIRECTIVES.has(d.name.value))) };
  const typeDirectives = object.astNode!.directives!;
  const ofType = authModes(typeDirectives);
  if (ofType.length > 0) return { modes: ofType, groups: cognitoGroups(typeDirectives) };
  return { modes: [simulator.appSyncConfig.defaultAuthenticationType.authenticationType], groups: [] };
}

function cognitoGroups(directives: readonly DirectiveNode[]): string[] {
  const groups: string[] = [];
  for (const directive of directives) {
    for (const argument of directive.arguments!) if (argument.name.value === 'cognito_groups') groups.push(...graphql.valueFromASTUntyped(argument.value));
  }
  return groups;
}
