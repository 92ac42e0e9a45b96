import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { firstFileNewerThan } from '../../src/local/shared/newer-file.js';

describe('firstFileNewerThan', () => {
  const root = mkdtempSync(join(tmpdir(), 'newer-file-'));
  const old = new Date('2026-01-01T00:00:00Z');
  const builtAt = new Date('2026-06-01T00:00:00Z').getTime();
  const file = (path: string, at: Date) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), path);
    utimesSync(join(root, path), at, at);
  };
  file('src/a.ts', old);
  file('src/deep/b.ts', old);
  file('src/dist/built.js', new Date('2026-07-01T00:00:00Z'));

  it('finds nothing when every source is older than the build, and skips the named folders', () => {
    expect(firstFileNewerThan([join(root, 'src'), join(root, 'missing')], builtAt, new Set(['dist']))).toBeUndefined();
  });

  it('names a file in a nested folder modified after the build', () => {
    file('src/deep/b.ts', new Date('2026-06-02T00:00:00Z'));
    expect(firstFileNewerThan([join(root, 'src')], builtAt, new Set(['dist']))).toBe(join(root, 'src/deep/b.ts'));
  });

  it('looks into a folder that is not skipped', () => {
    file('src/deep/b.ts', old);
    expect(firstFileNewerThan([join(root, 'src')], builtAt)).toBe(join(root, 'src/dist/built.js'));
  });
});
