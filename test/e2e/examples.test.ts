/** The bundled examples give the diagnosis each was built to show (spawns the built bin, offline). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { COMMANDS } from '../../src/cli/spec.js';
import { EXAMPLES } from '../../src/ui/examples.js';
import { ROOT, runCli } from '../helpers/run.js';

interface Expectation {
  name: string;
  verdict: Diagnosis['verdict'];
  /** The check that fails, and words its evidence must name (policy, statement). */
  fails?: { check: string; evidence: string[] };
  principal: string;
}

const EXPECTED: Expectation[] = [
  {
    name: 'eu-only-org',
    verdict: 'denied',
    fails: { check: 'region', evidence: ['DenyAllOutsideEU', 'aws:RequestedRegion'] },
    principal: 'arn:aws:iam::111122223333:user/alice',
  },
  {
    name: 'boundary-no-billing',
    verdict: 'denied',
    fails: { check: 'boundary', evidence: ['DeveloperBoundary'] },
    principal: 'arn:aws:iam::444455556666:role/FinOpsAnalyst',
  },
  {
    name: 'mfa-no-device',
    verdict: 'denied',
    fails: { check: 'mfa', evidence: ['Force_MFA', 'BlockMostAccessUnlessSignedInWithMFA'] },
    principal: 'arn:aws:iam::777788889999:user/bob',
  },
  { name: 'healthy', verdict: 'allowed', principal: 'arn:aws:iam::210987654321:user/finops' },
];

const EXIT_FOR: Record<Diagnosis['verdict'], number> = { allowed: 0, denied: 1, inconclusive: 3 };

describe('bundled examples', () => {
  it('examples/ holds exactly the examples the wizard and man page list', () => {
    const files = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
    expect(files).toEqual(EXAMPLES.map((e) => e.name).sort());
    expect(EXPECTED.map((e) => e.name).sort()).toEqual(files);
    // doctor --help names them too.
    const option = COMMANDS.find((c) => c.name === 'doctor')?.options.find((o) => o.flags.startsWith('--example'));
    for (const name of files) expect(option?.description).toContain(name);
  });

  for (const example of EXPECTED) {
    it(`doctor --example ${example.name} --json: ${example.verdict}${example.fails ? `, ${example.fails.check} fails` : ''}`, async () => {
      const r = await runCli(['doctor', '--example', example.name, '--json']);
      expect(r.code, r.stderr).toBe(EXIT_FOR[example.verdict]);
      const diagnosis = JSON.parse(r.stdout) as Diagnosis;
      expect(diagnosis.source.kind).toBe('example');
      expect(diagnosis.principal.arn).toBe(example.principal);
      expect(diagnosis.verdict).toBe(example.verdict);
      const failing = diagnosis.checks.filter((c) => c.status === 'fail').map((c) => c.id);
      if (example.fails) {
        expect(failing).toEqual([example.fails.check]);
        const check = diagnosis.checks.find((c) => c.id === example.fails?.check);
        const evidence = JSON.stringify(check?.evidence);
        for (const word of example.fails.evidence) expect(evidence).toContain(word);
        expect(check?.remediation.length).toBeGreaterThan(0);
      } else {
        expect(failing).toEqual([]);
      }
    });
  }

  it('the text report of eu-only-org names the SCP and statement that block the Bills page', async () => {
    const r = await runCli(['doctor', '--example', 'eu-only-org', '--task', 'bills']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('DenyAllOutsideEU');
    expect(r.stdout).toMatch(/us-east-1/);
  });
});
