// `npm run bench:fuzz`: the fuzzing of tests/security/fuzz.test.ts at a larger scale, with a fresh seed
// each run unless FUZZ_SEED is given (the seed is printed first, so any finding can be replayed with
// FUZZ_SEED=<seed> FUZZ_CASES=<cases> npx vitest run tests/security/fuzz.test.ts).
// Options (environment): FUZZ_SEED (random), FUZZ_CASES (20000), FUZZ_PROFILE=1 (the slowest GraphQL cases).
import { resolve } from 'node:path';
import { runFuzz } from '../tests/support/fuzz.js';

async function main(): Promise<void> {
  const seed = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
  const cases = Number(process.env.FUZZ_CASES ?? 20_000);
  console.log(`FUZZ_SEED=${seed} FUZZ_CASES=${cases}`);
  const started = performance.now();
  const report = await runFuzz({ seed, cases, projectRoot: resolve(import.meta.dirname, '..'), progress: (line) => console.log(line) });
  console.log(`cases: ${JSON.stringify(report.counts)} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  console.log(`answers: ${JSON.stringify(report.answers)}`);
  if (report.findings.length === 0) {
    console.log('findings: none');
  } else {
    console.log(`findings (${report.findings.length}):`);
    for (const finding of report.findings) console.log(`- ${finding}`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
