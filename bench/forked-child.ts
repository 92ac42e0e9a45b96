// The child's side of forkServer() (server-process.ts): the configuration the bench forked it with,
// and the ready message and stop that every forked bench server shares.

export class ChildConfigError extends Error {
  override name = 'ChildConfigError';
}

/** The JSON object in environment variable `variable`; `fields` names what it holds, for the error. */
export function forkedConfig<T>(variable: string, fields: string): T {
  const config = JSON.parse(process.env[variable] ?? 'null') as T | null;
  if (!config) throw new ChildConfigError(`${variable} (JSON: ${fields}) is not set`);
  return config;
}

/** Tells the bench the server is ready, and stops it (then exits) when the bench ends or leaves. */
export function serveUntilParentLeaves(ready: Record<string, unknown>, close: () => Promise<unknown>): void {
  const stop = () => void close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('disconnect', stop);
  process.send!({ type: 'ready', ...ready, readyMs: performance.now() });
}
