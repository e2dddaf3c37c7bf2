import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string; bugs?: { url?: string } };

/** The package version, read from package.json next to dist/ so it never drifts. */
export const VERSION: string = pkg.version;

/** Where to report a bug (package.json `bugs.url`). */
export const BUGS_URL: string | undefined = pkg.bugs?.url;
