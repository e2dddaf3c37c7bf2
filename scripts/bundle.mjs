// Part of `npm run build`, last: links tsc's output (dist/) into the few files that ship (lib/), so
// a run loads a handful of chunks instead of some sixty modules. Each dynamic import stays a chunk
// of its own, loaded on first use as before: the AWS SDK (an external package) only for live runs,
// the action names only for runs that need them, colour only for text output. Packages stay
// external: npm installs them, and their own lazy loading is theirs.
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { rolldown } from 'rolldown';

const LIB = new URL('../lib/', import.meta.url);
const DIST = new URL('../dist/', import.meta.url);

rmSync(LIB, { recursive: true, force: true });
const bundle = await rolldown({
  input: { index: 'dist/index.js', 'cli/audit-worker': 'dist/cli/audit-worker.js' },
  cwd: new URL('..', import.meta.url).pathname,
  platform: 'node',
  // Only the package's own modules (relative paths) are linked in.
  external: (id, importer) => importer !== undefined && !id.startsWith('.') && !id.startsWith('/') || isBuiltin(id),
});
// Every chunk at the top of lib/, as src/package-files.ts expects; named after its first module.
await bundle.write({ dir: LIB.pathname, format: 'esm', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
await bundle.close();

// What the build generated next to dist/'s modules goes next to lib/'s (src/package-files.ts).
mkdirSync(new URL('sources/', LIB), { recursive: true });
for (const file of ['sources/snapshot-validators.cjs', 'sources/action-names.txt']) copyFileSync(new URL(file, DIST), new URL(file, LIB));
