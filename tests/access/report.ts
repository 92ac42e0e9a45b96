// `npm run test:access`: runs every cell of the access matrix against a fresh local cloud and prints
// the table with each cell's outcome (✓ as specified, ✗ not). `--write` regenerates docs/access-matrix.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCell } from './check.js';
import { MATRIX } from './matrix.js';
import { findOperation } from './operations.js';
import { projectApi, projectRoot } from './project.js';
import { renderMatrix, renderMatrixDocument } from './render.js';
import { ACTORS, startWorld } from './world.js';

if (process.argv.includes('--write')) {
  writeFileSync(join(projectRoot, 'docs', 'access-matrix.md'), renderMatrixDocument());
  console.log('wrote docs/access-matrix.md');
}

const world = await startWorld({ projectRoot, api: projectApi() });
const failures: string[] = [];
const passed = new Set<string>();
try {
  for (const row of MATRIX) {
    const operation = findOperation(row.model, row.operation);
    for (const actor of ACTORS) {
      const key = `${row.model}|${row.operation}|${actor}`;
      try {
        checkCell(row.cells[actor], operation, await operation.run(world, actor), world, actor);
        passed.add(key);
      } catch (error) {
        failures.push(`${row.model} ${row.operation}, ${actor}: ${(error as Error).message}`);
      }
    }
  }
} finally {
  await world.close();
}
console.log(renderMatrix(MATRIX, (row, actor, outcome) => `${outcome} ${passed.has(`${row.model}|${row.operation}|${actor}`) ? '✓' : '✗'}`));
const cells = MATRIX.length * ACTORS.length;
console.log(`\n${cells - failures.length} passed, ${failures.length} failed`);
for (const failure of failures) console.log(`\n✗ ${failure}`);
process.exitCode = failures.length > 0 ? 1 : 0;
