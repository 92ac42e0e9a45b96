import type { TransformParameters } from '@aws-amplify/graphql-transformer-interfaces';

/**
 * The transformer's parameters, derived from `amplify/cli.json` the way the Gen1 CLI derives them:
 * a flag written in cli.json wins; a flag missing from it takes the CLI's default for an existing
 * project (the CLI only uses its new-project defaults while `amplify init` writes cli.json).
 */
export interface CliFeatureFlags {
  features?: Record<string, Record<string, unknown>>;
}

// The graphqltransformer flags the transformer reads, with the CLI's existing-project defaults.
const GRAPHQL_TRANSFORMER_DEFAULTS = {
  shouldDeepMergeDirectiveConfigDefaults: false,
  useSubUsernameForDefaultIdentityClaim: true,
  populateOwnerFieldForStaticGroupAuth: false,
  secondaryKeyAsGSI: false,
  enableAutoIndexQueryNames: false,
  respectPrimaryKeyAttributesOnConnectionField: false,
  subscriptionsInheritPrimaryAuth: false,
  enableGen2Migration: false,
} as const;

type FlagName = keyof typeof GRAPHQL_TRANSFORMER_DEFAULTS;

export class FeatureFlagError extends Error {
  override name = 'FeatureFlagError';
}

function readTransformerFlag(cliJson: CliFeatureFlags, name: FlagName): boolean {
  // cli.json keeps section and flag names in lower case.
  const value = cliJson.features?.graphqltransformer?.[name.toLowerCase()];
  if (value === undefined) return GRAPHQL_TRANSFORMER_DEFAULTS[name];
  if (typeof value !== 'boolean') {
    throw new FeatureFlagError(
      `amplify/cli.json: features.graphqltransformer.${name.toLowerCase()} must be true or false, got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

export function transformerVersion(cliJson: CliFeatureFlags): number {
  const version = cliJson.features?.graphqltransformer?.transformerversion ?? 1;
  return typeof version === 'number' ? version : Number(version);
}

export interface ApiSettings {
  /** parameters.json of the API resource. */
  parameters: Record<string, unknown>;
  /** transform.conf.json's DisableResolverDeduping. */
  disableResolverDeduping: boolean;
  sandboxModeEnabled: boolean;
}

export function transformParameters(cliJson: CliFeatureFlags, api: ApiSettings): TransformParameters {
  const flag = (name: FlagName) => readTransformerFlag(cliJson, name);
  const createApiKey = api.parameters.CreateAPIKey;
  return {
    shouldDeepMergeDirectiveConfigDefaults: flag('shouldDeepMergeDirectiveConfigDefaults'),
    useSubUsernameForDefaultIdentityClaim: flag('useSubUsernameForDefaultIdentityClaim'),
    populateOwnerFieldForStaticGroupAuth: flag('populateOwnerFieldForStaticGroupAuth'),
    secondaryKeyAsGSI: flag('secondaryKeyAsGSI'),
    enableAutoIndexQueryNames: flag('enableAutoIndexQueryNames'),
    respectPrimaryKeyAttributesOnConnectionField: flag('respectPrimaryKeyAttributesOnConnectionField'),
    subscriptionsInheritPrimaryAuth: flag('subscriptionsInheritPrimaryAuth'),
    // The CLI suppresses the API key only when parameters.json says CreateAPIKey and it is not 1.
    suppressApiKeyGeneration: createApiKey !== undefined && createApiKey !== 1 && createApiKey !== '1',
    disableResolverDeduping: api.disableResolverDeduping,
    enableSearchNodeToNodeEncryption: false,
    sandboxModeEnabled: api.sandboxModeEnabled,
    enableTransformerCfnOutputs: true,
    allowDestructiveGraphqlSchemaUpdates: false,
    replaceTableUponGsiUpdate: false,
    allowGen1Patterns: true,
    enableGen2Migration: flag('enableGen2Migration'),
  };
}
