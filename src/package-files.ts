/**
 * The package's own files, as URLs. They are computed here, in a module at the top of src/, because
 * this module is also at the top of every tree that runs it: src/ (the tests), dist/ (tsc's output,
 * which the build scripts import) and lib/ (the bundle that ships, whose chunks all sit at its
 * top). One level under the package root in each, so one relative URL serves all three.
 */

export const PACKAGE_JSON = new URL('../package.json', import.meta.url);
export const EXAMPLES_DIR = new URL('../examples/', import.meta.url);
export const MAN_PAGE = new URL('../man/billing-access.1', import.meta.url);
export const SCHEMA_FILE = new URL('../schema/snapshot.schema.json', import.meta.url);
export const MANAGED_POLICIES_FILE = new URL('../data/aws-managed-policies.json', import.meta.url);

/**
 * What the build writes next to the code (scripts/gen-validators.mjs, gen-action-names.mjs, then
 * copied into lib/ by scripts/bundle.mjs). Run from src/ there are none: the schema is compiled
 * and the package's action names are read instead.
 */
export const STANDALONE_VALIDATORS = new URL('./sources/snapshot-validators.cjs', import.meta.url);
export const ACTION_NAMES_FILE = new URL('./sources/action-names.txt', import.meta.url);

/** The audit worker thread's entry: dist/cli/audit-worker.js, and lib/cli/audit-worker.js in the bundle. */
export const AUDIT_WORKER = new URL('./cli/audit-worker.js', import.meta.url);
