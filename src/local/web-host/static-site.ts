// Serves a built single-page app (Vite's output folder) on the local cloud's HTTPS origin. Files
// are read from one folder only; a path that is not a file there and looks like a page (no file
// extension) gets index.html, so that client-side routes such as /dispatch survive a reload.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { extname, join, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

export class StaticSiteError extends Error {
  override name = 'StaticSiteError';
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

export interface StaticSiteOptions {
  /**
   * The prefix the site is mounted at (default `/`); stripped from request paths before looking up
   * files.
   */
  prefix?: string;
}

/**
 * A request handler serving `root`. Vite names its assets by content hash (`assets/index-3f2a.js`):
 * those are cached for a year; everything else (index.html) is revalidated on every load, so a
 * rebuilt app shows at the next reload.
 */
export function staticSite(root: string, options: StaticSiteOptions = {}) {
  let base: string;
  try {
    base = realpathSync(root);
  } catch {
    throw new StaticSiteError(`the web app's build folder ${root} does not exist: build it with \`npm run build\``);
  }
  const prefix = (options.prefix ?? '/').replace(/\/+$/, '');

  return (request: IncomingMessage, response: ServerResponse): void => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' });
      response.end('Only GET and HEAD are served here.\n');
      return;
    }
    const file = resolveFile(base, prefix, request.url ?? '/');
    if (file === 'bad') {
      response.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
      response.end('Bad path.\n');
      return;
    }
    if (file === undefined) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-cache' });
      response.end('Not found.\n');
      return;
    }
    const immutable = file.path.startsWith(join(base, 'assets') + sep);
    response.writeHead(200, {
      'content-type': CONTENT_TYPES[extname(file.path).toLowerCase()] ?? 'application/octet-stream',
      'content-length': String(file.size),
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'x-content-type-options': 'nosniff',
    });
    if (request.method === 'HEAD') {
      response.end();
      return;
    }
    createReadStream(file.path)
      .on('error', () => response.destroy())
      .pipe(response);
  };
}

/** The file a URL names inside `base`, index.html for page routes, 'bad' for a path that tries to leave it. */
function resolveFile(base: string, prefix: string, url: string): { path: string; size: number } | 'bad' | undefined {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url, 'https://local').pathname);
  } catch {
    return 'bad';
  }
  if (path.includes('\0') || path.includes('\\')) return 'bad';
  if (prefix && path.startsWith(prefix)) path = path.slice(prefix.length);
  const segments = path.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return 'bad';
  // Dot files (.env, .git) are never part of a built site.
  if (segments.some((s) => s.startsWith('.'))) return undefined;
  const wanted = join(base, ...segments);
  const found = regularFile(base, segments.length === 0 ? join(base, 'index.html') : wanted);
  if (found) return found;
  const last = segments.at(-1) ?? '';
  // A missing asset is a 404; a missing page is the app's own route.
  if (extname(last) !== '') return undefined;
  return regularFile(base, join(base, 'index.html'));
}

function regularFile(base: string, path: string): { path: string; size: number } | undefined {
  try {
    const real = realpathSync(path);
    // A symbolic link out of the folder is not served.
    if (real !== base && !real.startsWith(base + sep)) return undefined;
    const stat = statSync(real);
    return stat.isFile() ? { path: real, size: stat.size } : undefined;
  } catch {
    return undefined;
  }
}
