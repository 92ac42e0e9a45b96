import { defineConfig } from 'vitest/config';
import LongestFirst from './tests/support/longest-first.js';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The repository's API compiled once for the run, shared by path (tests/support/shared-compile.ts).
    globalSetup: ['tests/support/global-setup.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // Servers, SRP and the transformer take a moment on a 2-core machine; no test asserts on time.
    testTimeout: 60_000,
    // Test files mostly wait on their own servers and browser: two at a time use both cores of the
    // 2-core CI machine (vitest's default leaves one idle).
    maxWorkers: 2,
    // The long files start first (tests/support/longest-first.ts).
    sequence: { sequencer: LongestFirst },
    hookTimeout: 60_000,
  },
});
