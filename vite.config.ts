// The Wild Rydes web app (src/web) built by Vite into the folder the Amplify CLI's project-config.json
// names as DistributionDir, which amplify.yml publishes. `npm run dev` serves it with hot reload and
// hands it the local cloud's configuration written by `npm start`.
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const projectRoot = import.meta.dirname;
const distributionDir = JSON.parse(readFileSync(join(projectRoot, 'amplify/.config/project-config.json'), 'utf8')).javascript.config
  .DistributionDir as string;

/**
 * The app reads /amplifyconfiguration.json when it starts, so one build runs against any backend.
 * Build: the file `amplify push` (or Amplify Console's backend phase) wrote to src/ goes beside
 * index.html. Dev server: the local cloud's client configuration, as `npm start` serves it.
 */
function amplifyConfiguration(): Plugin {
  const deployed = join(projectRoot, 'src/amplifyconfiguration.json');
  const local = join(projectRoot, process.env.WILDRYDES_CLIENT_CONFIG ?? 'amplify/mock-data/client-config.json');
  let outDir = '';
  return {
    name: 'wildrydes-amplify-configuration',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    configureServer(server) {
      server.middlewares.use('/amplifyconfiguration.json', (_request, response) => {
        if (!existsSync(local)) {
          response.statusCode = 404;
          response.end(`no ${local}: start the local cloud with \`npm start\` first`);
          return;
        }
        response.setHeader('content-type', 'application/json; charset=utf-8');
        response.end(readFileSync(local));
      });
    },
    closeBundle() {
      if (existsSync(deployed)) copyFileSync(deployed, join(outDir, 'amplifyconfiguration.json'));
    },
  };
}

export default defineConfig({
  root: join(projectRoot, 'src/web'),
  // Absolute asset URLs: a reload of a client-side route (/dispatch) still finds /assets.
  base: '/',
  plugins: [react(), amplifyConfiguration()],
  build: {
    outDir: resolve(projectRoot, distributionDir),
    emptyOutDir: true,
    sourcemap: false,
    reportCompressedSize: false,
    // The budget that matters is gzip over the first page (bench/web-app.ts): Amplify UI and the
    // auth client make one large entry chunk.
    chunkSizeWarningLimit: 1000,
  },
  server: { host: '127.0.0.1' },
});
