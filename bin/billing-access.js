#!/usr/bin/env node
// Thin shim: all logic lives in the TypeScript, bundled into lib/ by `npm run build`. A checkout
// built by `tsc` alone has only dist/, which runs the same program unbundled.
import { existsSync } from 'node:fs';

const built = ['../lib/index.js', '../dist/index.js'].map((path) => new URL(path, import.meta.url)).find((url) => existsSync(url));
if (built === undefined) {
  process.stderr.write(`billing-access: not built: run \`npm run build\` in ${new URL('..', import.meta.url).pathname}\n`);
  process.exitCode = 2;
} else {
  await (await import(built.href)).run();
}
