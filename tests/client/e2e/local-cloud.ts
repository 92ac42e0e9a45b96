// The real client against the real local cloud: the project's API compiled in memory, the cloud on
// free ports with in-memory data, users made through the Cognito admin API of the local pool, each
// signed in with a client of their own (several users at once in one process).
import { join, resolve } from 'node:path';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import WebSocket from 'ws';
import { loadAmplifyApiProject } from '../../../src/compiler/amplify-project.js';
import { compileApi } from '../../../src/compiler/transform.js';
import { startLocalCloud, type LocalCloud } from '../../../src/local/cloud.js';
import { createClient, signIn, type WildRydesClient } from '../../../src/client/index.js';
import { prepareNodeRuntime } from '../../../src/client/node/index.js';

/** The project whose API is tested: this repository, or LOCAL_CLOUD_TEST_PROJECT (a fixture). */
export const projectRoot = resolve(process.env.LOCAL_CLOUD_TEST_PROJECT ?? join(import.meta.dirname, '..', '..', '..'));

export const PASSWORD = 'Wild-Rydes-1';

export interface ClientTestCloud {
  cloud: LocalCloud;
  admin: CognitoIdentityProviderClient;
  /** Whether the cloud serves AppSync real-time subscriptions at <endpoint>/realtime. */
  realtime: boolean;
  /** A confirmed user in the given groups, signed in with a client of their own. */
  user(username: string, groups?: string[]): Promise<WildRydesClient>;
  stop(): Promise<void>;
}

export async function startClientTestCloud(): Promise<ClientTestCloud> {
  const cloud = await startLocalCloud({
    projectRoot,
    api: compileApi(loadAmplifyApiProject(projectRoot)),
    ports: { graphql: 0, cognito: 0, dynamodb: 0 },
    log: () => {},
  });
  await prepareNodeRuntime({ trustedCaPem: cloud.caCertPem });
  const admin = new CognitoIdentityProviderClient({
    region: cloud.cognito.region,
    endpoint: cloud.cognito.endpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const UserPoolId = cloud.cognito.userPoolId;
  return {
    cloud,
    admin,
    realtime: await servesRealtime(cloud),
    async user(username, groups = []) {
      await admin.send(
        new AdminCreateUserCommand({
          UserPoolId,
          Username: username,
          MessageAction: 'SUPPRESS',
          UserAttributes: [
            { Name: 'email', Value: `${username}@example.com` },
            { Name: 'email_verified', Value: 'true' },
          ],
        }),
      );
      await admin.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: PASSWORD, Permanent: true }));
      for (const GroupName of groups) await admin.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName }));
      const client = createClient(cloud.config);
      await signIn(client, { username, password: PASSWORD });
      return client;
    },
    async stop() {
      admin.destroy();
      await cloud.close();
    },
  };
}

/** Whether <endpoint>/realtime accepts a WebSocket (the cloud may not have a real-time endpoint yet). */
async function servesRealtime(cloud: LocalCloud): Promise<boolean> {
  const url = cloud.graphqlEndpoint.replace(/^https:/, 'wss:') + '/realtime';
  return new Promise((resolve) => {
    const socket = new WebSocket(url, ['graphql-ws'], { ca: cloud.caCertPem });
    const done = (answer: boolean): void => {
      clearTimeout(timer);
      socket.terminate();
      resolve(answer);
    };
    const timer = setTimeout(() => done(false), 3_000);
    socket.on('open', () => done(true));
    socket.on('error', () => done(false));
    socket.on('unexpected-response', () => done(false));
  });
}

/** A promise that fails after `ms` instead of hanging the test. */
export function within<T>(promise: Promise<T>, ms = 10_000, what = 'the event'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not arrive within ${ms} ms`)), ms);
    }),
  ]);
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to be refused, but it succeeded');
}
