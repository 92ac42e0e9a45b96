// `npm run record:renders`: runs the access matrix, the hostile-input suite and the end-to-end
// suites with the VTL interpreter and WILDRYDES_RECORD_RENDERS set, then keeps what the engines
// recorded as tests/fixtures/vtl-renders/renders.json.gz, the fixture of the differential test
// (tests/local/vtl-differential.test.ts): each distinct render once, sorted by template and input.
// Extra arguments are passed to vitest (e.g. a narrower set of files while developing);
// `--from <dir>` only merges the recordings already in <dir>.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { RenderRecording } from '../src/local/appsync/render-recorder.js';

const root = join(import.meta.dirname, '..');
export const FIXTURE = join(root, 'tests', 'fixtures', 'vtl-renders', 'renders.json.gz');
const SUITES = [
  'tests/access/access-matrix.test.ts',
  'tests/access/hostile.test.ts',
  'tests/client/e2e',
  'tests/realtime/amplify.e2e.test.ts',
  'tests/realtime/fanout.e2e.test.ts',
  'tests/realtime/model-events.e2e.test.ts',
  'tests/local/rides.test.ts',
];
/** Distinct renders kept per template: enough for every path the suites take, a fixture of a few MB. */
const PER_TEMPLATE = 200;

const from = process.argv[2] === '--from' ? process.argv[3] : undefined;
const dir = from ?? mkdtempSync(join(tmpdir(), 'vtl-renders-'));
try {
  const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : SUITES;
  const run = from ? { status: 0 } : spawnSync('npx', ['vitest', 'run', ...files], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, WILDRYDES_RECORD_RENDERS: dir, WILDRYDES_VTL: 'interpreted' },
  });
  // A suite that failed (a timeout on a busy machine) still recorded real renders: they are kept,
  // and the differential test says which templates, if any, have none.
  if (run.status !== 0) console.error(`vitest failed (exit ${run.status}); the renders recorded are kept.`);
  const byTemplate = new Map<string, Map<string, RenderRecording>>();
  for (const file of readdirSync(dir)) {
    for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
      if (!line) continue;
      const recording = JSON.parse(line) as RenderRecording;
      const { outcome: _outcome, ...input } = recording;
      const key = JSON.stringify(input);
      const renders = byTemplate.get(recording.template) ?? new Map<string, RenderRecording>();
      renders.set(key, recording);
      byTemplate.set(recording.template, renders);
    }
  }
  const kept: RenderRecording[] = [];
  let seen = 0;
  for (const template of [...byTemplate.keys()].sort()) {
    const renders = byTemplate.get(template)!;
    seen += renders.size;
    const keys = [...renders.keys()].sort();
    // An even spread over the sorted inputs when there are more than the cap.
    const step = Math.max(1, keys.length / PER_TEMPLATE);
    for (let i = 0; i < keys.length; i += step) kept.push(renders.get(keys[Math.floor(i)]!)!);
  }
  const json = JSON.stringify({ format: 1, renders: kept });
  writeFileSync(FIXTURE, gzipSync(json, { level: 9 }));
  console.log(`${kept.length} renders of ${byTemplate.size} templates kept (${seen} distinct recorded), ${(json.length / 1e6).toFixed(1)} MB of JSON, written to ${FIXTURE}`);
} finally {
  if (!from) rmSync(dir, { recursive: true, force: true });
}
