/**
 * A broken network between billing-access and a real moto_server (through the fault proxy): every
 * fault ends the run with exit 2, one line naming the operation and the endpoint, within its limit,
 * and leaves no file (not even a temporary one). Also: proxies from the environment, and the
 * credential exchange of a role_arn profile passing the allow-list.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, type Server } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { DEFAULT_CREDENTIALS, liveEnv, seedClients } from './aws.js';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';
import { startMoto, type Moto } from './moto.js';
import { seedAccount } from './scenarios.js';
import { scratch } from '../ui/scratch.js';

// One account seeded once and never reset: the tests only read it, so they run side by side
// (most of their time is spent waiting out a timeout, a deadline or retry back-off).
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
  await seedAccount(seedClients(moto.endpoint));
});
const tmp = scratch('billing-access-net-');
const proxies = new Set<FaultProxy>();
afterAll(async () => {
  await Promise.all([...proxies].map((p) => p.stop()));
  await moto?.stop();
});

/** Figures for the closing note: fault, exit code, seconds to fail. */
const figures: string[] = [];
afterAll(() => console.info(`network faults:\n${figures.join('\n')}`));

interface Outcome {
  code: number | null;
  stderr: string;
  seconds: number;
  /** What the output directory holds afterwards. */
  left: string[];
}

async function snapshotThrough(endpoint: string, args: string[] = [], env: Record<string, string | undefined> = {}): Promise<Outcome> {
  const dir = tmp('out-');
  const started = Date.now();
  const r = await runCli(['snapshot', '-o', join(dir, 's.json'), '--principal', 'alice', ...args], { env: liveEnv(endpoint, env), timeoutMs: 120_000 });
  return { code: r.code, stderr: r.stderr, seconds: (Date.now() - started) / 1000, left: readdirSync(dir) };
}

async function faulty(operation: string, fault: Fault): Promise<FaultProxy> {
  const proxy = await startFaultProxy(moto.endpoint, [{ operation, fault, times: Infinity }]);
  proxies.add(proxy);
  return proxy;
}

function expectFailure(r: Outcome, pattern: RegExp, label: string): void {
  expect(r.code, r.stderr).toBe(2);
  expect(r.stderr.trim().split('\n'), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.left, 'no snapshot and no temporary file').toEqual([]);
  figures.push(`  ${label}: exit ${r.code} after ${r.seconds.toFixed(1)} s: ${r.stderr.trim()}`);
}

