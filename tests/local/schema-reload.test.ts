// Live reload: a field added to the schema file answers without a restart; a schema that does not
// compile is reported and the previous API keeps serving; open subscriptions end with SchemaReloaded.
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBuildFolder } from '../../src/local/appsync/api-definition.js';
import type { LocalCloud } from '../../src/local/cloud.js';
import { watchApiSource, type SchemaReloader } from '../../src/local/schema-reload.js';
import { compileProject } from '../../src/compiler/compile-project.js';
import { startCloudOnFreePorts } from '../support/local-cloud.js';
import { projectRoot, tempDir } from './helpers.js';

describe('live schema reload', () => {
  let work: Awaited<ReturnType<typeof tempDir>>;
  let cloud: LocalCloud;
  let reloader: SchemaReloader;
  let token: string;
  const schemaFile = () => join(work.dir, 'amplify', 'backend', 'api', 'wildrydes', 'schema.graphql');

  beforeAll(async () => {
    work = await tempDir('schema-reload-');
    await cp(join(projectRoot, 'amplify'), join(work.dir, 'amplify'), {
      recursive: true,
      filter: (source) => !/[/\\](build|mock-data|#current-cloud-backend)$/.test(source),
    });
    const { buildDir } = await compileProject(work.dir);
    cloud = await startCloudOnFreePorts({ projectRoot: work.dir, api: readBuildFolder(buildDir) });
    reloader = watchApiSource(cloud, { projectRoot: work.dir, apiName: 'wildrydes', log: () => {}, debounceMs: 50 });
    await cloud.cognito.admin('AdminCreateUser', { Username: 'ada', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'ada@example.com' }] });
    await cloud.cognito.admin('AdminSetUserPassword', { Username: 'ada', Password: 'Passw0rd!local', Permanent: true });
    await cloud.cognito.admin('AdminAddUserToGroup', { Username: 'ada', GroupName: 'Admins' });
    token = (await cloud.cognito.issueTokensFor('ada')).IdToken;
  }, 120_000);
  afterAll(async () => {
    reloader?.close();
    await cloud?.close();
    await work?.remove();
  });

  const ask = (query: string) =>
    cloud.engine.execute({ query }, { claims: JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as never, sourceIp: '127.0.0.1', headers: {} });

  async function untilVersion(version: number) {
    await expect.poll(() => reloader.status(), { timeout: 60_000, interval: 100 }).toMatchObject({ version, compiling: false });
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
});
