export { staticSite, StaticSiteError, type StaticSiteOptions } from './static-site.js';
export { buildWebApp, CONFIG_PATH, distributionDir, hasWebApp, mountWebApp, staleWebBuildReason } from './web-app.js';
