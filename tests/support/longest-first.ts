// The order test files start in. Two workers share the run: a file of a minute or more that starts
// last leaves one worker alone with it at the end, so the files known to be long start first.
// Vitest orders by the durations of the last run when it has them (its cache, absent from a fresh
// clone); without them it keeps the glob's order, so the long files are named here, longest first,
// from the durations a CI run reported (one exception, below). A file not named keeps vitest's own order after them.
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export const LONG_FILES = [
  'tests/web/stories.test.ts', // 104 s: Chromium, SRP in the page, axe
  // Before the console's page test: the two browser files would otherwise start together, each
  // building its pages with Vite and driving Chromium, on the same two cores.
  'tests/local/memory-bounds.test.ts', // 78 s
  'tests/console/console-pages.test.ts', // 88 s: the console's build, Chromium, axe
  'tests/package/consumer.test.ts', // 44 s: npm pack, npm ci, two tsc runs
  'tests/cognito/awsCli.test.ts', // 28 s: the AWS CLI
  'tests/realtime/expiry.e2e.test.ts', // 18 s: waits for tokens to expire
  'tests/security/fuzz.test.ts', // 18 s
  'tests/reliability/crash.test.ts', // 16 s
  'tests/client/e2e/board.e2e.test.ts', // 14 s
  'tests/cognito/amplify.e2e.test.ts', // 13 s
  'tests/local/heap-settings.test.ts', // 12 s
  'tests/package/tarball.test.ts', // 11 s
];

export default class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const rank = (spec: TestSpecification) => {
      const index = LONG_FILES.indexOf(relative(spec.project.config.root, spec.moduleId).split('\\').join('/'));
      return index === -1 ? LONG_FILES.length : index;
    };
    // Array.prototype.sort is stable: the files not named keep the order vitest chose.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
