// The world the access matrix runs in: the local cloud with the project's compiled API (or a mutated
// one), one signed-in user per role, and direct reads of the stored items (to prove that a refused
// write changed nothing). Requests go over HTTPS with each user's access token, as the Amplify
// client sends them; tokens come from real SRP sign-ins of the real Amplify client.
import { randomUUID } from 'node:crypto';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { fetchAuthSession } from 'aws-amplify/auth';
import { ConsoleLogger } from 'aws-amplify/utils';
import type { CompiledApiFiles } from '../../src/local/appsync/api-definition.js';
import type { LocalCloud } from '../../src/local/cloud.js';
import { adminClient } from '../support/cognito-users.js';
import { signedInClient, startTrustedCloud } from '../support/local-cloud.js';

export const ACTORS = ['anonymous', 'owner', 'passenger', 'otherRider', 'dispatcher', 'admin', 'dispatcherAdmin'] as const;
export type Actor = (typeof ACTORS)[number];

const GROUPS: Record<Exclude<Actor, 'anonymous'>, string[]> = {
  owner: [],
  passenger: [],
  otherRider: [],
  dispatcher: ['Dispatchers'],
  admin: ['Admins'],
  dispatcherAdmin: ['Dispatchers', 'Admins'],
};

export const PASSWORD = 'Matrix-Rules-1';

export interface User {
  username: string;
  sub: string;
  /** The value owner fields store: `<sub>::<username>`. */
  ownerKey: string;
  accessToken: string;
}

export interface Response {
  status: number;
  body: { data?: Record<string, any> | null; errors?: Array<{ errorType?: string; message: string; path?: Array<string | number> }> };
}

export interface World {
  cloud: LocalCloud;
  users: Record<Exclude<Actor, 'anonymous'>, User>;
  /** A GraphQL request as this actor (anonymous sends no token). */
  request(actor: Actor, query: string, variables?: Record<string, unknown>): Promise<Response>;
  /** The item as DynamoDB holds it, or undefined. */
  stored(model: 'Ride' | 'Unicorn' | 'Rider', id: string): Promise<Record<string, any> | undefined>;
  close(): Promise<void>;
}

export async function startWorld(options: { projectRoot: string; api: CompiledApiFiles }): Promise<World> {
  // Amplify warns on every sign-in that the pool endpoint is a custom one: that is the point here.
  ConsoleLogger.LOG_LEVEL = 'ERROR';
  const cloud = await startTrustedCloud(options);
  try {
    const admin = adminClient(cloud.cognito);
    const signUp = async (actor: Exclude<Actor, 'anonymous'>): Promise<User> => {
      const username = `${actor.toLowerCase()}-${randomUUID().slice(0, 6)}`;
      // The real Amplify client's default sign-in: SRP against the local pool.
      const client = await signedInClient(cloud, admin, username, PASSWORD, GROUPS[actor]);
      const tokens = (await fetchAuthSession(client.amplify)).tokens!;
      const sub = String(tokens.accessToken.payload.sub);
      return { username, sub, ownerKey: `${sub}::${username}`, accessToken: tokens.accessToken.toString() };
    };
    const users = {} as World['users'];
    for (const actor of Object.keys(GROUPS) as Array<keyof typeof GROUPS>) users[actor] = await signUp(actor);
    admin.destroy();

    return {
      cloud,
      users,
      async request(actor, query, variables = {}) {
        const headers: Record<string, string> = { 'content-type': 'application/json' };
        if (actor !== 'anonymous') headers.authorization = users[actor].accessToken;
        const response = await fetch(cloud.graphqlEndpoint, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
        return { status: response.status, body: (await response.json()) as Response['body'] };
      },
      async stored(model, id) {
        const result = await cloud.dynamodb.client.send(
          new GetItemCommand({ TableName: cloud.dynamodb.tables[model], Key: { id: { S: id } }, ConsistentRead: true }),
        );
        return result.Item ? unmarshall(result.Item) : undefined;
      },
      close: () => cloud.close(),
    };
  } catch (error) {
    await cloud.close();
    throw error;
  }
}
