/**
 * Attached AWS managed policies in a live read: iam:GetPolicy names the default version; the
 * shipped copy stands in for iam:GetPolicyVersion only when it is that very version.
 */
import { GetPolicyCommand, GetPolicyVersionCommand } from '@aws-sdk/client-iam';
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
const refused = Object.assign(new Error('User is not authorized to perform: iam:GetPolicyVersion'), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });

/** Fake IAM: `defaults` are the accounts' default version ids; `refuse` the ARNs whose GetPolicyVersion is denied. */
function fakeCollection(defaults: Record<string, string>, refuse: string[] = []): { c: Collection; calls: string[] } {
  const calls: string[] = [];
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof GetPolicyCommand) {
      const arn = command.input.PolicyArn ?? '';
      calls.push(`GetPolicy ${arn}`);
      return { Policy: { Arn: arn, PolicyName: arn.slice(arn.lastIndexOf('/') + 1), DefaultVersionId: defaults[arn] } };
    }
    if (command instanceof GetPolicyVersionCommand) {
      const arn = command.input.PolicyArn ?? '';
      calls.push(`GetPolicyVersion ${arn} ${command.input.VersionId}`);
      if (refuse.includes(arn)) throw refused;
      return { PolicyVersion: { VersionId: command.input.VersionId, Document: `{"Version":"2012-10-17","Statement":[{"Sid":"live${command.input.VersionId}","Effect":"Allow","Action":"s3:Get*","Resource":"*"}]}` } };
    }
    throw new Error(`unexpected command ${String(command)}`);
  };
  const clients = { profileLabel: 'test', iam: { send } } as unknown as AwsClients;
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
    const { c, calls } = fakeCollection({ [BILLING]: billing.versionId, [READ_ONLY]: newer, [S3]: 'v3' });
    const details = await collectAttachedAwsManagedPolicies(c, iam([BILLING, READ_ONLY, S3]));

    expect(calls.filter((x) => x.startsWith('GetPolicyVersion')).sort()).toEqual([`GetPolicyVersion ${S3} v3`, `GetPolicyVersion ${READ_ONLY} ${newer}`]);
    const byArn = new Map(details.map((d) => [d.Arn, d]));
    expect(byArn.get(BILLING)?.DefaultVersionId).toBe(billing.versionId);
    expect(byArn.get(BILLING)?.PolicyVersionList?.[0]?.Document).toEqual(billing.document);
    // A newer default than the shipped copy: the account's document, never the older copy.
    expect(byArn.get(READ_ONLY)?.PolicyVersionList?.[0]?.Document).toContain(`live${newer}`);
    expect(byArn.get(S3)?.PolicyVersionList?.[0]?.Document).toContain('livev3');
    expect(c.gaps).toEqual([]);
  });

  it('a refused GetPolicyVersion leaves that policy out, with a gap, even when a shipped copy of another version exists', async () => {
    const { c } = fakeCollection({ [READ_ONLY]: 'v1' }, [READ_ONLY]);
    const details = await collectAttachedAwsManagedPolicies(c, iam([READ_ONLY]));
    expect(details).toEqual([]);
    expect(c.gaps.map((g) => [g.part, g.operation])).toEqual([['managed-policies', 'iam:GetPolicyVersion']]);
  });
});
