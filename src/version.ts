import { readFileSync } from 'node:fs';
import { PACKAGE_JSON } from './package-files.js';

const pkg = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version: string; bugs?: { url?: string } };

/** The package version, read from the package's package.json so it never drifts. */
export const VERSION: string = pkg.version;

/** Where to report a bug (package.json `bugs.url`). */
export const BUGS_URL: string | undefined = pkg.bugs?.url;
