// Reads the user pool settings from the project's Amplify Gen1 files, so the
// local pool enforces what `amplify push` would deploy.
import path from 'node:path';
import { readJsonFile } from '../shared/atomicJson.js';

export interface PasswordPolicy {
  minLength: number;
  requireLowercase: boolean;
  requireUppercase: boolean;
  requireNumbers: boolean;
  requireSymbols: boolean;
}

export interface GroupConfig {
  groupName: string;
  precedence?: number;
}

/**
 * One app client of the pool as the CLI's auth stack defines it (`AWS::Cognito::UserPoolClient`).
 * The stack sets no `ExplicitAuthFlows`, and Cognito then allows SRP, refresh-token and custom auth
 * only (UserPoolClientType, ExplicitAuthFlows, in the Cognito API reference).
 */
export interface AppClientConfig {
  /** The resource's logical id in the auth stack. */
  logicalId: 'UserPoolClientWeb' | 'UserPoolClient';
  clientName: string;
  generateSecret: boolean;
  refreshTokenValidityDays: number;
  /** Undefined when the stack does not set them: then every attribute is readable or writable. */
  readAttributes?: string[];
  writeAttributes?: string[];
  /** The `ALLOW_*` flows Cognito accepts on this client. */
  allowedAuthFlows: AuthFlowPermission[];
}

export type AuthFlowPermission =
  | 'ALLOW_USER_SRP_AUTH'
  | 'ALLOW_REFRESH_TOKEN_AUTH'
  | 'ALLOW_CUSTOM_AUTH'
  | 'ALLOW_USER_PASSWORD_AUTH'
  | 'ALLOW_ADMIN_USER_PASSWORD_AUTH'
  | 'ALLOW_USER_AUTH';

/** What Cognito allows on a client created without ExplicitAuthFlows. */
export const DEFAULT_AUTH_FLOWS: AuthFlowPermission[] = ['ALLOW_CUSTOM_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_SRP_AUTH'];

