// The real client against the real local cloud: the project's API compiled in memory, the cloud on
// free ports with in-memory data, users made through the Cognito admin API of the local pool, each
// signed in with a client of their own (several users at once in one process).
import { join, resolve } from 'node:path';
import { startTrustedCloud, withUsers, type CloudWithUsers } from '../../support/local-cloud.js';

/** The project whose API is tested: this repository, or LOCAL_CLOUD_TEST_PROJECT (a fixture). */
export const projectRoot = resolve(process.env.LOCAL_CLOUD_TEST_PROJECT ?? join(import.meta.dirname, '..', '..', '..'));

export const PASSWORD = 'Wild-Rydes-1';

export type ClientTestCloud = CloudWithUsers;

export async function startClientTestCloud(): Promise<ClientTestCloud> {
  const cloud = await startTrustedCloud({ projectRoot });
  return withUsers(cloud, PASSWORD);
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
