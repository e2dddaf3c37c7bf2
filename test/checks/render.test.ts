/** The renderers: symbols, colour only when allowed, Markdown structure, and JSON-in-text stays valid. */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { colorLevel } from '../../src/render/color.js';
import { formatJson, renderMarkdown, renderText } from '../../src/render/doctor.js';
import { check, run, snapshot, user } from './builders.js';

const d = run(snapshot({ users: { bob: { consolePassword: true, mfaDevices: 1 } } }, { UserDetailList: [user('bob')] }), 'bob');

describe('renderers', () => {
  it('text: one line per check with its symbol, then the verdict and numbered steps with commands', () => {
    const text = renderText(d);
    expect(text).toMatch(/^✖ identity-policy +no identity policy allows/m);
    expect(text).toMatch(/^✔ activation /m);
    expect(text).toMatch(/^– scp /m);
    expect(text).toContain('Verdict: DENIED by identity-policy');
    expect(text).toMatch(/^1\. \[IAM administrator\] \(identity-policy\) Allow/m);
    expect(text).toContain('     $ aws iam attach-user-policy --user-name bob --policy-arn arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess');
    expect(text).not.toContain('\u001b[');
  });

  it('text: a step two checks propose is printed once, naming both', () => {
    const step = d.checks.find((c) => c.id === 'identity-policy')?.remediation[0];
    expect(step).toBeDefined();
    const twice = { ...d, checks: d.checks.map((c) => (c.id === 'mfa' ? { ...c, status: 'fail' as const, remediation: [step!] } : c)) };
    const text = renderText(twice);
    expect(text.split('\n').filter((l) => /^\d+\. /.test(l) && l.includes(step!.text))).toEqual([
      expect.stringMatching(/^1\. \[IAM administrator\] \(identity-policy, mfa\) Allow/),
    ]);
  });

  it('colour codes appear only with a colour-capable chalk', () => {
    expect(renderText(d, new Chalk({ level: 1 }))).toContain('\u001b[31m✖');
  });

  it('colour level: NO_COLOR and FORCE_COLOR=0 turn it off, a non-TTY too, FORCE_COLOR forces it', () => {
    expect(colorLevel({ env: { NO_COLOR: '1' }, stdoutIsTTY: true })).toBe(0);
    expect(colorLevel({ env: { FORCE_COLOR: '0' }, stdoutIsTTY: true })).toBe(0);
    expect(colorLevel({ env: {}, stdoutIsTTY: false })).toBe(0);
    expect(colorLevel({ env: { FORCE_COLOR: '1' }, stdoutIsTTY: false })).toBe(1);
    expect(colorLevel({ env: {}, stdoutIsTTY: true })).toBeGreaterThan(0);
  });

  it('markdown: checklist table, findings with evidence and fenced commands and documents', () => {
    const md = renderMarkdown(d);
    expect(md).toContain('| ✖ | `identity-policy` | fail |');
    expect(md).toContain('### ✖ identity-policy (fail)');
    expect(md).toContain('   ```sh\n   aws iam attach-user-policy');
    expect(md).toContain('   ```json');
    expect(md).toContain('| bills | `billing:GetBillingData` | implicit-deny | identity-policy |');
  });

  it('formatJson packs long action lists but stays the same JSON', () => {
    const document = check(d, 'identity-policy').remediation.find((r) => r.document)?.document;
    const big = { Statement: [{ NotAction: Array.from({ length: 40 }, (_, i) => `svc${i}:*`), Condition: { StringNotEquals: { k: ['a', 'b'] } } }] };
    for (const value of [document, big]) expect(JSON.parse(formatJson(value))).toEqual(value);
    expect(formatJson(big).split('\n').length).toBeLessThan(20);
  });
});
