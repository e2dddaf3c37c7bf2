/**
 * doctor with an `identityCenter` snapshot part, through the built bin: Identity Center users by
 * name, e-mail and id, their permission sets, the permission-set findings, and fixes with real ARNs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import type { Diagnosis } from '../../src/model/diagnosis.js';
import type { SnapshotV1 } from '../../src/model/snapshot.js';
import { redactSnapshot } from '../../src/sources/redact.js';
import { ROOT, runCli } from '../helpers/run.js';

const FIXTURE = 'test/fixtures/checks/identity-center-users.json';
const INSTANCE = 'arn:aws:sso:::instance/ssoins-1234567890abcdef';
const ps = (n: number) => `${INSTANCE}/ps-aaaa00000000000${n}`;
const ACCOUNT = '111122223333';

const doctor = (...args: string[]) => runCli(['doctor', '--snapshot', FIXTURE, '--no-interactive', ...args]);
async function json(...args: string[]): Promise<{ code: number | null; d: Diagnosis; stderr: string }> {
  const r = await doctor(...args, '--json');
  return { code: r.code, d: JSON.parse(r.stdout) as Diagnosis, stderr: r.stderr };
}
const check = (d: Diagnosis, id: string) => d.checks.find((c) => c.id === id);

const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
const validResult = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schema/doctor-result.schema.json'), 'utf8')) as object);

describe('doctor --principal <Identity Center user> (built bin)', () => {
  it('by e-mail: lists her sets (direct and through a group), none opens, the closest is diagnosed with a verified fix naming the real ARNs', async () => {
    const { code, d } = await json('--principal', 'maria@example.com');
    expect(code).toBe(1);
    expect(validResult(d), JSON.stringify(validResult.errors)).toBe(true);
    const ic = d.identityCenter;
    expect(ic?.user).toEqual({ userId: 'u-maria', userName: 'maria', displayName: 'Maria Garcia', email: 'maria@example.com' });
    expect(ic?.permissionSets.map((s) => [s.name, s.via, s.verdict])).toEqual([
      ['BillingViewers', ['direct'], 'denied'],
      ['Drifted', ['group Engineers'], 'denied'],
    ]);
    expect(ic?.opens).toEqual([]);
    expect(ic?.shown).toBe(d.principal.name.match(/^AWSReservedSSO_(.+)_[0-9a-f]{16}$/)?.[1]);
    expect(ic?.conclusion).toContain("none of maria's 2 permission sets in account 111122223333 opens these pages; the closest is");
    const fixes = check(d, 'identity-policy')?.remediation ?? [];
    expect(fixes.length).toBeGreaterThan(0);
    for (const fix of fixes) {
      expect(fix.command).toContain(`--instance-arn ${INSTANCE} --permission-set-arn ${INSTANCE}/ps-`);
      expect(fix.command).toContain(`--target-type AWS_ACCOUNT --target-id ${ACCOUNT}`);
      expect(fix.command).not.toContain('<');
      expect(fix.verified).toBe('verified: with this change the verdict becomes allowed');
    }
  });

  it('the text names each set with its verdict and says which one to use', async () => {
    const r = await doctor('--principal', 'maria');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Billing console access for Identity Center user maria (Maria Garcia, maria@example.com)');
    expect(r.stdout).toMatch(/^ {2}✖ BillingViewers \(direct\): denied by identity-policy; role AWSReservedSSO_BillingViewers_0123456789abcdef$/m);
    expect(r.stdout).toMatch(/^ {2}✖ Drifted \(group Engineers\): denied by identity-policy; role AWSReservedSSO_Drifted_5555666677778888$/m);
    const md = await doctor('--principal', 'maria', '--format', 'markdown');
    expect(md.stdout).toContain('| ✖ | `BillingViewers` | direct | denied (identity-policy) | `AWSReservedSSO_BillingViewers_0123456789abcdef` |');
  });

  it('a set that opens the page: verdict allowed (exit 0), and the conclusion names it', async () => {
    const { code, d } = await json('--principal', 'bob@example.com');
    expect(code).toBe(0);
    expect(d.verdict).toBe('allowed');
    expect(d.identityCenter?.opens).toEqual(['FinanceAdmins']);
    expect(d.identityCenter?.permissionSets[0]?.via).toEqual(['group Finance']);
    expect(d.identityCenter?.conclusion).toBe('bob can open these pages in account 111122223333 with permission set FinanceAdmins: choose it in the AWS access portal');
    expect(d.principal).toMatchObject({ type: 'identity-center-role', name: 'AWSReservedSSO_FinanceAdmins_1111222233334444' });
  });

  it('--permission-set picks one: the merged inline policy keeps the set\'s existing statements', async () => {
    const { code, d } = await json('--principal', 'u-maria', '--permission-set', 'BillingViewers');
    expect(code).toBe(1);
    expect(d.identityCenter?.permissionSets.map((s) => s.name)).toEqual(['BillingViewers']);
    const inline = check(d, 'identity-policy')?.remediation.find((r) => r.command?.startsWith('aws sso-admin put-inline-policy-to-permission-set'));
    expect(inline?.command).toBe(
      `aws sso-admin put-inline-policy-to-permission-set --instance-arn ${INSTANCE} --permission-set-arn ${ps(1)} --inline-policy file://BillingViewers-inline.json && aws sso-admin provision-permission-set --instance-arn ${INSTANCE} --permission-set-arn ${ps(1)} --target-type AWS_ACCOUNT --target-id ${ACCOUNT}`,
    );
    const statements = (inline?.document as { Statement: { Sid: string }[] }).Statement.map((s) => s.Sid);
    expect(statements).toEqual(['ListBuckets', 'AllowBillingConsole']);
    expect(inline?.verified).toBe('verified: with this change the verdict becomes allowed');
    const attach = check(d, 'identity-policy')?.remediation.find((r) => r.command?.startsWith('aws sso-admin attach-managed-policy-to-permission-set'));
    expect(attach?.command).toContain(`--permission-set-arn ${ps(1)} --managed-policy-arn arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess && aws sso-admin provision-permission-set`);
  });

  it('the merged inline policy, put into the set and provisioned onto its role, makes the verdict allowed', async () => {
    const { d } = await json('--principal', 'maria', '--permission-set', 'BillingViewers');
    const document = check(d, 'identity-policy')?.remediation.find((r) => r.command?.includes('put-inline-policy-to-permission-set'))?.document;
    const snapshot = JSON.parse(readFileSync(join(ROOT, FIXTURE), 'utf8')) as SnapshotV1;
    const set = snapshot.identityCenter?.permissionSets.find((s) => s.Name === 'BillingViewers');
    const role = snapshot.iam.RoleDetailList.find((r) => r.RoleName.startsWith('AWSReservedSSO_BillingViewers_'));
    if (!set || !role) throw new Error('fixture changed');
    set.InlinePolicy = JSON.stringify(document);
    role.RolePolicyList = [{ PolicyName: 'AwsSSOInlinePolicy', PolicyDocument: document as Record<string, unknown> }];
    const file = join(mkdtempSync(join(tmpdir(), 'ba-sso-')), 'fixed.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const r = await runCli(['doctor', '--snapshot', file, '--no-interactive', '--json', '--principal', 'maria', '--permission-set', 'BillingViewers']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Diagnosis).checks.find((c) => c.id === 'identity-center')?.status).toBe('pass');
  });

  it('when an assignment read failed, "none opens" is not proven: inconclusive (exit 3), saying which read', async () => {
    const snapshot = JSON.parse(readFileSync(join(ROOT, FIXTURE), 'utf8')) as SnapshotV1;
    snapshot.gaps = [{ part: 'identity-center', operation: 'sso-admin:ListAccountAssignments', error: 'AccessDeniedException', message: 'denied', resource: ps(2) }];
    const file = join(mkdtempSync(join(tmpdir(), 'ba-sso-')), 'gap.json');
    writeFileSync(file, JSON.stringify(snapshot));
    const r = await runCli(['doctor', '--snapshot', file, '--no-interactive', '--principal', 'maria']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Verdict: INCONCLUSIVE: none of maria');
    expect(r.stdout).toContain('but sso-admin:ListAccountAssignments (AccessDeniedException) failed, so she may have more');
  });

  it('the --redact form of the snapshot gives the same diagnosis for her pseudonym', async () => {
    const snapshot = JSON.parse(readFileSync(join(ROOT, FIXTURE), 'utf8')) as SnapshotV1;
    const file = join(mkdtempSync(join(tmpdir(), 'ba-sso-')), 'redacted.json');
    writeFileSync(file, JSON.stringify(redactSnapshot(snapshot)));
    const plain = await json('--principal', 'maria');
    const r = await runCli(['doctor', '--snapshot', file, '--no-interactive', '--json', '--principal', 'redacted-sso-user-1']);
    const redacted = JSON.parse(r.stdout) as Diagnosis;
    const shape = (d: Diagnosis) => ({ verdict: d.verdict, sets: d.identityCenter?.permissionSets.map((p) => [p.via.length, p.verdict, p.blockedBy]), checks: d.checks.map((c) => [c.id, c.status]) });
    expect(r.code).toBe(plain.code);
    expect(shape(redacted)).toEqual(shape(plain.d));
  });

  it('a user id that is also an object prototype key (__proto__) is an ordinary id', async () => {
    const { code, d } = await json('--principal', '__proto__');
    expect(d.identityCenter?.user).toMatchObject({ userId: '__proto__', userName: 'constructor' });
    expect(d.identityCenter?.permissionSets.map((s) => s.name)).toEqual(['NeedsCmp']);
    expect(code).toBe(0);
  });

  it('no permission set in the account: denied, the principal is the identity store user, and a set that would open the page is offered', async () => {
    const { code, d } = await json('--principal', 'carol@example.com');
    expect(code).toBe(1);
    expect(validResult(d), JSON.stringify(validResult.errors)).toBe(true);
    expect(d.principal).toEqual({ arn: 'u-carol', type: 'identity-center-user', name: 'carol' });
    expect(d.checks).toHaveLength(1);
    expect(check(d, 'identity-center')).toMatchObject({ status: 'fail', summary: 'carol has no permission set assigned in account 111122223333, directly or through a group' });
    const assign = check(d, 'identity-center')?.remediation.find((r) => r.text.includes('FinanceAdmins'));
    expect(assign?.command).toBe(
      `aws sso-admin create-account-assignment --instance-arn ${INSTANCE} --permission-set-arn ${ps(2)} --target-type AWS_ACCOUNT --target-id ${ACCOUNT} --principal-type USER --principal-id u-carol`,
    );
  });

  it('a set assigned but never provisioned: denied, with the provisioning command', async () => {
    const { code, d } = await json('--principal', 'dave');
    expect(code).toBe(1);
    expect(d.identityCenter?.permissionSets).toEqual([{ name: 'Unprovisioned', arn: ps(5), via: ['direct'], verdict: 'denied', blockedBy: ['identity-center'] }]);
    expect(check(d, 'identity-center')?.remediation[0]?.command).toBe(
      `aws sso-admin provision-permission-set --instance-arn ${INSTANCE} --permission-set-arn ${ps(5)} --target-type AWS_ACCOUNT --target-id ${ACCOUNT}`,
    );
  });

  it('bad input: an unknown --permission-set for her, and an e-mail without an identityCenter part, are one-line errors (exit 2)', async () => {
    const r = await doctor('--principal', 'maria', '--permission-set', 'FinanceAdmins');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('billing-access: --permission-set FinanceAdmins: maria is not assigned it in this account (hers: BillingViewers, Drifted)');
    const nobody = await doctor('--principal', 'nobody@example.com');
    expect(nobody.code).toBe(2);
    expect(nobody.stderr.trim()).toBe('billing-access: --principal nobody@example.com: no user or role with that name in the snapshot; nor an Identity Center user with that name, e-mail address or id');
    const plain = await runCli(['doctor', '--snapshot', 'test/fixtures/checks/identity-center.json', '--no-interactive', '--principal', 'maria@example.com']);
    expect(plain.code).toBe(2);
    expect(plain.stderr).toContain('an e-mail address names an IAM Identity Center user, and the snapshot has no identityCenter part');
    expect(plain.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('permission-set findings (identity-center check)', () => {
  it('a customer managed policy reference with no such policy in the account: provisioning fails; removing it is proven', async () => {
    const { d } = await json('--permission-set', 'NeedsCmp');
    const c = check(d, 'identity-center');
    expect(c?.status).toBe('warn');
    expect(c?.summary).toContain(
      'permission set NeedsCmp references customer managed policy BillingExtra (path /finance/), but account 111122223333 has no arn:aws:iam::111122223333:policy/finance/BillingExtra: provisioning the set to this account fails until it exists',
    );
    expect(c?.remediation.map((r) => r.command?.split(' ').slice(0, 3).join(' '))).toContain('aws iam create-policy');
    const detach = c?.remediation.find((r) => r.command?.startsWith('aws sso-admin detach-customer-managed-policy-reference-from-permission-set'));
    expect(detach?.command).toContain('--customer-managed-policy-reference Name=BillingExtra,Path=/finance/');
    expect(detach?.verified).toBe('verified: this clears that identity-center finding; the others remain and the verdict is allowed');
  });

  it('an assignment to a group with no members', async () => {
    const { d } = await json('--permission-set', 'NeedsCmp');
    const c = check(d, 'identity-center');
    expect(c?.summary).toContain('permission set NeedsCmp is assigned in account 111122223333 to group Auditors, which has no members: nobody gets the set through it');
    expect(c?.remediation.find((r) => r.command?.startsWith('aws identitystore create-group-membership'))?.command).toBe(
      'aws identitystore create-group-membership --identity-store-id d-1234567890 --group-id g-empty --member-id UserId=<identity-store-user-id>',
    );
  });

  it('a set changed since it was provisioned: "re-provision", proven to open the page', async () => {
    const { code, d } = await json('--permission-set', 'Drifted');
    expect(code).toBe(1);
    const c = check(d, 'identity-center');
    expect(c?.status).toBe('warn');
    expect(c?.summary).toContain('the role lacks arn:aws:iam::aws:policy/AWSBillingReadOnlyAccess');
    expect(c?.summary).toContain('re-provision the set');
    expect(c?.remediation[0]).toMatchObject({
      command: `aws sso-admin provision-permission-set --instance-arn ${INSTANCE} --permission-set-arn ${ps(3)} --target-type AWS_ACCOUNT --target-id ${ACCOUNT}`,
      verified: 'verified: with this change the verdict becomes allowed',
    });
  });

  it('an AWSReservedSSO_* session maps back to its permission set by name and ARN', async () => {
    const { code, d } = await json('--principal', `arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_FinanceAdmins_1111222233334444/bob@example.com`);
    expect(code).toBe(0);
    expect(d.principal.type).toBe('identity-center-role');
    expect(d.identityCenter).toBeUndefined();
    expect(check(d, 'identity-center')).toMatchObject({ status: 'pass' });
    expect(check(d, 'identity-center')?.summary).toContain(`permission set FinanceAdmins`);
    expect(check(d, 'identity-center')?.summary).toContain(`the role matches the set (${ps(2)})`);
  });
});

describe('doctor with a denial of an Identity Center user (built bin)', () => {
  const VIEWERS = 'AWSReservedSSO_BillingViewers_0123456789abcdef';
  const session = (role: string, name: string) =>
    `User: arn:aws:sts::${ACCOUNT}:assumed-role/${role}/${name} is not authorized to perform: ce:DescribeReport because no identity-based policy allows the ce:DescribeReport action`;

  it('--principal <her e-mail> with a console message: the named action across her permission sets', async () => {
    const { code, d, stderr } = await json('--principal', 'maria@example.com', '--error', "You don't have permission to perform the following operation on the AWS Cost Management console: ce:DescribeReport");
    expect(code, stderr).toBe(1);
    expect(validResult(d), JSON.stringify(validResult.errors)).toBe(true);
    expect(d.tasks).toEqual(['named-actions']);
    expect(d.identityCenter?.user.userName).toBe('maria');
    expect(d.identityCenter?.permissionSets.map((s) => s.name)).toEqual(['BillingViewers', 'Drifted']);
    expect(d.denial?.actions).toEqual(['ce:DescribeReport']);
    expect(d.denial?.principalArn).toBeNull();
  });

  it("her AWSReservedSSO_* session in the message, without --principal: mapped back to her and that set, AWS's reason compared for it", async () => {
    const { code, d } = await json('--error', session(VIEWERS, 'maria'));
    expect(code).toBe(1);
    expect(d.identityCenter?.user.userName).toBe('maria');
    expect(d.denial?.principalArn).toBe(`arn:aws:iam::${ACCOUNT}:role/aws-reserved/sso.amazonaws.com/${VIEWERS}`);
    expect(d.denial?.agreement).toBe('agrees');
    expect(d.denial?.notes).toContain("the denied session is maria's, through permission set BillingViewers");
  });

  it('a session named by e-mail whose set the snapshot shows allowed: AWS denied it, so inconclusive (exit 3), never allowed', async () => {
    const denied = `User: arn:aws:sts::${ACCOUNT}:assumed-role/AWSReservedSSO_FinanceAdmins_1111222233334444/bob@example.com is not authorized to perform: billing:GetBillingData because no identity-based policy allows the billing:GetBillingData action`;
    const { code, d } = await json('--error', denied);
    expect(code).toBe(3);
    expect(d.verdict).toBe('inconclusive');
    expect(d.identityCenter?.user.userName).toBe('bob');
    expect(d.identityCenter?.permissionSets.map((s) => [s.name, s.verdict])).toEqual([['FinanceAdmins', 'allowed']]);
    expect(d.denial?.agreement).toBe('disagrees');
  });

  it('--principal <her> with a session of a set she does not hold is exit 2, naming her sets', async () => {
    const r = await doctor('--principal', 'maria', '--error', session('AWSReservedSSO_FinanceAdmins_1111222233334444', 'maria'));
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(`which is not the role of any of maria's permission sets in this account (${VIEWERS}, AWSReservedSSO_Drifted_5555666677778888)`);
  });
});