export interface PoolConfig {
  /** The auth resource's folder name under amplify/backend/auth. */
  authResourceName: string;
  /** `userPoolName` of cli-inputs; the deployed pool is named `<userPoolName>-<env>`. */
  userPoolName: string;
  passwordPolicy: PasswordPolicy;
  requiredAttributes: string[];
  autoVerifiedAttributes: string[];
  usernameCaseSensitive: boolean;
  refreshTokenValidityDays: number;
  groups: GroupConfig[];
  /** The web client first: it is the one the client configuration names. */
  appClients: AppClientConfig[];
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

interface BackendConfig {
  auth?: Record<string, { service?: string }>;
}

interface CliInputs {
  version?: string;
  cognitoConfig?: Record<string, unknown>;
}

export async function loadPoolConfig(projectRoot: string): Promise<PoolConfig> {
  const backendDir = path.join(projectRoot, 'amplify', 'backend');
  const backendConfigFile = path.join(backendDir, 'backend-config.json');
  const backendConfig = await readJson<BackendConfig>(backendConfigFile);
  if (!backendConfig) {
    throw new ConfigError(`${backendConfigFile} not found: the local Cognito pool is configured from the Amplify project (run it from the project root, or run \`amplify add auth\`)`);
  }
  const cognitoResources = Object.entries(backendConfig.auth ?? {}).filter(([, r]) => r?.service === 'Cognito');
  if (cognitoResources.length === 0) {
    throw new ConfigError(`${backendConfigFile} has no auth resource with "service": "Cognito" (add one with \`amplify add auth\`)`);
  }
  if (cognitoResources.length > 1) {
    throw new ConfigError(`${backendConfigFile} has several Cognito auth resources (${cognitoResources.map(([n]) => n).join(', ')}); the local service runs one pool`);
  }
  const [authResourceName] = cognitoResources[0]!;
  const cliInputsFile = path.join(backendDir, 'auth', authResourceName, 'cli-inputs.json');
  const cliInputs = await readJson<CliInputs>(cliInputsFile);
  if (!cliInputs?.cognitoConfig || typeof cliInputs.cognitoConfig !== 'object') {
    throw new ConfigError(`${cliInputsFile} is missing or has no "cognitoConfig" object`);
  }
  const c = cliInputs.cognitoConfig;
  const characters = stringList(c.passwordPolicyCharacters, 'passwordPolicyCharacters', cliInputsFile);
  const precedenceFile = path.join(backendDir, 'auth', 'userPoolGroups', 'user-pool-group-precedence.json');
  const groups = await loadGroups(precedenceFile, stringList(c.userPoolGroupList, 'userPoolGroupList', cliInputsFile));
  const refreshTokenValidityDays = positiveInt(c.userpoolClientRefreshTokenValidity, 30, 'userpoolClientRefreshTokenValidity', cliInputsFile);

  return {
    authResourceName,
    userPoolName: typeof c.userPoolName === 'string' && c.userPoolName !== '' ? c.userPoolName : `${authResourceName}_userpool`,
    passwordPolicy: {
      minLength: positiveInt(c.passwordPolicyMinLength, 8, 'passwordPolicyMinLength', cliInputsFile),
      requireLowercase: characters.includes('Requires Lowercase'),
      requireUppercase: characters.includes('Requires Uppercase'),
      requireNumbers: characters.includes('Requires Numbers'),
      requireSymbols: characters.includes('Requires Symbols'),
    },
    requiredAttributes: stringList(c.requiredAttributes, 'requiredAttributes', cliInputsFile),
    autoVerifiedAttributes: stringList(c.autoVerifiedAttributes, 'autoVerifiedAttributes', cliInputsFile),
    // Amplify's default is case-insensitive; only an explicit true makes it sensitive.
    usernameCaseSensitive: c.usernameCaseSensitive === true,
    refreshTokenValidityDays,
    groups,
    appClients: appClientsOf(c, refreshTokenValidityDays, authResourceName, cliInputsFile),
  };
}

// The two clients of the CLI's auth stack (amplify-category-auth's auth template, as
// `amplify build` renders it; the snapshot is tests/fixtures/amplify-cli/). Only the native client
// takes `userpoolClientGenerateSecret`; the web client never has a secret. Read and write
// attributes are set on both, and only when `userpoolClientSetAttributes` is true.
function appClientsOf(c: Record<string, unknown>, refreshTokenValidityDays: number, resourceName: string, file: string): AppClientConfig[] {
  const truncated = typeof c.resourceNameTruncated === 'string' && c.resourceNameTruncated !== ''
    ? c.resourceNameTruncated
    : resourceName.slice(0, 6) + (typeof c.sharedId === 'string' ? c.sharedId : '');
  const setAttributes = c.userpoolClientSetAttributes === true;
  const attributes = setAttributes
    ? {
      readAttributes: stringList(c.userpoolClientReadAttributes, 'userpoolClientReadAttributes', file),
      writeAttributes: stringList(c.userpoolClientWriteAttributes, 'userpoolClientWriteAttributes', file),
    }
    : {};
  const common = { refreshTokenValidityDays, ...attributes, allowedAuthFlows: [...DEFAULT_AUTH_FLOWS] };
  return [
    { logicalId: 'UserPoolClientWeb', clientName: `${truncated}_app_clientWeb`, generateSecret: false, ...common },
    { logicalId: 'UserPoolClient', clientName: `${truncated}_app_client`, generateSecret: c.userpoolClientGenerateSecret === true, ...common },
  ];
}

async function loadGroups(precedenceFile: string, fallbackNames: string[]): Promise<GroupConfig[]> {
  const list = await readJson<unknown>(precedenceFile);
  if (list === undefined) {
    // The precedence file is written together with the groups; without it the
    // names in cli-inputs are all we know, in their listed order.
    return fallbackNames.map((groupName, i) => ({ groupName, precedence: i + 1 }));
  }
  if (!Array.isArray(list)) throw new ConfigError(`${precedenceFile} must be a list of {groupName, precedence}`);
  return list.map((entry, i) => {
    const e = entry as { groupName?: unknown; precedence?: unknown };
    if (typeof e?.groupName !== 'string' || e.groupName === '') {
      throw new ConfigError(`${precedenceFile} entry ${i} has no "groupName"`);
    }
    if (e.precedence !== undefined && (typeof e.precedence !== 'number' || !Number.isInteger(e.precedence) || e.precedence < 0)) {
      throw new ConfigError(`${precedenceFile} entry ${i} ("${e.groupName}") has a precedence that is not a non-negative integer`);
    }
    return { groupName: e.groupName, precedence: e.precedence as number | undefined };
  });
}

function readJson<T>(file: string): Promise<T | undefined> {
  return readJsonFile<T>(file, (reason) => new ConfigError(`${file} is not valid JSON: ${reason}`));
}

function stringList(value: unknown, field: string, file: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ConfigError(`${file}: "${field}" must be a list of strings`);
  }
  return value as string[];
}

function positiveInt(value: unknown, fallback: number, field: string, file: string): number {
  if (value === undefined) return fallback;
  // The CLI has written some numbers as strings over the years.
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n <= 0) {
    throw new ConfigError(`${file}: "${field}" must be a positive integer`);
  }
  return n;
}
