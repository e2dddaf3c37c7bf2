#!/usr/bin/env node
// Writes man/billing-access.1 and docs/options.md from the command declarations (run via `npm run docs`, which builds first).
import { writeFileSync } from 'node:fs';
import { renderManPage, renderOptionsMarkdown } from '../dist/cli/docs.js';

for (const [path, text] of [
  ['../man/billing-access.1', renderManPage()],
  ['../docs/options.md', renderOptionsMarkdown()],
]) {
  const target = new URL(path, import.meta.url);
  writeFileSync(target, text);
  process.stdout.write(`wrote ${target.pathname}\n`);
}
