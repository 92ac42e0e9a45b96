// The local cloud as the tests start it: the project's API compiled in memory (once per test run,
// shared by the global setup, or once per test file outside a run),
// every server on a free port, quiet unless given a log, in memory unless given a dataDir; and users
// of its pool, each signed in with a client of their own.
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { createClient, signIn, type WildRydesClient } from '../../src/client/index.js';
import { prepareNodeRuntime } from '../../src/client/node/node-runtime.js';
import type { CompiledApi } from '../../src/compiler/transform.js';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../src/local/cloud.js';
import { adminClient, createConfirmedUser } from './cognito-users.js';
import { readSharedCompile, SharedCompileError, sharedCompileFile } from './shared-compile.js';

type Compile = (projectRoot: string) => CompiledApi;

async function loadCompiler(): Promise<Compile> {
  const [{ loadAmplifyApiProject }, { compileApi }] = await Promise.all([
    import('../../src/compiler/amplify-project.js'),
    import('../../src/compiler/transform.js'),
  ]);
  return (projectRoot) => compileApi(loadAmplifyApiProject(projectRoot));
}

// The transformer and aws-cdk-lib take seconds to load: only a process without the run's shared
// compile loads them up front (tsx scripts, bench children); a test file loads them only for
// another project than the repository's.
let compiler: Compile | undefined = sharedCompileFile() ? undefined : await loadCompiler();
const compiled = new Map<string, CompiledApi>();

/** The project's API as `npm run compile` builds it: the run's shared compile, or compiled in memory once per test file. */
export function compiledApi(projectRoot: string): CompiledApi {
  let api = compiled.get(projectRoot) ?? readSharedCompile(projectRoot);
  if (!api) {
    if (!compiler) {
      throw new SharedCompileError(`this test run shares the compile of the repository's API only; for ${projectRoot} use \`await compiledApiOf(projectRoot)\` (it loads the compiler)`);
    }
    api = compiler(projectRoot);
  }
  compiled.set(projectRoot, api);
  return api;
}

/** compiledApi for any project: loads the compiler when the run's shared compile is not of `projectRoot`. */
export async function compiledApiOf(projectRoot: string): Promise<CompiledApi> {
  const api = compiled.get(projectRoot) ?? readSharedCompile(projectRoot);
  if (api) {
    compiled.set(projectRoot, api);
    return api;
  }
  compiler ??= await loadCompiler();
  return compiledApi(projectRoot);
}

/** The local cloud on free ports; without `api`, the project's API compiled in memory. */
export async function startCloudOnFreePorts(options: LocalCloudOptions): Promise<LocalCloud> {
  return startLocalCloud({
    ports: { graphql: 0, cognito: 0, dynamodb: 0 },
    log: () => {},
    ...options,
    api: options.api ?? (await compiledApiOf(options.projectRoot)),
  });
}

/**
 * startCloudOnFreePorts, with the cloud's CA trusted by this process: fetch (Amplify's transport)
 * and WebSockets trust it from here on; see src/client/node/node-runtime.ts.
 */
export async function startTrustedCloud(options: LocalCloudOptions): Promise<LocalCloud> {
  const cloud = await startCloudOnFreePorts(options);
  try {
    await prepareNodeRuntime({ trustedCaPem: cloud.caCertPem });
  } catch (error) {
    await cloud.close();
    throw error;
  }
  return cloud;
}

/** createConfirmedUser, then that user signed in (SRP, the Amplify default) with a client of their own. */
export async function signedInClient(
  cloud: LocalCloud,
  admin: CognitoIdentityProviderClient,
  username: string,
  password: string,
  groups: readonly string[] = [],
): Promise<WildRydesClient> {
  await createConfirmedUser(admin, cloud.cognito.userPoolId, username, password, groups);
  const client = createClient(cloud.config);
  await signIn(client, { username, password });
  return client;
}

export interface CloudWithUsers {
  cloud: LocalCloud;
  admin: CognitoIdentityProviderClient;
  /** A confirmed user in the given groups, signed in with a client of their own. */
  user(username: string, groups?: string[]): Promise<WildRydesClient>;
  /** Closes the admin client and the cloud. */
  stop(): Promise<void>;
}

/** A started cloud with an admin client, making users who all sign in with `password`. */
export function withUsers(cloud: LocalCloud, password: string): CloudWithUsers {
  const admin = adminClient(cloud.cognito);
  return {
    cloud,
    admin,
    user: (username, groups = []) => signedInClient(cloud, admin, username, password, groups),
    async stop() {
      admin.destroy();
      await cloud.close();
    },
  };
}
