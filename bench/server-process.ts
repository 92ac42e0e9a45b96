// Servers of a benchmark, each in a process of its own, and what /proc says each one used: so that a
// server's CPU time and memory are its own, not the load generator's or another server's.
//   - the local cloud as users run it: src/local/bundle/start.sh, what `npm start` runs;
//   - a bench server entry (floor-process.ts, simulator-process.ts) forked with tsx and an IPC channel.
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const REPO = join(import.meta.dirname, '..');

export class ServerStartError extends Error {
  override name = 'ServerStartError';
}

/** Linux only: /proc/<pid>/stat and /proc/<pid>/status. */
export class ProcStatsUnavailableError extends Error {
  override name = 'ProcStatsUnavailableError';
}

export interface ProcStats {
  /** User plus system CPU time since the process started, ms (clock ticks of 10 ms: sum many requests). */
  cpuMs: number;
  /** Resident set size now (VmRSS), MB. */
  rssMb: number;
  /** The highest resident set size so far (VmHWM), MB. */
  peakRssMb: number;
}

export function procStats(pid: number): ProcStats {
  let stat: string;
  let status: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    status = readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch (error) {
    throw new ProcStatsUnavailableError(`cannot read /proc/${pid} (${(error as Error).message}): the bench measures servers on Linux only`);
  }
  // After the command name (which may hold spaces, hence the last ')'), utime and stime are the 12th
  // and 13th fields, in clock ticks: USER_HZ is 100 on Linux.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { cpuMs: (Number(fields[11]) + Number(fields[12])) * 10, rssMb: kb('VmRSS') / 1024, peakRssMb: kb('VmHWM') / 1024 };
}

export interface ServerProcess {
  pid: number;
  /** ms from spawn to the server's ready signal (its own process start to ready is `readyMs`). */
  wallMs: number;
  /** ms from its process start to ready, as the server itself counts it (performance.now()). */
  readyMs: number;
  /** Everything it printed so far. */
  output(): string;
  stop(): Promise<void>;
}

function collectOutput(child: ChildProcess): () => string {
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return () => text;
}

function stopper(child: ChildProcess, signal: NodeJS.Signals): () => Promise<void> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
}

export interface LocalCloudProcess extends ServerProcess {
  graphqlEndpoint: string;
  caCertPem: string;
  cognito: { region: string; endpoint: string; userPoolId: string; clientId: string };
  dynamodb: { endpoint: string; region: string; tables: Record<string, string> };
}

/**
 * `npm start` without npm: its script (src/local/bundle/start.sh, which execs node on the bundle with
 * the start-time settings, so the child's pid is node's), on free ports, its data in `dataDir`, the API build
 * served as it is (`--no-compile`) and no web app (building one is not what is measured). Stops with
 * SIGINT, as Ctrl-C does, so that it saves its data.
 */
export async function startLocalCloudProcess(options: { project: string; dataDir: string; extraArgs?: string[] }): Promise<LocalCloudProcess> {
  const configOut = join(options.dataDir, 'client-config.json');
  const spawned = performance.now();
  const child = spawn(
    'sh',
    [
      join(REPO, 'src/local/bundle/start.sh'),
      ...['--project', options.project, '--no-compile', '--no-web', '--data-dir', options.dataDir, '--config-out', configOut],
      ...['--graphql-port', '0', '--cognito-port', '0', '--dynamodb-port', '0'],
      ...(options.extraArgs ?? []),
    ],
    { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  const output = collectOutput(child);
  const stop = stopper(child, 'SIGINT');
  const ready = await new Promise<RegExpExecArray>((resolve, reject) => {
    const check = () => {
      const match = /Ready in ([\d.]+) s/.exec(output());
      if (match) resolve(match);
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new ServerStartError(`the local cloud exited with ${code} before it was ready:\n${output()}`)));
  });
  const wallMs = performance.now() - spawned;
  const text = output();
  const line = (label: string) => {
    const match = new RegExp(`^  ${label}\\s+(\\S+)(.*)$`, 'm').exec(text);
    if (!match) throw new ServerStartError(`the local cloud's ready message has no ${label} line:\n${text}`);
    return { value: match[1]!, rest: match[2]! };
  };
  const config = JSON.parse(readFileSync(configOut, 'utf8')) as {
    Auth: { Cognito: { userPoolId: string; userPoolClientId: string; userPoolEndpoint: string } };
    API: { GraphQL: { endpoint: string; region: string } };
  };
  const dynamodb = line('DynamoDB');
  const tables: Record<string, string> = {};
  for (const name of /tables ([^)]*)/.exec(dynamodb.rest)?.[1]?.split(', ') ?? []) tables[name.split('-')[0]!] = name;
  const region = config.API.GraphQL.region;
  return {
    pid: child.pid!,
    wallMs,
    readyMs: Number(ready[1]) * 1000,
    output,
    stop,
    graphqlEndpoint: config.API.GraphQL.endpoint,
    caCertPem: readFileSync(join(options.dataDir, 'tls', 'ca.pem'), 'utf8'),
    cognito: { region, endpoint: config.Auth.Cognito.userPoolEndpoint, userPoolId: config.Auth.Cognito.userPoolId, clientId: config.Auth.Cognito.userPoolClientId },
    dynamodb: { endpoint: dynamodb.value, region, tables },
  };
}

export interface ForkedServer<Ready> extends ServerProcess {
  ready: Ready;
  /** Sends a request over IPC and waits for the answer with the same id. */
  ask<T>(message: Record<string, unknown>): Promise<T>;
}

/** Forks a bench server entry with tsx; it sends {type: 'ready', readyMs, ...} when it listens. */
export async function forkServer<Ready extends { readyMs: number }>(entry: string, env: Record<string, string>): Promise<ForkedServer<Ready>> {
  const spawned = performance.now();
  const child = fork(join(REPO, entry), [], {
    cwd: REPO,
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const output = collectOutput(child);
  const stop = stopper(child, 'SIGTERM');
  const waiting = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  const ready = await new Promise<Ready>((resolve, reject) => {
    child.on('message', (message: { type?: string; id?: number; result?: unknown }) => {
      if (message.type === 'ready') return resolve(message as unknown as Ready);
      waiting.get(message.id!)?.(message.result);
      waiting.delete(message.id!);
    });
    child.once('exit', (code) => reject(new ServerStartError(`${entry} exited with ${code} before it was ready:\n${output()}`)));
  });
  return {
    pid: child.pid!,
    wallMs: performance.now() - spawned,
    readyMs: ready.readyMs,
    ready,
    output,
    stop,
    ask: <T>(message: Record<string, unknown>) =>
      new Promise<T>((resolve) => {
        const id = nextId++;
        waiting.set(id, resolve as (result: unknown) => void);
        child.send({ ...message, id });
      }),
  };
}
