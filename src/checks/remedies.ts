/** Remediation builders shared by checks: where a statement lives, who can change it, and the exact command. */
import type { MatchedStatement, PolicyDocumentJson } from '../engine/types.js';
import type { Entity, EntityKind, ModelPatch, RolePolicies, ScpEntry } from '../model/account.js';
import { detailWith, provisionedPolicies, referenceOf, SSO_INLINE_POLICY, type PermissionSetEntry } from '../model/identity-center.js';
import type { Actor } from '../model/diagnosis.js';
import { isAwsManagedArn } from '../model/managed-policy.js';
import type { CustomerManagedPolicyReference } from '../model/snapshot.js';
import { placeholder, sh, shFragment, type ShellText } from '../model/shell.js';
import { otherSetDenials, otherSetNote, statementEvidence } from './attribution.js';
import { exemptBilling } from './action-names.js';
import { statementsOf } from './policy-edit.js';
import type { CheckContext, CheckOutcome, Fix, ProposedRemediation } from './types.js';

/** Where a policy that a statement came from lives, relative to the principal. */
export type PolicyLocation =
  | { kind: 'inline'; owner: Entity; name: string }
  | { kind: 'managed'; arn: string; awsManaged: boolean; owners: Entity[] }
  | { kind: 'boundary'; arn: string; awsManaged: boolean; owner: Entity }
  | { kind: 'scp'; entry: ScpEntry; target: string };

function owners(ctx: CheckContext): Entity[] {
  const entity = ctx.principal.entity;
  if (!entity) return [];
  return [entity, ...(entity.groups ?? []).flatMap((g) => ctx.model.groups.get(g.toLowerCase()) ?? [])];
}

export function locate(ctx: CheckContext, statement: MatchedStatement): PolicyLocation | undefined {
  if (statement.layer === 'scp') {
    if (ctx.model.scp.status !== 'applies' || statement.level === undefined) return undefined;
    const level = ctx.model.scp.levels[statement.level];
    const entry = level?.policies.find((p) => p.compiled.source === statement.source);
    return level && entry ? { kind: 'scp', entry, target: level.targetId } : undefined;
  }
  const entity = ctx.principal.entity;
  if (!entity) return undefined;
  if (statement.layer === 'boundary') {
    return entity.boundaryArn ? { kind: 'boundary', arn: entity.boundaryArn, awsManaged: isAwsManagedArn(entity.boundaryArn), owner: entity } : undefined;
  }
  for (const owner of owners(ctx)) {
    const inline = owner.inline.find((i) => i.label === statement.source);
    if (inline) return { kind: 'inline', owner, name: inline.name };
  }
  const holding = owners(ctx).filter((o) => o.attached.includes(statement.source));
  return holding.length > 0 ? { kind: 'managed', arn: statement.source, awsManaged: isAwsManagedArn(statement.source), owners: holding } : undefined;
}

/** Who can change identity policies of this principal: Identity Center roles are changed through their permission set. */
export function identityActor(ctx: CheckContext): Actor {
  return ctx.principal.type === 'identity-center-role' ? 'Identity Center administrator' : 'IAM administrator';
}

const fileName = (name: string): string => `${name.replace(/[^A-Za-z0-9._-]+/g, '-')}.json`;
const ownerRef = (o: { kind: EntityKind; name: string }) => ({ kind: o.kind, name: o.name });

/** An Identity Center role's permission set: how to name it in commands, and what provisioning it leaves on the role. */
export interface SsoTarget {
  role: string;
  /** Known when the snapshot has the `identityCenter` part. */
  set?: PermissionSetEntry;
  /** `--instance-arn … --permission-set-arn …`, real ARNs when known, placeholders otherwise. */
  args: ShellText;
  /** `provision-permission-set` to this account only. */
  provision: ShellText;
  /** The policies the set provisions today (from the set when known, else as last provisioned on the role). */
  current: RolePolicies;
}

