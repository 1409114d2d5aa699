import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test-support/summary-reporter.ts'],
    // npm test runs with --coverage: packages/crypto must keep ≥ 95 % of its lines covered.
    coverage: {
      provider: 'v8',
      include: ['packages/crypto/src/**/*.ts'],
      exclude: ['**/*.test.ts', '**/testing.ts'],
      reporter: ['text'],
      thresholds: { lines: 95, branches: 90, functions: 95 },
    },
    projects: [
      {
        test: {
          name: 'packages',
          include: [
            'packages/*/src/**/*.test.ts',
            'packages/*/scripts/**/*.test.ts',
            'test-support/**/*.test.ts',
            'bench/**/*.test.ts',
          ],
          globalSetup: ['./test-support/postgres-global-setup.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts'],
          globalSetup: ['./e2e/support/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