const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe.concurrent('network faults (live, moto behind the fault proxy)', { timeout: 180_000 }, () => {
  it('hang on sts:GetCallerIdentity: the request timeout ends it, naming the endpoint', async () => {
    const p = await faulty('GetCallerIdentity', 'hang');
    const r = await snapshotThrough(p.endpoint, ['--request-timeout', '2']);
    expectFailure(r, new RegExp(`^billing-access: sts:GetCallerIdentity: no answer from ${esc(p.endpoint)} within 2 s \\(--request-timeout\\)`), 'hang, --request-timeout 2');
    expect(r.seconds).toBeLessThan(15);
    expect(p.count('GetCallerIdentity').requests).toBe(1); // a timeout is not retried
  });

  it('hang on iam:GetAccountAuthorizationDetails with the default limits: fails within the 30 s request timeout', async () => {
    const p = await faulty('GetAccountAuthorizationDetails', 'hang');
    const r = await snapshotThrough(p.endpoint);
    expectFailure(r, /^billing-access: iam:GetAccountAuthorizationDetails: no answer from .* within 30 s \(--request-timeout\)/, 'hang, default limits');
    expect(r.seconds).toBeGreaterThanOrEqual(30);
    expect(r.seconds).toBeLessThan(60);
  });

  it('an answer that trickles and never ends: cut by the request timeout', async () => {
    const p = await faulty('GetAccountAuthorizationDetails', 'slow');
    const r = await snapshotThrough(p.endpoint, ['--request-timeout', '3']);
    expectFailure(r, /^billing-access: iam:GetAccountAuthorizationDetails: no answer from .* within 3 s/, 'slow body, --request-timeout 3');
    expect(r.seconds).toBeLessThan(30); // the body never ends: only the timeout can stop it (the rest is start-up under load)
  });

  it('the overall deadline ends a run whose single request may take longer', async () => {
    const p = await faulty('GetAccountAuthorizationDetails', 'hang');
    const r = await snapshotThrough(p.endpoint, ['--request-timeout', '120', '--deadline', '4']);
    expectFailure(r, new RegExp(`^billing-access: iam:GetAccountAuthorizationDetails: the overall deadline of 4 s \\(--deadline\\) passed while waiting for ${esc(p.endpoint)}`), 'hang, --deadline 4');
    expect(r.seconds).toBeLessThan(15);
  });

  it('an endpoint that never completes the TCP handshake: the connection timeout', async () => {
    // A socket whose accept queue is full: the kernel drops further SYNs, so connect() just waits.
    const blackhole = spawn('python3', ['-c', 'import socket,time,sys\ns=socket.socket();s.bind(("127.0.0.1",0));s.listen(0)\np=s.getsockname()[1]\nf=[]\nfor i in range(3):\n c=socket.socket();c.setblocking(False)\n try: c.connect(("127.0.0.1",p))\n except BlockingIOError: pass\n f.append(c)\nprint(p,flush=True)\ntime.sleep(120)'], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const port = await new Promise<string>((resolve) => blackhole.stdout?.once('data', (d: Buffer) => resolve(d.toString().trim())));
      const endpoint = `http://127.0.0.1:${port}`;
      const r = await snapshotThrough(endpoint, ['--connect-timeout', '2']);
      expectFailure(r, new RegExp(`^billing-access: sts:GetCallerIdentity: could not connect to ${esc(endpoint)} within 2 s \\(--connect-timeout\\)`), 'no TCP handshake, --connect-timeout 2');
      expect(r.seconds).toBeLessThan(15);
    } finally {
      (blackhole as ChildProcess).kill('SIGKILL');
    }
  });

  it('connection reset on every attempt: retried, then one line with ECONNRESET', async () => {
    const p = await faulty('GetCallerIdentity', 'reset');
    const r = await snapshotThrough(p.endpoint);
    expectFailure(r, new RegExp(`^billing-access: sts:GetCallerIdentity: cannot reach AWS \\(${esc(p.endpoint)}\\): ECONNRESET`), 'reset');
  });

  it('an empty HTTP 200 is a read error, never "0 users, no gaps"', async () => {
    const p = await faulty('GetAccountAuthorizationDetails', 'empty');
    const r = await snapshotThrough(p.endpoint);
    expectFailure(r, /^billing-access: iam:GetAccountAuthorizationDetails: .* answered HTTP 200 with an empty body, not an AWS answer/, 'empty 200');
    await p.stop();
    const caller = await faulty('GetCallerIdentity', 'empty');
    const first = await snapshotThrough(caller.endpoint);
    expectFailure(first, /^billing-access: sts:GetCallerIdentity: .* answered HTTP 200 with an empty body/, 'empty 200 (GetCallerIdentity)');
  });

  it('an HTML error page (HTTP 500) is a read error, not retried as if AWS had said it', async () => {
    const p = await faulty('GetCallerIdentity', 'html');
    const r = await snapshotThrough(p.endpoint);
    expectFailure(r, /^billing-access: sts:GetCallerIdentity: .* answered HTTP 500 with an HTML page, not an AWS answer/, 'HTML 500');
    expect(p.count('GetCallerIdentity').requests).toBe(1);
  });

  it('throttling on every attempt: one line after the retries; --debug adds service, operation, status, request id, endpoint', async () => {
    const p = await faulty('GetAccountAuthorizationDetails', 'throttle');
    // Side by side: each run spends its time in retry back-off.
    const [r, debug] = await Promise.all([snapshotThrough(p.endpoint), snapshotThrough(p.endpoint, ['--debug'])]);
    expectFailure(r, /^billing-access: iam:GetAccountAuthorizationDetails failed after 5 attempts with the default AWS credentials: Throttling: Rate exceeded/, 'throttled on every attempt');
    expect(debug.code).toBe(2);
    expect(debug.stderr).toContain('  service: iam');
    expect(debug.stderr).toContain('  operation: GetAccountAuthorizationDetails');
    expect(debug.stderr).toContain('  HTTP status: 400');
    expect(debug.stderr).toMatch(/ {2}request id: fault-\d+/);
    expect(debug.stderr).toContain(`  endpoint: ${p.endpoint}`);
  });

  it('doctor: a hang fails with the same line, and --report writes nothing', async () => {
    const p = await faulty('GetAccountAuthorizationDetails', 'hang');
    const dir = tmp('doc-');
    const r = await runCli(['doctor', '--no-interactive', '--principal', 'alice', '--mfa', 'yes', '--request-timeout', '2', '--report', join(dir, 'r.md')], { env: liveEnv(p.endpoint) });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^billing-access: iam:GetAccountAuthorizationDetails: no answer from .* within 2 s/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a bad limit is a usage error naming the flag, before any request', async () => {
    const r = await snapshotThrough(moto.endpoint, ['--request-timeout', 'soon']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^billing-access: --request-timeout soon: expected a number of seconds/);
    expect(r.left).toEqual([]);
  });
});

