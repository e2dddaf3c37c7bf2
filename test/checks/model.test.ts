/** The account model (indexing, SCP levels, compile once, patches) and principal resolution. */
import { describe, expect, it } from 'vitest';
import { CHECKS } from '../../src/checks/index.js';
import { diagnose, verdictOf } from '../../src/checks/diagnose.js';
import type { Check } from '../../src/checks/types.js';
import { applyPatch, identityPolicies } from '../../src/model/account.js';
import { taskById } from '../../src/model/catalogue.js';
import { defaultPrincipal, resolvePrincipal } from '../../src/model/principal.js';
import { ExitError } from '../../src/errors.js';
import { ACCOUNT, allow, doc, inline, managed, memberOrg, model, role, snapshot, user } from './builders.js';

const RO = 'arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess';
const att = (arn: string) => ({ PolicyName: arn.slice(arn.lastIndexOf('/') + 1), PolicyArn: arn });

describe('account model', () => {
  it('orders SCP levels root first, then OUs, then the account', () => {
    const m = model(snapshot({ organizations: memberOrg() }));
    expect(m.scp.status).toBe('applies');
    if (m.scp.status === 'applies') expect(m.scp.levels.map((l) => l.name)).toEqual(['root r-root', 'ou ou-prod', `account ${ACCOUNT}`]);
    expect(m.orgRole).toBe('member');
  });

  it('resolves AWS managed policies from the shipped copies with their version; records the rest as unresolved', () => {
    const other = `arn:aws:iam::${ACCOUNT}:policy/Gone`;
    const m = model(snapshot({}, { UserDetailList: [user('a', { AttachedManagedPolicies: [att(RO), att(other)] })] }));
    expect(m.managed.get(RO)).toMatchObject({ origin: 'shipped', versionId: expect.stringMatching(/^v\d+$/) });
    expect([...m.unresolved]).toEqual([other]);
  });

  it('prefers the snapshot\'s own copy of a managed policy (its default version)', () => {
    const own = managed('AWSBillingReadOnlyAccess', doc(allow('billing:GetBillingData')), RO);
    own.PolicyVersionList = [{ VersionId: 'v1', IsDefaultVersion: false, Document: doc(allow('*')) }, { VersionId: 'v2', IsDefaultVersion: true, Document: doc(allow('billing:GetBillingData')) }];
    const m = model(snapshot({}, { UserDetailList: [user('a', { AttachedManagedPolicies: [att(RO)] })], Policies: [own] }));
    expect(m.managed.get(RO)).toMatchObject({ origin: 'snapshot', versionId: 'v2' });
    expect(m.managed.get(RO)?.compiled.document).toEqual(doc(allow('billing:GetBillingData')));
  });

  it('compiles a managed policy once, shared by every principal that attaches it', () => {
    const users = ['a', 'b', 'c'].map((n) => user(n, { AttachedManagedPolicies: [att(RO)] }));
    const m = model(snapshot({}, { UserDetailList: users }));
    const compiled = users.map((u) => identityPolicies(m, m.users.get(u.UserName)!).policies[0]);
    expect(compiled[0]).toBeDefined();
    expect(compiled[1]).toBe(compiled[0]);
    expect(compiled[2]).toBe(compiled[0]);
  });

  it('patches return a new model and leave the original untouched', () => {
    const m = model(snapshot({}, { UserDetailList: [user('a')] }));
    const patched = applyPatch(m, { kind: 'attach-managed', owner: { kind: 'user', name: 'a' }, arn: RO });
    expect(patched.users.get('a')?.attached).toEqual([RO]);
    expect(m.users.get('a')?.attached).toEqual([]);
    expect(patched.managed.has(RO)).toBe(true);
    expect(m.managed.has(RO)).toBe(false);
  });
});

