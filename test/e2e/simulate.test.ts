/** `billing-access simulate` through the built bin, as a user runs it. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run.js';

const F = 'test/fixtures/simulate/';
const sim = (...args: string[]) => runCli(['simulate', ...args]);

interface Json {
  schemaVersion: number;
  results: {
    action: string;
    resource: string;
    decision: string;
    layers: Record<string, string>;
    statements: { layer: string; source: string; statement: string; effect: string; level?: number; conditions: string[] }[];
    scpLevelsWithoutAllow?: number[];
    missingContextKeys: string[];
  }[];
}
const parse = (stdout: string): Json => JSON.parse(stdout) as Json;

describe('simulate (built bin)', () => {
  it('an allowed action exits 0 and names the allowing statement', async () => {
    const r = await sim('--action', 'ce:GetCostAndUsage', '--policy', `${F}admin.json`);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('✔ ce:GetCostAndUsage: allowed');
    expect(r.stdout).toContain(`identity ${F}admin.json, statement AdministratorAccess`);
    expect(r.stderr).toBe('');
  });

  it('a denied action exits 1; text names the SCP statement, the condition and the missing key hint', async () => {
    const r = await sim('--action', 'ce:GetCostAndUsage', '--policy', `${F}admin.json`, '--scp', `${F}full-aws-access.json`, '--scp', `${F}deny-without-mfa.json`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('✖ ce:GetCostAndUsage: explicit deny');
    expect(r.stdout).toContain(`SCP level 1 ${F}deny-without-mfa.json, statement DenyAllWithoutMFA`);
    expect(r.stdout).toContain('BoolIfExists aws:MultiFactorAuthPresent = false (request: absent)');
    expect(r.stdout).toContain('--context aws:MultiFactorAuthPresent=true');
    expect(r.stdout).not.toMatch(/\x1b\[/); // NO_COLOR is set by the helper
  });

  it('colours the decision when colour is forced, and never with NO_COLOR', async () => {
    const args = ['--action', 'ce:GetCostAndUsage', '--policy', `${F}admin.json`];
    const forced = await runCli(['simulate', ...args], { env: { NO_COLOR: undefined, FORCE_COLOR: '1' } });
    expect(forced.stdout).toMatch(/\x1b\[32m✔/);
    const plain = await runCli(['simulate', ...args], { env: { NO_COLOR: '1', FORCE_COLOR: '1' } });
    expect(plain.stdout).not.toMatch(/\x1b\[/);
  });

  it('exits 1 when any of several actions is denied, 0 only when all are allowed', async () => {
    const some = await sim('--action', 'ce:GetCostAndUsage', '--action', 'iam:CreateUser', '--policy', `${F}billing-readonly.json`);
    expect(some.code).toBe(1);
    const all = await sim('--action', 'ce:GetCostAndUsage', '--action', 'billing:GetBillingData', '--policy', `${F}billing-readonly.json`);
    expect(all.code).toBe(0);
  });

  it('JSON output has the documented shape and nothing else on stdout', async () => {
    const r = await sim(
      '--action', 'ce:GetCostAndUsage', '--policy', `${F}admin.json`,
      '--scp', `${F}full-aws-access.json`, '--scp', `${F}deny-regions.json`,
      '--context', 'aws:RequestedRegion=us-east-1', '--json',
    );
    expect(r.code).toBe(1);
    const json = parse(r.stdout);
    expect(json.schemaVersion).toBe(1);
    expect(json.results).toHaveLength(1);
    const [result] = json.results;
    expect(result).toMatchObject({
      action: 'ce:GetCostAndUsage',
      resource: '*',
      decision: 'explicit-deny',
      layers: { identity: 'allowed', scp: 'explicit-deny', boundary: 'not-applicable' },
      missingContextKeys: ['aws:PrincipalARN'],
    });
    expect(result!.statements).toEqual([
      {
        layer: 'scp',
        source: `${F}deny-regions.json`,
        statement: 'DenyOutsideEU',
        effect: 'Deny',
        level: 1,
        conditions: [
          'StringNotEquals aws:RequestedRegion = [eu-central-1, eu-west-1] (request: us-east-1)',
          'ArnNotLike aws:PrincipalARN = arn:aws:iam::*:role/BillingAdmin (request: absent)',
        ],
      },
    ]);
  });

  it('a context key given twice is multi-valued', async () => {
    const base = ['--action', 'ce:TagResource', '--policy', `${F}admin.json`, '--policy', `${F}tag-guard.json`, '--json'];
    const allowed = await sim(...base, '--context', 'aws:TagKeys=team', '--context', 'aws:TagKeys=env');
    expect(allowed.code).toBe(0);
    const denied = await sim(...base, '--context', 'aws:TagKeys=team', '--context', 'aws:tagkeys=owner');
    expect(denied.code).toBe(1);
    expect(parse(denied.stdout).results[0]!.statements[0]).toMatchObject({ statement: 'OnlyTeamAndEnvTags', conditions: ['ForAnyValue:StringNotEquals aws:TagKeys = [team, env] (request: team, owner)'] });
  });

  it('context keys named like object properties are just keys (no crash)', async () => {
    for (const key of ['__proto__', 'constructor', 'toString']) {
      const r = await sim('--action', 'ce:GetCostAndUsage', '--policy', `${F}admin.json`, '--context', `${key}=x`, '--json');
      expect(r.code, key).toBe(0);
      expect(r.stderr, key).toBe('');
    }
  });

  it('--principal sets the derived keys (an assumed-role session counts as its role)', async () => {
    const base = ['--action', 'ce:GetCostAndUsage', '--policy', `${F}admin.json`, '--scp', `${F}full-aws-access.json`, '--scp', `${F}deny-regions.json`, '--context', 'aws:RequestedRegion=us-east-1', '--json'];
    const exempt = await sim(...base, '--principal', 'arn:aws:sts::111122223333:assumed-role/BillingAdmin/alice');
    expect(exempt.code).toBe(0);
    expect(parse(exempt.stdout).results[0]!.missingContextKeys).toEqual([]);
    const other = await sim(...base, '--principal', 'arn:aws:iam::111122223333:user/alice');
    expect(other.code).toBe(1);
    expect(parse(other.stdout).results[0]!.missingContextKeys).toEqual([]);
  });

  it('--scp-level gives levels root first; a level without an allow is an implicit deny', async () => {
    const r = await sim(
      '--action', 'billing:GetBillingData', '--policy', `${F}admin.json`,
      '--scp-level', `${F}full-aws-access.json`, '--scp-level', `${F}deny-without-mfa.json`,
      '--context', 'aws:MultiFactorAuthPresent=true', '--json',
    );
    expect(r.code).toBe(1);
    const [result] = parse(r.stdout).results;
    expect(result).toMatchObject({ decision: 'implicit-deny', layers: { scp: 'implicit-deny' }, scpLevelsWithoutAllow: [2], statements: [] });
    const ok = await sim(
      '--action', 'billing:GetBillingData', '--policy', `${F}admin.json`,
      '--scp-level', `${F}full-aws-access.json`, '--scp-level', `${F}full-aws-access.json,${F}deny-without-mfa.json`,
      '--context', 'aws:MultiFactorAuthPresent=true', '--json',
    );
    expect(ok.code).toBe(0);
    expect(parse(ok.stdout).results[0]!.statements.filter((s) => s.layer === 'scp').map((s) => s.level)).toEqual([1, 2]);
  });

  it('--scp files form one more level after the --scp-level levels', async () => {
    const r = await sim(
      '--action', 'ce:GetCostAndUsage', '--policy', `${F}admin.json`,
      '--scp-level', `${F}full-aws-access.json`, '--scp', `${F}full-aws-access.json`, '--scp', `${F}deny-without-mfa.json`, '--json',
    );
    expect(r.code).toBe(1);
    expect(parse(r.stdout).results[0]!.statements).toMatchObject([{ statement: 'DenyAllWithoutMFA', level: 2 }]);
  });

  it('a boundary limits an allow', async () => {
    const r = await sim('--action', 'iam:CreateUser', '--policy', `${F}admin.json`, '--boundary', `${F}billing-readonly.json`);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`no allow in permissions boundary (${F}billing-readonly.json)`);
  });

  it('reads URL-encoded documents and describe-policy output', async () => {
    const r = await sim('--action', 'ce:GetCostAndUsage', '--policy', `${F}billing-readonly.urlencoded.txt`, '--scp', `${F}full-aws-access.json`, '--scp', `${F}describe-policy-mfa.json`, '--context', 'aws:MultiFactorAuthPresent=true');
    expect(r.code).toBe(0);
  });

  it('markdown output is a table plus details', async () => {
    const r = await sim('--action', 'ce:GetCostAndUsage', '--policy', `${F}admin.json`, '--boundary', `${F}deny-without-mfa.json`, '--format', 'markdown');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('| Action | Resource | Decision | Identity | SCP | Boundary |');
    expect(r.stdout).toContain('| `ce:GetCostAndUsage` | `*` | ✖ explicit-deny | allowed | not-applicable | explicit-deny |');
    expect(r.stdout).toContain('statement `DenyAllWithoutMFA`');
  });

  describe('bad input: one line naming the flag or file, exit 2', () => {
    const cases: [string, string[], RegExp][] = [
      ['malformed --context', ['--action', 'ce:GetCostAndUsage', '--context', 'aws:MultiFactorAuthPresent'], /--context aws:MultiFactorAuthPresent: expected KEY=VALUE/],
      ['--context with an empty key', ['--action', 'ce:GetCostAndUsage', '--context', '=true'], /--context =true: expected KEY=VALUE/],
      ['missing --action', ['--policy', `${F}admin.json`], /--action is required/],
      ['an action without a service', ['--action', 'GetCostAndUsage'], /--action GetCostAndUsage: expected service:Action/],
      ['a principal that is not an ARN', ['--action', 'ce:GetCostAndUsage', '--principal', 'alice'], /--principal alice: expected an IAM or STS ARN/],
      ['missing policy file', ['--action', 'ce:GetCostAndUsage', '--policy', `${F}nope.json`], /--policy test\/fixtures\/simulate\/nope\.json: file not found/],
      ['missing SCP file', ['--action', 'ce:GetCostAndUsage', '--scp-level', `${F}nope.json`], /--scp-level test\/fixtures\/simulate\/nope\.json: file not found/],
      ['a directory instead of a file', ['--action', 'ce:GetCostAndUsage', '--policy', F], /is a directory/],
      ['an unknown format', ['--action', 'ce:GetCostAndUsage', '--format', 'yaml'], /--format/],
    ];
    for (const [name, args, message] of cases) {
      it(name, async () => {
        const r = await sim(...args);
        expect(r.code).toBe(2);
        expect(r.stdout).toBe('');
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toMatch(message);
      });
    }
  });

  describe('a document that cannot be read is a finding with its path, never an allow (as in doctor)', () => {
    it('invalid JSON: unknown (exit 3), with line and column', async () => {
      const r = await sim('--action', 'ce:GetCostAndUsage', '--policy', `${F}broken.json`, '--policy', `${F}admin.json`);
      expect(r.code).toBe(3);
      expect(r.stdout).toContain('ce:GetCostAndUsage: unknown');
      expect(r.stdout).toMatch(/may allow or deny: identity test\/fixtures\/simulate\/broken\.json, statement \(document\): not valid JSON at line 4, column 40/);
      expect(r.stdout).toMatch(/Could not read[^\n]*\n  test\/fixtures\/simulate\/broken\.json: \$: not valid JSON at line 4, column 40/);
    });

    it('a statement that cannot be read: its JSON path, and the layer is unknown', async () => {
      const r = await sim('--action', 'ce:GetCostAndUsage', '--policy', `${F}admin.json`, '--boundary', `${F}bad-operator.json`, '--format', 'json');
      expect(r.code).toBe(3);
      const result = JSON.parse(r.stdout).results[0];
      expect(result).toMatchObject({ decision: 'unknown', layers: { identity: 'allowed', boundary: 'unknown' } });
      expect(result.uncertain).toEqual([
        expect.objectContaining({ layer: 'boundary', source: `${F}bad-operator.json`, statement: 'Typo', effect: 'Allow', path: 'Statement[0].Condition.StringEquls' }),
      ]);
      expect(result.problems).toEqual([{ source: `${F}bad-operator.json`, path: 'Statement[0].Condition.StringEquls', message: 'unknown condition operator "StringEquls"', severity: 'error' }]);
    });
  });
});
