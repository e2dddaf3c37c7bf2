#!/usr/bin/env node
// Writes man/billing-access.1 from the command declarations (run via `npm run docs`, which builds first).
import { writeFileSync } from 'node:fs';
import { renderManPage } from '../dist/cli/docs.js';

const target = new URL('../man/billing-access.1', import.meta.url);
writeFileSync(target, renderManPage());
process.stdout.write(`wrote ${target.pathname}\n`);
