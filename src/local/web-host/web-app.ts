// The Wild Rydes web app on the local cloud: rebuilt by Vite when its sources are newer than the
// build, served from the build folder on the GraphQL endpoint's origin (one certificate, one CA),
// and handed the local cloud's configuration at /amplifyconfiguration.json, the file the app reads
// at start. A deployed build reads the file `amplify push` wrote instead: the same build serves both.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { firstFileNewerThan } from '../shared/newer-file.js';
import { staticSite } from './static-site.js';

export const CONFIG_PATH = '/amplifyconfiguration.json';

/** Where the app's build goes: the DistributionDir of amplify/.config/project-config.json. */
export function distributionDir(projectRoot: string): string {
  const file = join(projectRoot, 'amplify', '.config', 'project-config.json');
  const dir = JSON.parse(readFileSync(file, 'utf8'))?.javascript?.config?.DistributionDir;
  return join(projectRoot, typeof dir === 'string' && dir ? dir : 'dist');
}

/** Whether this project has the web app's sources (a copy of amplify/ alone has none). */
export function hasWebApp(projectRoot: string): boolean {
  return existsSync(join(projectRoot, 'src', 'web', 'index.html')) && existsSync(join(projectRoot, 'vite.config.ts'));
}

// What the built app is made of: its own sources, the SDK and generated operations it bundles, the
// build's configuration and the installed packages.
const INPUTS = ['src/web', 'src/client', 'src/generated', 'vite.config.ts', 'package-lock.json'];

/** Why the build is out of date (a sentence), or undefined when it is current. */
export function staleWebBuildReason(projectRoot: string): string | undefined {
  const index = join(distributionDir(projectRoot), 'index.html');
  if (!existsSync(index)) return `no build of the web app in ${relative(projectRoot, distributionDir(projectRoot)) || '.'}`;
  const built = statSync(index).mtimeMs;
  const newer = firstFileNewerThan(INPUTS.map((input) => join(projectRoot, input)), built);
  return newer ? `${relative(projectRoot, newer)} changed since the web app was built` : undefined;
}

/** `vite build` with the project's vite.config.ts (Vite is loaded only when a build is needed). */
export async function buildWebApp(projectRoot: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'vite.config.ts'), root: join(projectRoot, 'src', 'web'), logLevel: 'warn' });
}

export interface MountTarget {
  mount(prefix: string, handler: (request: IncomingMessage, response: ServerResponse) => void): void;
}

/** Serves the built app at `/` and the client configuration beside it. */
export function mountWebApp(cloud: MountTarget, options: { distDir: string; clientConfig: object }): void {
  const body = JSON.stringify(options.clientConfig, null, 2);
  cloud.mount(CONFIG_PATH, (request, response) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' });
      response.end();
      return;
    }
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache', 'content-length': Buffer.byteLength(body) });
    response.end(request.method === 'HEAD' ? undefined : body);
  });
  cloud.mount('/', staticSite(options.distDir));
}
