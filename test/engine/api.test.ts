/** The engine's exported helpers used by other parts (checklist evidence). */
import { spawnSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compilePolicy, derivedContext, describeCondition, evaluate, evaluatePrepared, prepareContext } from '../../src/engine/index.js';

describe('derivedContext', () => {
  it('an IAM user gets PrincipalArn, username and account', () => {
    expect(derivedContext('arn:aws:iam::111122223333:user/dev/alice')).toMatchObject({
      'aws:PrincipalArn': ['arn:aws:iam::111122223333:user/dev/alice'],
      'aws:username': ['alice'],
      'aws:PrincipalAccount': ['111122223333'],
      'aws:PrincipalType': ['User'],
    });
  });

  it('an assumed-role session maps aws:PrincipalArn to the role ARN and has no username', () => {
    const c = derivedContext('arn:aws:sts::111122223333:assumed-role/FinOps/alice@example.com');
    expect(c['aws:PrincipalArn']).toEqual(['arn:aws:iam::111122223333:role/FinOps']);
    expect(c['aws:username']).toBeUndefined();
    expect(c['aws:PrincipalType']).toEqual(['AssumedRole']);
  });

  it('the root user and a federated user', () => {
    expect(derivedContext('arn:aws:iam::111122223333:root')).toMatchObject({ 'aws:PrincipalType': ['Account'], 'aws:PrincipalAccount': ['111122223333'], 'aws:userid': ['111122223333'] });
    expect(derivedContext('arn:aws:iam::111122223333:root')['aws:username']).toBeUndefined();
    expect(derivedContext('arn:aws:sts::111122223333:federated-user/bob')).toMatchObject({ 'aws:PrincipalType': ['FederatedUser'], 'aws:userid': ['111122223333:bob'] });
    expect(derivedContext('arn:aws:iam::111122223333:user/alice')['aws:userid']).toBeUndefined();
  });

  it('anything else derives nothing', () => {
    expect(derivedContext('alice')).toEqual({});
  });
});

describe('describeCondition', () => {
  it('renders operator, key, policy value and the request value', () => {
    expect(describeCondition({ operator: 'BoolIfExists', key: 'aws:MultiFactorAuthPresent', values: ['false'], matched: true })).toBe(
      'BoolIfExists aws:MultiFactorAuthPresent = false (request: absent)',
    );
    expect(
      describeCondition({ operator: 'StringNotEquals', key: 'aws:RequestedRegion', values: ['eu-west-1', 'eu-central-1'], requestValues: ['us-east-1'], matched: true }),
    ).toBe('StringNotEquals aws:RequestedRegion = [eu-west-1, eu-central-1] (request: us-east-1)');
  });
});

