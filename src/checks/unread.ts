/**
 * What a check cannot know (design section 5.2): statements or documents that could not be read,
 * and layers that were not read at all. A check passes only when every layer it depends on was
 * read; what could not be read never counts as allowing or denying.
 */
import type { LayerName, UncertainStatement } from '../engine/types.js';
import { UNDOCUMENTED } from '../engine/index.js';
import type { CheckId, Evidence } from '../model/diagnosis.js';
import type { ActionEvaluation, CheckContext, CheckOutcome } from './types.js';
import { sh } from '../model/shell.js';
import { statementKey } from './attribution.js';

/**
 * Statements and documents of these layers that may apply but could not be read (deduplicated),
 * in the evaluations given; `mayDeny` keeps only those that could deny.
 */
export function uncertainIn(evaluations: readonly ActionEvaluation[], layers: readonly LayerName[], mayDeny = false): UncertainStatement[] {
  // Most evaluations hold none: no map until one is found.
  let found: Map<string, UncertainStatement> | undefined;
  for (const { evaluation } of evaluations) {
    for (const u of evaluation.uncertain) {
      if (!layers.includes(u.layer) || (mayDeny && u.effect === 'Allow')) continue;
      (found ??= new Map()).set(statementKey(u), u);
    }
  }
  return found === undefined ? [] : [...found.values()];
}

/** Where an uncertain statement is: the policy (and SCP target), its place in the snapshot, the statement. */
export function uncertainPlace(ctx: CheckContext, u: UncertainStatement): string {
  const level = u.layer === 'scp' && ctx.model.scp.status === 'applies' && u.level !== undefined ? ctx.model.scp.levels[u.level] : undefined;
  const policy = level ? `${u.source} attached to ${level.name}` : u.source;
  const path = [u.location, u.path].filter((p) => p !== undefined && p !== '' && p !== '$').join(' ');
  return `${u.index >= 0 ? `statement ${u.statement} of ` : ''}${policy}${path ? ` (${path})` : ''}`;
}

/** Whether the statement was read but rests on a case AWS does not document (design section 5). */
function undocumented(u: UncertainStatement): boolean {
  return u.reason.includes(UNDOCUMENTED);
}

/** `cannot read SCP X (p-1) attached to ou ou-1 (organizations.policies["ou-1"][0].Content): not valid JSON at …`. */
export function uncertainText(ctx: CheckContext, u: UncertainStatement): string {
  if (u.scopedResource) return `${uncertainPlace(ctx, u)} may not apply: ${u.reason}`;
  const what = u.index >= 0 && u.reason.startsWith(u.path) ? u.reason.slice(u.path.length).replace(/^: /, '') : u.reason;
  return `${undocumented(u) ? 'cannot decide' : 'cannot read'} ${uncertainPlace(ctx, u)}: ${what}`;
}

export function uncertainEvidence(ctx: CheckContext, u: UncertainStatement): Evidence {
  const level = u.layer === 'scp' && ctx.model.scp.status === 'applies' && u.level !== undefined ? ctx.model.scp.levels[u.level] : undefined;
  return {
    layer: u.layer,
    policy: level ? `${u.source} attached to ${level.name}` : u.source,
    statement: u.index >= 0 ? u.statement : '(document)',
    condition: u.scopedResource
      ? `${u.path} decides, and the request's resource is not known: ${u.reason}`
      : `${undocumented(u) ? 'could not be decided' : 'could not be read'}${u.location ? ` at ${u.location}` : ''}${u.path && u.path !== '$' ? ` ${u.path}` : ''}: ${u.reason}`,
  };
}

/**
 * The `unknown` result for a check whose layers hold statements that could not be read: they may
 * allow or deny, so the check cannot pass (and, with no deny that surely applies, cannot fail).
 */
export function unreadable(ctx: CheckContext, id: CheckId, found: readonly UncertainStatement[], prefix = ''): CheckOutcome {
  const [first] = found;
  const more = found.length > 1 ? ` (and ${found.length - 1} more)` : '';
  return {
    id,
    status: 'unknown',
    summary: `${prefix}${first ? uncertainText(ctx, first) : 'a document could not be read'}${more}`,
    evidence: found.map((u) => uncertainEvidence(ctx, u)),
    remediation: [
      found.length > 0 && found.every((u) => u.scopedResource)
        ? {
            kind: 'info',
            text: 'The statement is scoped to specific resources and AWS does not document which resource the console request names: to be sure, allow those actions on Resource "*", or find the resource in the denied request (--cloudtrail-event, --error) and scope the statement to it',
          }
        : found.length > 0 && found.every(undocumented)
        ? {
            kind: 'info',
            text: 'Rewrite the condition so its answer is documented (a set operator, ForAnyValue or ForAllValues, on a key with several values; values of the operator\'s type; ARNs spelled as AWS does), or give the request\'s value with --context; until then it counts as neither allowing nor denying',
          }
        : {
            kind: 'info',
            text: 'Fix or re-read the document (AWS accepts only valid policy JSON: a damaged or hand-edited snapshot, or a policy element this tool does not know, causes this), then run again; nothing that cannot be read counts as allowing or denying',
          },
    ],
  };
}


