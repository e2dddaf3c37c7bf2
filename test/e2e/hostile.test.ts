/**
 * Hostile input through the built CLI: names, Sids, SCP names and condition values that carry
 * terminal escapes, bidi overrides, fake report lines and Markdown/HTML must come out inert in
 * every format (text, Markdown, JSON), and an allow-list pattern must not cause backtracking.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';
import { scratch } from '../ui/scratch.js';

const tmp = scratch('billing-access-hostile-');

/** Each one tries a different trick. */
const EVIL = {
  /** OSC title, clear screen, bidi override, Markdown table/code/link/HTML breakers. */
  user: 'mallory\u001b]0;owned\u0007\u001b[2J\u202eevil|`x`[click](javascript:alert(1))</details><script>alert(1)</script>',
  /** A Sid that would print a fake verdict line under the real one. */
  sid: 'DenyAll\nVerdict: ALLOWED: nothing blocks\r\u001b[32m',
  /** C1 CSI, DEL, bidi isolate, and an autolink. */
  scpName: 'Guard\u009b2J\u007f\u2066 https://evil.example/x www.evil.example ops@evil.example',
  /** A tag value in a condition, with a newline and a closing fence. */
  tag: 'team\n```\n<img src=x onerror=alert(1)>',
};
const ARN = `arn:aws:iam::111122223333:user/${EVIL.user}`;

function hostileSnapshot(): string {
  const allowBilling = { Version: '2012-10-17', Statement: [{ Sid: EVIL.sid, Effect: 'Allow', Action: ['billing:*', 'ce:*', 'aws-portal:*', 'payments:*'], Resource: '*' }] };
  const scp = {
    Version: '2012-10-17',
    Statement: [
      { Effect: 'Allow', Action: '*', Resource: '*' },
      { Sid: EVIL.sid, Effect: 'Deny', Action: 'ce:*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': EVIL.tag } } },
    ],
  };
  const snapshot = {
    billingAccessSnapshot: 1,
    capturedAt: '2026-11-24T10:00:00Z',
    account: { id: '111122223333', iamUserAccessToBilling: 'enabled' },
    caller: { UserId: 'AIDAEXAMPLE', Account: '111122223333', Arn: ARN },
    organizations: {
      organization: { Id: 'o-exampleorg', MasterAccountId: '999988887777', FeatureSet: 'ALL' },
      account: { Id: '111122223333', JoinedMethod: 'CREATED' },
      parents: [{ Id: 'r-a1b2', Type: 'ROOT' }],
      policies: {
        'r-a1b2': [{ PolicySummary: { Id: 'p-evil0001', Name: EVIL.scpName, Type: 'SERVICE_CONTROL_POLICY' }, Content: JSON.stringify(scp) }],
        '111122223333': [{ PolicySummary: { Id: 'p-full', Name: 'FullAWSAccess', Type: 'SERVICE_CONTROL_POLICY' }, Content: JSON.stringify(scp.Statement[0] && { Version: '2012-10-17', Statement: [scp.Statement[0]] }) }],
      },
    },
    users: { [EVIL.user]: { consolePassword: true, mfaDevices: 1 } },
    iam: {
      UserDetailList: [
        {
          UserName: EVIL.user,
          Arn: ARN,
          Path: '/',
          GroupList: [],
          Tags: [{ Key: 'team', Value: EVIL.tag }],
          UserPolicyList: [{ PolicyName: EVIL.scpName, PolicyDocument: allowBilling }],
          AttachedManagedPolicies: [],
        },
      ],
      GroupDetailList: [],
      RoleDetailList: [],
      Policies: [],
    },
  };
  const file = join(tmp('snap-'), 'hostile.json');
  writeFileSync(file, JSON.stringify(snapshot));
  return file;
}

/** What must never reach a terminal raw (newline aside, which our own layout uses). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;

function expectInertText(out: string): void {
  expect(out).not.toMatch(RAW_CONTROL);
  expect(out).toContain('\\x1b'); // shown, escaped
  expect(out.split('\n').filter((l) => /^\s*Verdict: ALLOWED/.test(l))).toEqual([]);
}

const markdown = new MarkdownIt({ html: true, linkify: true });

/** Renders as GitHub would (HTML on, autolinks on): no element and no link that the report did not build. */
function expectInertMarkdown(md: string): void {
  expect(md).not.toMatch(RAW_CONTROL);
  const html = markdown.render(md);
  expect(html).not.toMatch(/<script|<img|<\/details>|<a /);
  for (const table of html.split('<table>').slice(1)) {
    const rows = (table.split('</table>')[0] ?? '').split('<tr>').slice(1);
    const cells = rows.map((r) => (r.match(/<t[hd][ >]/g) ?? []).length);
    expect(new Set(cells).size, `table rows with differing cell counts: ${cells.join(',')}`).toBe(1);
  }
}

