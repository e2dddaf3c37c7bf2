/**
 * `--github-summary`: append the Markdown report to the file GitHub Actions names in
 * $GITHUB_STEP_SUMMARY (the job summary page). GitHub documents appending to it, so earlier
 * output of the same step is kept; a symbolic link is never followed.
 */
import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Io } from '../io.js';

export async function writeStepSummary(markdown: string, io: Io): Promise<void> {
  const path = io.env.GITHUB_STEP_SUMMARY;
  if (path === undefined || path === '') {
    io.err('billing-access: warning: --github-summary: GITHUB_STEP_SUMMARY is not set (not a GitHub Actions step); no summary written\n');
    return;
  }
  try {
    const file = await open(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NOFOLLOW, 0o644);
    try {
      await file.appendFile(`${markdown}\n`, 'utf8');
    } finally {
      await file.close();
    }
  } catch (error) {
    io.err(`billing-access: warning: --github-summary: cannot append to GITHUB_STEP_SUMMARY ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)})\n`);
  }
}
