// The local console: pages at /console on the GraphQL endpoint's origin (one certificate covers the
// API and the console), and their API at /console/api. `mountConsole()` puts both on a started cloud.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LocalCloud } from '../cloud.js';
import { hostsForBinding, ownOrigins, refuseForeign as refuseHost, type LocalOnlyPolicy } from '../shared/local-only.js';
import { CONSOLE_DIST_DIR } from './build.js';
import { CONSOLE_API_PREFIX, consoleApi } from './console-api.js';
import { createTableBrowser } from './table-browser.js';
import { staticSite, StaticSiteError } from '../web-host/index.js';

export { ensureConsoleBuilt, consoleBuildIsStale } from './build.js';
export { formatRequestLine } from './request-log.js';
export type * from './wire.js';

export const CONSOLE_PATH = '/console';

export interface MountConsoleOptions {
  /** Origins besides the cloud's own that may call the console API (a development server). */
  allowedOrigins?: string[];
  /** Where the built pages are; default src/console/dist. */
  distDir?: string;
  reloadStatus?: () => unknown;
}

/** The console's pages, by name, as `npm start` prints them. */
export interface ConsoleUrls {
  explorer: string;
  users: string;
  data: string;
  requests: string;
}

export function mountConsole(cloud: LocalCloud, options: MountConsoleOptions = {}): ConsoleUrls {
  const origin = new URL(cloud.graphqlEndpoint).origin;
  const url = new URL(cloud.graphqlEndpoint);
  const policy: LocalOnlyPolicy = {
    allowedOrigins: new Set([...cloud.allowedOrigins, ...ownOrigins(Number(url.port)), origin, ...(options.allowedOrigins ?? [])]),
    crossOrigin: 'refuse',
    extraHosts: hostsForBinding(url.hostname.replace(/^\[|\]$/g, '')),
  };
  const templates = () => (cloud.engine.simulator as unknown as { mappingTemplates: Map<string, { template: { content?: string } }> }).mappingTemplates;
  const api = consoleApi({
    cognito: cloud.cognito,
    tables: createTableBrowser(cloud.dynamodb.client, () => cloud.dynamodb.tables),
    requestLog: cloud.requestLog,
    schema: () => cloud.engine.simulator.schema as never,
    templateText: (path) => templates().get(path)?.template.content,
    project: cloud.project,
    endpoints: () => ({
      graphql: cloud.graphqlEndpoint,
      realtime: new URL(cloud.realtime.path, cloud.graphqlEndpoint.replace(/^https:/, 'wss:')).href,
    }),
    reloadStatus: options.reloadStatus,
    policy,
  });
  const pages = consolePages(options.distDir ?? CONSOLE_DIST_DIR);
  const pagePolicy: LocalOnlyPolicy = { ...policy, crossOrigin: 'allow' };
  cloud.mount(CONSOLE_API_PREFIX, api);
  cloud.mount(CONSOLE_PATH, (request, response) => {
    // Pages are public code, but a rebound name must not reach them either.
    const refusal = refuseHost(request, pagePolicy);
    if (refusal) {
      request.resume();
      response.writeHead(refusal.status, { 'content-type': 'text/plain; charset=utf-8' }).end(refusal.message);
      return;
    }
    pages(request, response);
  });
  return {
    explorer: `${origin}${CONSOLE_PATH}/`,
    users: `${origin}${CONSOLE_PATH}/users`,
    data: `${origin}${CONSOLE_PATH}/data`,
    requests: `${origin}${CONSOLE_PATH}/requests`,
  };
}

/** The built pages, served as the web app's are; until they are built, a 503 that says how to build them. */
function consolePages(distDir: string): (request: IncomingMessage, response: ServerResponse) => void {
  let site: ReturnType<typeof staticSite> | undefined;
  return (request, response) => {
    try {
      site ??= staticSite(distDir, { prefix: CONSOLE_PATH });
    } catch (error) {
      if (!(error instanceof StaticSiteError)) throw error;
      request.resume();
      response
        .writeHead(503, { 'content-type': 'text/plain; charset=utf-8' })
        .end('The console is not built: run `npm run build:console` (npm start builds it when missing).');
      return;
    }
    site(request, response);
  };
}
