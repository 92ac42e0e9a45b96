// The crash test at length: more rounds of kill -9 of the whole local cloud under concurrent ride
// creators, status updaters and sign-ups, each restart audited (every acknowledged ride and user
// there, every index equal to its table). Prints each round's figures.
//
//   npm run bench:crash [-- --rounds 10 --seed 7 --creators 20]
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { copyProject, crashRounds } from '../tests/support/crash-rounds.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? Number(args[at + 1]) : fallback;
};
const rounds = option('rounds', 10);
const seed = option('seed', 7);
const creators = option('creators', 20);

const dir = await mkdtemp(path.join(tmpdir(), 'crash-bench-'));
try {
  await copyProject(dir);
  const figures = await crashRounds({
    projectDir: dir,
    rounds,
    seed,
    workload: { creators, updaters: 4, signUps: 4, killAfterMs: [500, 4000] },
    onRound: (f) =>
      console.log(
        `round ${f.round}: killed ${(f.killAtMs / 1000).toFixed(2)} s after the first acknowledged write, with ${f.acknowledged.rides} rides, ${f.acknowledged.updates} status updates, ` +
          `${f.acknowledged.users} sign-ups acknowledged; restart ${(f.restartMs / 1000).toFixed(2)} s; ` +
          `audit: ${f.ridesChecked} rides, ${f.usersChecked} users, ${f.indexEntriesChecked} index entries, all consistent`,
      ),
  });
  const restarts = figures.map((f) => f.restartMs / 1000).sort((a, b) => a - b);
  console.log(`${figures.length} rounds, seed ${seed}: 0 acknowledged rides or users lost, 0 index entries out of line; restart ${restarts[0]!.toFixed(2)}-${restarts.at(-1)!.toFixed(2)} s`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
