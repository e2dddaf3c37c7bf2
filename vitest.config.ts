import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Both cores: most test time is spent waiting on spawned CLIs, moto and tmux, not on CPU.
    maxWorkers: 2,
    // Generous: end-to-end tests spawn the CLI, tmux and moto on a shared 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
