// Live reload: a field added to the schema file answers without a restart; a schema that does not
// compile is reported and the previous API keeps serving; an open subscription carries on when the
// new schema still has its field and selection, and ends with SchemaReloaded when they are gone.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuildFolder } from '../../src/local/appsync/api-definition.js';
import type { LocalCloud } from '../../src/local/cloud.js';
import { watchApiSource, type SchemaReloader } from '../../src/local/schema-reload.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { startTrustedCloud } from '../support/local-cloud.js';
import { RawRealtime } from '../support/raw-realtime.js';
import { post, projectRoot, projectCopy } from './helpers.js';

describe('live schema reload', () => {
  let work: Awaited<ReturnType<typeof projectCopy>>;
  let cloud: LocalCloud;
  let reloader: SchemaReloader;
  let token: string;
  let realtime: RawRealtime | undefined;
  const schemaFile = () => join(work.dir, 'amplify', 'backend', 'api', 'wildrydes', 'schema.graphql');

  beforeAll(async () => {
    work = await projectCopy('schema-reload-');
    const { buildDir } = await compileProject(work.dir);
    cloud = await startTrustedCloud({ projectRoot: work.dir, api: readBuildFolder(buildDir), ports: { graphql: 0, cognito: 0, dynamodb: 0 }, log: () => {} });
    reloader = watchApiSource(cloud, { projectRoot: work.dir, apiName: 'wildrydes', log: () => {}, debounceMs: 50 });
    await cloud.cognito.admin('AdminCreateUser', { Username: 'ada', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }] });
    await cloud.cognito.admin('AdminSetUserPassword', { Username: 'ada', Password: 'Passw0rd!local', Permanent: true });
    await cloud.cognito.admin('AdminAddUserToGroup', { Username: 'ada', GroupName: 'Admins' });
    token = (await cloud.cognito.issueTokensFor('ada')).IdToken;
  }, 120_000);
  afterAll(async () => {
    realtime?.close();
    reloader?.close();
    await cloud?.close();
    await work?.remove();
  });

  const ask = (query: string) =>
    cloud.engine.execute({ query }, { claims: JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as never, sourceIp: '127.0.0.1', headers: {} });

  async function untilVersion(version: number) {
    await expect.poll(() => reloader.status(), { timeout: 40_000, interval: 100 }).toMatchObject({ version, compiling: false, error: null });
  }

  it('serves a field added to the schema file', async () => {
    expect((await ask('{ listUnicorns { items { id mood } } }')).errors?.[0]?.message).toMatch(/Validation error of type FieldUndefined: Field 'mood' in type 'Unicorn' is undefined/);
    const schema = await readFile(schemaFile(), 'utf8');
    await writeFile(schemaFile(), schema.replace('  available: Boolean\n', '  available: Boolean\n  mood: String\n'));
    await untilVersion(1);
    expect(await ask('{ listUnicorns { items { id mood } } }')).toEqual({ data: { listUnicorns: { items: [] } } });
    expect(await readFile(join(work.dir, 'graphql', 'schema.graphql'), 'utf8')).toContain('mood: String');
  });

  it('keeps serving the previous API while the schema does not compile', async () => {
    const schema = await readFile(schemaFile(), 'utf8');
    await writeFile(schemaFile(), `${schema}\ntype Broken @model { id: ID! owner: NoSuchType }\n`);
    await expect.poll(() => reloader.status().error, { timeout: 60_000, interval: 100 }).toMatch(/NoSuchType|Unknown type/);
    expect(reloader.status().version).toBe(1);
    expect(await ask('{ listUnicorns { items { id mood } } }')).toEqual({ data: { listUnicorns: { items: [] } } });
    await writeFile(schemaFile(), schema);
    await untilVersion(2);
    expect(reloader.status().error).toBeNull();
  });

  describe('open subscriptions', () => {
    const BADGE_MODEL = '\ntype Badge @model @auth(rules: [{ allow: private }]) {\n  id: ID!\n  label: String\n}\n';
    let original: string;
    let unicornId: string;
    const update = async (input: Record<string, unknown>, selection = 'id available') => {
      const { status, body } = await post(
        cloud,
        { query: `mutation U($input: UpdateUnicornInput!) { updateUnicorn(input: $input) { ${selection} } }`, variables: { input } },
        { authorization: token },
      );
      expect({ status, errors: body.errors }).toEqual({ status: 200, errors: undefined });
    };

    beforeAll(async () => {
      // The project's schema, without the field the tests above added.
      original = await readFile(join(projectRoot, 'amplify', 'backend', 'api', 'wildrydes', 'schema.graphql'), 'utf8');
      const created = await post(
        cloud,
        { query: 'mutation { createUnicorn(input: {name: "Shadowfax", color: "White", available: true}) { id } }' },
        { authorization: token },
      );
      unicornId = created.body.data.createUnicorn.id;
      realtime = await RawRealtime.connect(cloud, { token });
      expect((await realtime.init()).type).toBe('connection_ack');
      expect(await realtime.subscribe('kept', token, 'subscription { onUpdateUnicorn { id available } }')).toMatchObject({ type: 'start_ack' });
    });

    it('carry on through a reload that adds fields, and receive events of the new API', async () => {
      await writeFile(schemaFile(), original.replace('  available: Boolean\n', '  available: Boolean\n  mood: String\n') + BADGE_MODEL);
      await untilVersion(3);
      // Subscriptions of what the new schema added start as any other.
      expect(await realtime!.subscribe('moody', token, 'subscription { onUpdateUnicorn { id mood } }')).toMatchObject({ type: 'start_ack' });
      expect(await realtime!.subscribe('badges', token, 'subscription { onCreateBadge { id label } }')).toMatchObject({ type: 'start_ack' });
      await update({ id: unicornId, available: false, mood: 'calm' }, 'id available mood');
      expect(await realtime!.next((f) => f.id === 'kept')).toEqual({ type: 'data', id: 'kept', payload: { data: { onUpdateUnicorn: { id: unicornId, available: false } } } });
      expect(await realtime!.next((f) => f.id === 'moody')).toEqual({ type: 'data', id: 'moody', payload: { data: { onUpdateUnicorn: { id: unicornId, mood: 'calm' } } } });
    });

    it('end with a SchemaReloaded error when their field or selection is gone; the others carry on', async () => {
      await writeFile(schemaFile(), original);
      await untilVersion(4);
      const badges = await realtime!.next((f) => f.id === 'badges');
      expect(badges).toMatchObject({ type: 'error', id: 'badges', payload: { errors: [{ errorType: 'SchemaReloaded' }] } });
      expect(badges.payload.errors[0].message).toMatch(/reloaded.*no Subscription field onCreateBadge/);
      const moody = await realtime!.next((f) => f.id === 'moody');
      expect(moody).toMatchObject({ type: 'error', id: 'moody', payload: { errors: [{ errorType: 'SchemaReloaded' }] } });
      expect(moody.payload.errors[0].message).toMatch(/reloaded.*onUpdateUnicorn is not valid on the new schema: Cannot query field "mood" on type "Unicorn". Subscribe again/);
      await update({ id: unicornId, available: true });
      expect(await realtime!.next((f) => f.id === 'kept')).toEqual({ type: 'data', id: 'kept', payload: { data: { onUpdateUnicorn: { id: unicornId, available: true } } } });
      // The ended ones receive nothing more.
      expect(realtime!.pendingData('moody')).toEqual([]);
      expect(realtime!.log.filter((f) => f.type === 'data' && f.id === 'badges')).toEqual([]);
      expect(cloud.realtime.stats()).toEqual({ connections: 1, subscriptions: 1 });
    });
  });
});
