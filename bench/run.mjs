// `npm run bench`: how fast billing-access is at any size, measured in one run on this machine, and
// whether each target of issue 15 (and of the organization sweep, issue 16) is met. Every number
// that is compared is measured in the same run (the machine may be shared, so absolute times are
// noisy; ratios to the process floor less so). Every line prints the measured value, its target
// and whether it is met ("no target" for figures shown for context). Sections: process floor and
// start-up; audit of generated snapshots (1k/5k/10k/20k principals × every page: time, peak RSS,
// growth per doubling); engine evaluations/s precompiled vs recompiled; live call counts against
// moto (skipped when moto_server is not installed); the organization sweep against a stub.
// BENCH_SIZES=1000,5000 picks the audit sizes; BENCH_LIVE=0 skips the live section,
// BENCH_LIVE_USERS=10,100 picks its sizes; BENCH_ORG=0 skips the organization sweep.
// Results go to bench/results.json (`node bench/readme.mjs` puts the table in the README).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSnapshot } from './generate.mjs';
import { measureLive } from './live.mjs';
import { measureOrgSweep, TARGET as ORG_TARGET } from './org-sweep.mjs';
import { measureStartup } from './startup.mjs';
import { figure, markdownTable } from './table.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/billing-access.js');
const PEAK = join(ROOT, 'bench/peak-rss.mjs');
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000,10000,20000').split(',').map(Number);
const work = mkdtempSync(join(tmpdir(), 'billing-access-bench-'));

const { TASK_IDS } = await import('../dist/model/catalogue.js');
const taskArgs = TASK_IDS.flatMap((t) => ['--task', t]);

