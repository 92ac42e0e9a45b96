// Building the console's pages with Vite, when they are missing or older than their sources: npm start
// and the page tests call this, so a fresh clone needs no extra step.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const CONSOLE_SOURCE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'console');
export const CONSOLE_DIST_DIR = join(CONSOLE_SOURCE_DIR, 'dist');

function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** True when dist/index.html is missing or older than a source file. */
export function consoleBuildIsStale(): boolean {
  try {
    return statSync(join(CONSOLE_DIST_DIR, 'index.html')).mtimeMs < newest(CONSOLE_SOURCE_DIR);
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
