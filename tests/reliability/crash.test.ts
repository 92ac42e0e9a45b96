// kill -9 of the whole local cloud (npm and node, one process group) at a seeded random moment under
// concurrent ride creators, status updaters and sign-ups, three times; after each restart every
// acknowledged ride and user is there, and every index of every table equals its table entry for
// entry (tests/support/crash-rounds.ts). `npm run bench:crash` runs more rounds and prints figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../local/helpers.js';
import { copyProject, crashRounds } from '../support/crash-rounds.js';

let work: Awaited<ReturnType<typeof tempDir>>;

beforeAll(async () => {
  work = await tempDir('crash-');
  await copyProject(work.dir);
});

afterAll(async () => {
  await work?.remove();
});

describe('kill -9 under concurrent writes', () => {
  it('loses no acknowledged ride or user, and leaves every index equal to its table, 3 rounds', async () => {
    const figures = await crashRounds({
      projectDir: work.dir,
      rounds: 3,
      seed: 15,
      workload: { creators: 6, updaters: 2, signUps: 2, killAfterMs: [300, 2000] },
    });
    expect(figures).toHaveLength(3);
    // Each round wrote something before its kill, so the audits had something to find.
    for (const round of figures) expect(round.acknowledged.rides + round.acknowledged.users).toBeGreaterThan(0);
    expect(figures.at(-1)!.indexEntriesChecked).toBeGreaterThan(0);
  }, 180_000);
});