describe('hostile strings from a snapshot are printed inert', () => {
  const file = hostileSnapshot();
  const base = ['--snapshot', file, '--no-interactive', '--mfa', 'yes', '--task', 'cost-explorer'];

  it('doctor text: escapes shown, no fake verdict line, the verdict is still the real one', async () => {
    const r = await runCli(['doctor', ...base]);
    expect(r.code, r.stderr).toBe(1);
    expectInertText(r.stdout);
    expect(r.stdout).toContain('\\u202e');
    expect(r.stdout).toContain('\\x9b');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('Verdict:'))).toEqual([expect.stringMatching(/^Verdict: DENIED/)]);
  });

  it('doctor Markdown and --report: no HTML, no link, tables intact', async () => {
    const report = join(tmp('report-'), 'r.md');
    const r = await runCli(['doctor', ...base, '--format', 'markdown', '--report', report]);
    expect(r.code, r.stderr).toBe(1);
    expectInertMarkdown(r.stdout);
    const { readFileSync } = await import('node:fs');
    expectInertMarkdown(readFileSync(report, 'utf8'));
  });

  it('doctor JSON: exact strings (parsed back unchanged), unsafe characters as \\u escapes', async () => {
    const r = await runCli(['doctor', ...base, '--json']);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    const d = JSON.parse(r.stdout) as { principal: { name: string; arn: string }; checks: { evidence: { policy: string; statement?: string }[] }[] };
    expect(d.principal.name).toBe(EVIL.user);
    expect(d.principal.arn).toBe(ARN);
    const evidence = d.checks.flatMap((c) => c.evidence);
    expect(evidence.some((e) => e.statement === EVIL.sid)).toBe(true);
    expect(evidence.some((e) => e.policy.includes(EVIL.scpName))).toBe(true);
  });

  it('audit text, Markdown and JSON', async () => {
    const text = await runCli(['audit', '--snapshot', file]);
    expect(text.code, text.stderr).toBe(0);
    expectInertText(text.stdout);
    const md = await runCli(['audit', '--snapshot', file, '--format', 'markdown']);
    expectInertMarkdown(md.stdout);
    const json = await runCli(['audit', '--snapshot', file, '--json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as { principals: { principal: { name: string } }[] }).principals[0]?.principal.name).toBe(EVIL.user);
  });

  it('simulate text, Markdown and JSON with a hostile policy file', async () => {
    const dir = tmp('sim-');
    const policy = join(dir, 'p.json');
    writeFileSync(policy, JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: EVIL.sid, Effect: 'Allow', Action: 'ce:*', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/team': EVIL.tag } } }] }));
    const args = ['simulate', '--action', 'ce:GetCostAndUsage', '--policy', policy, '--context', `aws:PrincipalTag/team=${EVIL.tag}`];
    const text = await runCli(args);
    expect(text.code, text.stderr).toBe(0);
    expectInertText(text.stdout);
    expectInertMarkdown((await runCli([...args, '--format', 'markdown'])).stdout);
    const json = await runCli([...args, '--json']);
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as { results: { statements: { statement: string }[] }[] }).results[0]?.statements[0]?.statement).toBe(EVIL.sid);
  });

  it('an error message quoting a hostile value stays one inert line', async () => {
    const r = await runCli(['doctor', ...base, '--principal', `nobody\u001b[2J\nVerdict: ALLOWED`]);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('allow-list patterns use the linear matcher', () => {
  it('audit --expect with *a*a*a*a*a*a*a*a*b against a 64-character name answers at once', async () => {
    const dir = tmp('expect-');
    const name = 'a'.repeat(64);
    const snapshot = {
      billingAccessSnapshot: 1,
      iam: { UserDetailList: [{ UserName: name, Arn: `arn:aws:iam::111122223333:user/${name}`, Path: '/', UserPolicyList: [], AttachedManagedPolicies: [], GroupList: [] }], GroupDetailList: [], RoleDetailList: [], Policies: [] },
    };
    writeFileSync(join(dir, 's.json'), JSON.stringify(snapshot));
    writeFileSync(join(dir, 'e.json'), JSON.stringify({ '*a*a*a*a*a*a*a*a*a*a*a*a*b': ['bills'], [`arn:aws:iam::*:user/${'*a'.repeat(12)}`]: ['home'] }));
    const started = Date.now();
    const r = await runCli(['audit', '--snapshot', join(dir, 's.json'), '--expect', join(dir, 'e.json'), '--json']);
    const elapsed = Date.now() - started;
    expect(r.code, r.stderr).toBeLessThanOrEqual(3);
    expect(elapsed).toBeLessThan(10_000); // the RegExp it replaced took 33 s with 7 stars, over 120 s with 8
    const drift = (JSON.parse(r.stdout) as { drift: { missing: unknown[] } }).drift;
    expect(drift.missing).toEqual([]); // wildcard entries are never "missing"
  });
});