describe('principal resolution', () => {
  const m = model(
    snapshot(
      { caller: { Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/jane` } },
      {
        UserDetailList: [user('Alice'), user('shared')],
        RoleDetailList: [role('Admin', { Path: '/ops/' }), role('shared'), role('AWSReservedSSO_Billing_0123456789abcdef', { Path: '/aws-reserved/sso.amazonaws.com/' })],
      },
    ),
  );

  it('names match case-insensitively; ARNs, session ARNs and root resolve', () => {
    expect(resolvePrincipal(m, 'alice')).toMatchObject({ type: 'user', name: 'Alice' });
    expect(resolvePrincipal(m, `arn:aws:iam::${ACCOUNT}:user/Alice`)).toMatchObject({ type: 'user' });
    expect(resolvePrincipal(m, `arn:aws:sts::${ACCOUNT}:assumed-role/Admin/jane`)).toMatchObject({ type: 'role', arn: `arn:aws:iam::${ACCOUNT}:role/ops/Admin` });
    expect(resolvePrincipal(m, 'root')).toMatchObject({ type: 'root', arn: `arn:aws:iam::${ACCOUNT}:root` });
    expect(resolvePrincipal(m, `arn:aws:iam::${ACCOUNT}:root`).type).toBe('root');
    expect(resolvePrincipal(m, 'Billing')).toMatchObject({ type: 'identity-center-role', permissionSet: 'Billing' });
    expect(resolvePrincipal(m, `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_Billing_0123456789abcdef/jane@example.com`).type).toBe('identity-center-role');
  });

  it('the default principal is the caller; an assumed-role caller maps to its role', () => {
    const arn = defaultPrincipal(m);
    expect(arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/Admin/jane`);
    expect(resolvePrincipal(m, arn!).name).toBe('Admin');
  });

  it('an ambiguous name lists the candidates; an unknown one is a one-line usage error (exit 2)', () => {
    const ambiguous = (() => {
      try {
        resolvePrincipal(m, 'shared');
      } catch (e) {
        return e;
      }
    })() as ExitError;
    expect(ambiguous).toBeInstanceOf(ExitError);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.message).toContain(`arn:aws:iam::${ACCOUNT}:user/shared`);
    expect(ambiguous.message).toContain(`arn:aws:iam::${ACCOUNT}:role/shared`);
    // The error offers `user/<name>` / `role/<name>`, and those resolve.
    expect(ambiguous.message).toContain('pass user/shared or role/shared, or the ARN');
    expect(resolvePrincipal(m, 'user/shared')).toMatchObject({ type: 'user', arn: `arn:aws:iam::${ACCOUNT}:user/shared` });
    expect(resolvePrincipal(m, 'role/shared')).toMatchObject({ type: 'role', arn: `arn:aws:iam::${ACCOUNT}:role/shared` });
    expect(() => resolvePrincipal(m, 'user/nobody')).toThrow(/no user named nobody/);
    expect(() => resolvePrincipal(m, '  ')).toThrow(/--principal: empty/);
    const withGroup = model(snapshot({}, { UserDetailList: [user('bo', { GroupList: ['Finance'] })], GroupDetailList: [{ GroupName: 'Finance', Arn: `arn:aws:iam::${ACCOUNT}:group/Finance` }] }));
    expect(() => resolvePrincipal(withGroup, 'finance')).toThrow('--principal finance: that is a group, which cannot sign in; pass one of its users (bo)');
    expect(() => resolvePrincipal(m, 'nobody')).toThrow(/no user or role with that name/);
    expect(() => resolvePrincipal(m, `arn:aws:iam::${ACCOUNT}:role/Missing`)).toThrow(/no role named Missing/);
    expect(() => resolvePrincipal(m, 'alic')).toThrow(/did you mean user Alice/);
    expect(() => resolvePrincipal(m, 'arn:aws:iam::444455556666:user/Alice')).toThrow(/belongs to account 444455556666, but the snapshot is of account 111122223333/);
  });

  it('an unknown principal when IAM could not be read is inconclusive (exit 3), naming the failed read', () => {
    const gap = { part: 'iam' as const, operation: 'iam:GetAccountAuthorizationDetails', error: 'AccessDenied', message: 'denied', profile: 'member' };
    const error = (() => {
      try {
        resolvePrincipal(model(snapshot({ gaps: [gap] })), 'alice');
      } catch (e) {
        return e;
      }
    })() as ExitError;
    expect(error).toBeInstanceOf(ExitError);
    expect(error.code).toBe(3);
    expect(error.message).toContain('iam:GetAccountAuthorizationDetails: AccessDenied with profile member');
  });
});

