// Live schema reload for `npm start`: a saved change to the API's schema or a resolver slot is
// compiled (as `npm run compile`) and served without a restart. A change that does not compile is
// reported and the previous API keeps serving until one does.
import { join } from 'node:path';
import { watchApiSources, type ApiSourceWatch } from './api-source-watch.js';
import { readBuildFolder } from './appsync/api-definition.js';
import type { LocalCloud } from './cloud.js';

export interface ReloadStatus {
  /** Increases with each API served (0: the one the cloud started with). */
  version: number;
  compiling: boolean;
  /** The last compile's error, null once a compile succeeds. */
  error: string | null;
  /** When the last reload finished (ms since the epoch) and how long it took from the change. */
  at: number | null;
  durationMs: number | null;
}

export interface SchemaReloader {
  status(): ReloadStatus;
  /** Compiles and serves the API source as it is now (what a file change triggers). */
  reloadNow(): Promise<void>;
  close(): void;
}

export function watchApiSource(
  cloud: LocalCloud,
  options: { projectRoot: string; apiName: string; log: (line: string) => void; debounceMs?: number },
): SchemaReloader {
  const apiDir = join(options.projectRoot, 'amplify', 'backend', 'api', options.apiName);
  const status: ReloadStatus = { version: 0, compiling: false, error: null, at: null, durationMs: null };
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let changedAt = 0;

  const compileAndServe = async () => {
    status.compiling = true;
    const started = changedAt || performance.now();
    try {
      const { compileProject } = await import('../compiler/compile-project.js');
      const { compiled, buildDir } = await compileProject(options.projectRoot);
      for (const warning of compiled.warnings) options.log(`[reload] warning: ${warning}`);
      const { keptSubscriptions, endedSubscriptions } = await cloud.reload(readBuildFolder(buildDir));
      status.version++;
      status.error = null;
      status.at = Date.now();
      status.durationMs = performance.now() - started;
      options.log(
        `[reload] serving the changed API (${Math.round(status.durationMs)} ms)` +
          (keptSubscriptions ? `; ${keptSubscriptions} open subscriptions carry on` : '') +
          (endedSubscriptions ? `; ${endedSubscriptions} ended with SchemaReloaded (their field or selection is gone)` : ''),
      );
    } catch (error) {
      status.error = `${(error as Error).name}: ${(error as Error).message}`;
      options.log(`[reload] the changed API does not compile; the previous one keeps serving:\n${status.error}`);
    } finally {
      status.compiling = false;
    }
  };
  const reloadNow = async (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = compileAndServe().finally(() => (running = undefined));
    await running;
    if (again) {
      again = false;
      await reloadNow();
    }
  };

  let watcher: ApiSourceWatch | undefined = watchApiSources(apiDir, () => {
    changedAt = performance.now();
    clearTimeout(timer);
    timer = setTimeout(() => void reloadNow(), options.debounceMs ?? 150);
  });
  return {
    status: () => ({ ...status }),
    reloadNow,
    close() {
      clearTimeout(timer);
      watcher?.close();
      watcher = undefined;
    },
  };
}
