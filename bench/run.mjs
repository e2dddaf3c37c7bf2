// `npm run bench`: how fast billing-access is at any size, measured in one run on this machine, and
// whether each target of issue 15 is met. Every number that is compared is measured in the same
// run (the machine is shared, so absolute times are noisy; ratios to the process floor less so).
// Sections: process floor and start-up; audit of generated snapshots (1k/5k/10k/20k principals ×
// every page: time, peak RSS, growth per doubling); engine evaluations/s precompiled vs recompiled;
// live call counts against moto (skipped when moto_server is not installed).
// BENCH_SIZES=1000,5000 picks the audit sizes; BENCH_LIVE=0 skips the live section.
// Results go to bench/results.json.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, closeSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateSnapshot } from './generate.mjs';
import { measureLive } from './live.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = join(ROOT, 'bin/billing-access.js');
const PEAK = join(ROOT, 'bench/peak-rss.mjs');
const SIZES = (process.env.BENCH_SIZES ?? '1000,5000,10000,20000').split(',').map(Number);
const work = mkdtempSync(join(tmpdir(), 'billing-access-bench-'));

const { TASK_IDS } = await import('../dist/model/catalogue.js');
const taskArgs = TASK_IDS.flatMap((t) => ['--task', t]);

/** Runs a command with peak-rss.mjs preloaded: wall time (ms) and the child's peak RSS (MB). */
function measure(args, stdoutFile) {
  return new Promise((resolve, reject) => {
    const out = stdoutFile ? openSync(stdoutFile, 'w') : 'ignore';
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', PEAK, ...args], { cwd: ROOT, stdio: ['ignore', out, 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
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

const results = { machine: { cpus: (await import('node:os')).cpus().length, node: process.version, date: new Date().toISOString() }, targets: [] };
/** Records a target: met when `value` is at most `limit` (or at least, with `atLeast`). */
const target = (what, value, limit, unit = '', atLeast = false) => {
  const met = atLeast ? value >= limit : value <= limit;
  results.targets.push({ what, value: Number(value.toFixed(2)), limit: `${atLeast ? '≥' : '≤'} ${limit}`, unit, met });
};

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
console.log(`process floor (node -e 0): ${floor.toFixed(0)} ms; doctor --snapshot (50 principals): ${doctor.toFixed(0)} ms = ${(doctor / floor).toFixed(2)}× the floor`);
target('doctor --snapshot (50 principals) / node -e 0', doctor / floor, 3, '×');

// ---- audit at every size, every page ----------------------------------------------------------
results.audit = [];
console.log(`audit --json, every page (${TASK_IDS.length}), generated snapshots:`);
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
  console.log(`  ${String(n).padStart(6)} principals: ${(run.ms / 1000).toFixed(2)} s (${(run.ms / floor).toFixed(0)}× the floor), peak RSS ${run.rssMb.toFixed(0)} MB${growth ? `, growth per doubling ${growth.toFixed(2)}×` : ''}`);
  rmSync(file);
}
const at = (n) => results.audit.find((a) => a.principals === n);
if (at(10000)) target('audit 10,000 principals × every page (s)', at(10000).ms / 1000, 3, 's');
if (at(10000)) target('audit 10,000 principals peak RSS (MB)', at(10000).rssMb, 300, 'MB');
if (at(20000)) target('audit 20,000 principals × every page (s)', at(20000).ms / 1000, 6, 's');
if (at(20000)) target('audit 20,000 principals peak RSS (MB)', at(20000).rssMb, 500, 'MB');
const growths = results.audit.filter((a) => a.growthPerDoubling !== undefined && a.principals >= 5000);
if (growths.length > 0) target('audit time growth per doubling of principals (worst, ≥ 5k)', Math.max(...growths.map((a) => a.growthPerDoubling)), 2.1, '×');

// ---- engine evaluations per second ------------------------------------------------------------
const engine = spawnSync(process.execPath, [join(ROOT, 'bench/engine.mjs')], { cwd: ROOT, encoding: 'utf8' });
if (engine.status !== 0) throw new Error(`bench/engine.mjs failed: ${engine.stderr}`);
results.engine = JSON.parse(engine.stdout);
console.log(`engine: ${results.engine.precompiled.toFixed(0)} evaluations/s with policies precompiled, ${results.engine.recompiled.toFixed(0)}/s compiling every request (${(results.engine.precompiled / results.engine.recompiled).toFixed(1)}×)`);
target('engine evaluations/s, policies precompiled', results.engine.precompiled, 150000, '/s', true);

// ---- live call counts ------------------------------------------------------------------------
if (process.env.BENCH_LIVE !== '0') {
  results.live = await measureLive({ bin: BIN, work, users: [10, 100, 1000] });
  if (results.live.skipped) console.log(`live: skipped (${results.live.skipped})`);
  else {
    for (const row of results.live.runs) {
      console.log(`  live, ${String(row.users).padStart(5)} users: snapshot ${row.snapshotCalls} calls (${(row.snapshotMs / 1000).toFixed(1)} s), doctor ${row.doctorCalls} calls`);
    }
    const big = results.live.runs.find((r) => r.users === 1000);
    if (big) target('snapshot API calls, 1,000 IAM users', big.snapshotCalls, 40);
    target('doctor live API calls, one principal (worst)', Math.max(...results.live.runs.map((r) => r.doctorCalls)), 17);
  }
}

// ---- report -----------------------------------------------------------------------------------
rmSync(work, { recursive: true, force: true });
writeFileSync(join(ROOT, 'bench/results.json'), JSON.stringify(results, null, 2) + '\n');
console.log('\n| target | measured | limit | met |\n| --- | --- | --- | --- |');
for (const t of results.targets) {
  console.log(`| ${t.what} | ${t.value}${t.unit} | ${t.limit}${t.unit} | ${t.met ? 'yes' : 'NO'} |`);
}
console.log('\nresults written to bench/results.json');
