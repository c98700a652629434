import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['rules/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 20000,
    globalSetup: ['test/support/temporary-folder.ts'],
  },
});
