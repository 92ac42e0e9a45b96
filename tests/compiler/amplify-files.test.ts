import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, Kind, type ConstDirectiveNode, type ConstValueNode } from 'graphql';
import { describe, expect, it } from 'vitest';

/** The Amplify CLI's files must agree with each other, or `amplify push` deploys something else. */
const root = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const readJson = (path: string) => JSON.parse(read(path));

const backendConfig = readJson('amplify/backend/backend-config.json');
const cognitoAuthName = Object.keys(backendConfig.auth).find((name) => backendConfig.auth[name].service === 'Cognito')!;
const authInputs = readJson(`amplify/backend/auth/${cognitoAuthName}/cli-inputs.json`);
const apiName = Object.keys(backendConfig.api).find((name) => backendConfig.api[name].service === 'AppSync')!;

/** Every group named by an @auth rule of the schema. */
function groupsUsedBySchema(): Set<string> {
  const groups = new Set<string>();
  const visitValue = (value: ConstValueNode) => {
    if (value.kind === Kind.LIST) value.values.forEach(visitValue);
    if (value.kind === Kind.OBJECT) {
      for (const field of value.fields) {
        if (field.name.value === 'groups' && field.value.kind === Kind.LIST) {
          for (const g of field.value.values) if (g.kind === Kind.STRING) groups.add(g.value);
        } else visitValue(field.value);
      }
    }
  };
  const visitDirectives = (directives: readonly ConstDirectiveNode[] = []) =>
    directives.filter((d) => d.name.value === 'auth').forEach((d) => d.arguments?.forEach((a) => visitValue(a.value)));
  for (const def of parse(read(`amplify/backend/api/${apiName}/schema.graphql`)).definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    visitDirectives(def.directives);
    def.fields?.forEach((f) => visitDirectives(f.directives));
  }
  return groups;
}

describe('Amplify project files', () => {
  it('has one Cognito auth resource, one AppSync API and the user pool groups', () => {
    expect(cognitoAuthName).toMatch(/^wildrydes[0-9a-f]{8}$/);
    expect(apiName).toBe('wildrydes');
    expect(backendConfig.auth.userPoolGroups.service).toBe('Cognito-UserPool-Groups');
  });

  it('makes the API depend on the auth resource user pool, and that pool its default (only) auth mode', () => {
    const api = backendConfig.api[apiName];
    expect(api.dependsOn).toEqual([{ category: 'auth', resourceName: cognitoAuthName, attributes: ['UserPoolId'] }]);
    expect(api.output.authConfig).toEqual({
      defaultAuthentication: {
        authenticationType: 'AMAZON_COGNITO_USER_POOLS',
        userPoolConfig: { userPoolId: `auth${cognitoAuthName}` },
      },
      additionalAuthenticationProviders: [],
    });
    const apiInputs = readJson(`amplify/backend/api/${apiName}/cli-inputs.json`);
    expect(apiInputs.serviceConfiguration.defaultAuthType).toEqual({
      mode: 'AMAZON_COGNITO_USER_POOLS',
      cognitoUserPoolId: `auth${cognitoAuthName}`,
    });
  });

  it('defines in the auth category exactly the groups that the schema authorizes', () => {
    const precedence = readJson('amplify/backend/auth/userPoolGroups/user-pool-group-precedence.json');
    const defined = precedence.map((g: { groupName: string }) => g.groupName).sort();
    expect(defined).toEqual([...groupsUsedBySchema()].sort());
    expect([...authInputs.cognitoConfig.userPoolGroupList].sort()).toEqual(defined);
    expect(backendConfig.auth.userPoolGroups.dependsOn[0].resourceName).toBe(cognitoAuthName);
  });

  it('keeps the default auth configuration: username sign-in, email required and verified', () => {
    const c = authInputs.cognitoConfig;
    expect(authInputs.version).toBe('1');
    expect(c.requiredAttributes).toEqual(['email']);
    expect(c.autoVerifiedAttributes).toEqual(['email']);
    expect(c.usernameCaseSensitive).toBe(false);
    expect(backendConfig.auth[cognitoAuthName].frontendAuthConfig.usernameAttributes).toEqual([]);
  });

  it('enables the transformer v2 and the owner-claim flags the schema relies on', () => {
    const flags = readJson('amplify/cli.json').features.graphqltransformer;
    expect(flags).toMatchObject({
      transformerversion: 2,
      useexperimentalpipelinedtransformer: true,
      usesubusernamefordefaultidentityclaim: true,
      populateownerfieldforstaticgroupauth: true,
    });
  });

  it('writes backend-config.json as the CLI does: keys sorted at every level, 2-space indent', () => {
    const sortKeys = (value: unknown): unknown =>
      Array.isArray(value)
        ? value.map(sortKeys)
        : value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, sortKeys(v)]))
          : value;
    expect(read('amplify/backend/backend-config.json').trimEnd()).toBe(JSON.stringify(sortKeys(backendConfig), null, 2));
  });

  it('ignores what the CLI ignores, the build folder and the local cloud data among them', () => {
    const gitignore = read('.gitignore');
    // The CLI escapes the '#' of that line; git reads both forms alike.
    for (const line of ['amplify/\\#current-cloud-backend', 'amplify/mock-data', 'amplify/backend/amplify-meta.json', 'build/', 'node_modules/']) {
      expect(gitignore.split('\n')).toContain(line);
    }
    const resolvers = join(root, 'amplify', 'backend', 'api', apiName, 'resolvers');
    expect(existsSync(resolvers) ? readdirSync(resolvers).filter((f) => f.endsWith('.vtl')).length : 0).toBeGreaterThan(0);
  });
});