/** Runs a command with peak-rss.mjs preloaded: wall time (ms) and the child's peak RSS (MB). */
function measure(args, stdoutFile, env = {}) {
  return new Promise((resolve, reject) => {
    const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PEAK, ...args], { cwd: ROOT, stdio: ['ignore', out, 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1', ...env } });
    let report = '';
    let stderr = '';
    child.stdio[3].on('data', (d) => (report += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      if (typeof out === 'number') closeSync(out);
      if (code !== 0 && code !== 1 && code !== 3) return reject(new Error(`${args.join(' ')} exited ${code}: ${stderr}`));
      resolve({ ms, rssMb: JSON.parse(report || '{"maxRss":0}').maxRss / 1024 });
    });
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
async function medianOf(runs, f) {
  const results = [];
  for (let i = 0; i < runs; i++) results.push(await f());
  return { ms: median(results.map((r) => r.ms)), rssMb: median(results.map((r) => r.rssMb)) };
}

const results = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version, date: new Date().toISOString() }, lines: [] };
/**
 * Prints and records one figure. With `limit`, its target: met when `value` is at most `limit`
 * (at least, with `atLeast`); without, it is there for context and says so.
 */
function line(what, value, unit = '', limit = undefined, atLeast = false) {
  const met = limit === undefined ? undefined : atLeast ? value >= limit : value <= limit;
  results.lines.push({ what, value: Number(value.toFixed(2)), unit, ...(limit === undefined ? {} : { limit, atLeast, met }) });
  const target = limit === undefined ? 'no target' : `target ${atLeast ? '≥' : '≤'} ${figure(limit, unit)}: ${met ? 'met' : 'NOT MET'}`;
  console.log(`  ${what}: ${figure(value, unit)} (${target})`);
}

// ---- Process floor and start-up --------------------------------------------------------------
const snapshot50 = join(work, 'p50.json');
writeFileSync(snapshot50, JSON.stringify(generateSnapshot(50)));
// Interleaved, so load on the machine hits both alike.
const floors = [];
const doctors = [];
for (let i = 0; i < 9; i++) {
  floors.push((await measure(['-e', '0'])).ms);
  doctors.push((await measure([BIN, 'doctor', '--snapshot', snapshot50, '--principal', 'user00003', '--json'])).ms);
}
const floor = median(floors);
const doctor = median(doctors);
results.startup = { floorMs: floor, doctor50Ms: doctor, ratio: doctor / floor };
console.log('start-up (median of 9, interleaved):');
line('process floor, node -e 0', floor, 'ms');
line('doctor --snapshot, 50 principals', doctor, 'ms');
line('doctor --snapshot (50 principals) / node -e 0', doctor / floor, '×', 3);
results.actionData = await measureStartup();
const a = results.actionData;
line('--help', a.helpMs, 'ms');
line('doctor --example healthy (allowed: no action data) / --help', a.allowedOverHelp, '×');
line('doctor --example eu-only-org (denied: loads the action data) / allowed', a.deniedOverAllowed, '×');
line(`loading the action data (${a.services} services, in-process)`, a.loadActionIndexMs, 'ms');

// ---- audit at every size, every page ----------------------------------------------------------
results.audit = [];
console.log(`audit --json, every page (${TASK_IDS.length}), generated snapshots:`);
/** The issue's targets by size: seconds and peak RSS (MB). */
const AUDIT_TARGETS = new Map([[10000, { s: 3, mb: 300 }], [20000, { s: 6, mb: 500 }]]);
for (const n of SIZES) {
  const file = join(work, `p${n}.json`);
  writeFileSync(file, JSON.stringify(generateSnapshot(n)));
  const run = await medianOf(n <= 1000 ? 3 : 1, () => measure([BIN, 'audit', '--snapshot', file, ...taskArgs, '--json'], join(work, `audit${n}.json`)));
  const rows = JSON.parse(readFileSync(join(work, `audit${n}.json`), 'utf8')).principals.length;
  if (rows !== n) throw new Error(`audit of ${n} principals returned ${rows} rows`);
  const previous = results.audit[results.audit.length - 1];
  // Growth per doubling of principals: (t_b / t_a) ^ (1 / log2(b / a)).
  const growth = previous ? (run.ms / previous.ms) ** (1 / Math.log2(n / previous.principals)) : undefined;
  results.audit.push({ principals: n, pages: TASK_IDS.length, ms: run.ms, rssMb: run.rssMb, xFloor: run.ms / floor, ...(growth ? { growthPerDoubling: growth } : {}) });
  const size = n.toLocaleString('en-US');
  line(`audit ${size} principals × every page`, run.ms / 1000, 's', AUDIT_TARGETS.get(n)?.s);
  line(`audit ${size} principals, peak RSS`, run.rssMb, 'MB', AUDIT_TARGETS.get(n)?.mb);
  // The issue's bound is for the large sizes, where start-up no longer dominates.
  if (growth) line(`audit time growth per doubling, ${previous.principals.toLocaleString('en-US')} → ${size}`, growth, '×', n >= 5000 ? 2.1 : undefined);
  if (n === SIZES[SIZES.length - 1]) {
    // Audit threads are kept only if they win here (cli/audit-threads.ts): the same audit on one thread.
    const one = await measure([BIN, 'audit', '--snapshot', file, ...taskArgs, '--json'], join(work, `audit${n}-one.json`), { BILLING_ACCESS_THREADS: '1' });
    if (readFileSync(join(work, `audit${n}-one.json`), 'utf8') !== readFileSync(join(work, `audit${n}.json`), 'utf8')) throw new Error(`audit of ${n} principals: one thread and several disagree`);
    results.audit[results.audit.length - 1].oneThread = { ms: one.ms, rssMb: one.rssMb };
    line(`audit ${size} principals on one thread (BILLING_ACCESS_THREADS=1)`, one.ms / 1000, 's');
    line(`audit ${size} principals, one thread / default threads`, one.ms / run.ms, '×');
  }
  rmSync(file);
}

// ---- engine evaluations per second ------------------------------------------------------------
const engine = spawnSync(process.execPath, [join(ROOT, 'bench/engine.mjs')], { cwd: ROOT, encoding: 'utf8' });
if (engine.status !== 0) throw new Error(`bench/engine.mjs failed: ${engine.stderr}`);
results.engine = JSON.parse(engine.stdout);
console.log('engine, every principal of a 1,000-principal account × every page action:');
line('evaluations/s, policies precompiled', results.engine.precompiled, '/s', 150000, true);
line('evaluations/s, compiling every request', results.engine.recompiled, '/s');
line('precompiled / compiling every request', results.engine.precompiled / results.engine.recompiled, '×');

// ---- live call counts ------------------------------------------------------------------------
if (process.env.BENCH_LIVE !== '0') {
  const users = (process.env.BENCH_LIVE_USERS ?? '10,100,1000').split(',').map(Number);
  console.log('live, against moto (an organization, a member account with n IAM users):');
  results.live = await measureLive({ bin: BIN, work, users });
  if (results.live.skipped) console.log(`  skipped (${results.live.skipped})`);
  for (const row of results.live.runs ?? []) {
    const n = row.users.toLocaleString('en-US');
    line(`seeding moto with ${n} users`, row.seedMs / 1000, 's');
    line(`snapshot, ${n} IAM users: API calls`, row.snapshotCalls, '', row.users === 1000 ? 40 : undefined);
    line(`doctor --principal, ${n} IAM users: API calls`, row.doctorCalls, '', 17);
  }
}

// ---- the organization sweep --------------------------------------------------------------------
if (process.env.BENCH_ORG !== '0') {
  console.log('audit --org: 1,000 member accounts × 20 principals, a stub answering after 50 ms per call:');
  const org = (results.orgSweep = await measureOrgSweep());
  line('audit --org wall time', org.seconds, 's', ORG_TARGET.seconds);
  line('audit --org calls per account', org.callsPerAccount, '', ORG_TARGET.callsPerAccount);
  line('audit --org peak RSS', org.peakRssMb, 'MB', ORG_TARGET.rssMb);
  line('audit --org accounts per second', org.accountsPerSecond, '/s');
}

// ---- report -----------------------------------------------------------------------------------
rmSync(work, { recursive: true, force: true });
writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
const missed = results.lines.filter((l) => l.met === false);
console.log(`\n${markdownTable(results)}\n`);
console.log(`${results.lines.filter((l) => l.met).length} targets met, ${missed.length} not met${missed.length > 0 ? `: ${missed.map((l) => l.what).join('; ')}` : ''}`);
console.log('results written to bench/results.json (node bench/readme.mjs puts the table in the README)');
