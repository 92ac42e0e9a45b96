// What the board benchmark and the load model share: users of the local pool signed in with their
// tokens, and a GraphQL poster over HTTPS with keep-alive that times each request.
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  CognitoIdentityProviderClient,
} from '@aws-sdk/client-cognito-identity-provider';
import type { LocalCloud } from '../src/local/cloud.js';
import { LOCAL_CREDENTIALS } from '../src/local/dynamodb/client.js';
import { signInWithSrp } from '../tests/support/cognito-users.js';

export interface BenchUser {
  username: string;
  access: string;
  /** The stored owner value, `<sub>::<username>`. */
  ownerKey: string;
}

const PASSWORD = 'Bench-rider-1';

/** Users made through the pool's admin API, each signed in once (SRP: the CLI's app clients allow no other password flow). */
export async function benchUsers(cloud: { cognito: Pick<LocalCloud['cognito'], 'region' | 'endpoint' | 'userPoolId' | 'clientId'> }, users: Array<{ username: string; groups?: string[] }>): Promise<BenchUser[]> {
  const idp = new CognitoIdentityProviderClient({ region: cloud.cognito.region, endpoint: cloud.cognito.endpoint, credentials: LOCAL_CREDENTIALS });
  const UserPoolId = cloud.cognito.userPoolId;
  try {
    const made: BenchUser[] = [];
    for (const { username, groups = [] } of users) {
      await idp.send(new AdminCreateUserCommand({ UserPoolId, Username: username, MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: `${username}@example.com` }] }));
      await idp.send(new AdminSetUserPasswordCommand({ UserPoolId, Username: username, Password: PASSWORD, Permanent: true }));
      for (const GroupName of groups) await idp.send(new AdminAddUserToGroupCommand({ UserPoolId, Username: username, GroupName }));
      const access = (await signInWithSrp(idp, cloud.cognito, username, PASSWORD)).AccessToken!;
      const sub = JSON.parse(Buffer.from(access.split('.')[1]!, 'base64url').toString()).sub as string;
      made.push({ username, access, ownerKey: `${sub}::${username}` });
    }
    return made;
  } finally {
    idp.destroy();
  }
}

export type Post = (token: string, query: string, variables?: Record<string, unknown>) => Promise<{ status: number; body: any; ms: number }>;

/** A JSON poster over one keep-alive agent (HTTPS with `ca`, or plain HTTP), timing each request. */
export type JsonPost = (token: string, body: unknown, retried?: boolean) => Promise<{ status: number; body: any; ms: number }>;

export function jsonPoster(endpoint: string, ca?: string): JsonPost {
  const url = new URL(endpoint);
  const secure = url.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true, ca }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const post: JsonPost = (token, body, retried = false) =>
    new Promise((resolve, reject) => {
      const text = JSON.stringify(body);
      const started = performance.now();
      const req = send(url, { method: 'POST', agent, headers: { authorization: token, 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const ms = performance.now() - started;
          const raw = Buffer.concat(chunks).toString();
          try {
            resolve({ status: res.statusCode ?? 0, body: JSON.parse(raw), ms });
          } catch {
            resolve({ status: res.statusCode ?? 0, body: raw, ms });
          }
        });
      });
      // A kept-alive socket the server closed for idleness just as it was reused: send once more (as Node's documentation advises).
      req.on('error', (error: NodeJS.ErrnoException) => (req.reusedSocket && !retried && error.code === 'ECONNRESET' ? post(token, body, true).then(resolve, reject) : reject(error)));
      req.end(text);
    });
  return post;
}

/** POSTs GraphQL requests to the cloud's endpoint over one keep-alive agent, timing each. */
export function graphqlPoster(cloud: LocalCloud): Post {
  const post = jsonPoster(cloud.graphqlEndpoint, cloud.caCertPem);
  return (token, query, variables = {}) => post(token, { query, variables });
}
