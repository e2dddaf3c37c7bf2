import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: end-to-end tests spawn the CLI, tmux and moto on a shared 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