describe('diagnose', () => {
  it('the checklist has the ten ids in the fixed order', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(['activation', 'identity-policy', 'scp', 'mfa', 'region', 'boundary', 'principal', 'root-user', 'identity-center', 'management-only']);
  });

  it('verdict: any fail → denied, else any unknown → inconclusive, else allowed (warn does not block)', () => {
    expect(verdictOf([{ status: 'pass' }, { status: 'unknown' }, { status: 'fail' }])).toBe('denied');
    expect(verdictOf([{ status: 'pass' }, { status: 'unknown' }, { status: 'warn' }])).toBe('inconclusive');
    expect(verdictOf([{ status: 'pass' }, { status: 'warn' }, { status: 'not-applicable' }])).toBe('allowed');
  });

  it('a check that throws becomes unknown with the error message; the other checks still run', () => {
    const broken: Check = {
      id: 'region',
      run: () => {
        throw new Error('boom: bad data');
      },
    };
    const checks = CHECKS.map((c) => (c.id === 'region' ? broken : c));
    const s = snapshot({ users: { a: { consolePassword: true, mfaDevices: 1 } } }, { UserDetailList: [user('a', { UserPolicyList: [inline('p', doc(allow('*')))] })] });
    const d = diagnose(model(s), 'a', { tasks: [taskById('bills')], actionSet: 'fine-grained', source: { kind: 'snapshot' } }, checks);
    expect(d.checks.find((c) => c.id === 'region')).toMatchObject({ status: 'unknown', error: 'boom: bad data' });
    expect(d.checks.find((c) => c.id === 'identity-policy')?.status).toBe('pass');
    expect(d.verdict).toBe('inconclusive');
  });

  const a = { a: { consolePassword: true, mfaDevices: 1 } };
  const admin = { UserDetailList: [user('a', { UserPolicyList: [inline('p', doc(allow('*')))] })] };
  const settings = { tasks: [taskById('bills')], actionSet: 'fine-grained' as const, source: { kind: 'snapshot' as const } };
  const denyBilling = (id: string) => ({ id, name: id, document: doc({ Effect: 'Deny', Action: 'billing:*', Resource: '*' }) });

  it('denies in two SCPs: only the combined fix is offered, and it is proven', () => {
    const org = memberOrg({ 'r-root': [denyBilling('p-one')], 'ou-prod': [denyBilling('p-two')] });
    const d = diagnose(model(snapshot({ organizations: org, users: a }, admin)), 'a', settings);
    const scp = d.checks.find((c) => c.id === 'scp');
    expect(scp?.status).toBe('fail');
    expect(scp?.remediation).toHaveLength(1);
    expect(scp?.remediation[0]?.command).toBe(
      'aws organizations detach-policy --policy-id p-one --target-id r-root && aws organizations detach-policy --policy-id p-two --target-id ou-prod',
    );
    // Each SCP would be left with no statement, which AWS rejects: both are detached instead, so no document.
    expect(scp?.remediation[0]?.document).toBeUndefined();
    expect(scp?.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('a deny at the root and no allow at the account: only the combination of both fixes is offered', () => {
    const org = memberOrg({ 'r-root': [denyBilling('p-one')] });
    org.policies = { ...org.policies, [ACCOUNT]: [] };
    const d = diagnose(model(snapshot({ organizations: org, users: a }, admin)), 'a', settings);
    const scp = d.checks.find((c) => c.id === 'scp');
    expect(scp?.status).toBe('fail');
    expect(scp?.remediation).toHaveLength(1);
    expect(scp?.remediation[0]?.command).toBe(
      `aws organizations detach-policy --policy-id p-one --target-id r-root && aws organizations attach-policy --policy-id p-FullAWSAccess --target-id ${ACCOUNT}`,
    );
    expect(scp?.remediation[0]?.verified).toBe('verified: with this change the verdict becomes allowed');
  });

  it('a proposed fix that does not clear its check is never offered', () => {
    // A check whose only proposal changes something unrelated: diagnose drops it and says so.
    const misguided: Check = {
      id: 'scp',
      run: () => ({
        id: 'scp',
        status: 'fail',
        summary: 'always fails',
        evidence: [],
        remediation: [{ kind: 'console', text: 'turn on activation', patch: { patches: [{ kind: 'set-activation', state: 'enabled' }] } }],
      }),
    };
    const d = diagnose(model(snapshot({ users: a }, admin)), 'a', settings, CHECKS.map((c) => (c.id === 'scp' ? misguided : c)));
    const scp = d.checks.find((c) => c.id === 'scp');
    expect(scp?.remediation.map((r) => r.text)).toEqual(['No change this tool can propose was proven to clear this check on its own; review the evidence above with the policy owner']);
  });

});
