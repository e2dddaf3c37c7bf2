#!/usr/bin/env node
// Thin shim: all logic lives in the bundled TypeScript, lib/ (npm run build).
import { run } from '../lib/index.js';

await run();
