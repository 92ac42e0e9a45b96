// Node-only helpers of the client SDK (they use node: modules and the ws package).
export { fileTokenStorage } from './file-token-storage.js';
export { readClientConfig, LOCAL_CLIENT_CONFIG } from './config-file.js';
export { prepareNodeRuntime } from './node-runtime.js';
