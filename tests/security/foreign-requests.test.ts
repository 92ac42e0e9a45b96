// Issue 11 / 15: a web page on another site, open in the developer's browser, must not drive the
// local servers. Each server refuses a request whose Host is not a loopback name (DNS rebinding: 421)
// and changes nothing; the local-only routes (Cognito admin actions and /_local, the embedded
// DynamoDB) refuse other browser origins (403) and change nothing; the public Cognito actions and
// the GraphQL endpoint keep answering any origin, as on AWS; requests without Origin (SDK, CLI) work.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { AdminGetUserCommand } from '@aws-sdk/client-cognito-identity-provider';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/local/cloud.js';
import { startLocalCloud } from '../../src/local/cloud.js';
import { ExposureError } from '../../src/local/dynamodb/embedded.js';
import { adminClient, createConfirmedUser, signInWithSrp } from '../support/cognito-users.js';
import { compiledApi, startCloudOnFreePorts } from '../support/local-cloud.js';
import { projectRoot } from '../local/helpers.js';

const DEV_SERVER = 'http://localhost:5173';
const EVIL = 'https://evil.example';
const PASSWORD = 'Wild-Rydes-1';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request with exactly these headers (fetch cannot set Host). */
function send(url: string, options: { method?: string; headers?: Record<string, string>; body?: string; ca?: string } = {}): Promise<Answer> {
  const target = new URL(url);
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: options.method ?? 'GET',
        headers: options.headers,
        ...(options.ca ? { ca: options.ca, servername: 'localhost' } : {}),
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

let cloud: LocalCloud;
let cognito: string;
const logs: string[] = [];

const cognitoCall = (action: string, input: unknown, headers: Record<string, string> = {}) =>
  send(cognito, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `AWSCognitoIdentityProviderService.${action}`, ...headers },
    body: JSON.stringify(input),
  });
const userExists = async (username: string) => {
  const admin = adminClient(cloud.cognito);
  try {
    await admin.send(new AdminGetUserCommand({ UserPoolId: cloud.cognito.userPoolId, Username: username }));
    return true;
  } catch (error) {
    if ((error as Error).name === 'UserNotFoundException') return false;
    throw error;
  } finally {
    admin.destroy();
  }
};
const newUser = (username: string) => ({
  UserPoolId: cloud.cognito.userPoolId,
  Username: username,
  MessageAction: 'SUPPRESS',
  UserAttributes: [{ name: 'email', Value: `${username}@example.com` }].map(({ Value }) => ({ Name: 'email', Value })),
});

beforeAll(async () => {
  cloud = await startCloudOnFreePorts({ projectRoot, allowedOrigins: [DEV_SERVER], log: (line) => logs.push(line) });
  cognito = cloud.cognito.endpoint;
});
afterAll(async () => {
  await cloud?.close();
});

