// Building the console's pages with Vite, when they are missing or older than their sources: npm start
// and the page tests call this, so a fresh clone needs no extra step.
import { statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { firstFileNewerThan } from '../shared/newer-file.js';

export const CONSOLE_SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console');
export const CONSOLE_DIST_DIR = join(CONSOLE_SOURCE_DIR, 'dist');

/** True when dist/index.html is missing or older than a source file. */
export function consoleBuildIsStale(): boolean {
  try {
    const built = statSync(join(CONSOLE_DIST_DIR, 'index.html')).mtimeMs;
    return firstFileNewerThan([CONSOLE_SOURCE_DIR], built, new Set(['dist'])) !== undefined;
  } catch {
    return true;
  }
}

/** Builds the console with its vite.config.ts when stale; returns whether it built. */
export async function ensureConsoleBuilt(log: (line: string) => void = () => {}): Promise<boolean> {
  if (!consoleBuildIsStale()) return false;
  log('[console] building the console pages (vite)');
  const { build } = await import('vite');
  await build({ configFile: join(CONSOLE_SOURCE_DIR, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
