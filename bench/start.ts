// `npm run bench:start`: start to ready of `npm start` with its data kept, run N times on one data
// folder (the first run makes the pool, the CA and the tables; it is not counted). Prints the median
// and range of: the wall time from spawn to the ready line, the process's own "Ready in" (from its
// process start), its CPU time and resident memory at ready (Linux: /proc), and the start phases it reports with
// WILDRYDES_START_TIMINGS=1 (ms since process start), so that a slow phase shows.
// Not a test: the figures depend on the machine and its load; run it on a quiet machine.
//
// Options (environment): BENCH_START_RUNS (9), BENCH_START_COMMAND (default: `sh
// src/local/bundle/start.sh`, what `npm start` runs; e.g. `node --import tsx src/local/main.ts` to
// compare with running the sources), BENCH_PROJECT (the Amplify project; default this repository).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { median } from './median.js';

const REPO = join(import.meta.dirname, '..');
const RUNS = Number(process.env.BENCH_START_RUNS ?? 9);
const COMMAND = (process.env.BENCH_START_COMMAND ?? 'sh src/local/bundle/start.sh').split(/\s+/).filter(Boolean);
const PROJECT = resolve(process.env.BENCH_PROJECT ?? REPO);

interface Run {
  wallMs: number;
  readyMs: number;
  cpuMs: number | undefined;
  rssMb: number | undefined;
  phases: Record<string, number>;
}

async function startOnce(dataDir: string): Promise<Run> {
  const [program, ...args] = COMMAND;
  const spawned = performance.now();
  const child = spawn(program === 'node' ? process.execPath : program!, [...args, '--project', PROJECT, '--data-dir', dataDir, '--graphql-port', '0', '--cognito-port', '0', '--dynamodb-port', '0'], {
    cwd: REPO,
    env: { ...process.env, WILDRYDES_START_TIMINGS: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((done) => child.on('exit', done));
  const ready = await new Promise<RegExpExecArray>((done, fail) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Ready in ([\d.]+) s/.exec(output);
      if (match) done(match);
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => fail(new Error(`exited with ${code} before it was ready:\n${output}`)));
  });
  const wallMs = performance.now() - spawned;
  const cpuMs = cpuTimeMs(child.pid!);
  const rssMb = residentMb(child.pid!);
  child.kill('SIGINT');
  await exited;
  const phases: Record<string, number> = {};
  const timings = /\[start\] timings \(ms since process start\): (.*)/.exec(output);
  for (const part of timings?.[1]?.split(', ') ?? []) {
    const [name, ms] = part.split(' ');
    phases[name!] = Number(ms);
  }
  return { wallMs, readyMs: Number(ready[1]) * 1000, cpuMs, rssMb, phases };
}

/** User and system CPU time of a process so far, from /proc (undefined elsewhere). */
function cpuTimeMs(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    // utime and stime are fields 14 and 15 of stat (12 and 13 after the name), in clock ticks (100 Hz on Linux).
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

/** Resident memory of a process now, in MB, from /proc (undefined elsewhere). */
function residentMb(pid: number): number | undefined {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function summary(values: Array<number | undefined>): string {
  const known = values.filter((v): v is number => v !== undefined);
  if (known.length === 0) return 'n/a';
  return `${Math.round(median(known))} ms (${Math.round(Math.min(...known))} to ${Math.round(Math.max(...known))})`;
}

async function main(): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-start-'));
  try {
    console.log(`${COMMAND.join(' ')}: a first start to make the data folder, then ${RUNS} starts with the data kept…`);
    await startOnce(dataDir);
    const runs: Run[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await startOnce(dataDir));
    console.log(`\nStart to ready, data kept (median of ${RUNS}, range)`);
    console.log(`  ready (process start → ready line)  ${summary(runs.map((r) => r.readyMs))}`);
    console.log(`  wall time from spawn                 ${summary(runs.map((r) => r.wallMs))}`);
    console.log(`  CPU time until ready                 ${summary(runs.map((r) => r.cpuMs))}`);
    console.log(`  RSS at ready                         ${summary(runs.map((r) => r.rssMb)).replaceAll(' ms', ' MB').replace(/\)$/, ' MB)')}`);
    const names = Object.keys(runs[0]!.phases);
    if (names.length > 0) {
      console.log('\nPhases (median ms since process start; the step before each ends there)');
      let previous = 0;
      for (const name of names) {
        const at = median(runs.map((r) => r.phases[name] ?? Number.NaN));
        console.log(`  ${name.padEnd(22)} ${String(Math.round(at)).padStart(6)}   (+${Math.round(at - previous)})`);
        previous = at;
      }
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

await main();
