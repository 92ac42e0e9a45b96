// The console's HTTP API without a browser: it answers this machine's own pages only (a rebound Host
// or another site's Origin is refused and changes nothing), the act-as tokens are real pool tokens
// the GraphQL endpoint accepts, and every request lands in the bounded request log.
import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../src/local/cloud.js';
import { mountConsole } from '../../src/local/console/index.js';
import { startCloudOnFreePorts } from '../support/local-cloud.js';

const projectRoot = new URL('../..', import.meta.url).pathname;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

describe('the console API', () => {
  let cloud: LocalCloud;
  let origin: string;

  beforeAll(async () => {
    cloud = await startCloudOnFreePorts({ projectRoot });
    mountConsole(cloud);
    origin = new URL(cloud.graphqlEndpoint).origin;
  });
  afterAll(() => cloud?.close());

  function send(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Answer> {
    const url = new URL(path, origin);
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: cloud.caCertPem,
          // A forged Host names another server; the chain is still checked against the local CA.
          checkServerIdentity: () => undefined,
          headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...options.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            let body: Record<string, unknown>;
            try {
              body = JSON.parse(text) as Record<string, unknown>;
            } catch {
              body = { text };
            }
            resolve({ status: res.statusCode ?? 0, body });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  it('refuses a request whose Host is not a loopback name, and changes nothing', async () => {
    const evil = { host: 'evil.example' };
    expect((await send('GET', '/console/api/users', { headers: evil })).status).toBe(421);
    const created = await send('POST', '/console/api/users', { headers: evil, body: { username: 'mallory' } });
    expect(created.status).toBe(421);
    expect(cloud.cognito.users().map((u) => u.username)).not.toContain('mallory');
    expect((await send('GET', '/console/', { headers: evil })).status).toBe(421);
  });

  it("refuses another site's page, gives it no tokens and no CORS answer", async () => {
    await send('POST', '/console/api/users', { body: { username: 'carol' } });
    const foreign = await send('POST', '/console/api/act-as', { headers: { origin: 'https://evil.example' }, body: { username: 'carol' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toBe('ForeignOrigin');
    expect(foreign.body.idToken).toBeUndefined();
    const deleted = await send('DELETE', '/console/api/users/carol', { headers: { origin: 'https://evil.example' } });
    expect(deleted.status).toBe(403);
    expect(cloud.cognito.users().map((u) => u.username)).toContain('carol');
  });

  it('issues act-as tokens the GraphQL endpoint verifies, with the claims of a sign-in', async () => {
    await send('POST', '/console/api/users', { headers: { origin }, body: { username: 'erin', groups: ['Dispatchers'] } });
    const actAs = await send('POST', '/console/api/act-as', { headers: { origin }, body: { username: 'erin' } });
    expect(actAs.status).toBe(200);
    const identity = actAs.body.identity as { username: string; groups: string[]; sub: string; expiresAt: number };
    expect(identity).toMatchObject({ username: 'erin', groups: ['Dispatchers'] });
    expect(identity.expiresAt).toBeGreaterThan(Date.now());

    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = request(
        cloud.graphqlEndpoint,
        { method: 'POST', ca: cloud.caCertPem, headers: { 'content-type': 'application/json', authorization: String(actAs.body.idToken) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> }));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ query: 'query ListUnicorns { listUnicorns { items { id } } }' }));
    });
    expect(answer).toEqual({ status: 200, body: { data: { listUnicorns: { items: [] } } } });

    const entry = cloud.requestLog.list().at(-1)!;
    expect(entry).toMatchObject({ operationName: 'ListUnicorns', kind: 'query', outcome: 'ok', caller: { username: 'erin', groups: ['Dispatchers'] } });
    expect(entry.templates.length).toBeGreaterThan(0);
  });

  it('answers introspection without a user from the served schema, and nothing else', async () => {
    const schema = await send('POST', '/console/api/introspect', { body: { query: '{ __schema { queryType { name } subscriptionType { name } } }' } });
    expect(schema).toEqual({ status: 200, body: { data: { __schema: { queryType: { name: 'Query' }, subscriptionType: { name: 'Subscription' } } } } });
    const ride = await send('POST', '/console/api/introspect', {
      body: { query: 'query Fields($name: String!) { __type(name: $name) { ...Named } } fragment Named on __Type { fields { name } }', variables: { name: 'Ride' } },
    });
    expect((ride.body as { data: { __type: { fields: Array<{ name: string }> } } }).data.__type.fields.map((f) => f.name)).toEqual(
      expect.arrayContaining(['id', 'status', 'owner', 'passengers']),
    );
    // Data, mixed in or alone, needs a user: nothing runs.
    for (const query of ['{ listRides { items { id } } }', '{ __typename listRides { items { id } } }', 'mutation { __typename }', '{ ...Q } fragment Q on Query { listUnicorns { items { id } } }']) {
      const refused = await send('POST', '/console/api/introspect', { body: { query } });
      expect(refused.status, query).toBe(400);
      expect(refused.body).toMatchObject({ error: 'IntrospectionOnlyError', message: expect.stringMatching(/choose a user to act as/) });
    }
    const foreign = await send('POST', '/console/api/introspect', { headers: { origin: 'https://evil.example' }, body: { query: '{ __schema { queryType { name } } }' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.data).toBeUndefined();
  });

  it('refuses act-as for a disabled user', async () => {
    await send('POST', '/console/api/users/erin/disable');
    const refused = await send('POST', '/console/api/act-as', { body: { username: 'erin' } });
    expect(refused).toMatchObject({ status: 400, body: { error: 'NotAuthorizedException' } });
  });

  it('logs a request without a valid token as 401', async () => {
    await new Promise<void>((resolve, reject) => {
      const req = request(cloud.graphqlEndpoint, { method: 'POST', ca: cloud.caCertPem, headers: { authorization: 'nonsense' } }, (res) => {
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', reject);
      req.end('{"query":"{ listRides { items { id } } }"}');
    });
    expect(cloud.requestLog.list().at(-1)).toMatchObject({ outcome: '401', caller: null });
  });
});
