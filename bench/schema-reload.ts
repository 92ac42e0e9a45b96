// How long a live schema reload takes: from saving schema.graphql with a new field to that field
// answering a query. On a copy of the project, five rounds, each adding one more field.
//   npx tsx bench/schema-reload.ts
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProject } from '../src/compiler/compile-project.js';
import { readBuildFolder } from '../src/local/appsync/api-definition.js';
import { startLocalCloud } from '../src/local/cloud.js';
import { watchApiSource } from '../src/local/schema-reload.js';

const repo = new URL('..', import.meta.url).pathname;
const dir = await mkdtemp(join(tmpdir(), 'bench-reload-'));
await cp(join(repo, 'amplify'), join(dir, 'amplify'), { recursive: true, filter: (s) => !/[/\\](build|mock-data|#current-cloud-backend)$/.test(s) });
const { buildDir } = await compileProject(dir);
const cloud = await startLocalCloud({ projectRoot: dir, api: readBuildFolder(buildDir), ports: { graphql: 0, cognito: 0, dynamodb: 0 }, log: () => {} });
const reloader = watchApiSource(cloud, { projectRoot: dir, apiName: 'wildrydes', log: () => {} });
await cloud.cognito.admin('AdminCreateUser', { Username: 'bench', MessageAction: 'SUPPRESS', UserAttributes: [{ Name: 'email', Value: 'b@example.com' }] });
await cloud.cognito.admin('AdminSetUserPassword', { Username: 'bench', Password: 'Passw0rd!local', Permanent: true });
const token = (await cloud.cognito.issueTokensFor('bench')).IdToken;
const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as never;
const schemaFile = join(dir, 'amplify', 'backend', 'api', 'wildrydes', 'schema.graphql');

const times: number[] = [];
for (let round = 1; round <= 5; round++) {
  const field = `benchField${round}`;
  const schema = await readFile(schemaFile, 'utf8');
  const saved = performance.now();
  await writeFile(schemaFile, schema.replace('  available: Boolean\n', `  available: Boolean\n  ${field}: String\n`));
  for (;;) {
    const result = await cloud.engine.execute({ query: `{ listUnicorns { items { id ${field} } } }` }, { claims, sourceIp: '127.0.0.1', headers: {} });
    if (!result.errors) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  times.push(performance.now() - saved);
}
times.sort((a, b) => a - b);
console.log(`schema save → new field answering, 5 rounds: median ${Math.round(times[2]!)} ms, min ${Math.round(times[0]!)} ms, max ${Math.round(times[4]!)} ms`);
reloader.close();
await cloud.close();
await rm(dir, { recursive: true, force: true });
process.exit(0);
