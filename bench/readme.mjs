// Puts the table of the last `npm run bench` (bench/results.json) in the README, between
// `<!-- bench:start -->` and `<!-- bench:end -->`; the rest of the README is left as it is.
import { readFileSync, writeFileSync } from 'node:fs';
import { markdownTable } from './table.mjs';

const README = new URL('../README.md', import.meta.url);
const START = '<!-- bench:start -->';
const END = '<!-- bench:end -->';

const results = JSON.parse(readFileSync(new URL('./results.json', import.meta.url), 'utf8'));
if (!Array.isArray(results.lines)) throw new Error('bench/results.json has no "lines": run npm run bench first');
const readme = readFileSync(README, 'utf8');
const start = readme.indexOf(START);
const end = readme.indexOf(END);
if (start < 0 || end < start) throw new Error(`README.md: no ${START} … ${END} section`);
writeFileSync(README, `${readme.slice(0, start + START.length)}\n${markdownTable(results)}\n${readme.slice(end)}`);
console.log(`README.md: bench table updated (${results.lines.length} rows, ${results.machine.date})`);
