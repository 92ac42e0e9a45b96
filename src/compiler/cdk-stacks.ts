import { createHash } from 'node:crypto';
import {
  App,
  Aws,
  CfnParameter,
  CfnResource,
  CfnStack,
  FileAssetPackaging,
  Fn,
  Lazy,
  LegacyStackSynthesizer,
  Stack,
  Token,
  type CfnElement,
  type FileAssetLocation,
  type FileAssetSource,
  type ISynthesisSession,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { AssetProvider, NestedStackProvider, SynthParameters } from '@aws-amplify/graphql-transformer-interfaces';

/**
 * The CDK scaffolding the transformer writes into, laid out as the Gen1 CLI lays it out: one root
 * stack `transformer-root-stack`, one nested stack per model (written to stacks/<Name>.json), every
 * resolver template an S3 asset under the deployment bucket parameters, and the logical ids of
 * tables, nested stacks and the API kept readable (RideTable, Ride, GraphQLAPI).
 */

export type CfnTemplate = Record<string, any>;

export interface SynthesizedApi {
  rootStack: CfnTemplate;
  /** Nested stack templates by name (the model name, ConnectionStack, CustomResources, ...). */
  stacks: Record<string, CfnTemplate>;
  /** Files the transformer emitted as assets: schema.graphql, resolvers/*.vtl, ... */
  files: Map<string, string>;
}

const READABLE_LOGICAL_ID_TYPES = new Set([
  'AWS::DynamoDB::Table',
  'AWS::Elasticsearch::Domain',
  'AWS::RDS::DBCluster',
  'AWS::CloudFormation::Stack',
  'AWS::AppSync::GraphQLApi',
]);

class TransformerStack extends Stack {
  protected override allocateLogicalId(element: CfnElement): string {
    if (element instanceof CfnResource && READABLE_LOGICAL_ID_TYPES.has(element.cfnResourceType)) {
      const owner = [...element.node.scopes].reverse().find((scope) => scope.node.id !== 'Resource');
      const id = owner?.node.id.replace('.NestedStackResource', '');
      if (id && /^[A-Za-z0-9]+$/.test(id)) return id;
    }
    return super.allocateLogicalId(element);
  }

  renderTemplate(): CfnTemplate {
    return this._toCloudFormation();
  }
}

/** Records every stack template and asset; asset locations point at the CLI's deployment parameters. */
class AssetRecordingSynthesizer extends LegacyStackSynthesizer {
  readonly templates = new Map<string, CfnTemplate>();
  readonly files = new Map<string, string>();
  private bucket?: CfnParameter;
  private rootKey?: CfnParameter;

  override addFileAsset(asset: FileAssetSource): FileAssetLocation {
    this.bucket ??= new CfnParameter(this.boundStack, 'S3DeploymentBucket', {
      type: 'String',
      description: 'An S3 Bucket name where assets are deployed',
    });
    this.rootKey ??= new CfnParameter(this.boundStack, 'S3DeploymentRootKey', {
      type: 'String',
      description: 'An S3 key relative to the S3DeploymentBucket that points to the root of the deployment directory.',
    });
    const bucketName = this.bucket.valueAsString;
    const rootKey = this.rootKey.valueAsString;
    const fileName = asset.fileName!;
    return {
      bucketName,
      objectKey: `${rootKey}/${fileName}`,
      httpUrl: `https://s3.${this.boundStack.region}.${this.boundStack.urlSuffix}/${bucketName}/${rootKey}/${fileName}`,
      s3ObjectUrl: `s3://${bucketName}/${rootKey}/${fileName}`,
    };
  }

  protected override synthesizeTemplate(_session: ISynthesisSession): FileAssetSource {
    const stack = this.boundStack as TransformerStack;
    const template = stack.renderTemplate();
    this.templates.set(stack.node.id, template);
    return { sourceHash: createHash('sha256').update(JSON.stringify(template)).digest('hex') };
  }
}

/** A nested stack in the CDK's sense (it has a `nestedStackResource`), with the CLI's template naming. */
class TransformerNestedStack extends TransformerStack {
  override readonly nestedStackResource: CfnStack;
  private readonly root: TransformerStack;
  private readonly parameters: Record<string, string> = {};
  private templateUrl?: string;
  private readonly contextualName?: string;
  private readonly contextualId?: string;

  constructor(scope: Construct, id: string, synthesizer: AssetRecordingSynthesizer) {
    const root = Stack.of(scope) as TransformerStack;
    super(scope, id, { env: { account: root.account, region: root.region }, synthesizer });
    this.root = root;
    this.nestedStackResource = new CfnStack(new Construct(scope, `${id}.NestedStack`), `${id}.NestedStackResource`, {
      templateUrl: Lazy.uncachedString({ produce: () => this.templateUrl ?? '<unresolved>' }),
      parameters: Lazy.any({ produce: () => (Object.keys(this.parameters).length > 0 ? this.parameters : undefined) }),
    });
    this.contextualName = this.contextual(Aws.STACK_NAME, Fn.select(1, Fn.split('/', this.nestedStackResource.ref)));
    this.contextualId = this.contextual(Aws.STACK_ID, this.nestedStackResource.ref);
  }

  // Inside the nested stack, its name and id are its own; outside, they come from the parent's
  // resource. (The Stack constructor reads both before they are set, and must then see undefined.)
  override get stackName(): string {
    return this.contextualName!;
  }

  override get stackId(): string {
    return this.contextualId!;
  }

  /** Called by the CDK when a reference crosses into this stack. */
  setParameter(name: string, value: string): void {
    this.parameters[name] = value;
  }

  /** Called by the CDK while preparing the app: registers this stack's template as an asset of the root. */
  _prepareTemplateAsset(): boolean {
    if (this.templateUrl) return false;
    const template = JSON.stringify(this.renderTemplate());
    this.templateUrl = this.root.synthesizer.addFileAsset({
      packaging: FileAssetPackaging.FILE,
      sourceHash: createHash('sha256').update(template).digest('hex'),
      fileName: `stacks/${this.node.id}.json`,
    }).httpUrl;
    return true;
  }

  private contextual(inner: string, outer: string): string {
    return Token.asString({ resolve: (context: { scope: Construct }) => (Stack.of(context.scope) === this ? inner : outer) });
  }
}

/** An S3 asset as the transformer expects one; its content is recorded for the build folder. */
class RecordedAsset extends Construct {
  readonly assetHash: string;
  readonly httpUrl: string;
  readonly s3BucketName: string;
  readonly s3ObjectKey: string;
  readonly s3ObjectUrl: string;

  constructor(scope: Construct, id: string, props: { fileName: string; fileContent: string }, synthesizer: AssetRecordingSynthesizer) {
    super(scope, id);
    synthesizer.files.set(props.fileName, props.fileContent);
    this.assetHash = createHash('sha256').update(props.fileContent).digest('hex');
    const location = synthesizer.addFileAsset({ fileName: props.fileName, packaging: FileAssetPackaging.FILE, sourceHash: this.assetHash });
    this.httpUrl = location.httpUrl;
    this.s3BucketName = location.bucketName;
    this.s3ObjectKey = location.objectKey;
    this.s3ObjectUrl = location.s3ObjectUrl!;
  }
}

export interface TransformScope {
  rootStack: Stack;
  nestedStackProvider: NestedStackProvider;
  assetProvider: AssetProvider;
  parameterProvider: { provide: (name: string) => CfnParameter | undefined };
  synthParameters: SynthParameters;
  synthesize: () => SynthesizedApi;
}

/** The root stack's parameters, as the CLI declares them for the API's auth modes. */
export function createTransformScope(options: { hasUserPoolAuth: boolean; hasIamAuth: boolean }): TransformScope {
  const app = new App();
  const rootSynthesizer = new AssetRecordingSynthesizer();
  const rootStack = new TransformerStack(app, 'transformer-root-stack', { synthesizer: rootSynthesizer });
  const nestedSynthesizers: AssetRecordingSynthesizer[] = [];

  const parameters = new Map<string, CfnParameter>();
  const declare = (name: string, props: { default?: string; type: string }) => {
    const parameter = new CfnParameter(rootStack, name, props);
    parameters.set(name, parameter);
    return parameter.valueAsString;
  };
  const synthParameters: SynthParameters = {
    amplifyEnvironmentName: declare('env', { default: 'NONE', type: 'String' }),
    apiName: declare('AppSyncApiName', { default: 'AppSyncSimpleTransform', type: 'String' }),
    adminRoles: [],
    identityPoolId: undefined,
  };
  if (options.hasIamAuth) {
    synthParameters.authenticatedUserRoleName = declare('authRoleName', { type: 'String' });
    synthParameters.unauthenticatedUserRoleName = declare('unauthRoleName', { type: 'String' });
  }
  if (options.hasUserPoolAuth) synthParameters.userPoolId = declare('AuthCognitoUserPoolId', { type: 'String' });

  return {
    rootStack,
    synthParameters,
    parameterProvider: { provide: (name) => parameters.get(name) },
    nestedStackProvider: {
      provide: (scope, name) => {
        const synthesizer = new AssetRecordingSynthesizer();
        nestedSynthesizers.push(synthesizer);
        return new TransformerNestedStack(scope, name, synthesizer);
      },
    },
    assetProvider: {
      // The CDK binds a copy of each synthesizer to its stack; the bound copy is the stack's.
      provide: (scope, id, props) => new RecordedAsset(scope, id, props, rootStack.synthesizer as AssetRecordingSynthesizer) as any,
    },
    synthesize: () => {
      app.synth({ force: true, skipValidation: true });
      const stacks: Record<string, CfnTemplate> = {};
      for (const synthesizer of nestedSynthesizers) for (const [name, template] of synthesizer.templates) stacks[name] = template;
      return { rootStack: rootSynthesizer.templates.get('transformer-root-stack')!, stacks, files: rootSynthesizer.files };
    },
  };
}
