// A clone has nothing beside it: no file of the project may name the folder that sat next to the
// working copies while it was written (specs, notes and tools now live in docs/ and src/).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');
// Folders that git ignores or that hold no project text.
const SKIP = new Set(['node_modules', '.git', 'dist', 'build', 'mock-data', '#current-cloud-backend']);
// Its spec/, notes/, tools/ and hooks/ (src/local/shared is the project's own, imported as ../shared/...).
const outside = /\.\.\/shared\/(spec|notes|tools|hooks)/;

function projectFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIP.has(entry.name)) return [];
    const path = join(dir, entry.name);
    return entry.isDirectory() ? projectFiles(path) : entry.isFile() ? [path] : [];
  });
}

it('no file names the folder beside the working copy', () => {
  const naming = projectFiles(root)
    .filter((path) => !path.endsWith('package-lock.json'))
    .filter((path) => outside.test(readFileSync(path, 'utf8')))
    .map((path) => relative(root, path));
  expect(naming).toEqual([]);
});

it('the access specification that the schema and the tests cite is in the repository', () => {
  const spec = readFileSync(join(root, 'docs', 'access-rules.md'), 'utf8');
  expect(spec).toMatch(/^# Wild Rydes API: data model and access rules/);
  expect(readFileSync(join(root, 'amplify', 'backend', 'api', 'wildrydes', 'schema.graphql'), 'utf8')).toContain('docs/access-rules.md');
});
