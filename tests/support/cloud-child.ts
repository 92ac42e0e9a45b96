// The parent's side of cloud-process.ts: forks the local cloud into a process of its own (with
// --expose-gc) and asks it for its memory figures, a forced collection or a heap snapshot.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { START_FLAGS, startEnv } from '../../src/local/bundle/heap-settings.cjs';
import type { ChildAsk, ChildReady, ChildStats } from './cloud-process.js';
import { SHARED_COMPILE_ENV, sharedCompileFile, writeSharedCompile } from './shared-compile.js';

export type { ChildReady, ChildStats };

export interface CloudChild {
  ready: ChildReady;
  pid: number;
  /** The server's own figures; with `gc`, after a forced full collection. */
  stats(options?: { gc?: boolean }): Promise<ChildStats>;
  /** A heap snapshot of the server (after a collection), written to `path`. */
  snapshot(path: string): Promise<string>;
  close(): Promise<void>;
}

export interface CloudChildOptions {
  /** A LevelDB folder, as `npm start` keeps; default in memory. */
  dataDir?: string;
  /**
   * Serve the compiled build folder (as `npm start` does). Without it, the API is compiled in memory
   * here, in the parent, and handed to the child as a file: the child never loads the compiler, so
   * its heap (and a heap snapshot of it) holds the cloud alone.
   */
  build?: boolean;
  /** More node options for the server (e.g. --max-old-space-size=192). */
  execArgv?: string[];
  /** More environment for the server (e.g. MALLOC_ARENA_MAX, UV_THREADPOOL_SIZE). */
  env?: Record<string, string>;
  /** Node's default heap sizing instead of `npm start`'s (src/local/bundle/heap-settings.cjs), to compare. */
  defaultHeap?: boolean;
  /** The server's log lines (default: dropped). */
  log?: (text: string) => void;
}

const ENTRY = fileURLToPath(new URL('./cloud-process.ts', import.meta.url));

export async function startCloudChild(options: CloudChildOptions = {}): Promise<CloudChild> {
  // In a test run the child inherits the run's shared compile; elsewhere (a bench) one is written here.
  const apiDir = options.build || sharedCompileFile() ? undefined : mkdtempSync(join(tmpdir(), 'wildrydes-api-'));
  const env: Record<string, string> = {};
  if (apiDir) {
    const { compiledApi } = await import('./local-cloud.js');
    env[SHARED_COMPILE_ENV] = writeSharedCompile(apiDir, process.cwd(), compiledApi(process.cwd()));
  }
  try {
    return await forkCloud(options, env);
  } finally {
    // The child has read it by the time it is ready (or has exited).
    if (apiDir) rmSync(apiDir, { recursive: true, force: true });
  }
}

async function forkCloud(options: CloudChildOptions, apiEnv: Record<string, string>): Promise<CloudChild> {
  const child: ChildProcess = fork(ENTRY, [], {
    cwd: process.cwd(),
    execArgv: ['--expose-gc', '--import', 'tsx', ...(options.defaultHeap ? [] : START_FLAGS), ...(options.execArgv ?? [])],
    env: {
      ...process.env,
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      CLOUD_PROCESS_DATA_DIR: options.dataDir ?? '',
      CLOUD_PROCESS_BUILD: options.build ? '1' : '',
      ...apiEnv,
      ...(options.defaultHeap ? {} : startEnv()),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const log = options.log ?? (() => {});
  child.stdout!.on('data', (chunk: Buffer) => log(chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => log(chunk.toString()));
  const pending = new Map<number, { resolve: (value: any) => void; reject: (error: Error) => void }>();
  let exited: Error | undefined;
  const ready = await new Promise<ChildReady>((resolve, reject) => {
    child.on('message', (message: { type?: string; id?: number; result?: unknown; error?: string }) => {
      if (message.type === 'ready') return resolve(message as ChildReady);
      const waiter = pending.get(message.id!);
      pending.delete(message.id!);
      if (message.error) waiter?.reject(new Error(`the cloud process failed: ${message.error}`));
      else waiter?.resolve(message.result);
    });
    child.on('exit', (code, signal) => {
      exited = new Error(`the cloud process exited (${signal ?? code})`);
      reject(exited);
      for (const waiter of pending.values()) waiter.reject(exited);
      pending.clear();
    });
  });
  let nextId = 1;
  const ask = <T>(request: ChildAsk): Promise<T> =>
    new Promise((resolve, reject) => {
      if (exited) return reject(exited);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.send({ ...request, id });
    });
  let closing: Promise<void> | undefined;
  return {
    ready,
    pid: child.pid!,
    stats: (o = {}) => ask<ChildStats>({ type: 'stats', gc: o.gc }),
    snapshot: (path) => ask<string>({ type: 'snapshot', path }),
    close: () =>
      (closing ??= (async () => {
        if (exited) return;
        const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        await ask({ type: 'close' }).catch(() => {});
        const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await gone;
        clearTimeout(timer);
      })()),
  };
}

/**
 * `<PREFIX>_NODE_OPTIONS` (space-separated), `<PREFIX>_SERVER_ENV` (NAME=value,...) and
 * `<PREFIX>_DEFAULT_HEAP=1` (Node's heap sizing, not npm start's) for the server process.
 */
export function serverOptionsFromEnv(prefix: string): Pick<CloudChildOptions, 'execArgv' | 'env' | 'defaultHeap'> {
  const execArgv = (process.env[`${prefix}_NODE_OPTIONS`] ?? '').split(/\s+/).filter(Boolean);
  const env: Record<string, string> = {};
  for (const pair of (process.env[`${prefix}_SERVER_ENV`] ?? '').split(',').filter(Boolean)) {
    const [name, ...value] = pair.split('=');
    env[name!.trim()] = value.join('=');
  }
  return { execArgv, env, defaultHeap: process.env[`${prefix}_DEFAULT_HEAP`] === '1' };
}
