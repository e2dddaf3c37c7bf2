/**
 * `doctor --cross-check` on a live (moto) account. moto 5.2.1 answers SimulatePrincipalPolicy with
 * HTTP 500, so the proxy in front of moto stubs that one operation with a canned simulator answer
 * and records what billing-access asked; every other call reaches moto.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { runCli } from '../helpers/run.js';
import { liveEnv, seedClients } from './aws.js';
import { startFaultProxy, type FaultProxy, type Stub } from './fault-proxy.js';
import { startMoto, type Moto } from './moto.js';
import { seedAccount } from './scenarios.js';

// One account, seeded once and only read: the tests run side by side.
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
  await seedAccount(seedClients(moto.endpoint));
});
const proxies = new Set<FaultProxy>();
afterAll(async () => {
  await Promise.all([...proxies].map((p) => p.stop()));
  await moto?.stop();
});

async function proxied(stub: Stub): Promise<FaultProxy> {
  const proxy = await startFaultProxy(moto.endpoint, [], stub);
  proxies.add(proxy);
  return proxy;
}

/**
 * A simulator that answers `decide(action)` for every action asked, like IAM's XML response;
 * `asked` collects the requests it received (form-encoded query API bodies).
 */
function simulator(decide: (action: string) => { decision: string; allowedByOrganizations?: boolean }, asked: URLSearchParams[] = []): Stub {
  return (operation, body) => {
    if (operation !== 'SimulatePrincipalPolicy') return undefined;
    const params = new URLSearchParams(body);
    asked.push(params);
    const actions = [...params.entries()].filter(([k]) => /^ActionNames\.member\.\d+$/.test(k)).map(([, v]) => v);
    const members = actions
      .map((action) => {
        const d = decide(action);
        const orgs = d.allowedByOrganizations === undefined ? '' : `<OrganizationsDecisionDetail><AllowedByOrganizations>${d.allowedByOrganizations}</AllowedByOrganizations></OrganizationsDecisionDetail>`;
        return `<member><EvalActionName>${action}</EvalActionName><EvalResourceName>*</EvalResourceName><EvalDecision>${d.decision}</EvalDecision><MatchedStatements/><MissingContextValues/>${orgs}</member>`;
      })
      .join('');
    return {
      status: 200,
      contentType: 'text/xml',
      body: `<SimulatePrincipalPolicyResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>${members}</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>stub</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>`,
    };
  };
}

async function doctor(endpoint: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string; diagnosis?: Diagnosis }> {
  const r = await runCli(['doctor', '--principal', 'alice', '--no-interactive', '--mfa', 'no', '--cross-check', ...args], { env: liveEnv(endpoint), timeoutMs: 120_000 });
  expect(r.stderr).not.toMatch(/internal error/);
  return { ...r, diagnosis: args.includes('--json') ? (JSON.parse(r.stdout) as Diagnosis) : undefined };
}

describe.concurrent('doctor --cross-check', { timeout: 120_000 }, () => {
  it('asks the simulator for the principal and every action, with the console context; agreement is reported', async () => {
    const asked: URLSearchParams[] = [];
    const proxy = await proxied(simulator(() => ({ decision: 'allowed' }), asked));
    const r = await doctor(proxy.endpoint, ['--activation', 'enabled', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const d = r.diagnosis as Diagnosis;
    expect(asked).toHaveLength(1);
    const request = asked[0] as URLSearchParams;
    expect(request.get('PolicySourceArn')).toBe(d.principal.arn);
    const sent = [...request.entries()].filter(([k]) => k.startsWith('ActionNames.')).map(([, v]) => v).sort();
    expect(sent).toEqual([...new Set(d.actions.map((a) => a.action))].sort());
    const context = Object.fromEntries(
      [1, 2].map((i) => [request.get(`ContextEntries.member.${i}.ContextKeyName`), request.get(`ContextEntries.member.${i}.ContextKeyValues.member.1`)]),
    );
    expect(context).toEqual({ 'aws:RequestedRegion': 'us-east-1', 'aws:MultiFactorAuthPresent': 'false' });
    expect(d.crossCheck).toMatchObject({ policySourceArn: d.principal.arn, disagreements: 0, context });
    expect(d.crossCheck?.results.every((x) => x.agree && x.engine === 'allowed' && x.simulator === 'allowed')).toBe(true);
    expect(d.crossCheck?.limits.join(' ')).toContain('Activate IAM Access');
  });

  it('a failing check the simulator cannot see (Activate IAM Access disabled) is named and explained', async () => {
    const proxy = await proxied(simulator(() => ({ decision: 'allowed' })));
    const r = await doctor(proxy.endpoint, ['--activation', 'disabled', '--json']);
    expect(r.code).toBe(1);
    const cc = r.diagnosis?.crossCheck;
    // The policies agree; the deny comes from a fact outside them.
    expect(cc?.disagreements).toBe(0);
    expect(cc?.notSeenBySimulator).toEqual([expect.stringMatching(/^activation: .*Activate IAM Access/)]);
    const text = await doctor(proxy.endpoint, ['--activation', 'disabled']);
    expect(text.stdout).toContain('Failing checks the simulator cannot see:');
  });

  it('the simulator denying through SCPs the engine allows: explained, and printed as a text section', async () => {
    const proxy = await proxied(
      simulator((action) => (action.startsWith('ce:') ? { decision: 'implicitDeny', allowedByOrganizations: false } : { decision: 'allowed' })),
    );
    const json = await doctor(proxy.endpoint, ['--activation', 'enabled', '--json']);
    const ce = json.diagnosis?.crossCheck?.results.filter((x) => x.action.startsWith('ce:')) ?? [];
    expect(ce.length).toBeGreaterThan(0);
    for (const row of ce) expect(row).toMatchObject({ engine: 'allowed', simulator: 'implicit-deny', agree: false, explanation: expect.stringContaining('SCPs') });
    expect(json.diagnosis?.crossCheck?.disagreements).toBe(ce.length);

    const text = await doctor(proxy.endpoint, ['--activation', 'enabled']);
    expect(text.stdout).toContain('Cross-check with iam:SimulatePrincipalPolicy');
    expect(text.stdout).toMatch(new RegExp(`${ce.length} of \\d+ actions disagree`));
    expect(text.stdout).toContain(`${ce[0]?.action}: engine allowed, simulator implicit-deny`);
  });

  it('when the simulator fails (moto answers 500), the diagnosis still stands and says the cross-check was unavailable', async () => {
    const r = await doctor(moto.endpoint, ['--activation', 'enabled', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.diagnosis?.verdict).toBe('allowed');
    expect(r.diagnosis?.crossCheck?.results).toEqual([]);
    expect(r.diagnosis?.crossCheck?.unavailable).toMatch(/^iam:SimulatePrincipalPolicy failed with the default AWS credentials: /);
  });

  it('with --snapshot it is a usage error naming the flag', async () => {
    const r = await runCli(['doctor', '--snapshot', 'x.json', '--cross-check', '--principal', 'alice', '--no-interactive'], { env: liveEnv(moto.endpoint) });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('--cross-check asks iam:SimulatePrincipalPolicy in the live account');
  });
});
