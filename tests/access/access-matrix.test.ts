// Every cell of the access matrix (matrix.ts) as a test against the running local cloud: real users
// in the local pool signed in with SRP, requests over HTTPS with their tokens, stored items read
// directly from DynamoDB.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { checkCell } from './check.js';
import { MATRIX } from './matrix.js';
import { findOperation } from './operations.js';
import { projectApi, projectRoot } from './project.js';
import { ACTORS, startWorld, type World } from './world.js';

let world: World;
beforeAll(async () => {
  world = await startWorld({ projectRoot, api: projectApi() });
});
afterAll(() => world?.close());

for (const row of MATRIX) {
  describe(`${row.model}: ${row.operation}`, () => {
    const operation = findOperation(row.model, row.operation);
    for (const actor of ACTORS) {
      it(`${actor}: ${row.cells[actor]}`, async () => {
        checkCell(row.cells[actor], operation, await operation.run(world, actor), world, actor);
      });
    }
  });
}
