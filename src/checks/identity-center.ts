/**
 * Check `identity-center`: an `AWSReservedSSO_*` role is owned by IAM Identity Center and fixed
 * through its permission set. With the snapshot's `identityCenter` part it also checks the set
 * itself: customer managed policy references that name no policy in the account (provisioning
 * fails), a role that no longer matches its set (changed since provisioned), and assignments in
 * this account that reach nobody (a group with no members, or no assignment at all).
 */
import type { Evidence } from '../model/diagnosis.js';
import {
  customerManagedArn,
  groupLabel,
  provisionedPolicies,
  roleDrift,
  type IdentityCenterModel,
  type PermissionSetEntry,
} from '../model/identity-center.js';
import { sh } from '../model/shell.js';
import type { CollectionGap, CustomerManagedPolicyReference } from '../model/snapshot.js';
import { customerReference, ssoFix, ssoTarget, type SsoTarget } from './remedies.js';
import type { Check, CheckContext, CheckOutcome, ProposedRemediation } from './types.js';

interface Finding {
  /** Stable key, so a fix of this finding is proven even when others remain (Fix.clears). */
  key: string;
  summary: string;
  evidence: Evidence[];
  remediation: ProposedRemediation[];
}

/** Reads of this set that failed during collection: what they leave uncompared. */
function gapsOf(ctx: CheckContext, set: PermissionSetEntry): CollectionGap[] {
  return (ctx.model.snapshot.gaps ?? []).filter((g) => g.part === 'identity-center' && g.resource === set.arn);
}

/** Customer managed policy references (boundary included) with no policy of that name and path in the account. */
function missingReferences(ctx: CheckContext, set: PermissionSetEntry, account: string): { ref: CustomerManagedPolicyReference; arn: string; asBoundary: boolean }[] {
  const boundary = set.boundary?.CustomerManagedPolicyReference;
  return [...set.customerManaged.map((ref) => ({ ref, asBoundary: false })), ...(boundary ? [{ ref: boundary, asBoundary: true }] : [])]
    .map((r) => ({ ...r, arn: customerManagedArn(account, r.ref) }))
    .filter(({ arn }) => !ctx.model.managed.has(arn) && !ctx.model.unresolved.has(arn));
}

function missingFindings(set: PermissionSetEntry, account: string, sso: SsoTarget, missing: ReturnType<typeof missingReferences>): Finding[] {
  return missing.map(({ ref, arn, asBoundary }) => {
    const path = ref.Path ?? '/';
    const key = `missing-reference:${arn}`;
    return {
      key,
      summary: `permission set ${set.name} references customer managed policy ${ref.Name} (path ${path})${asBoundary ? ' as its permissions boundary' : ''}, but account ${account} has no ${arn}: provisioning the set to this account fails until it exists`,
      evidence: [{ layer: 'identity-center', policy: `permission set ${set.name} (${set.arn})`, statement: `customer managed policy reference ${path}${ref.Name}` }],
      remediation: [
        {
          kind: 'cli',
          text: `Create the policy in account ${account} with the same name and path (its document is yours to write: the permission set names it, it does not hold it)`,
          command: sh`aws iam create-policy --policy-name ${ref.Name} --path ${path} --policy-document file://${ref.Name}.json`,
          who: 'IAM administrator',
        },
        {
          kind: 'cli',
          text: `Or remove the reference from permission set ${set.name} and provision it to this account`,
          command: asBoundary
            ? sh`aws sso-admin delete-permissions-boundary-from-permission-set ${sso.args} && ${sso.provision}`
            : sh`aws sso-admin detach-customer-managed-policy-reference-from-permission-set ${sso.args} --customer-managed-policy-reference ${customerReference({ Name: ref.Name, Path: path })} && ${sso.provision}`,
          who: 'Identity Center administrator',
          patch: { ...ssoFix(sso, asBoundary ? { boundaryArn: undefined } : { attached: sso.current.attached.filter((a) => a !== arn) }), clears: key },
        },
      ],
    };
  });
}

function drift(ctx: CheckContext, set: PermissionSetEntry, account: string, sso: SsoTarget, missing: readonly string[]): Finding[] {
  const role = ctx.principal.entity;
  if (!role) return [];
  const expected = provisionedPolicies(set, account);
  // A reference that provisioning cannot attach is its own finding, not a difference to re-provision away.
  const unread = gapsOf(ctx, set);
  // A boundary that could not be read is taken as the role's: compared, it would be a made-up difference.
  const boundaryUnread = unread.some((g) => /Boundary/.test(g.operation));
  const differences = roleDrift(role, {
    ...expected,
    attached: expected.attached.filter((a) => !missing.includes(a)),
    ...(boundaryUnread ? { boundaryArn: role.boundaryArn } : {}),
  });
  if (differences.length === 0) return [];
  const skipped = unread.length > 0 ? ` (not compared: ${unread.map((g) => g.operation).join(', ')} could not be read)` : '';
  return [
    {
      key: 'drift',
      summary: `role ${role.name} differs from permission set ${set.name}, so the set changed since it was last provisioned to this account (or the role was changed): ${differences.join('; ')}${skipped}; re-provision the set`,
      evidence: [
        { layer: 'identity-center', policy: `permission set ${set.name} (${set.arn})` },
        { layer: 'identity', policy: `role ${role.arn}` },
      ],
      remediation: [
        {
          kind: 'cli',
          text: `Re-provision permission set ${set.name} to this account, so the role gets the set's current policies${missing.length > 0 ? ' (after the missing customer managed policies exist, or it fails)' : ''}`,
          command: sso.provision.text,
          who: 'Identity Center administrator',
          ...(missing.length === 0 ? { patch: { ...ssoFix(sso, {}), clears: 'drift' } } : {}),
        },
      ],
    },
  ];
}

