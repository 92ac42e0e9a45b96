import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { projectRoot } from './project.js';
import { renderMatrixDocument } from './render.js';

it('docs/access-matrix.md is the table of matrix.ts (regenerate with `npm run test:access -- --write`)', () => {
  expect(readFileSync(join(projectRoot, 'docs', 'access-matrix.md'), 'utf8')).toBe(renderMatrixDocument());
});
