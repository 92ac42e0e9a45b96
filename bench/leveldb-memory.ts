// `npm run bench:leveldb`: what LevelDB alone keeps resident, with the local cloud's options
// (src/local/dynamodb/store-options.ts) and with classic-level's defaults, each in a fresh process:
// RSS split into anonymous memory (block cache, memtables, allocator) and file-backed pages (the
// table files LevelDB maps to read them) after writing ride-sized items in batches as dynalite does,
// and after reading them back, with the CPU time of each phase. Linux only (/proc/self/status).
//
// Options (environment): LEVELDB_ITEMS (60000).
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEnv } from '../src/local/bundle/heap-settings.cjs';
import { LEVELDB_OPTIONS } from '../src/local/dynamodb/store-options.js';

const ITEMS = Number(process.env.LEVELDB_ITEMS ?? 60_000);

interface Store {
  open(): Promise<void>;
  batch(operations: object[]): Promise<void>;
  get(key: string): Promise<unknown>;
  close(): Promise<void>;
}

/** After a full collection (the child runs with --expose-gc), so that the JS heap's garbage is not counted. */
function rss(): { anon: number; file: number } {
  (globalThis as { gc?: () => void }).gc?.();
  const status = readFileSync('/proc/self/status', 'utf8');
  const mb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) / 1024;
  return { anon: mb('RssAnon'), file: mb('RssFile') };
}

/** One run in this process: prints a JSON line. */
async function run(options: object): Promise<void> {
  const require = createRequire(import.meta.url);
  const path = ['level', 'classic-level'].reduce((at, name) => createRequire(at).resolve(name), require.resolve('dynalite'));
  const { ClassicLevel } = require(path) as { ClassicLevel: new (dir: string, options: object) => Store };
  const dir = mkdtempSync(join(tmpdir(), 'bench-leveldb-'));
  const db = new ClassicLevel(dir, { valueEncoding: 'json', ...options });
  await db.open();
  const cpu = () => ((usage) => (usage.user + usage.system) / 1e6)(process.cpuUsage());
  const opened = rss();
  let started = cpu();
  const keys: string[] = [];
  for (let b = 0; b < ITEMS / 100; b++) {
    const batch = Array.from({ length: 100 }, () => {
      const id = randomUUID();
      keys.push(id);
      return { type: 'put', key: id, value: { id, owner: 'x'.repeat(60), pickup: { latitude: Math.random(), longitude: Math.random() }, note: randomBytes(150).toString('base64'), status: 'REQUESTED' } };
    });
    await db.batch(batch);
  }
  const written = { ...rss(), cpuS: cpu() - started };
  started = cpu();
  for (let i = 0; i < 2 * keys.length; i += 3) await db.get(keys[(i * 7919) % keys.length]!);
  const read = { ...rss(), cpuS: cpu() - started };
  const tablesMb = readdirSync(dir).reduce((total, name) => total + statSync(join(dir, name)).size, 0) / 2 ** 20;
  await db.close();
  rmSync(dir, { recursive: true, force: true });
  console.log(JSON.stringify({ opened, written, read, tablesMb }));
}

if (process.argv[2] === '--run') {
  await run(JSON.parse(process.argv[3]!));
} else {
  const f = (n: number) => n.toFixed(1);
  console.log(`bench/leveldb: ${ITEMS} ride-sized items written in batches of 100, then read back (2/3 of them, twice), each setting in a fresh process`);
  console.log('| options | anon after writes | anon after reads | file-backed after reads | tables | CPU writes / reads |');
  console.log('|---|---|---|---|---|---|');
  for (const [label, options] of [['classic-level defaults (8 MB cache, 4 MB buffer)', {}], ['the local cloud\'s (store-options.ts)', LEVELDB_OPTIONS]] as const) {
    const out = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', import.meta.filename, '--run', JSON.stringify(options)], { env: { ...process.env, ...startEnv() }, encoding: 'utf8' });
    const r = JSON.parse(out.trim().split('\n').pop()!);
    console.log(`| ${label} | ${f(r.written.anon - r.opened.anon)} MB | ${f(r.read.anon - r.opened.anon)} MB | ${f(r.read.file - r.opened.file)} MB | ${f(r.tablesMb)} MB | ${f(r.written.cpuS)} / ${f(r.read.cpuS)} s |`);
  }
}
