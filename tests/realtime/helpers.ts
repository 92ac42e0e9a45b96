// Shared by the realtime tests: the local cloud with users signed in through the SDK (reusing the
// client end-to-end setup), each user's access token, and a raw AppSync real-time protocol client
// (the `ws` package) for what the Amplify client never sends: forged tokens, malformed frames,
// oversized messages, duplicate ids, and for counting exactly what arrives.
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import { fetchAuthSession } from 'aws-amplify/auth';
import WebSocket from 'ws';
import { loadAmplifyApiProject } from '../../src/compiler/amplify-project.js';
import { compileApi } from '../../src/compiler/transform.js';
import type { CompiledApiFiles } from '../../src/local/appsync/api-definition.js';
import { startLocalCloud, type LocalCloud, type LocalCloudOptions } from '../../src/local/cloud.js';
import { createClient, signIn, type WildRydesClient } from '../../src/client/index.js';
import { prepareNodeRuntime } from '../../src/client/node/index.js';
import { PASSWORD, projectRoot } from '../client/e2e/local-cloud.js';

export { within } from '../client/e2e/local-cloud.js';

export interface RealtimeTestCloud {
  cloud: LocalCloud;
  logs: string[];
  /** A confirmed user in the given groups, signed in with a client (an Amplify context) of their own. */
  user(username: string, groups?: string[]): Promise<WildRydesClient>;
  stop(): Promise<void>;
}

let compiled: CompiledApiFiles | undefined;

/** The local cloud on free ports, in memory, with the project's API compiled in memory, trusted by this process. */
export async function startRealtimeTestCloud(options: Partial<LocalCloudOptions> = {}): Promise<RealtimeTestCloud> {
  compiled ??= compileApi(loadAmplifyApiProject(projectRoot));
  const logs: string[] = [];
  const cloud = await startLocalCloud({
    projectRoot,
    api: compiled,
    ports: { graphql: 0, cognito: 0, dynamodb: 0 },
    log: (line) => logs.push(line),
    ...options,
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
    logs,
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

/** The user's current access token (what Amplify sends as Authorization). */
export async function accessToken(client: WildRydesClient): Promise<string> {
  const token = (await fetchAuthSession(client.amplify)).tokens?.accessToken?.toString();
  if (!token) throw new Error('the client has no signed-in user');
  return token;
}

export function realtimeUrl(cloud: LocalCloud): string {
  return `${cloud.graphqlEndpoint.replace(/^https:/, 'wss:')}/realtime`;
}

/** The auth subprotocol Amplify offers: `header-<base64url(JSON {Authorization, host})>`. */
export function authProtocol(cloud: LocalCloud, token: string): string {
  const host = new URL(cloud.graphqlEndpoint).host;
  return `header-${Buffer.from(JSON.stringify({ Authorization: token, host })).toString('base64url')}`;
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

export interface Frame {
  type: string;
  id?: string;
  payload?: any;
}

/** A raw client of the AppSync real-time protocol. */
export class RawRealtime {
  /** Frames received and not yet taken by next(). */
  private readonly inbox: Frame[] = [];
  private readonly waiters: Array<{ match: (f: Frame) => boolean; resolve: (f: Frame) => void }> = [];
  /** Every frame received, in order (ka included). */
  readonly log: Frame[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  readonly protocol: string;

  private constructor(
    private readonly cloud: LocalCloud,
    readonly socket: WebSocket,
  ) {
    this.protocol = socket.protocol;
    socket.on('message', (data) => {
      const frame = JSON.parse(data.toString()) as Frame;
      this.log.push(frame);
      const waiter = this.waiters.findIndex((w) => w.match(frame));
      if (waiter >= 0) this.waiters.splice(waiter, 1)[0]!.resolve(frame);
      else this.inbox.push(frame);
    });
    this.closed = new Promise((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Opens a connection with the given token in the auth subprotocol (none: no auth subprotocol). */
  static connect(cloud: LocalCloud, options: { token?: string; protocols?: string[]; url?: string } = {}): Promise<RawRealtime> {
    const protocols = options.protocols ?? ['graphql-ws', ...(options.token ? [authProtocol(cloud, options.token)] : [])];
    const socket = new WebSocket(options.url ?? realtimeUrl(cloud), protocols, { ca: cloud.caCertPem });
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new RawRealtime(cloud, socket)));
      socket.once('unexpected-response', (_request, response) => {
        let body = '';
        response.on('data', (chunk: Buffer) => (body += chunk.toString()));
        response.on('end', () => reject(Object.assign(new Error(`upgrade refused: ${response.statusCode}`), { status: response.statusCode, body })));
      });
      socket.once('error', reject);
    });
  }

  /** connection_init, then the connection_ack (or the connection_error). */
  async init(): Promise<Frame> {
    this.send({ type: 'connection_init' });
    return this.next((f) => f.type === 'connection_ack' || f.type === 'connection_error');
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' || Buffer.isBuffer(message) ? message : JSON.stringify(message));
  }

  /** A start as Amplify sends it, with its own authorization. */
  start(id: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}): void {
    const host = new URL(this.cloud.graphqlEndpoint).host;
    this.send({
      id,
      type: 'start',
      payload: { data: JSON.stringify({ query, variables }), extensions: { authorization: token === undefined ? { host } : { Authorization: token, host } } },
    });
  }

  /** Starts and waits for the start_ack (or the error). */
  async subscribe(id: string, token: string | undefined, query: string, variables: Record<string, unknown> = {}): Promise<Frame> {
    this.start(id, token, query, variables);
    return this.next((f) => f.id === id && (f.type === 'start_ack' || f.type === 'error'));
  }

  /** The next frame that matches (keep-alives are skipped unless asked for); fails after `ms`. */
  next(match: (f: Frame) => boolean = (f) => f.type !== 'ka', ms = 5_000): Promise<Frame> {
    const index = this.inbox.findIndex(match);
    if (index >= 0) return Promise.resolve(this.inbox.splice(index, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (f: Frame) => {
          clearTimeout(timer);
          resolve(f);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no matching frame within ${ms} ms; received: ${JSON.stringify(this.log.slice(-5))}`));
      }, ms);
      this.waiters.push(waiter);
    });
  }

  /** Data frames received so far for a subscription id, and not taken by next(). */
  pendingData(id: string): Frame[] {
    return this.inbox.filter((f) => f.type === 'data' && f.id === id);
  }

  close(): void {
    this.socket.close();
  }
}
