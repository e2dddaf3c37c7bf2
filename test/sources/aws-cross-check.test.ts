/** The pure half of --cross-check: lining up engine and simulator decisions, and explaining disagreements. */
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import { compare, simulationContext, SIMULATOR_LIMITS } from '../../src/sources/aws/cross-check.js';

function diagnosis(actions: Diagnosis['actions'], failing: Diagnosis['checks'][number]['id'][] = []): Diagnosis {
  return {
    schemaVersion: 1,
    source: { kind: 'live' },
    principal: { arn: 'arn:aws:iam::111122223333:user/alice', type: 'user', name: 'alice' },
    tasks: ['bills'],
    verdict: failing.length > 0 ? 'denied' : 'allowed',
    checks: failing.map((id) => ({ id, status: 'fail', summary: `${id} fails`, evidence: [], remediation: [] })),
    actions,
  };
}

describe('compare', () => {
  const context = simulationContext('yes');

  it('sends the console region and the MFA answer; nothing for an unknown MFA answer', () => {
    expect(context).toEqual({ 'aws:RequestedRegion': 'us-east-1', 'aws:MultiFactorAuthPresent': 'true' });
    expect(simulationContext('unknown')).toEqual({ 'aws:RequestedRegion': 'us-east-1' });
  });

  it('agrees when both allow or both deny; each action once even if several pages need it; matched case-insensitively', () => {
    const d = diagnosis([
      { task: 'bills', action: 'billing:GetBillingData', decision: 'allowed' },
      { task: 'home', action: 'billing:GetBillingData', decision: 'allowed' },
      { task: 'bills', action: 'ce:GetCostAndUsage', decision: 'explicit-deny', deniedBy: 'scp' },
    ]);
    const c = compare(d, [
      { EvalActionName: 'Billing:GetBillingData', EvalDecision: 'allowed' },
      { EvalActionName: 'ce:GetCostAndUsage', EvalDecision: 'implicitDeny' },
    ], context);
    expect(c.results).toEqual([
      { action: 'billing:GetBillingData', engine: 'allowed', simulator: 'allowed', agree: true },
      { action: 'ce:GetCostAndUsage', engine: 'explicit-deny', simulator: 'implicit-deny', agree: true },
    ]);
    expect(c.disagreements).toBe(0);
    expect(c.limits).toEqual(SIMULATOR_LIMITS);
    expect(c.notSeenBySimulator).toBeUndefined();
  });

  it('explains an engine deny by the check it is attributed to', () => {
    const d = diagnosis([
      { task: 'bills', action: 'billing:GetBillingData', decision: 'explicit-deny', deniedBy: 'scp' },
      { task: 'bills', action: 'payments:ListPaymentMethods', decision: 'explicit-deny', deniedBy: 'mfa' },
    ]);
    const c = compare(d, [
      { EvalActionName: 'billing:GetBillingData', EvalDecision: 'allowed' },
      { EvalActionName: 'payments:ListPaymentMethods', EvalDecision: 'allowed' },
    ], context);
    expect(c.disagreements).toBe(2);
    expect(c.results[0]?.explanation).toMatch(/SCP conditions/);
    expect(c.results[1]?.explanation).toMatch(/aws:MultiFactorAuthPresent/);
  });

  it('explains a simulator deny by its Organizations / boundary details or missing context, and a missing result', () => {
    const d = diagnosis([
      { task: 'bills', action: 'a:One', decision: 'allowed' },
      { task: 'bills', action: 'a:Two', decision: 'allowed' },
      { task: 'bills', action: 'a:Three', decision: 'allowed' },
      { task: 'bills', action: 'a:Four', decision: 'allowed' },
    ]);
    const c = compare(d, [
      { EvalActionName: 'a:One', EvalDecision: 'implicitDeny', OrganizationsDecisionDetail: { AllowedByOrganizations: false } },
      { EvalActionName: 'a:Two', EvalDecision: 'implicitDeny', PermissionsBoundaryDecisionDetail: { AllowedByPermissionsBoundary: false } },
      { EvalActionName: 'a:Three', EvalDecision: 'implicitDeny', MissingContextValues: ['aws:SourceIp'] },
    ], context);
    expect(c.results.map((r) => r.agree)).toEqual([false, false, false, false]);
    expect(c.results[0]?.explanation).toMatch(/SCPs/);
    expect(c.results[1]?.explanation).toMatch(/permissions boundary/);
    expect(c.results[2]).toMatchObject({ missingContext: ['aws:SourceIp'], explanation: expect.stringContaining('aws:SourceIp') });
    expect(c.results[3]).toEqual({ action: 'a:Four', engine: 'allowed', agree: false, explanation: 'the simulator returned no result for this action' });
  });

  it('names failing checks outside policy evaluation, which the simulator cannot see', () => {
    const c = compare(diagnosis([{ task: 'bills', action: 'a:One', decision: 'allowed' }], ['activation', 'principal']), [{ EvalActionName: 'a:One', EvalDecision: 'allowed' }], context);
    expect(c.disagreements).toBe(0);
    expect(c.notSeenBySimulator).toEqual([expect.stringMatching(/^activation: .*Activate IAM Access/), expect.stringMatching(/^principal: .*console/)]);
  });
});
