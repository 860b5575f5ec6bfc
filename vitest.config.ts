import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // blocks and CLIs run in a temp directory; the run fails when the tests leave files in the checkout
    setupFiles: ['test/helpers/temp-cwd.ts'],
    globalSetup: ['test/helpers/clean-tree.ts'],
  },
});