function unreachable(ic: IdentityCenterModel, set: PermissionSetEntry, account: string): Finding[] {
  const assignments = ic.assignments.filter((a) => a.PermissionSetArn === set.arn);
  if (assignments.length === 0) {
    return [
      {
        key: 'unassigned',
        summary: `permission set ${set.name} is assigned to nobody in account ${account}: no one can sign in with this role`,
        evidence: [{ layer: 'identity-center', policy: `permission set ${set.name} (${set.arn})`, statement: 'no account assignment' }],
        remediation: [
          {
            kind: 'cli',
            text: `Assign the set to the person (or a group of theirs) in account ${account}`,
            command: sh`aws sso-admin create-account-assignment --instance-arn ${ic.instanceArn} --permission-set-arn ${set.arn} --target-type AWS_ACCOUNT --target-id ${account} --principal-type USER --principal-id <identity-store-user-id>`,
            who: 'Identity Center administrator',
          },
        ],
      },
    ];
  }
  return assignments
    .filter((a) => a.PrincipalType === 'GROUP' && (ic.members.get(a.PrincipalId) ?? []).length === 0)
    .map((a) => ({
      key: `empty-group:${a.PrincipalId}`,
      summary: `permission set ${set.name} is assigned in account ${account} to group ${groupLabel(ic, a.PrincipalId)}, which has no members: nobody gets the set through it`,
      evidence: [{ layer: 'identity-center', policy: `assignment of ${set.name} to group ${groupLabel(ic, a.PrincipalId)} (${a.PrincipalId})`, statement: 'group has no members' }],
      remediation: [
        {
          kind: 'cli',
          text: `Add the people who need the set to group ${groupLabel(ic, a.PrincipalId)}`,
          command: sh`aws identitystore create-group-membership --identity-store-id ${ic.identityStoreId} --group-id ${a.PrincipalId} --member-id UserId=<identity-store-user-id>`,
          who: 'Identity Center administrator',
        },
      ],
    }));
}

export function identityCenter(ctx: CheckContext): CheckOutcome {
  const base = { id: 'identity-center' as const, evidence: [] as Evidence[], remediation: [] as ProposedRemediation[] };
  const p = ctx.principal;
  if (p.type !== 'identity-center-role') return { ...base, status: 'not-applicable', summary: 'the principal is not an IAM Identity Center role' };
  const owned = `${p.name} is provisioned by IAM Identity Center from permission set ${p.permissionSet}: change the permission set, not the role (direct changes are overwritten); the activation setting applies to it too`;
  const roleEvidence: Evidence = { layer: 'snapshot', policy: `role ${p.arn}` };
  const ic = ctx.model.identityCenter;
  const sso = ssoTarget(ctx);
  const account = ctx.model.accountId;
  if (!ic || !sso || account === undefined) return { ...base, status: 'pass', summary: owned, evidence: [roleEvidence] };
  const set = sso.set;
  if (!set) {
    return {
      ...base,
      status: 'warn',
      summary: `${p.name} names permission set ${p.permissionSet}, which Identity Center instance ${ic.instanceArn} does not have (deleted, renamed, or another instance): the role is left over and nobody can be assigned it`,
      evidence: [roleEvidence, { layer: 'identity-center', policy: `instance ${ic.instanceArn}`, statement: `no permission set named ${p.permissionSet}` }],
    };
  }
  const missing = missingReferences(ctx, set, account);
  const findings = [
    ...missingFindings(set, account, sso, missing),
    ...drift(ctx, set, account, sso, missing.map((m) => m.arn)),
    ...unreachable(ic, set, account),
  ];
  const setEvidence: Evidence = { layer: 'identity-center', policy: `permission set ${set.name} (${set.arn})` };
  if (findings.length === 0) {
    return { ...base, status: 'pass', summary: `${owned}; the role matches the set (${set.arn})`, evidence: [roleEvidence, setEvidence] };
  }
  return {
    ...base,
    status: 'warn',
    summary: findings.map((f) => f.summary).join('; '),
    evidence: findings.flatMap((f) => f.evidence),
    remediation: findings.flatMap((f) => f.remediation),
    findings: findings.map((f) => f.key),
  };
}

export const identityCenterCheck: Check = { id: 'identity-center', run: identityCenter, scope: 'principal' };
