// The store's patches change dynalite's dependencies (abstract-level, classic-level) through the
// copies this code imports statically, so that the local cloud's bundle patches the copies it
// bundles. That holds only while dynalite loads those same copies, not nested ones of its own.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * Where dynalite's `chain` of requires leads (e.g. level → classic-level) and where this code's own
 * import of the chain's last package resolves; a patch reaches dynalite when the two are equal.
 */
export function dynaliteCopyOf(chain: readonly string[]): { dynalites: string; imported: string } {
  const dynalites = chain.reduce((at, name) => createRequire(at).resolve(name), require.resolve('dynalite'));
  return { dynalites, imported: require.resolve(chain[chain.length - 1]!) };
}
