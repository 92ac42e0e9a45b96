// The console's pages: the files Vite built, served from one folder. Any path that is not a file is
// a page of the single-page app (index.html); nothing outside the folder is ever read.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { RequestHandler } from '../appsync/graphql-endpoint.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
  '.map': 'application/json',
};

export function staticFiles(root: string, prefix: string): RequestHandler {
  return (request, response) => {
    request.resume();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('The console pages are read with GET');
      return;
    }
    let path: string;
    try {
      path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname).slice(prefix.length);
    } catch {
      response.writeHead(400, { 'content-type': 'text/plain' }).end('Malformed path');
      return;
    }
    const file = normalize(join(root, path));
    const inside = file === root || file.startsWith(root.endsWith(sep) ? root : root + sep);
    const serve = async () => {
      const target = inside && (await stat(file).catch(() => undefined))?.isFile() ? file : join(root, 'index.html');
      const body = await readFile(target);
      const hashed = target.includes(`${sep}assets${sep}`);
      response.writeHead(200, {
        'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
        'content-length': String(body.length),
        'cache-control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
        'x-content-type-options': 'nosniff',
      });
      response.end(request.method === 'HEAD' ? undefined : body);
    };
    serve().catch((error: NodeJS.ErrnoException) => {
      const missing = error.code === 'ENOENT';
      response
        .writeHead(missing ? 503 : 500, { 'content-type': 'text/plain; charset=utf-8' })
        .end(missing ? 'The console is not built: run `npm run build:console` (npm start builds it when missing).' : 'The console page could not be read');
    });
  };
}
