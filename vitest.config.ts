import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Where the files that test through processes (the built CLI, moto, tmux) live: their own code holds no state worth isolating. */
const SPAWNING_DIRS = ['test/live/', 'test/e2e/', 'test/corpus/', 'test/denial/'];
const SPAWNING = SPAWNING_DIRS.map((dir) => `${dir}**/*.test.ts`);
/** In-process files that mock modules or change process-wide settings: each gets a fresh module graph. */
const STATEFUL = ['test/cli/doctor-handler.test.ts', 'test/model/lazy-compile.test.ts', 'test/sources/aws-*.test.ts'];

/**
 * Where a test file starts: the live files (moto, timeouts: the longest) first, then the tables
 * that spawn the CLI once per case (short files, long runs: by size they would start last), then
 * the other spawning files, then the in-process ones.
 */
const RANKS: [string, number][] = [['test/live/', 0], ['test/corpus/', 1], ['test/denial/', 1], ['test/e2e/', 2]];
function rank(file: string): number {
  const path = relative(import.meta.dirname, file);
  return RANKS.find(([dir]) => path.startsWith(dir))?.[1] ?? 3;
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

/** What every file shares. */
const common = {
  // Three workers on two cores: a file waiting on a spawned CLI, moto, tmux or a timeout leaves
  // a core idle (earlier, 87 files: 145 s with 2 workers, 117–130 s with 3, 4 gave no more).
  // Full suite on this 2-core machine, 96 files, a clean clone: 108 s for vitest on some 195 s
  // of CPU (126–139 s for 92 files before the bundled CLI and the trimmed moto data): CPU-bound,
  // so what counts is the CPU each file costs.
  maxWorkers: 3,
  // Generous: end-to-end tests spawn the CLI, tmux and moto on a shared 2-core CI machine.
  testTimeout: 120_000,
  hookTimeout: 60_000,
};

export default defineConfig({
  test: {
    ...common,
    // A root option: projects cannot have a sequencer of their own.
    sequence: { sequencer: LongestFirst },
    projects: [
      // Not isolated: one worker process runs file after file (a fresh one per file costs some
      // 0.2 s of CPU, 10 s over these files). They share no module state: each file starts its
      // own moto, proxies and CLI processes.
      { test: { ...common, name: 'spawning', include: SPAWNING, isolate: false } },
      // Not isolated either: the in-process tests of pure code share one module graph per worker
      // (a fresh one per file re-imports and re-evaluates the same modules, file after file).
      { test: { ...common, name: 'in-process', include: ['test/**/*.test.ts'], exclude: [...SPAWNING, ...STATEFUL], isolate: false } },
      // Isolated: the files that mock modules (vi.mock) or set the SDK's environment and network.
      { test: { ...common, name: 'isolated', include: STATEFUL } },
    ],
  },
});