describe('a Host that is not a loopback name (DNS rebinding) is refused by every server and changes nothing', () => {
  it('Cognito: AdminCreateUser with Host evil.example', async () => {
    const refused = await cognitoCall('AdminCreateUser', newUser('rebound'), { host: 'evil.example' });
    expect(refused.status).toBe(421);
    expect(JSON.parse(refused.body).message).toMatch(/loopback/);
    expect(await userExists('rebound')).toBe(false);
    // The same request addressed to the loopback name is served: the Host alone made the difference.
    expect((await cognitoCall('AdminCreateUser', newUser('rebound'), { host: new URL(cognito).host })).status).toBe(200);
    expect(await userExists('rebound')).toBe(true);
  });

  it('Cognito: a public action (SignUp) and /_local/codes with Host evil.example', async () => {
    const signUp = await cognitoCall('SignUp', { ClientId: cloud.cognito.clientId, Username: 'rebound2', Password: PASSWORD }, { host: 'evil.example:80' });
    expect(signUp.status).toBe(421);
    expect(await userExists('rebound2')).toBe(false);
    expect((await send(`${cognito}/_local/codes?username=rebound`, { headers: { host: 'evil.example' } })).status).toBe(421);
  });

  it('GraphQL endpoint: an Admins createUnicorn with Host evil.example', async () => {
    const admin = adminClient(cloud.cognito);
    let token: string;
    try {
      await createConfirmedUser(admin, cloud.cognito.userPoolId, 'gqladmin', PASSWORD, ['Admins']);
      token = (await signInWithSrp(admin, cloud.cognito, 'gqladmin', PASSWORD)).IdToken!;
    } finally {
      admin.destroy();
    }
    const mutation = (host: string) =>
      send(cloud.graphqlEndpoint, {
        method: 'POST',
        ca: cloud.caCertPem,
        headers: { host, 'content-type': 'application/json', authorization: token },
        body: JSON.stringify({ query: 'mutation { createUnicorn(input: {name: "Shadowfox", color: "White"}) { id } }' }),
      });
    const unicorns = async () => (await cloud.dynamodb.client.send(new ScanCommand({ TableName: cloud.dynamodb.tables.Unicorn }))).Count;

    const refused = await mutation('evil.example');
    expect(refused.status).toBe(421);
    expect(JSON.parse(refused.body).errors[0].message).toMatch(/loopback/);
    expect(await unicorns()).toBe(0);
    const served = await mutation(new URL(cloud.graphqlEndpoint).host);
    expect(served.status).toBe(200);
    expect(await unicorns()).toBe(1);
  });

  it('realtime endpoint: a WebSocket upgrade with Host evil.example', async () => {
    const refused = await send(cloud.graphqlEndpoint.replace(/\/graphql$/, '/graphql/realtime'), {
      ca: cloud.caCertPem,
      headers: { host: 'evil.example', connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==', 'sec-websocket-protocol': 'graphql-ws' },
    }).catch((error: Error) => ({ status: 0, headers: {}, body: error.message }));
    expect(refused.status).toBe(421);
    expect(cloud.realtime.stats().connections).toBe(0);
  });

  it('embedded DynamoDB: PutItem with Host evil.example', async () => {
    const table = cloud.dynamodb.tables.Unicorn!;
    const put = (headers: Record<string, string>) =>
      send(cloud.dynamodb.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.PutItem', authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=00', ...headers },
        body: JSON.stringify({ TableName: table, Item: { id: { S: 'rebound' }, name: { S: 'x' }, color: { S: 'y' } } }),
      });
    const count = async () => (await cloud.dynamodb.client.send(new ScanCommand({ TableName: table }))).Count;
    const before = await count();
    const refused = await put({ host: 'evil.example' });
    expect(refused.status).toBe(421);
    expect(refused.body).toMatch(/loopback/);
    expect(await count()).toBe(before);
  });
});