export function ssoTarget(ctx: CheckContext): SsoTarget | undefined {
  const p = ctx.principal;
  const role = p.entity;
  if (p.type !== 'identity-center-role' || !role) return undefined;
  const ic = ctx.model.identityCenter;
  const set = ic && p.permissionSetArn ? ic.permissionSets.get(p.permissionSetArn) : undefined;
  const account = ctx.model.accountId;
  const args = shFragment`--instance-arn ${set && ic ? ic.instanceArn : placeholder('identity-center-instance-arn')} --permission-set-arn ${set?.arn ?? placeholder('permission-set-arn')}`;
  const inline = role.inline.find((i) => i.name === SSO_INLINE_POLICY)?.compiled.document;
  const asProvisioned: RolePolicies = {
    ...(inline !== undefined ? { inline } : {}),
    attached: role.attached,
    ...(role.boundaryArn ? { boundaryArn: role.boundaryArn } : {}),
  };
  return {
    role: role.name,
    ...(set ? { set } : {}),
    args,
    provision: shFragment`aws sso-admin provision-permission-set ${args} --target-type AWS_ACCOUNT --target-id ${account ?? placeholder('account-id')}`,
    current: set && account ? provisionedPolicies(set, account) : asProvisioned,
  };
}

/** The proof of a permission-set change: its role as provisioning would leave it. */
export function ssoFix(t: SsoTarget, change: Partial<RolePolicies>): Fix {
  const policies = { ...t.current, ...change };
  const provision: ModelPatch = { kind: 'provision-role', role: t.role, policies };
  return { patches: t.set ? [{ kind: 'update-permission-set', detail: detailWith(t.set.detail, policies) }, provision] : [provision] };
}

/** The permission set's inline policy with `document`'s statements added (put-inline-policy-to-permission-set replaces it whole). */
export function mergedInline(t: SsoTarget, document: PolicyDocumentJson): PolicyDocumentJson {
  const existing = t.current.inline as PolicyDocumentJson | undefined;
  if (!existing) return document;
  return { ...structuredClone(existing), Statement: [...structuredClone(statementsOf(existing)), ...structuredClone(statementsOf(document))] };
}

/**
 * Remediations that replace the statement's policy with `document` (or, for an AWS managed policy,
 * which nobody can edit, detach it). Each carries the patch that proves it.
 */
