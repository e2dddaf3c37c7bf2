#!/usr/bin/env node
// Thin shim: all logic lives in the compiled TypeScript (npm run build).
import { run } from '../dist/index.js';

await run();
