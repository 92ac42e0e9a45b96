// Stopping a busy server cleanly: no new connections, idle ones closed at once, and every request
// already being handled answered before its connection is closed (cutting it could leave a client
// without an answer for a change that was made). Past the grace period the rest is cut.
import type { Server } from 'node:http';

export const DEFAULT_GRACE_MS = 10_000;

/** Counts the server's requests in flight; the returned function closes it once they are answered. */
export function drainingClose(server: Server, graceMs = DEFAULT_GRACE_MS): () => Promise<void> {
  let inFlight = 0;
  let drained: (() => void) | undefined;
  server.on('request', (_req, res) => {
    inFlight += 1;
    res.once('close', () => {
      inFlight -= 1;
      if (inFlight === 0) drained?.();
    });
  });
  let closing: Promise<void> | undefined;
  return () =>
    (closing ??= new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      const cutRest = () => {
        clearTimeout(timer);
        drained = undefined;
        server.closeAllConnections();
      };
      const timer = setTimeout(cutRest, graceMs);
      timer.unref();
      drained = cutRest;
      if (inFlight === 0) cutRest();
    }));
}
