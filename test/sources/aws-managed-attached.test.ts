/**
 * Attached AWS managed policies in a live read: GetAccountAuthorizationDetails carries them (doctor,
 * snapshot); else iam:ListPolicies (several to read) or iam:GetPolicy names the default version,
 * and the shipped copy stands in for iam:GetPolicyVersion only when it is that very version.
 */
import { GetAccountAuthorizationDetailsCommand, GetPolicyCommand, GetPolicyVersionCommand, IAMClient, ListPoliciesCommand } from '@aws-sdk/client-iam';
import { describe, expect, it } from 'vitest';
import type { AuthorizationDetails } from '../../src/model/snapshot.js';
import type { AwsClients } from '../../src/sources/aws/clients.js';
import { Collection, collectAttachedAwsManagedPolicies, collectIam } from '../../src/sources/aws/collect.js';
import { loadShippedManagedPolicies } from '../../src/sources/managed-policies.js';

const BILLING = 'arn:aws:iam::aws:policy/job-function/Billing';
const READ_ONLY = 'arn:aws:iam::aws:policy/ReadOnlyAccess';
// Not among the shipped copies.
const S3 = 'arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess';

const shipped = loadShippedManagedPolicies();
const denied = (action: string): Error => Object.assign(new Error(`User is not authorized to perform: ${action}`), { name: 'AccessDenied', $fault: 'client', $metadata: { httpStatusCode: 403 } });

/**
 * Fake IAM: `defaults` are the account's default version ids; `listed` the ARNs ListPolicies
 * returns (undefined: it is refused); `refuse` the ARNs whose GetPolicyVersion is denied; `gaad`
 * what GetAccountAuthorizationDetails answers.
 */
function fakeCollection(defaults: Record<string, string>, listed?: string[], refuse: string[] = [], gaad: object = {}): { c: Collection; calls: string[] } {
  const calls: string[] = [];
  const policy = (arn: string) => ({ Arn: arn, PolicyName: arn.slice(arn.lastIndexOf('/') + 1), DefaultVersionId: defaults[arn] });
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof GetAccountAuthorizationDetailsCommand) {
      calls.push(`GetAccountAuthorizationDetails ${command.input.Filter?.join(',')}`);
      return { IsTruncated: false, ...gaad };
    }
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

describe('collectIam with the AWS managed policies GAAD carries', () => {
  const version = (id: string, isDefault: boolean) => ({ VersionId: id, IsDefaultVersion: isDefault, Document: `%7B%22Sid%22%3A%22${id}%22%7D` });
  const gaad = {
    ...iam([BILLING, READ_ONLY]),
    Policies: [
      // An older version listed first: only the default one is kept.
      { Arn: BILLING, PolicyName: 'Billing', DefaultVersionId: 'v2', PolicyVersionList: [version('v1', false), version('v2', true)] },
      // Attached, but without its document (some implementation): read the usual way.
      { Arn: READ_ONLY, PolicyName: 'ReadOnlyAccess', DefaultVersionId: 'v9', PolicyVersionList: [] },
      // In the answer, attached to nothing (moto returns every AWS managed policy).
      { Arn: S3, PolicyName: 'AmazonS3ReadOnlyAccess', DefaultVersionId: 'v3', PolicyVersionList: [version('v3', true)] },
    ],
  };

  it('keeps the attached ones at their default version and reads only what GAAD left out', async () => {
    const { c, calls } = fakeCollection({ [READ_ONLY]: 'v9' }, undefined, [], gaad);
    const details = await collectIam(c, true);
    expect(calls).toEqual(['GetAccountAuthorizationDetails User,Role,Group,LocalManagedPolicy,AWSManagedPolicy']);
    expect(details?.Policies).toEqual([{ PolicyName: 'Billing', Arn: BILLING, DefaultVersionId: 'v2', PolicyVersionList: [version('v2', true)] }]);

    const read = await collectAttachedAwsManagedPolicies(c, details!);
    expect(calls.slice(1)).toEqual([`GetPolicy ${READ_ONLY}`, `GetPolicyVersion ${READ_ONLY} v9`]);
    expect(read.map((d) => d.Arn)).toEqual([READ_ONLY]);
    expect(c.gaps).toEqual([]);
  });

  it('snapshot and audit --org ask GAAD for no AWS managed policy (moto answers with all of them)', async () => {
    const { c, calls } = fakeCollection({}, undefined, [], gaad);
    await collectIam(c);
    expect(calls).toEqual(['GetAccountAuthorizationDetails User,Role,Group,LocalManagedPolicy']);
  });
});
