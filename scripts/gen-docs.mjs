#!/usr/bin/env node
// Writes man/billing-access.1 and the README's option reference from the command declarations
// (run via `npm run docs`, which builds first).
import { readFileSync, writeFileSync } from 'node:fs';
import { renderManPage, withReadmeOptions } from '../dist/cli/docs.js';

const man = new URL('../man/billing-access.1', import.meta.url);
writeFileSync(man, renderManPage());
const readme = new URL('../README.md', import.meta.url);
writeFileSync(readme, withReadmeOptions(readFileSync(readme, 'utf8')));
process.stdout.write(`wrote ${man.pathname} and the options in ${readme.pathname}\n`);
