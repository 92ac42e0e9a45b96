// One HTTPS port serves the GraphQL endpoint and the pages of this machine's own tools (the web app,
// the console): same origin, one certificate. Each is mounted at a path prefix; the longest prefix
// that matches a request's path answers it, and the fallback (the GraphQL endpoint, which answers
// 404 in AppSync's shape) takes the rest.
import type { RequestHandler } from './graphql-endpoint.js';

export interface PathRouter {
  handler: RequestHandler;
  /** Serves `prefix` (e.g. `/console`, or `/` for everything not mounted elsewhere) with `handler`. */
  mount(prefix: string, handler: RequestHandler): void;
}

export class MountError extends Error {
  override name = 'MountError';
}

export function createPathRouter(fallback: RequestHandler, reserved: readonly string[]): PathRouter {
  const mounts: Array<{ prefix: string; handler: RequestHandler }> = [];
  const matches = (path: string, prefix: string) =>
    prefix === '/' || path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`);
  return {
    handler(request, response) {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      if (reserved.some((prefix) => matches(path, prefix))) return fallback(request, response);
      const mount = mounts.find((m) => matches(path, m.prefix));
      (mount?.handler ?? fallback)(request, response);
    },
    mount(prefix, handler) {
      if (!prefix.startsWith('/')) throw new MountError(`a mount path starts with "/", not ${JSON.stringify(prefix)}`);
      if (reserved.some((r) => matches(prefix, r))) throw new MountError(`${prefix} belongs to the GraphQL endpoint`);
      if (mounts.some((m) => m.prefix === prefix)) throw new MountError(`${prefix} is mounted already`);
      mounts.push({ prefix, handler });
      // Longest first, so that /console wins over /.
      mounts.sort((a, b) => b.prefix.length - a.prefix.length);
    },
  };
}
