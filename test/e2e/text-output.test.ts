/** Text output as a user meets it, through the built bin: --verbose, --quiet, piped lines, one symbol set. */
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';

const doctor = (...args: string[]) => runCli(['doctor', '--example', 'eu-only-org', '--no-interactive', ...args]);

describe('doctor --verbose / --quiet', () => {
  it('--quiet prints only the verdict line; the exit status is unchanged', async () => {
    const r = await doctor('--quiet');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('Verdict: DENIED by region\n');
    const ok = await runCli(['doctor', '--example', 'healthy', '--quiet']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('Verdict: ALLOWED: nothing in the checklist blocks these pages\n');
  });

  it('--verbose adds the full evidence of every check and every action evaluated, as in the JSON', async () => {
    const r = await doctor('--verbose');
    expect(r.code).toBe(1);
    const [report, full] = r.stdout.split('\nFull evidence\n');
    expect(report).toContain('What to do');
    expect(full).toBeDefined();
    const json = JSON.parse((await doctor('--json')).stdout) as Diagnosis;
    for (const check of json.checks) expect(full).toContain(`${check.id} (${check.status}): ${check.summary}`);
    const actions = (full ?? '').split('\nActions evaluated\n')[1] ?? '';
    expect(actions.trim().split('\n')).toHaveLength(json.actions.length);
    for (const a of json.actions) expect(actions).toMatch(new RegExp(`[✔✖] ${a.task} ${a.action.replace(/[:*]/g, '\\$&')} +${a.decision}`));
  });

  it('--quiet with --verbose or a format is a usage error', async () => {
    for (const extra of [['--verbose'], ['--json'], ['--format', 'markdown']]) {
      const r = await doctor('--quiet', ...extra);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("option '--quiet' cannot be used with option");
    }
  });
});

describe('piped text is never wrapped', () => {
  it('a long check summary stays on one line (scripts and grep read it)', async () => {
    const r = await doctor();
    const region = r.stdout.split('\n').find((l) => l.startsWith('✖ region'));
    expect(region?.length).toBeGreaterThan(200);
    expect(region).toMatch(/billing calls are made in us-east-1$/);
  });
});

describe('one symbol set in every command and format', () => {
  // (× is the matrix sign in "3 principals × 3 pages", not a mark.)
  const OTHER_MARKS = /[✘❌✅✓✗]/u;
  it.each([
    ['doctor text', ['doctor', '--example', 'mfa-no-device', '--verbose']],
    ['doctor markdown', ['doctor', '--example', 'mfa-no-device', '--format', 'markdown']],
    ['audit text', ['audit', '--snapshot', 'examples/eu-only-org.json']],
    ['audit markdown', ['audit', '--snapshot', 'examples/eu-only-org.json', '--format', 'markdown']],
    ['simulate text', ['simulate', '--action', 'ce:GetCostAndUsage', '--policy', 'test/fixtures/simulate/admin.json', '--scp', 'test/fixtures/simulate/deny-regions.json']],
    ['simulate markdown', ['simulate', '--action', 'ce:GetCostAndUsage', '--policy', 'test/fixtures/simulate/admin.json', '--format', 'markdown']],
  ])('%s uses ✔ ✖ ⚠ ? – only', async (_name, args) => {
    const r = await runCli(args);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/[✔✖]/u);
    expect(r.stdout).not.toMatch(OTHER_MARKS);
  });
});

describe('remediation file names', () => {
  it('two alternatives for one SCP are saved under two names, in the text and the command alike', async () => {
    const r = await doctor();
    const names = [...r.stdout.matchAll(/saved as (\S+\.json)/g)].map((m) => m[1]);
    expect(names).toEqual(['scp-p-8n2ke4xq.json', 'scp-p-8n2ke4xq-2.json']);
    expect(r.stdout).toContain('--content file://scp-p-8n2ke4xq.json');
    expect(r.stdout).toContain('--content file://scp-p-8n2ke4xq-2.json');
    const json = JSON.parse((await doctor('--json')).stdout) as Diagnosis;
    const files = json.checks.flatMap((c) => c.remediation.map((x) => x.file)).filter(Boolean);
    expect(files).toEqual(names);
  });
});
