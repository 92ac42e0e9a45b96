// The schema texts that passed SDL validation, kept in a file of the data folder, so that a start
// whose API schema is unchanged skips validating it again (simulator-schema.ts; about a tenth of the
// engine's creation). Keys are content hashes: an edited schema has another key and is validated.
import { readFileSync } from 'node:fs';
import { writeDerivedJson } from '../shared/atomicJson.js';
import type { ValidatedSdl } from './simulator-schema.js';

/** A few: the current schema and the ones a checkout or a revert may bring back. */
const KEPT = 8;
const KEY = /^[0-9a-f]{64}$/;

/**
 * The record in `file`. A missing, unreadable or malformed file counts as empty (every schema is
 * validated, and the file is written anew); failing to write it only means validating next time.
 */
export function validatedSdlFile(file: string): ValidatedSdl {
  let keys: string[] | undefined;
  const known = () => (keys ??= readKeys(file));
  return {
    has: (key) => known().includes(key),
    add(key) {
      if (known().includes(key)) return;
      keys = [...known(), key].slice(-KEPT);
      try {
        writeDerivedJson(file, { keys });
      } catch {
        // Remembering saves time only; the schema was validated this time.
      }
    },
  };
}

function readKeys(file: string): string[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { keys?: unknown };
    return Array.isArray(parsed.keys) ? parsed.keys.filter((key): key is string => typeof key === 'string' && KEY.test(key)).slice(-KEPT) : [];
  } catch {
    return [];
  }
}