/** A plain forward proxy (absolute-URI requests) that counts what it forwards. */
async function forwardProxy(): Promise<{ url: string; seen: string[]; stop(): Promise<void> }> {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    const target = new URL(req.url ?? '/');
    seen.push(`${req.method} ${target.host}`);
    const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: target.pathname + target.search, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  return {
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
    seen,
    stop: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

describe.concurrent('proxies and credential exchanges (live, moto)', { timeout: 180_000 }, () => {
  it('HTTP_PROXY carries every request; NO_PROXY bypasses it; lower-case http_proxy wins over HTTP_PROXY', async () => {
    const fwd = await forwardProxy();
    try {
      const through = await snapshotThrough(moto.endpoint, [], { HTTP_PROXY: fwd.url });
      expect(through.code, through.stderr).toBe(0);
      const host = new URL(moto.endpoint).host;
      expect(fwd.seen.length).toBeGreaterThan(3);
      expect(new Set(fwd.seen.map((s) => s.split(' ')[1]))).toEqual(new Set([host]));

      fwd.seen.length = 0;
      const bypass = await snapshotThrough(moto.endpoint, [], { HTTP_PROXY: fwd.url, NO_PROXY: 'localhost,127.0.0.1' });
      expect(bypass.code, bypass.stderr).toBe(0);
      expect(fwd.seen).toEqual([]);

      const lower = await snapshotThrough(moto.endpoint, [], { http_proxy: fwd.url, HTTP_PROXY: 'http://127.0.0.1:9' });
      expect(lower.code, lower.stderr).toBe(0);
      expect(fwd.seen.length).toBeGreaterThan(3);
    } finally {
      await fwd.stop();
    }
  });

  it('a proxy that cannot be reached: one line naming the endpoint and the proxy (not its password), exit 2', async () => {
    const r = await snapshotThrough(moto.endpoint, [], { HTTPS_PROXY: 'http://u:s3cret@127.0.0.1:9', HTTP_PROXY: 'http://u:s3cret@127.0.0.1:9' });
    expect(r.stderr).not.toContain('s3cret');
    expectFailure(r, /^billing-access: sts:GetCallerIdentity: cannot reach AWS \(http:\/\/127\.0\.0\.1:\d+ via proxy http:\/\/127\.0\.0\.1:9\): ECONNREFUSED/, 'proxy down');
  });

  it('a profile with role_arn and source_profile: sts:AssumeRole goes through the guarded handler and the allow-list', async () => {
    const dir = tmp('aws-');
    writeFileSync(join(dir, 'credentials'), `[base]\naws_access_key_id = ${DEFAULT_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${DEFAULT_CREDENTIALS.secretAccessKey}\n`);
    writeFileSync(join(dir, 'config'), `[profile auditor]\nrole_arn = arn:aws:iam::123456789012:role/Analyst\nsource_profile = base\nregion = us-east-1\n`);
    const p = await startFaultProxy(moto.endpoint, []);
    proxies.add(p);
    const r = await snapshotThrough(p.endpoint, ['--profile', 'auditor'], {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(p.count('AssumeRole').requests).toBe(1);
    expect(p.log[0]?.operation).toBe('AssumeRole');
    expect(existsSync(join(dir, 'config'))).toBe(true);
  });

  it('an --org-profile with role_arn: Organizations and Identity Center share its credentials, one sts:AssumeRole', async () => {
    const dir = tmp('aws-');
    writeFileSync(join(dir, 'credentials'), `[base]\naws_access_key_id = ${DEFAULT_CREDENTIALS.accessKeyId}\naws_secret_access_key = ${DEFAULT_CREDENTIALS.secretAccessKey}\n`);
    writeFileSync(join(dir, 'config'), `[profile base]\nregion = us-east-1\n[profile auditor]\nrole_arn = arn:aws:iam::123456789012:role/Analyst\nsource_profile = base\nregion = us-east-1\n`);
    const p = await startFaultProxy(moto.endpoint, []);
    proxies.add(p);
    const r = await snapshotThrough(p.endpoint, ['--profile', 'base', '--org-profile', 'auditor'], {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(p.log.some((e) => e.operation === 'ListInstances'), 'Identity Center was read').toBe(true);
    expect(p.count('AssumeRole').requests).toBe(1);
  });
});
