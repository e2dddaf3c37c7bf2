import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Where a test file starts: the live files (moto, timeouts: the longest) first, then the others that spawn the CLI. */
function rank(file: string): number {
  const path = relative(import.meta.dirname, file);
  if (path.startsWith('test/live/')) return 0;
  return /^test\/(e2e|corpus|denial)\//.test(path) ? 1 : 2;
}

/**
 * Longest files first, so that the run does not end on one long file. Without the timings of an
 * earlier run (a clean clone, CI) vitest keeps the files in glob order and the live files start
 * late; within a rank, vitest's own order (earlier timings, else the larger file first) is kept.
 */
class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    return sorted
      .map((spec, i) => ({ spec, i, rank: rank(spec.moduleId) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map(({ spec }) => spec);
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Three workers on two cores: a file waiting on a spawned CLI, moto, tmux or a timeout leaves
    // a core idle. Full suite on this 2-core machine, quiet: 145 s with 2 workers, 117–130 s with 3
    // (4 gives no more).
    maxWorkers: 3,
    sequence: { sequencer: LongestFirst },
    // Generous: end-to-end tests spawn the CLI, tmux and moto on a shared 2-core CI machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