export function rewriteRemedies(ctx: CheckContext, statement: MatchedStatement, document: PolicyDocumentJson, why: string): ProposedRemediation[] {
  const where = locate(ctx, statement);
  if (!where) return [];
  const sso = where.kind !== 'scp' ? ssoTarget(ctx) : undefined;
  // AWS rejects a policy with no statements, so a rewrite that removes them all becomes a removal.
  if (statementsOf(document).length === 0) return [removeRemedy(ctx, where, document, why, sso)];
  switch (where.kind) {
    case 'scp': {
      const file = fileName(`scp-${where.entry.id}`);
      return [
        {
          kind: 'policy',
          text: `${why}. Update SCP ${where.entry.name} (${where.entry.id}) with the corrected document below, saved as ${file}`,
          command: sh`aws organizations update-policy --policy-id ${where.entry.id} --content file://${file}`,
          document,
          file,
          who: 'organization management account',
          patch: { patches: [{ kind: 'replace-scp', id: where.entry.id, document }] },
        },
      ];
    }
    case 'inline': {
      const file = fileName(where.name);
      const o = where.owner;
      return [
        {
          kind: 'policy',
          text: sso
            ? `${why}. The role belongs to permission set ${ctx.principal.permissionSet}; change the permission set's inline policy to the document below, saved as ${file}, then re-provision it (changes to the role itself are overwritten)`
            : `${why}. Replace inline policy ${where.name} on ${o.kind} ${o.name} with the corrected document below, saved as ${file}`,
          command: sso
            ? sh`aws sso-admin put-inline-policy-to-permission-set ${sso.args} --inline-policy file://${file} && ${sso.provision}`
            : sh`aws iam put-${o.kind}-policy --${o.kind}-name ${o.name} --policy-name ${where.name} --policy-document file://${file}`,
          document,
          file,
          who: sso ? 'Identity Center administrator' : 'IAM administrator',
          patch: sso ? ssoFix(sso, { inline: document }) : { patches: [{ kind: 'put-inline', owner: ownerRef(o), name: where.name, document }] },
        },
      ];
    }
    case 'managed':
      if (where.awsManaged) {
        // Detach it everywhere the principal gets it from (itself and its groups) in one step.
        const owners = where.owners.map((o) => `${o.kind} ${o.name}`).join(' and ');
        return [
          {
            kind: 'cli',
            text: sso
              ? `${why}. AWS managed policy ${where.arn} cannot be edited; remove it from permission set ${ctx.principal.permissionSet} and re-provision`
              : `${why}. AWS managed policy ${where.arn} cannot be edited; detach it from ${owners} (and grant what it was there for with a policy of your own)`,
            command: sso
              ? sh`aws sso-admin detach-managed-policy-from-permission-set ${sso.args} --managed-policy-arn ${where.arn} && ${sso.provision}`
              : where.owners.map((o) => sh`aws iam detach-${o.kind}-policy --${o.kind}-name ${o.name} --policy-arn ${where.arn}`).join(' && '),
            who: sso ? 'Identity Center administrator' : 'IAM administrator',
            patch: sso
              ? ssoFix(sso, { attached: sso.current.attached.filter((a) => a !== where.arn) })
              : { patches: where.owners.map((o) => ({ kind: 'detach-managed' as const, owner: ownerRef(o), arn: where.arn })) },
          },
        ];
      }
      return [managedVersion(where.arn, document, why, sso ? 'Identity Center administrator' : 'IAM administrator')];
    case 'boundary':
      if (where.awsManaged && sso) return [ssoRemoveBoundary(sso, where.arn, `${why}. AWS managed policy ${where.arn} is the permissions boundary of permission set ${ctx.principal.permissionSet} and cannot be edited; remove it from the permission set and re-provision`)];
      if (where.awsManaged) {
        const o = where.owner;
        return [
          {
            kind: 'cli',
            text: `${why}. AWS managed policy ${where.arn} is the permissions boundary of ${o.kind} ${o.name} and cannot be edited; remove the boundary or set one of your own`,
            command: sh`aws iam delete-${o.kind}-permissions-boundary --${o.kind}-name ${o.name}`,
            who: 'IAM administrator',
            patch: { patches: [{ kind: 'set-boundary', owner: ownerRef(o), arn: undefined }] },
          },
        ];
      }
      return [managedVersion(where.arn, document, why, 'IAM administrator')];
  }
}

/**
 * Removes the policy instead of emptying it: the patch stays the empty document, which evaluates the
 * same as a removal, so diagnose still proves the fix.
 */
