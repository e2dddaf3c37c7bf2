import { readFileSync, readdirSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';

const read = (path: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const doctorResult = ajv.compile(read('../../schema/doctor-result.schema.json'));
const snapshot = ajv.compile(read('../../schema/snapshot.schema.json'));

/** A hand-written doctor result: an MFA deny blocks bob's Bills page. */
const example: Diagnosis = {
  schemaVersion: 1,
  source: { kind: 'snapshot', file: 'acct.json' },
  principal: { arn: 'arn:aws:iam::111122223333:user/carol', type: 'user', name: 'carol' },
  tasks: ['bills'],
  verdict: 'denied',
  checks: [
    { id: 'activation', status: 'pass', summary: 'IAM access to billing is activated (snapshot)', evidence: [{ layer: 'snapshot', policy: 'account.iamUserAccessToBilling' }], remediation: [] },
    {
      id: 'mfa',
      status: 'fail',
      summary: 'a deny applies when carol signs in without MFA',
      evidence: [
        {
          layer: 'identity',
          policy: 'inline force-mfa on group Finance',
          statement: 'BlockMostAccessUnlessSignedInWithMFA',
          condition: 'BoolIfExists aws:MultiFactorAuthPresent = false',
        },
      ],
      remediation: [
        { kind: 'console', text: 'assign an MFA device to carol and sign in with it', who: 'IAM administrator', verified: 'allowed with aws:MultiFactorAuthPresent=true' },
        { kind: 'cli', text: 'list carol\'s MFA devices', command: 'aws iam list-mfa-devices --user-name carol' },
        { kind: 'policy', text: 'corrected statement', document: { Version: '2012-10-17', Statement: [] } },
      ],
    },
    { id: 'scp', status: 'not-applicable', summary: 'the account is in no organization', evidence: [], remediation: [] },
    { id: 'boundary', status: 'unknown', summary: 'could not evaluate', evidence: [], remediation: [], error: 'boom' },
  ],
  actions: [
    { task: 'bills', action: 'billing:GetBillingData', decision: 'explicit-deny', deniedBy: 'mfa' },
    { task: 'bills', action: 'invoicing:ListInvoiceSummaries', decision: 'allowed' },
  ],
};

describe('schema/doctor-result.schema.json', () => {
  it('accepts a hand-written Diagnosis', () => {
    expect(doctorResult(example), JSON.stringify(doctorResult.errors)).toBe(true);
  });

  it.each([
    ['a wrong schemaVersion', { ...example, schemaVersion: 2 }],
    ['an unknown verdict', { ...example, verdict: 'maybe' }],
    ['an unknown check id', { ...example, checks: [{ ...example.checks[0], id: 'mfa-check' }] }],
    ['an unknown status', { ...example, checks: [{ ...example.checks[0], status: 'ok' }] }],
    ['evidence without a policy', { ...example, checks: [{ ...example.checks[0], evidence: [{ layer: 'identity' }] }] }],
    ['an unknown remediation actor', { ...example, checks: [{ ...example.checks[1], remediation: [{ kind: 'cli', text: 't', who: 'anyone' }] }] }],
    ['an unknown decision', { ...example, actions: [{ task: 'bills', action: 'a:b', decision: 'deny' }] }],
    ['an extra top-level field', { ...example, extra: true }],
    ['a missing principal', (({ principal: _p, ...rest }) => rest)(example)],
  ])('rejects %s', (_name, value) => {
    expect(doctorResult(value)).toBe(false);
  });
});

describe('schema/snapshot.schema.json', () => {
  it.each(readdirSync(new URL('../fixtures/snapshots/', import.meta.url)).filter((f) => f.endsWith('.json') && !f.startsWith('gaad-')))(
    'validates the v1 fixture %s directly',
    (file) => {
      const ok = snapshot(read(`../fixtures/snapshots/${file}`));
      expect(ok, JSON.stringify(snapshot.errors)).toBe(true);
    },
  );

  it('rejects a bare GAAD (the loader wraps it first)', () => {
    expect(snapshot(read('../fixtures/snapshots/gaad-standalone.json'))).toBe(false);
  });
});
