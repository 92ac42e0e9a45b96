// Issue 15's fuzzing, kept in the suite: a few thousand seeded cases against the GraphQL, Cognito and
// real-time endpoints of a local cloud in this process (tests/support/fuzz.ts says what each case
// checks). FUZZ_SEED reproduces a run (the seed is printed), FUZZ_CASES runs more; `npx tsx
// bench/fuzz.ts` runs many more with a fresh seed each time.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leaksInternals, prng, runFuzz } from '../support/fuzz.js';

const seed = Number(process.env.FUZZ_SEED ?? 15_2026);
const cases = Number(process.env.FUZZ_CASES ?? 2_000);

const root = resolve(import.meta.dirname, '..', '..');

describe('the fuzzer itself', () => {
  it('replays: one seed, one sequence', () => {
    const draw = (seed: number) => {
      const r = prng(seed);
      return Array.from({ length: 5 }, () => r.int(1_000_000));
    };
    const a = prng(7);
    const b = prng(7);
    expect(Array.from({ length: 50 }, () => a.next())).toEqual(Array.from({ length: 50 }, () => b.next()));
    expect(draw(7)).not.toEqual(draw(8));
  });

  it('recognises a stack trace and a path of this machine in an answer', () => {
    expect(leaksInternals(JSON.stringify({ message: new Error('boom').stack }), root)).toBeDefined();
    expect(leaksInternals(`failed in ${root}/src/local/x`, root)).toBe('the project path');
    expect(leaksInternals('{"errors":[{"errorType":"UnauthorizedException","message":"Valid authorization header not provided."}]}', root)).toBeUndefined();
  });
});

describe('the public endpoints under seeded fuzzing', () => {
  it(`hold their rules for ${cases} cases (FUZZ_SEED=${seed})`, { timeout: 600_000 }, async () => {
    const report = await runFuzz({ seed, cases, projectRoot: root, progress: (line) => console.log(`fuzz: ${line}`) });
    console.log(`fuzz: FUZZ_SEED=${seed} FUZZ_CASES=${cases}: ${JSON.stringify(report.counts)}; answers ${JSON.stringify(report.answers)}`);
    expect(report.findings).toEqual([]);
  });
});