function removeRemedy(ctx: CheckContext, where: PolicyLocation, document: PolicyDocumentJson, why: string, sso: SsoTarget | undefined): ProposedRemediation {
  switch (where.kind) {
    case 'scp': {
      const targets = ctx.model.scp.status === 'applies'
        ? ctx.model.scp.levels.filter((l) => l.policies.some((p) => p.id === where.entry.id)).map((l) => l.targetId)
        : [where.target];
      return {
        kind: 'cli',
        text: `${why}. No statement of SCP ${where.entry.name} (${where.entry.id}) would remain, so detach it from ${targets.join(' and ')}`,
        command: targets.map((t) => sh`aws organizations detach-policy --policy-id ${where.entry.id} --target-id ${t}`).join(' && '),
        who: 'organization management account',
        patch: { patches: [{ kind: 'replace-scp', id: where.entry.id, document }] },
      };
    }
    case 'inline': {
      const o = where.owner;
      return {
        kind: 'cli',
        text: sso
          ? `${why}. No statement of the inline policy of permission set ${ctx.principal.permissionSet} would remain, so delete it and re-provision (changes to the role itself are overwritten)`
          : `${why}. No statement of inline policy ${where.name} on ${o.kind} ${o.name} would remain, so delete it`,
        command: sso
          ? sh`aws sso-admin delete-inline-policy-from-permission-set ${sso.args} && ${sso.provision}`
          : sh`aws iam delete-${o.kind}-policy --${o.kind}-name ${o.name} --policy-name ${where.name}`,
        who: sso ? 'Identity Center administrator' : 'IAM administrator',
        patch: sso ? ssoFix(sso, { inline: undefined }) : { patches: [{ kind: 'put-inline', owner: ownerRef(o), name: where.name, document }] },
      };
    }
    case 'managed': {
      const owners = where.owners.map((o) => `${o.kind} ${o.name}`).join(' and ');
      if (sso) {
        return {
          kind: 'cli',
          text: `${why}. No statement of ${where.arn} would remain, so remove it from permission set ${ctx.principal.permissionSet} and re-provision`,
          command: `${ssoDetachCommand(sso, where.arn)} && ${sso.provision.text}`,
          who: 'Identity Center administrator',
          patch: ssoFix(sso, { attached: sso.current.attached.filter((a) => a !== where.arn) }),
        };
      }
      return {
        kind: 'cli',
        text: `${why}. No statement of ${where.arn} would remain, so detach it from ${owners}`,
        command: where.owners.map((o) => sh`aws iam detach-${o.kind}-policy --${o.kind}-name ${o.name} --policy-arn ${where.arn}`).join(' && '),
        who: identityActor(ctx),
        patch: { patches: where.owners.map((o) => ({ kind: 'detach-managed' as const, owner: ownerRef(o), arn: where.arn })) },
      };
    }
    case 'boundary': {
      const o = where.owner;
      if (sso) return ssoRemoveBoundary(sso, where.arn, `${why}. No statement of the permissions boundary ${where.arn} would remain, so remove it from permission set ${ctx.principal.permissionSet} and re-provision`);
      return {
        kind: 'cli',
        text: `${why}. No statement of the permissions boundary ${where.arn} would remain, so remove the boundary from ${o.kind} ${o.name}`,
        command: sh`aws iam delete-${o.kind}-permissions-boundary --${o.kind}-name ${o.name}`,
        who: 'IAM administrator',
        patch: { patches: [{ kind: 'set-boundary', owner: ownerRef(o), arn: undefined }] },
      };
    }
  }
}

/** `detach-managed-policy-from-permission-set`, or for a policy of the account its customer managed reference. */
function ssoDetachCommand(sso: SsoTarget, arn: string): string {
  if (isAwsManagedArn(arn)) return sh`aws sso-admin detach-managed-policy-from-permission-set ${sso.args} --managed-policy-arn ${arn}`;
  return sh`aws sso-admin detach-customer-managed-policy-reference-from-permission-set ${sso.args} --customer-managed-policy-reference ${customerReference(referenceOf(arn))}`;
}

/**
 * A customer managed policy reference as the aws CLI takes it: shorthand (`Name=…,Path=…`) when the
 * name and path hold none of its separators (IAM names allow `,` and `=`), else JSON.
 */
export function customerReference(ref: CustomerManagedPolicyReference): string {
  const path = ref.Path ?? '/';
  const plain = (v: string): boolean => /^[\w+.@/-]+$/.test(v);
  return plain(ref.Name) && plain(path) ? `Name=${ref.Name},Path=${path}` : JSON.stringify({ Name: ref.Name, Path: path });
}

function ssoRemoveBoundary(sso: SsoTarget, arn: string, text: string): ProposedRemediation {
  return {
    kind: 'cli',
    text,
    command: sh`aws sso-admin delete-permissions-boundary-from-permission-set ${sso.args} && ${sso.provision}`,
    who: 'Identity Center administrator',
    patch: ssoFix(sso, { boundaryArn: undefined }),
  };
}

function managedVersion(arn: string, document: PolicyDocumentJson, why: string, who: Actor): ProposedRemediation {
  const file = fileName(arn.slice(arn.lastIndexOf('/') + 1));
  return {
    kind: 'policy',
    text: `${why}. Publish the corrected document below, saved as ${file}, as the default version of ${arn} (a policy keeps at most 5 versions; delete an old one first if needed)`,
    command: sh`aws iam create-policy-version --policy-arn ${arn} --policy-document file://${file} --set-as-default`,
    document,
    file,
    who,
    patch: { patches: [{ kind: 'replace-managed-document', arn, document }] },
  };
}

