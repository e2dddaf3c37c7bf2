// Preloaded (node --import) into each measured process: on exit, writes its peak resident set
// size (KB) to file descriptor 3, which bench/run.mjs reads.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  try {
    writeSync(3, JSON.stringify({ maxRss: process.resourceUsage().maxRSS }));
  } catch {
    // fd 3 not open: run outside the bench
  }
});
