import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/global-setup.ts'],
    // *.test-d.ts files are type tests: vitest runs tsc over them and reports each failed expectation.
    typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Real processes and real g++: two cores, so keep file-level parallelism modest.
    maxWorkers: 2,
  },
});
