import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DoctorOptions } from '../../src/cli/options.js';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { renderText } from '../../src/render/doctor.js';
import { afterDiagnosis, printDiagnosis, reportName, validateReportPath } from '../../src/ui/wizard.js';
import { fakePrompter, recordingIo } from './fake-prompter.js';
import { scratch } from './scratch.js';

const tempDir = scratch('ba-after-diagnosis-');

const base: DoctorOptions = { actionSet: 'fine-grained', region: 'us-east-1', interactive: true, format: 'text' };

const diagnosis: Diagnosis = {
  schemaVersion: 1,
  source: { kind: 'example', file: 'examples/eu-only-org.json' },
  principal: { arn: 'arn:aws:iam::111122223333:user/alice', type: 'user', name: 'alice' },
  tasks: ['bills'],
  verdict: 'denied',
  checks: [
    { id: 'activation', status: 'pass', summary: 'activated', evidence: [{ layer: 'snapshot', policy: 'iamUserAccessToBilling = enabled' }], remediation: [] },
    { id: 'identity-policy', status: 'pass', summary: 'allowed by Billing', evidence: [{ layer: 'identity', policy: 'arn:aws:iam::aws:policy/job-function/Billing', statement: '#0' }], remediation: [] },
    {
      id: 'region',
      status: 'fail',
      summary: 'SCP DenyAllOutsideEU denies billing:GetBillingData',
      evidence: [{ layer: 'scp', policy: 'SCP DenyAllOutsideEU (p-8n2ke4xq)', statement: 'DenyAllOutsideEU', condition: 'StringNotEquals aws:RequestedRegion' }],
      remediation: [{ kind: 'policy', text: 'Exempt billing:* from the region deny', who: 'organization management account' }],
    },
  ],
  actions: [
    { task: 'bills', action: 'billing:GetBillingData', decision: 'explicit-deny', deniedBy: 'region' },
    { task: 'bills', action: 'ce:GetCostAndUsage', decision: 'allowed' },
  ],
};

const cwd = () => tempDir('after-');

describe('afterDiagnosis', () => {
  it('saves the Markdown report under the name given, after rejecting existing files and missing directories', async () => {
    const dir = cwd();
    writeFileSync(join(dir, 'taken.md'), 'old');
    const prompter = fakePrompter(
      [
        { kind: 'confirm', message: /Save a Markdown report/, answer: true },
        { kind: 'input', message: /Save the report as/, answer: 'alice.md' },
        { kind: 'confirm', message: /Show the full evidence/, answer: false },
      ],
      { rejectedInputs: ['taken.md', 'nowhere/r.md', ' '] },
    );
    const rec = recordingIo({}, dir);
    await afterDiagnosis(diagnosis, base, rec.io, prompter);
    prompter.done();
    expect(prompter.asked[1]?.default).toBe('billing-access-alice.md');
    expect(prompter.asked[1]?.validation).toEqual([
      'taken.md already exists; choose another name.',
      'No such directory: nowhere',
      'Enter a file name for the report.',
      true,
    ]);
    const report = readFileSync(join(dir, 'alice.md'), 'utf8');
    expect(report).toMatch(/^# Billing console access/);
    expect(report).toContain('DenyAllOutsideEU');
    expect(readFileSync(join(dir, 'taken.md'), 'utf8')).toBe('old');
    expect(rec.stderr()).toMatch(/^Report written to alice.md\n\nThe same diagnosis without questions:\n  billing-access doctor .*--no-interactive\n$/);
    expect(rec.stdout()).toBe('');
  });

  it('shows every check with its evidence and every action when asked', async () => {
    const prompter = fakePrompter([
      { kind: 'confirm', message: /Save a Markdown report/, answer: false },
      { kind: 'confirm', message: /Show the full evidence/, answer: true },
    ]);
    const rec = recordingIo({ NO_COLOR: '1' }, cwd());
    await afterDiagnosis(diagnosis, base, rec.io, prompter);
    prompter.done();
    const out = rec.stdout();
    for (const check of diagnosis.checks) expect(out).toContain(`${check.id} (${check.status}): ${check.summary}`);
    // Evidence of passing checks too, not only of the failing one.
    expect(out).toContain('identity: arn:aws:iam::aws:policy/job-function/Billing, statement #0');
    expect(out).toContain('scp: SCP DenyAllOutsideEU (p-8n2ke4xq), statement DenyAllOutsideEU, when StringNotEquals aws:RequestedRegion');
    expect(out).toMatch(/✖ bills billing:GetBillingData\s+explicit-deny \(region\)/);
    expect(out).toMatch(/✔ bills ce:GetCostAndUsage\s+allowed/);
    expect(out).not.toMatch(/\x1b\[/);
  });

  it('does not offer a report when --report already wrote one', async () => {
    const prompter = fakePrompter([{ kind: 'confirm', message: /Show the full evidence/, answer: false }]);
    await afterDiagnosis(diagnosis, { ...base, report: 'r.md' }, recordingIo({}, cwd()).io, prompter);
    prompter.done();
  });

  it('never prints evidence text into JSON or Markdown output', async () => {
    for (const format of ['json', 'markdown'] as const) {
      const prompter = fakePrompter([{ kind: 'confirm', message: /Save a Markdown report/, answer: false }]);
      const rec = recordingIo({}, cwd());
      await afterDiagnosis(diagnosis, { ...base, format }, rec.io, prompter);
      prompter.done();
      expect(rec.stdout()).toBe('');
    }
  });

  it('writes nothing when both offers are declined', async () => {
    const dir = cwd();
    const prompter = fakePrompter([
      { kind: 'confirm', message: /Save a Markdown report/, answer: false },
      { kind: 'confirm', message: /Show the full evidence/, answer: false },
    ]);
    const rec = recordingIo({}, dir);
    await afterDiagnosis(diagnosis, base, rec.io, prompter);
    expect(existsSync(join(dir, 'billing-access-alice.md'))).toBe(false);
    expect(rec.stdout()).toBe('');
    expect(rec.stderr()).toContain('The same diagnosis without questions:');
  });
});

describe('report names', () => {
  it('turn a principal name into a safe file name', () => {
    expect(reportName({ ...diagnosis, principal: { ...diagnosis.principal, name: 'AWSReservedSSO_Billing/x y' } })).toBe(
      'billing-access-AWSReservedSSO_Billing-x-y.md',
    );
  });

  it('accept a new file in an existing subdirectory', () => {
    const dir = cwd();
    mkdirSync(join(dir, 'reports'));
    expect(validateReportPath('reports/a.md', dir)).toBe(true);
  });
});

describe('printDiagnosis', () => {
  it('without a terminal prints exactly the text report, check lines in order', async () => {
    const rec = recordingIo({ NO_COLOR: '1' });
    await printDiagnosis(diagnosis, { ...rec.io, stdoutIsTTY: false });
    expect(rec.stdout()).toBe(renderText(diagnosis));
    expect(rec.stdout().indexOf('activation')).toBeLessThan(rec.stdout().indexOf('region'));
  });
});
