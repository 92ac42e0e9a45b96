import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppSyncAuthConfiguration } from '@aws-amplify/graphql-transformer-interfaces';
import type { CliFeatureFlags } from './feature-flags.js';

/** What the compiler reads of an Amplify Gen1 project: the files the CLI keeps under amplify/. */
export interface AmplifyApiProject {
  projectRoot: string;
  apiName: string;
  /** amplify/backend/api/<apiName> */
  apiDir: string;
  schema: string;
  cliJson: CliFeatureFlags;
  authConfig: AppSyncAuthConfiguration;
  parameters: Record<string, unknown>;
  transformConf: TransformConf;
  /** Files under the API's resolvers/ folder (user-defined slots and resolver overrides), by name. */
  resolverFiles: Record<string, string>;
  /** Custom stacks under the API's stacks/ folder, by file name. */
  customStacks: Record<string, unknown>;
}

export interface TransformConf {
  Version?: number;
  ResolverConfig?: Record<string, unknown>;
  StackMapping?: Record<string, string>;
  DisableResolverDeduping?: boolean;
  transformers?: unknown[];
}

export class AmplifyProjectError extends Error {
  override name = 'AmplifyProjectError';
}

interface BackendConfig {
  api?: Record<string, { service?: string; output?: { authConfig?: AppSyncAuthConfiguration } }>;
  auth?: Record<string, { service?: string }>;
}

function readJson<T>(path: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new AmplifyProjectError(`${path} is missing: is this an Amplify project root?`);
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new AmplifyProjectError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function readJsonIfPresent<T>(path: string, fallback: T): T {
  return existsSync(path) ? readJson<T>(path) : fallback;
}

function readBackendConfig(projectRoot: string): BackendConfig {
  return readJson<BackendConfig>(join(projectRoot, 'amplify', 'backend', 'backend-config.json'));
}

/** The one AppSync API of the project (the CLI compiles the first one it finds). */
export function findAppSyncApi(projectRoot: string): string {
  const apis = Object.entries(readBackendConfig(projectRoot).api ?? {}).filter(([, api]) => api.service === 'AppSync');
  if (apis.length === 0) throw new AmplifyProjectError('amplify/backend/backend-config.json has no AppSync API: run `amplify add api`');
  return apis[0]![0];
}

/** The schema as the CLI reads it: schema.graphql, or every .graphql file of a schema/ folder. */
function readSchema(apiDir: string): string {
  const single = join(apiDir, 'schema.graphql');
  if (existsSync(single)) return readFileSync(single, 'utf8');
  const folder = join(apiDir, 'schema');
  if (existsSync(folder)) {
    return readdirSync(folder)
      .filter((name) => name.endsWith('.graphql'))
      .sort()
      .map((name) => readFileSync(join(folder, name), 'utf8'))
      .join('\n');
  }
  throw new AmplifyProjectError(`${apiDir} has neither schema.graphql nor a schema/ folder`);
}

function readFolder(dir: string, keep: (name: string) => boolean): Record<string, string> {
  if (!existsSync(dir)) return {};
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).sort()) if (keep(name)) files[name] = readFileSync(join(dir, name), 'utf8');
  return files;
}

export function loadAmplifyApiProject(projectRoot: string, apiName = findAppSyncApi(projectRoot)): AmplifyApiProject {
  const apiDir = join(projectRoot, 'amplify', 'backend', 'api', apiName);
  const api = readBackendConfig(projectRoot).api?.[apiName];
  const authConfig = api?.output?.authConfig;
  if (!authConfig?.defaultAuthentication) {
    throw new AmplifyProjectError(`amplify/backend/backend-config.json: api.${apiName}.output.authConfig.defaultAuthentication is missing`);
  }
  const customStacks: Record<string, unknown> = {};
  for (const [name, text] of Object.entries(readFolder(join(apiDir, 'stacks'), (n) => n.endsWith('.json')))) {
    customStacks[name] = JSON.parse(text);
  }
  return {
    projectRoot,
    apiName,
    apiDir,
    schema: readSchema(apiDir),
    cliJson: readJsonIfPresent<CliFeatureFlags>(join(projectRoot, 'amplify', 'cli.json'), {}),
    authConfig: { ...authConfig, additionalAuthenticationProviders: authConfig.additionalAuthenticationProviders ?? [] },
    parameters: readJsonIfPresent<Record<string, unknown>>(join(apiDir, 'parameters.json'), {}),
    transformConf: readJsonIfPresent<TransformConf>(join(apiDir, 'transform.conf.json'), {}),
    resolverFiles: readFolder(join(apiDir, 'resolvers'), (n) => n !== 'README.md'),
    customStacks,
  };
}
