// Preloaded (node --import) into each measured process: on exit, writes its peak resident set
// size (KB) to file descriptor 3, which bench/run.mjs reads. Only the main thread reports: the
// figure is the whole process's (audit threads included), and a worker's exit is not the process's.
import { writeSync } from 'node:fs';
import { isMainThread } from 'node:worker_threads';

if (isMainThread) {
  process.on('exit', () => {
    try {
      writeSync(3, JSON.stringify({ maxRss: process.resourceUsage().maxRSS }));
    } catch {
      // fd 3 not open: run outside the bench
    }
  });
}