/** Grant the principal a managed policy (users and roles directly; Identity Center roles through their permission set). */
export function attachRemedy(ctx: CheckContext, arn: string, why: string): ProposedRemediation | undefined {
  const entity = ctx.principal.entity;
  if (!entity || entity.kind === 'group') return undefined;
  const sso = ssoTarget(ctx);
  if (sso?.set && sso.current.attached.includes(arn)) {
    // The set has it already; the role was provisioned before it was added.
    return {
      kind: 'cli',
      text: `${why}. Permission set ${ctx.principal.permissionSet} already has ${arn}, but its role here was provisioned before: provision the set to this account again`,
      command: sso.provision.text,
      who: 'Identity Center administrator',
      patch: ssoFix(sso, {}),
    };
  }
  if (sso) {
    return {
      kind: 'cli',
      text: `${why}. Add ${arn} to permission set ${ctx.principal.permissionSet} and provision it to this account`,
      command: sh`aws sso-admin attach-managed-policy-to-permission-set ${sso.args} --managed-policy-arn ${arn} && ${sso.provision}`,
      who: 'Identity Center administrator',
      patch: ssoFix(sso, { attached: [...sso.current.attached.filter((a) => a !== arn), arn] }),
    };
  }
  const patches: ModelPatch[] = [{ kind: 'attach-managed', owner: ownerRef(entity), arn }];
  return {
    kind: 'cli',
    text: `${why}. Attach ${arn} to ${entity.kind} ${entity.name}`,
    command: sh`aws iam attach-${entity.kind}-policy --${entity.kind}-name ${entity.name} --policy-arn ${arn}`,
    who: identityActor(ctx),
    patch: { patches },
  };
}

/**
 * Grant the principal an inline policy with exactly the needed actions. For an Identity Center role
 * the permission set's inline policy is replaced whole, so the document keeps its existing statements.
 */
export function inlineRemedy(ctx: CheckContext, name: string, document: PolicyDocumentJson, why: string): ProposedRemediation | undefined {
  const entity = ctx.principal.entity;
  if (!entity || entity.kind === 'group') return undefined;
  const sso = ssoTarget(ctx);
  if (sso) {
    const file = fileName(`${ctx.principal.permissionSet ?? 'permission-set'}-inline`);
    const merged = mergedInline(sso, document);
    const kept = sso.current.inline !== undefined ? ' (its existing statements kept: put-inline-policy-to-permission-set replaces the inline policy whole)' : '';
    return {
      kind: 'policy',
      text: `${why}. Make the policy below, saved as ${file}, the inline policy of permission set ${ctx.principal.permissionSet}${kept}, and provision it to this account`,
      command: sh`aws sso-admin put-inline-policy-to-permission-set ${sso.args} --inline-policy file://${file} && ${sso.provision}`,
      document: merged,
      file,
      who: 'Identity Center administrator',
      patch: ssoFix(sso, { inline: merged }),
    };
  }
  const file = fileName(name);
  return {
    kind: 'policy',
    text: `${why}. Add the policy below, saved as ${file}, as inline policy ${name} on ${entity.kind} ${entity.name}`,
    command: sh`aws iam put-${entity.kind}-policy --${entity.kind}-name ${entity.name} --policy-name ${name} --policy-document file://${file}`,
    document,
    who: identityActor(ctx),
    patch: { patches: [{ kind: 'put-inline', owner: ownerRef(entity), name, document }] },
  };
}

/** The normalised document of the policy a statement came from. */
export function documentOf(ctx: CheckContext, statement: MatchedStatement): PolicyDocumentJson | undefined {
  if (statement.layer === 'boundary') return ctx.layers.boundary?.document;
  if (statement.layer === 'identity') return ctx.layers.identity.find((p) => p.source === statement.source)?.document;
  const where = locate(ctx, statement);
  return where?.kind === 'scp' ? where.entry.compiled.document : undefined;
}

/**
 * One remediation that applies several statement fixes together, for when each alone leaves another
 * deny in place. Documents are keyed by the file each command reads.
 */
