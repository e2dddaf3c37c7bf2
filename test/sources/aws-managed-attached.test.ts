/**
 * Attached AWS managed policies in a live read: iam:ListPolicies (several to read) or iam:GetPolicy
 * names the default version; the shipped copy stands in for iam:GetPolicyVersion only when it is
 * that very version.
 */
import { GetPolicyCommand, GetPolicyVersionCommand, IAMClient, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { AuthorizationDetails } from '../../src/model/snapshot.js';
import type { AwsClients } from '../../src/sources/aws/clients.js';
import { Collection, collectAttachedAwsManagedPolicies } from '../../src/sources/aws/collect.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';

const BILLING = 'arn:aws:iam::aws:policy/job-function/Billing';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
// Not among the shipped copies.
const S3 = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

const shipped = loadShippedManagedPolicies();
const denied = (action: string): Error => Object.assign(new Error(`User is not authorized to perform: ${action}`), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });

/**
 * Fake IAM: `defaults` are the account's default version ids; `listed` the ARNs ListPolicies
 * returns (undefined: it is refused); `refuse` the ARNs whose GetPolicyVersion is denied.
 */
function fakeCollection(defaults: Record<string, string>, listed?: string[], refuse: string[] = []): { c: Collection; calls: string[] } {
  const calls: string[] = [];
  const policy = (arn: string) => ({ Arn: arn, PolicyName: arn.slice(arn.lastIndexOf('/') + 1), DefaultVersionId: defaults[arn] });
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof ListPoliciesCommand) {
      calls.push(`ListPolicies ${command.input.Scope} ${command.input.OnlyAttached}`);
      if (listed === undefined) throw denied('iam:ListPolicies');
      return { Policies: listed.map(policy), IsTruncated: false };
    }
    if (command instanceof GetPolicyCommand) {
      calls.push(`GetPolicy ${command.input.PolicyArn}`);
      return { Policy: policy(command.input.PolicyArn ?? '') };
    }
    if (command instanceof GetPolicyVersionCommand) {
      const arn = command.input.PolicyArn ?? '';
      calls.push(`GetPolicyVersion ${arn} ${command.input.VersionId}`);
      if (refuse.includes(arn)) throw denied('iam:GetPolicyVersion');
      return { PolicyVersion: { VersionId: command.input.VersionId, Document: `{"Version":"2012-10-17","Statement":[{"Sid":"live${command.input.VersionId}","Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}` } };
    }
    throw new Error(`unexpected command ${String(command)}`);
  };
  // A real client (the SDK's paginators insist), sending nothing: every command is answered here.
  const client = new IAMClient({ region: 'us-east-1' });
  client.send = send as IAMClient['send'];
  const clients = { profileLabel: 'test', iam: client } as unknown as AwsClients;
  const c = new Collection(clients, clients, false, { step: () => undefined, warn: () => undefined, stop: () => undefined });
  return { c, calls };
}

const iam = (arns: string[]): AuthorizationDetails => ({
  UserDetailList: [{ UserName: 'alice', Arn: 'arn:aws:iam::111122223333:user/alice', AttachedManagedPolicies: arns.map((PolicyArn) => ({ PolicyArn, PolicyName: PolicyArn.slice(PolicyArn.lastIndexOf('/') + 1) })) }],
  GroupDetailList: [],
  RoleDetailList: [],
  Policies: [],
});

describe('collectAttachedAwsManagedPolicies', () => {
  it('uses the shipped copy only when it is the default version; reads the document otherwise', async () => {
    const billing = shipped.get(BILLING)!;
    const newer = `v${Number(shipped.get(READ_ONLY)!.versionId.slice(1)) + 1}`;
    // ListPolicies names Billing and ReadOnlyAccess; S3ReadOnly (say, a boundary only) needs its own GetPolicy.
    const { c, calls } = fakeCollection({ [BILLING]: billing.versionId, [READ_ONLY]: newer, [S3]: 'v3' }, [BILLING, READ_ONLY]);
    const details = await collectAttachedAwsManagedPolicies(c, iam([BILLING, READ_ONLY, S3]));

    expect(calls.sort()).toEqual([`GetPolicy ${S3}`, `GetPolicyVersion ${S3} v3`, `GetPolicyVersion ${READ_ONLY} ${newer}`, 'ListPolicies AWS true']);
    const byArn = new Map(details.map((d) => [d.Arn, d]));
    expect(byArn.get(BILLING)?.DefaultVersionId).toBe(billing.versionId);
    expect(byArn.get(BILLING)?.PolicyVersionList?.[0]?.Document).toEqual(billing.document);
    // A newer default than the shipped copy: the account's document, never the older copy.
    expect(byArn.get(READ_ONLY)?.PolicyVersionList?.[0]?.Document).toContain(`live${newer}`);
    expect(byArn.get(S3)?.PolicyVersionList?.[0]?.Document).toContain('livev3');
    expect(c.gaps).toEqual([]);
  });

  it('ListPolicies refused: GetPolicy for each, and no gap (nothing is missing)', async () => {
    const billing = shipped.get(BILLING)!;
    const { c, calls } = fakeCollection({ [BILLING]: billing.versionId, [S3]: 'v3' });
    const details = await collectAttachedAwsManagedPolicies(c, iam([BILLING, S3]));
    expect(calls.sort()).toEqual([`GetPolicy ${S3}`, `GetPolicy ${BILLING}`, `GetPolicyVersion ${S3} v3`, 'ListPolicies AWS true']);
    expect(details.map((d) => d.Arn).sort()).toEqual([S3, BILLING]);
    expect(c.gaps).toEqual([]);
  });

  it('one policy to read: GetPolicy alone, no list', async () => {
    const { c, calls } = fakeCollection({ [BILLING]: shipped.get(BILLING)!.versionId }, [BILLING]);
    await collectAttachedAwsManagedPolicies(c, iam([BILLING]));
    expect(calls).toEqual([`GetPolicy ${BILLING}`]);
  });

  it('a refused GetPolicyVersion leaves that policy out, with a gap, even when a shipped copy of another version exists', async () => {
    const { c } = fakeCollection({ [READ_ONLY]: 'v1' }, [READ_ONLY], [READ_ONLY]);
    const details = await collectAttachedAwsManagedPolicies(c, iam([READ_ONLY]));
    expect(details).toEqual([]);
    expect(c.gaps.map((g) => [g.part, g.operation])).toEqual([['managed-policies', 'iam:GetPolicyVersion']]);
  });
});