describe('evaluate', () => {
  const allowAll = compilePolicy({ source: 'admin', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } } });
  const denyNoMfa = compilePolicy({
    source: 'mfa',
    document: { Version: '2012-10-17', Statement: [{ Sid: 'DenyNoMfa', Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }] },
  });

  it('an MFA deny in the second SCP level wins and names the missing key', () => {
    const e = evaluate({ action: 'ce:GetCostAndUsage', resource: '*', context: {} }, { identity: [allowAll], scpLevels: [[allowAll], [allowAll, denyNoMfa]] });
    expect(e.decision).toBe('explicit-deny');
    expect(e.layers).toEqual({ identity: 'allowed', scp: 'explicit-deny', boundary: 'not-applicable' });
    expect(e.scpLevelDecisions).toEqual(['allowed', 'explicit-deny']);
    expect(e.missingContextKeys).toEqual(['aws:MultiFactorAuthPresent']);
    expect(e.statements.find((s) => s.effect === 'Deny')).toMatchObject({ source: 'mfa', statement: 'DenyNoMfa', level: 1 });
    const named = evaluate({ action: 'ce:GetCostAndUsage', resource: '*', context: {} }, { identity: [allowAll], scpLevels: [[allowAll], [allowAll, denyNoMfa]], scpLevelNames: ['root r-ab12', 'account 111122223333'] });
    expect(named.statements.find((s) => s.effect === 'Deny')?.levelName).toBe('account 111122223333');
  });

  it('with MFA the same request is allowed', () => {
    const e = evaluate({ action: 'ce:GetCostAndUsage', resource: '*', context: { 'AWS:MultiFactorAuthPresent': ['true'] } }, { identity: [allowAll], scpLevels: [[allowAll], [allowAll, denyNoMfa]] });
    expect(e.decision).toBe('allowed');
    expect(e.missingContextKeys).toEqual([]);
  });

  it('a Deny that cannot be fully read makes the decision unknown, never allowed, and says why', () => {
    const broken = compilePolicy({
      source: 'broken',
      document: { Version: '2012-10-17', Statement: [{ Sid: 'Typo', Effect: 'Deny', Action: '*', Resource: '*', Condition: { BoolIfExist: { 'aws:MultiFactorAuthPresent': 'false' } } }] },
    });
    expect(broken.problems).toEqual([{ source: 'broken', path: 'Statement[0].Condition.BoolIfExist', message: 'unknown condition operator "BoolIfExist"' }]);
    const e = evaluate({ action: 'ce:GetCostAndUsage', resource: '*', context: { 'aws:MultiFactorAuthPresent': ['true'] } }, { identity: [allowAll, broken] });
    expect(e.decision).toBe('unknown');
    expect(e.layers.identity).toBe('unknown');
    expect(e.problems).toHaveLength(1);
    expect(e.statements.filter((s) => s.effect === 'Deny')).toEqual([]);
    const deny = e.uncertain[0]!;
    expect(deny).toMatchObject({ source: 'broken', statement: 'Typo', effect: 'Deny', path: 'Statement[0].Condition.BoolIfExist' });
    expect(deny.reason).toContain('BoolIfExist');
    expect(describeCondition(deny.conditions[0]!)).toMatch(/not read .*outcome unknown/);
  });

  it('compiled policies are reusable: the same objects give the same answers many times', () => {
    const layers = { identity: [allowAll], scpLevels: [[allowAll, denyNoMfa]] };
    for (let i = 0; i < 50; i++) {
      const mfa = i % 2 === 0;
      const e = evaluate({ action: 'billing:GetBillingData', resource: '*', context: mfa ? { 'aws:MultiFactorAuthPresent': ['true'] } : {} }, layers);
      expect(e.decision).toBe(mfa ? 'allowed' : 'explicit-deny');
    }
  });

  // A policy remembers its statements per action as spelled: every spelling must get the same answer.
  it('one compiled policy answers an action the same in every letter case, asked in turn', () => {
    const policy = compilePolicy({
      source: 'mixed',
      document: { Version: '2012-10-17', Statement: [{ Sid: 'Read', Effect: 'Allow', Action: ['CE:Get*', 'iam:listusers'], Resource: '*' }, { Sid: 'NoForecast', Effect: 'Deny', NotAction: 'ce:GetCost*', Resource: '*' }] },
    });
    const ask = (action: string) => evaluate({ action, resource: '*', context: {} }, { identity: [policy] });
    const spellings = (action: string) => [action, action.toLowerCase(), action.toUpperCase()];
    for (let round = 0; round < 2; round++) {
      for (const action of ['ce:GetCostAndUsage', 'ce:GetReservationUtilization', 'iam:ListUsers', 'iam:ListRoles']) {
        const [first, ...others] = spellings(action).map(ask);
        for (const other of others) expect(other, action).toEqual(first);
      }
    }
    expect(['ce:getcostandusage', 'CE:GETRESERVATIONUTILIZATION', 'IAM:ListUsers', 'iam:listroles'].map((a) => ask(a).decision)).toEqual([
      'allowed',
      'explicit-deny',
      'explicit-deny',
      'explicit-deny',
    ]);
  });

  // Conditions and variables remember their result for the last prepared context: switching
  // between prepared contexts must never hand one principal's outcome to another.
  it('prepared contexts used in turn each get their own answer, the same as a fresh evaluate', () => {
    const home = compilePolicy({
      source: 'home',
      document: {
        Version: '2012-10-17',
        Statement: [
          { Sid: 'Home', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::home/${aws:username}/*', Condition: { StringEquals: { 'aws:PrincipalTag/team': 'finops' } } },
          { Sid: 'Region', Effect: 'Deny', Action: '*', Resource: '*', Condition: { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } } },
        ],
      },
    });
    const layers = { identity: [home, allowAll] };
    const principals = [
      { arn: 'arn:aws:iam::111122223333:user/alice', context: { 'aws:PrincipalTag/team': ['finops'], 'aws:RequestedRegion': ['eu-west-1'] } },
      { arn: 'arn:aws:iam::111122223333:user/bob', context: { 'aws:RequestedRegion': ['us-east-1'] } },
      { arn: 'arn:aws:iam::111122223333:role/ci', context: { 'aws:PrincipalTag/team': ['finops'] } },
    ].map((p) => ({ ...p, prepared: prepareContext(p.context, p.arn) }));
    const requests = ['arn:aws:s3:::home/alice/a', 'arn:aws:s3:::home/bob/b', '*'].flatMap((resource) => ['s3:GetObject', 'ce:GetCostAndUsage'].map((action) => ({ action, resource })));
    const decisions = new Set<string>();
    for (let round = 0; round < 3; round++) {
      for (const { action, resource } of requests) {
        for (const p of principals) {
          const fresh = evaluate({ action, resource, principalArn: p.arn, context: p.context }, { identity: [compilePolicy({ source: 'home', document: home.document }), allowAll] });
          const prepared = evaluatePrepared(action, resource, p.prepared, layers);
          expect(prepared, `${p.arn} ${action} ${resource}`).toEqual(fresh);
          decisions.add(`${prepared.decision} ${prepared.statements.map((s) => s.statement).join()}`);
        }
      }
    }
    // The answers really differ between the principals (else the test would prove nothing).
    expect(decisions.size).toBeGreaterThanOrEqual(3);
  });
});

describe('wildcards', () => {
  // A backtracking regex needs seconds for 50 characters here and centuries for 5,000.
  it('many * in a pattern match in linear time (no catastrophic backtracking)', () => {
    const policy = compilePolicy({ source: 'p', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::*a*a*a*a*a*a*a*a*b' } } });
    const started = performance.now();
    const e = evaluate({ action: 's3:GetObject', resource: 'arn:aws:s3:::' + 'a'.repeat(5000), context: {} }, { identity: [policy] });
    expect(e.decision).toBe('implicit-deny');
    expect(performance.now() - started).toBeLessThan(2000);
    const hit = evaluate({ action: 's3:GetObject', resource: 'arn:aws:s3:::' + 'a'.repeat(5000) + 'b', context: {} }, { identity: [policy] });
    expect(hit.decision).toBe('allowed');
  });
});

describe('purity', () => {
  // The zone must be set before the process starts (a worker thread cannot change it), so this
  // runs the built engine in child processes with different TZ values.
  it('a date-time without a zone is read as UTC whatever the machine time zone', () => {
    const engine = pathToFileURL(fileURLToPath(new URL('../../dist/engine/index.js', import.meta.url))).href;
    const script = `
      const { compilePolicy, evaluate } = await import(${JSON.stringify(engine)});
      const policy = compilePolicy({ source: 'p', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*',
        Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T01:00:00' } } } } });
      const at = (time) => evaluate({ action: 'ce:GetCostAndUsage', resource: '*', context: { 'aws:CurrentTime': [time] } }, { identity: [policy] }).decision;
      console.log(at('2020-01-01T00:30:00Z'), at('2020-01-01T01:30:00Z'));`;
    for (const tz of ['UTC', 'America/New_York', 'Asia/Tokyo']) {
      const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, TZ: tz }, encoding: 'utf8' });
      expect(r.stderr, tz).toBe('');
      expect(r.stdout.trim(), tz).toBe('allowed implicit-deny');
    }
  });
});
