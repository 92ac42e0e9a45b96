// Shared by the realtime tests: the local cloud with users signed in through the SDK (the client
// end-to-end tests' project and password), each user's access token, and the subscriptions the raw
// protocol tests send. The raw AppSync real-time protocol client is in tests/support/raw-realtime.ts.
import { fetchAuthSession } from 'aws-amplify/auth';
import type { WildRydesClient } from '../../src/client/index.js';
import type { LocalCloudOptions } from '../../src/local/cloud.js';
import { startTrustedCloud, withUsers, type CloudWithUsers } from '../support/local-cloud.js';
import { PASSWORD, projectRoot } from '../client/e2e/local-cloud.js';

export { within } from '../client/e2e/local-cloud.js';

export interface RealtimeTestCloud extends CloudWithUsers {
  logs: string[];
}

/** The local cloud on free ports, in memory, with the project's API compiled in memory, trusted by this process. */
export async function startRealtimeTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<RealtimeTestCloud> {
  const logs: string[] = [];
  const cloud = await startTrustedCloud({ projectRoot, log: (line) => logs.push(line), ...options });
  return { ...withUsers(cloud, PASSWORD), logs };
}

/** The user's current access token (what Amplify sends as Authorization). */
export async function accessToken(client: WildRydesClient): Promise<string> {
  const token = (await fetchAuthSession(client.amplify)).tokens?.accessToken?.toString();
  if (!token) throw new Error('the client has no signed-in user');
  return token;
}

export const ON_UPDATE_RIDE = /* GraphQL */ `
  subscription OnUpdateRide($filter: ModelSubscriptionRideFilterInput, $owner: String) {
    onUpdateRide(filter: $filter, owner: $owner) {
      id
      status
      fare
      owner
      passengers
      dispatcherNote
    }
  }
`;

export const ON_UPDATE_UNICORN = /* GraphQL */ `
  subscription OnUpdateUnicorn($filter: ModelSubscriptionUnicornFilterInput) {
    onUpdateUnicorn(filter: $filter) {
      id
      available
    }
  }
`;
