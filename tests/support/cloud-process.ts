// The local cloud in a process of its own, for measuring its memory: what a benchmark or a test reads
// (RSS, heap, external memory, open handles, the sizes of the cloud's bounded structures) is the
// server's alone, not the load generator's. The parent forks this file (cloudProcess() in
// cloud-child.ts) with --expose-gc and talks to it over the IPC channel.
//
// Environment: CLOUD_PROCESS_DATA_DIR (a LevelDB folder, as `npm start` keeps; default in memory),
// CLOUD_PROCESS_BUILD=1 (serve the build folder as `npm start` does) or the shared compile the
// parent names (shared-compile.ts: this process never loads the compiler). Its heap flags come
// from cloud-child.ts, as npm start's from its script.
import { writeHeapSnapshot } from 'node:v8';
import { readBuildFolder } from '../../src/local/appsync/api-definition.js';
import { apiBuildDir, startLocalCloud } from '../../src/local/cloud.js';
import { readSharedCompile, SharedCompileError } from './shared-compile.js';

export type ChildAsk = { type: 'stats'; gc?: boolean } | { type: 'snapshot'; path: string } | { type: 'close' };
export type ChildRequest = ChildAsk & { id: number };

export interface ChildStats {
  memory: NodeJS.MemoryUsage;
  /** process.getActiveResourcesInfo(), counted by kind (TCPWRAP, Timeout, FSReqCallback...). */
  handles: Record<string, number>;
  realtime: { connections: number; subscriptions: number };
  /** Entries the console's request log holds. */
  requestLog: number;
  /** The engine's bounded caches, by name: entries held. */
  caches: Record<string, number>;
}

export interface ChildReady {
  type: 'ready';
  graphqlEndpoint: string;
  caCertPem: string;
  cognito: { region: string; endpoint: string; userPoolId: string; clientId: string };
  dynamodb: { endpoint: string; tables: Record<string, string> };
}

const projectRoot = process.cwd();
// Never the compiler (the transformer, aws-cdk-lib): `npm start` does not load it to serve a build,
// and its modules would be most of this process's heap.
const api = process.env.CLOUD_PROCESS_BUILD === '1' ? readBuildFolder(apiBuildDir(projectRoot, 'wildrydes')) : readSharedCompile(projectRoot);
if (!api) throw new SharedCompileError(`no shared compile of ${projectRoot} was handed to this process; start it with startCloudChild()`);
const cloud = await startLocalCloud({
  projectRoot,
  api,
  dataDir: process.env.CLOUD_PROCESS_DATA_DIR || undefined,
  ports: { graphql: 0, cognito: 0, dynamodb: 0 },
  log: (line) => process.stderr.write(`${line}\n`),
});

const gc = (globalThis as { gc?: () => void }).gc;

function stats(): ChildStats {
  const handles: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) handles[kind] = (handles[kind] ?? 0) + 1;
  return {
    memory: process.memoryUsage(),
    handles,
    realtime: cloud.realtime.stats(),
    requestLog: cloud.requestLog.list().length,
    caches: cloud.engine.cacheSizes(),
  };
}

process.on('message', async (message: ChildRequest) => {
  try {
    if (message.type === 'stats') {
      if (message.gc && gc) {
        // Twice: the first collection may only queue finalizers (WeakRefs, FinalizationRegistry) the second frees.
        gc();
        await new Promise((resolve) => setImmediate(resolve));
        gc();
      }
      process.send!({ id: message.id, result: stats() });
    } else if (message.type === 'snapshot') {
      gc?.();
      process.send!({ id: message.id, result: writeHeapSnapshot(message.path) });
    } else if (message.type === 'close') {
      await cloud.close();
      process.send!({ id: message.id, result: null }, () => process.exit(0));
    }
  } catch (error) {
    process.send!({ id: message.id, error: (error as Error).stack ?? String(error) });
  }
});
process.on('disconnect', () => void cloud.close().then(() => process.exit(0)));

const ready: ChildReady = {
  type: 'ready',
  graphqlEndpoint: cloud.graphqlEndpoint,
  caCertPem: cloud.caCertPem,
  cognito: { region: cloud.cognito.region, endpoint: cloud.cognito.endpoint, userPoolId: cloud.cognito.userPoolId, clientId: cloud.cognito.clientId },
  dynamodb: { endpoint: cloud.dynamodb.endpoint, tables: { ...cloud.dynamodb.tables } },
};
process.send!(ready);
