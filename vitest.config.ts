import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    reporters: ['default', './tests/support/summary-reporter.ts'],
    // Servers, SRP and the transformer take a moment on a 2-core machine; no test asserts on time.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
