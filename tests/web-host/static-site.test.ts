// The static file server of the web app: types, client-side routes, caching, and paths that try to
// leave the build folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { staticSite, StaticSiteError } from '../../src/local/web-host/static-site.js';
import { CONFIG_PATH, mountWebApp, staleWebBuildReason } from '../../src/local/web-host/web-app.js';
import { createPathRouter } from '../../src/local/appsync/path-router.js';

let dir: string;
let server: Server;
let origin: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'static-site-'));
  const site = join(dir, 'site');
  mkdirSync(join(site, 'assets'), { recursive: true });
  writeFileSync(join(site, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(site, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(site, 'assets', 'index-abc123.css'), 'body{}');
  writeFileSync(join(site, '.env'), 'SECRET=1');
  writeFileSync(join(dir, 'outside.txt'), 'not for the web');
  symlinkSync(join(dir, 'outside.txt'), join(site, 'leak.txt'));
  const router = createPathRouter((_req, res) => res.writeHead(404).end('api'), ['/graphql']);
  mountWebApp(router, { distDir: site, clientConfig: { API: { GraphQL: { endpoint: 'https://x/graphql' } } } });
  server = createServer(router.handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  origin = `http://127.0.0.1:${address.port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request: the path is sent as written (fetch would normalise ../). */
function get(path: string, method = 'GET'): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}/`, { method, path }, (res) => {
      let body = '';
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('staticSite', () => {
  it('serves files with their content type; hashed assets are immutable, pages revalidated', async () => {
    const js = await get('/assets/index-abc123.js');
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await get('/assets/index-abc123.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const index = await get('/');
    expect(index.body).toContain('<title>app</title>');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers client-side routes with index.html, and a missing asset with 404', async () => {
    expect((await get('/dispatch')).body).toContain('<title>app</title>');
    expect((await get('/rides?page=2')).body).toContain('<title>app</title>');
    expect((await get('/assets/missing.js')).status).toBe(404);
  });

  it('never serves anything outside the folder, nor dot files', async () => {
    for (const path of ['/../outside.txt', '/assets/../../outside.txt', '/%2e%2e/outside.txt', '/..%2foutside.txt', '/%2e%2e%5coutside.txt']) {
      const response = await get(path);
      expect([400, 404], path).toContain(response.status);
      expect(response.body, path).not.toContain('not for the web');
    }
    expect((await get('/leak.txt')).status).toBe(404);
    expect((await get('/.env')).status).toBe(404);
    expect((await get('/bad%zz')).status).toBe(400);
  });

  it('takes GET and HEAD only', async () => {
    expect((await get('/', 'POST')).status).toBe(405);
    const head = await get('/assets/index-abc123.js', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    expect(head.headers['content-length']).toBe('14');
  });

  it('refuses a build folder that does not exist, saying how to make it', () => {
    expect(() => staticSite(join(dir, 'nope'))).toThrow(StaticSiteError);
    expect(() => staticSite(join(dir, 'nope'))).toThrow(/npm run build/);
  });
});

describe('mountWebApp', () => {
  it('serves the client configuration beside the app, and leaves /graphql to the API', async () => {
    const config = await get(CONFIG_PATH);
    expect(config.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(JSON.parse(config.body)).toEqual({ API: { GraphQL: { endpoint: 'https://x/graphql' } } });
    expect((await get('/graphql')).body).toBe('api');
  });
});

describe('staleWebBuildReason', () => {
  it('names the missing build, then a source newer than it', () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'amplify', '.config'), { recursive: true });
    mkdirSync(join(project, 'src', 'web'), { recursive: true });
    writeFileSync(join(project, 'amplify', '.config', 'project-config.json'), JSON.stringify({ javascript: { config: { DistributionDir: 'out' } } }));
    writeFileSync(join(project, 'src', 'web', 'main.tsx'), '');
    expect(staleWebBuildReason(project)).toMatch(/no build of the web app in out/);
    mkdirSync(join(project, 'out'));
    writeFileSync(join(project, 'out', 'index.html'), '');
    const past = new Date(Date.now() - 60_000);
    utimesSync(join(project, 'src', 'web', 'main.tsx'), past, past);
    expect(staleWebBuildReason(project)).toBeUndefined();
    writeFileSync(join(project, 'src', 'web', 'main.tsx'), 'changed');
    const future = new Date(Date.now() + 60_000);
    utimesSync(join(project, 'src', 'web', 'main.tsx'), future, future);
    expect(staleWebBuildReason(project)).toMatch(/src\/web\/main.tsx changed/);
  });
});
