// The sequencer's list of long files names files that exist: a renamed or removed file would
// otherwise drop out of the list unnoticed and start wherever vitest puts it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { LONG_FILES } from '../support/longest-first.js';

const root = join(import.meta.dirname, '..', '..');

it('names only test files of the repository, each once', () => {
  expect(LONG_FILES.filter((file) => !file.endsWith('.test.ts') || !existsSync(join(root, file)))).toEqual([]);
  expect(new Set(LONG_FILES).size).toBe(LONG_FILES.length);
});
