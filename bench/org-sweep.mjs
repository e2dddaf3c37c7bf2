#!/usr/bin/env node
// `audit --org` at scale (issue 16): an organization of 1,000 accounts × 20 principals served by a
// local stub that answers like AWS after 50 ms per call, swept by the built CLI at the default
// concurrency. Prints wall time, calls per account, accounts per second and the CLI's peak RSS,
// each against its target, and merges the figures into bench/results.json under "orgSweep".
// Usage: node bench/org-sweep.mjs [accounts] [principals] [latencyMs]; bench/run.mjs calls
// measureOrgSweep as one of its sections.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { startOrgStub } from './org-stub.mjs';

const BIN = fileURLToPath(new URL('../bin/billing-access.js', import.meta.url));
const RESULTS = new URL('./results.json', import.meta.url);
export const TARGET = { seconds: 180, callsPerAccount: 12, rssMb: 500 };

/** The child's peak resident set (VmHWM, a high-water mark), read from /proc while it runs. */
function peakRss(pid) {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

/** Sweeps the stub organization with the built CLI; the figures (or an Error when it printed no JSON). */
export async function measureOrgSweep({ accounts = 1000, principals = 20, latencyMs = 50 } = {}) {
  const stub = await startOrgStub({ accounts, principals, latencyMs });
  const env = { ...process.env, AWS_ENDPOINT_URL: stub.endpoint, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', AWS_REGION: 'us-east-1', CI: 'true', NO_COLOR: '1' };
  for (const key of ['AWS_PROFILE', 'AWS_SESSION_TOKEN', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE']) delete env[key];

  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, [BIN, 'audit', '--org', '--json'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let rss = 0;
  const poll = setInterval(() => (rss = Math.max(rss, peakRss(child.pid))), 100);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const code = await new Promise((resolve) => child.on('close', resolve));
  clearInterval(poll);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await stub.stop();

  let result;
  try {
    result = JSON.parse(stdout);
  } catch {
    throw new Error(`audit --org printed no JSON (exit ${code}):\n${stderr.slice(-2000)}`);
  }
  if (code !== 0 && code !== 1 && code !== 3) throw new Error(`audit --org exited ${code}: ${stderr.slice(-2000)}`);
  const read = result.accounts.filter((a) => a.status === 'read').length;
  const cells = result.accounts.reduce((n, a) => n + a.principals.reduce((m, p) => m + p.cells.length, 0), 0);
  return {
    accounts: stub.accounts,
    principalsPerAccount: principals,
    latencyMs,
    exitCode: code,
    accountsRead: read,
    cells,
    seconds: Number(seconds.toFixed(1)),
    callsPerAccount: Number((stub.counts.total / stub.accounts).toFixed(2)),
    accountsPerSecond: Number((stub.accounts / seconds).toFixed(1)),
    peakRssMb: Math.round(rss / 1024 / 1024),
    calls: Object.fromEntries([...stub.counts.byOperation].sort(([a], [b]) => a.localeCompare(b))),
  };
}

// Run on its own: print the figures and merge them into bench/results.json under "orgSweep".
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [accounts, principals, latencyMs] = process.argv.slice(2).map(Number);
  const figures = await measureOrgSweep({ accounts, principals, latencyMs });
  const mark = (ok) => (ok ? 'met' : 'NOT MET');
  const lines = [
    `audit --org: ${figures.accounts} accounts × ${figures.principalsPerAccount} principals, stub latency ${figures.latencyMs} ms, default concurrency (exit ${figures.exitCode}, ${figures.accountsRead} accounts read, ${figures.cells} cells)`,
    `  wall time          ${figures.seconds} s      target ≤ ${TARGET.seconds} s   ${mark(figures.seconds <= TARGET.seconds)}`,
    `  calls per account  ${figures.callsPerAccount}       target ≤ ${TARGET.callsPerAccount}      ${mark(figures.callsPerAccount <= TARGET.callsPerAccount)}`,
    `  peak RSS           ${figures.peakRssMb} MB     target ≤ ${TARGET.rssMb} MB  ${mark(figures.peakRssMb <= TARGET.rssMb)}`,
    `  accounts per s     ${figures.accountsPerSecond}`,
    `  calls by operation ${Object.entries(figures.calls).map(([op, n]) => `${op} ${n}`).join(', ')}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  let all = {};
  try {
    all = JSON.parse(readFileSync(RESULTS, 'utf8'));
  } catch {
    // first run: no results yet
  }
  writeFileSync(RESULTS, JSON.stringify({ ...all, orgSweep: figures }, null, 2) + '\n');
}