export function combineRemedies(parts: readonly ProposedRemediation[], why: string): ProposedRemediation | undefined {
  if (parts.length < 2 || parts.some((p) => !p.patch || !p.command)) return undefined;
  const documents = Object.fromEntries(parts.filter((p) => p.file !== undefined).map((p) => [p.file, p.document]));
  const whos = [...new Set(parts.map((p) => p.who))];
  return {
    kind: 'policy',
    text: `${why}. Make all ${parts.length} changes (one alone leaves the other denies in place); the documents below are keyed by file name`,
    command: parts.map((p) => p.command).join(' && '),
    ...(Object.keys(documents).length > 0 ? { document: documents, files: Object.keys(documents) } : {}),
    ...(whos.length === 1 && whos[0] ? { who: whos[0] } : {}),
    patch: {
      patches: parts.flatMap((p) => p.patch?.patches ?? []),
      options: Object.assign({}, ...parts.map((p) => p.patch?.options ?? {})),
    },
  };
}

/** A rewrite of one statement of a document; `undefined` when it does not apply. */
export type StatementRewrite = (document: PolicyDocumentJson, index: number, actions: readonly string[]) => PolicyDocumentJson | undefined;

/**
 * Fixes for denying statements: statements of the same policy are rewritten into one document
 * (highest index first, so removals do not shift the others); several policies give one remedy each
 * plus, first, their combination.
 */
export function fixDenials(
  ctx: CheckContext,
  denials: readonly { statement: MatchedStatement; actions: string[] }[],
  rewrite: StatementRewrite,
  why: string,
): ProposedRemediation[] {
  if (ctx.statusOnly) return [];
  // One SCP attached at several levels is one document: rewrite each of its statements once.
  const groups = new Map<string, Map<number, { statement: MatchedStatement; actions: string[] }>>();
  for (const d of denials) {
    const k = `${d.statement.layer}|${d.statement.layer === 'scp' ? '' : (d.statement.level ?? '')}|${d.statement.source}`;
    const group = groups.get(k) ?? new Map<number, { statement: MatchedStatement; actions: string[] }>();
    const seen = group.get(d.statement.index);
    group.set(d.statement.index, seen ? { ...seen, actions: [...new Set([...seen.actions, ...d.actions])] } : d);
    groups.set(k, group);
  }
  const perPolicy = [...groups.values()].map((g) => [...g.values()]).flatMap((group) => {
    const first = group[0];
    const original = first ? documentOf(ctx, first.statement) : undefined;
    if (!first || !original) return [];
    let document: PolicyDocumentJson | undefined = original;
    for (const d of [...group].sort((a, b) => b.statement.index - a.statement.index)) {
      document = document ? rewrite(document, d.statement.index, d.actions) : undefined;
    }
    const sids = group.map((d) => d.statement.statement).join(', ');
    return document ? [rewriteRemedies(ctx, first.statement, document, `Statement ${sids}: ${why.charAt(0).toLowerCase()}${why.slice(1)}`)] : [];
  });
  const combined = combineRemedies(perPolicy.map((r) => r[0]).filter((r): r is ProposedRemediation => r !== undefined), why);
  return [...(combined ? [combined] : []), ...perPolicy.flat()];
}

/**
 * The outcome of a layer that denies none of the evaluated actions: `warn` when it still denies
 * the other action set (SCPs and boundaries had to migrate too, design section 3), else `pass`.
 */
export function passUnlessOtherSetDenied(
  ctx: CheckContext,
  id: 'scp' | 'boundary',
  pass: { summary: string; evidence: MatchedStatement[] },
  why: string,
): CheckOutcome {
  const other = otherSetDenials(ctx, id);
  if (other.length > 0) {
    return {
      id,
      status: 'warn',
      summary: otherSetNote(ctx, other),
      evidence: other.map((d) => statementEvidence(ctx, d.statement)),
      remediation: fixDenials(ctx, other, exemptBilling(ctx), why),
    };
  }
  return { id, status: 'pass', summary: pass.summary, evidence: pass.evidence.map((s) => statementEvidence(ctx, s)), remediation: [] };
}
