import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Three workers on two cores: a file waiting on a spawned CLI, moto, tmux or a timeout leaves
    // a core idle. Full suite on this 2-core machine, quiet: 145 s with 2 workers, 117–130 s with 3
    // (4 gives no more).
    maxWorkers: 3,
    // Generous: end-to-end tests spawn the CLI, tmux and moto on a shared 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