describe('the local-only routes refuse other browser origins and change nothing', () => {
  it('Cognito: AdminCreateUser from evil.example is refused (403), also after a preflight', async () => {
    const preflight = await send(cognito, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target' },
    });
    expect(preflight.status).toBe(204);
    const refused = await cognitoCall('AdminCreateUser', newUser('csrf'), { origin: EVIL });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).message).toMatch(/--allow-origin https:\/\/evil\.example/);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(await userExists('csrf')).toBe(false);
    // A simple (text/plain) POST that needs no preflight is refused the same way.
    const simple = await cognitoCall('AdminCreateUser', newUser('csrf'), { origin: EVIL, 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' });
    expect(simple.status).toBe(403);
    expect(await userExists('csrf')).toBe(false);
  });

  it("Cognito: the cloud's own pages and the configured development server may use the admin actions", async () => {
    const own = `https://localhost:${new URL(cloud.graphqlEndpoint).port}`;
    const fromOwn = await cognitoCall('AdminCreateUser', newUser('fromconsole'), { origin: own });
    expect(fromOwn.status).toBe(200);
    expect(fromOwn.headers['access-control-allow-origin']).toBe(own);
    expect((await cognitoCall('AdminCreateUser', newUser('fromdev'), { origin: DEV_SERVER })).status).toBe(200);
    expect((await cognitoCall('AdminCreateUser', newUser('fromsdk'))).status).toBe(200);
    expect(await userExists('fromconsole')).toBe(true);
  });

  it('Cognito: the public actions browser apps call cross-origin keep working from any origin', async () => {
    const signUp = await cognitoCall('SignUp', { ClientId: cloud.cognito.clientId, Username: 'webapp', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'webapp@example.com' }] }, { origin: EVIL });
    expect(signUp.status).toBe(200);
    expect(signUp.headers['access-control-allow-origin']).toBe('*');
  });

  it('Cognito: /_local/codes answers only this machine (no Origin, own pages), not evil.example', async () => {
    await cognitoCall('SignUp', { ClientId: cloud.cognito.clientId, Username: 'coded', Password: PASSWORD, UserAttributes: [{ Name: 'email', Value: 'coded@example.com' }] });
    const url = `${cognito}/_local/codes?username=coded`;
    const refused = await send(url, { headers: { origin: EVIL } });
    expect(refused.status).toBe(403);
    expect(refused.headers['access-control-allow-origin']).toBeUndefined();
    expect(refused.body).not.toMatch(/"code"/);
    // An <img>/<script> request carries no Origin but says it is cross-site.
    expect((await send(url, { headers: { 'sec-fetch-site': 'cross-site', 'sec-fetch-mode': 'no-cors' } })).status).toBe(403);
    const own = await send(url, { headers: { origin: DEV_SERVER } });
    expect(own.status).toBe(200);
    expect(own.headers['access-control-allow-origin']).toBe(DEV_SERVER);
    expect(JSON.parse(own.body).code).toMatch(/^\d{6}$/);
    expect((await send(url)).status).toBe(200);
  });

  it('embedded DynamoDB: a preflight and a Scan from evil.example are refused; the SDK (no Origin) is served', async () => {
    const table = cloud.dynamodb.tables.Unicorn!;
    const preflight = await send(cloud.dynamodb.endpoint, {
      method: 'OPTIONS',
      headers: { origin: EVIL, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-amz-target,authorization' },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    const scan = await send(cloud.dynamodb.endpoint, {
      method: 'POST',
      headers: { origin: EVIL, 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'DynamoDB_20120810.Scan' },
      body: JSON.stringify({ TableName: table }),
    });
    expect(scan.status).toBe(403);
    expect(scan.body).not.toMatch(/Items/);
    expect((await cloud.dynamodb.client.send(new ScanCommand({ TableName: table }))).Count).toBeGreaterThan(0);
  });

  it('GraphQL endpoint: any origin may call it, as AppSync (the token decides)', async () => {
    const preflight = await send(cloud.graphqlEndpoint, { method: 'OPTIONS', ca: cloud.caCertPem, headers: { origin: EVIL, 'access-control-request-method': 'POST' } });
    expect(preflight.status).toBe(200);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
  });
});

describe('binding beyond loopback', () => {
  it('needs an explicit option, and says why', async () => {
    const started = startLocalCloud({ projectRoot, api: compiledApi(projectRoot), host: '0.0.0.0', ports: { graphql: 0, cognito: 0, dynamodb: 0 }, log: () => {} });
    await expect(started).rejects.toThrow(ExposureError);
    await expect(started).rejects.toThrow(/--expose-beyond-loopback/);
  });

  it('with it, warns, and still refuses names that are not this machine’s addresses', async () => {
    const lines: string[] = [];
    const exposed = await startCloudOnFreePorts({ projectRoot, host: '0.0.0.0', exposeBeyondLoopback: true, log: (line) => lines.push(line) });
    try {
      expect(lines.join('\n')).toMatch(/warning: listening on 0\.0\.0\.0/);
      const port = new URL(exposed.cognito.endpoint).port;
      const refused = await send(`http://127.0.0.1:${port}/_local/pool`, { headers: { host: `evil.example:${port}` } });
      expect(refused.status).toBe(421);
      expect((await send(`http://127.0.0.1:${port}/_local/pool`)).status).toBe(200);
    } finally {
      await exposed.close();
    }
  });
});