/** A layer a check depends on that was not read at all, and how to read it. */
export interface UnreadLayer {
  layer: LayerName;
  /** `SCPs were not read: …`, `the permissions boundary … is not in the snapshot`. */
  what: string;
  /** How to supply it: `--org-profile …`, the document to add. */
  how: string;
  evidence: Evidence;
}

/** The layers among `layers` that apply to the principal but were not read. */
export function unreadLayers(ctx: CheckContext, layers: readonly LayerName[]): UnreadLayer[] {
  const out: UnreadLayer[] = [];
  const missingIdentity = ctx.unresolved.identity;
  if (layers.includes('identity') && missingIdentity.length > 0) {
    out.push({
      layer: 'identity',
      what: `the identity policies ${missingIdentity.join(', ')} are not in the snapshot`,
      how: 'add their documents to the snapshot (iam.Policies: `aws iam get-account-authorization-details`)',
      evidence: { layer: 'identity', policy: missingIdentity.join(', '), statement: '(document not available)' },
    });
  }
  const scp = ctx.model.scp;
  if (layers.includes('scp') && scp.status === 'unknown' && !ctx.principal.serviceLinked) {
    out.push({ layer: 'scp', what: `SCPs were not read (${scp.reason})`, how: scp.hint, evidence: { layer: 'scp', policy: 'SCPs of the account', statement: '(not read)' } });
  }
  const boundary = ctx.unresolved.boundary;
  if (layers.includes('boundary') && boundary !== undefined) {
    out.push({
      layer: 'boundary',
      what: `the permissions boundary ${boundary} is not in the snapshot`,
      how: `add its document to the snapshot (iam.Policies: \`${sh`aws iam get-policy-version --policy-arn ${boundary} --version-id <default>`}\`)`,
      evidence: { layer: 'boundary', policy: boundary, statement: '(document not available)' },
    });
  }
  return out;
}

const EVERY_LAYER: readonly LayerName[] = ['identity', 'scp', 'boundary'];

/** What a check whose denies may sit in any layer cannot read: layers not read, statements that may deny but could not be read. */
export interface UnreadDependency {
  layers: UnreadLayer[];
  found: UncertainStatement[];
}

/**
 * For a check whose denies may sit in any layer (`mfa`, `region`): what was not read among the
 * layers and these evaluations' statements that may deny; undefined when everything was read.
 */
export function unreadDependency(ctx: CheckContext, evaluations: readonly ActionEvaluation[]): UnreadDependency | undefined {
  const layers = unreadLayers(ctx, EVERY_LAYER);
  const found = uncertainIn(evaluations, EVERY_LAYER, true);
  return layers.length === 0 && found.length === 0 ? undefined : { layers, found };
}

/** The `unknown` outcome for an unread dependency; `topic` names the kind of deny (`region-restricting`, `MFA-conditional`). */
export function unreadDependencyOutcome(ctx: CheckContext, id: CheckId, { layers, found }: UnreadDependency, topic: string): CheckOutcome {
  const none = `no ${topic} deny applies in the layers that were read, but `;
  const places = found.map((u) => uncertainPlace(ctx, u));
  if (layers.length === 0) {
    // The layer's own check gives the reason; here it is enough to say what could not be read.
    const verb = found.every(undocumented) ? 'decided' : 'read';
    return { ...unreadable(ctx, id, found), summary: `${none}${places.length === 1 ? `this could not be ${verb}` : `${places.length} could not be ${verb}`}: ${places.join('; ')}` };
  }
  const [first, ...rest] = layers;
  const more = rest.length + found.length > 0 ? `; also ${[...rest.map((l) => l.what), ...places.map((p) => `cannot read ${p}`)].join('; ')}` : '';
  return {
    id,
    status: 'unknown',
    summary: `${none}${first!.what}${more}`,
    evidence: [...layers.map((l) => l.evidence), ...found.map((u) => uncertainEvidence(ctx, u))],
    remediation: layers.map((l) => ({ kind: 'info' as const, text: `To read the ${l.layer === 'scp' ? 'SCPs' : l.layer === 'boundary' ? 'permissions boundary' : 'identity policies'}: ${l.how}` })),
  };
}
