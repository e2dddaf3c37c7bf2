/** Check `boundary`: the permissions boundary (which never grants) allows every action and denies none. */
import type { Evidence } from '../model/diagnosis.js';
import { allowsIn, denialsOwnedBy, implicitlyDenied, listShort, statementEvidence, hangsOn, undecided, undecidedKeys, withProblems, type Denial } from './attribution.js';
import { billingFamily } from './action-names.js';
import { addAllow, exemptActions } from './policy-edit.js';
import { documentOf, passUnlessOtherSetDenied, rewriteRemedies } from './remedies.js';
import { layerOf } from '../engine/index.js';
import type { UncertainStatement } from '../engine/types.js';
import type { ActionEvaluation, Blocking, Check, CheckContext, CheckOutcome, ProposedRemediation } from './types.js';
import { uncertainIn, unreadable } from './unread.js';
import { sh } from '../model/shell.js';

/** What decides the check's status, found without building any text (see identity-policy.ts). */
type BoundaryFinding =
  | { kind: 'none' }
  /** The boundary's document is not in the snapshot. */
  | { kind: 'unresolved' }
  /** Every deny hangs on context keys the snapshot lacks. */
  | { kind: 'undecided'; keys: string[]; denials: Denial[] }
  | { kind: 'unread'; unread: UncertainStatement[] }
  /** It allows every action and denies none: pass, or warn for the other action set. */
  | { kind: 'allowed' }
  | { kind: 'denied'; denials: Denial[]; missing: ActionEvaluation[] };

const BLOCKING: Record<BoundaryFinding['kind'], Blocking> = {
  none: 'clear',
  unresolved: 'unknown',
  undecided: 'unknown',
  unread: 'unknown',
  allowed: 'clear',
  denied: 'fail',
};

function boundaryFinding(ctx: CheckContext): BoundaryFinding {
  if (ctx.principal.entity?.boundaryArn === undefined) return { kind: 'none' };
  if (ctx.unresolved.boundary !== undefined) return { kind: 'unresolved' };
  const evaluations = ctx.evaluations[ctx.scenario];
  const denials = denialsOwnedBy(evaluations, 'boundary');
  const missing = implicitlyDenied(evaluations, 'boundary');
  const keys = undecidedKeys(ctx, 'boundary');
  if (keys.length > 0 && denials.every((d) => hangsOn(d.statement, keys))) return { kind: 'undecided', keys, denials };
  if (denials.length > 0 || missing.length > 0) return { kind: 'denied', denials, missing };
  const unread = uncertainIn(evaluations, ['boundary']);
  return unread.length > 0 ? { kind: 'unread', unread } : { kind: 'allowed' };
}

export function boundary(ctx: CheckContext): CheckOutcome {
  const finding = boundaryFinding(ctx);
  const base = { id: 'boundary' as const, evidence: [] as Evidence[], remediation: [] as ProposedRemediation[] };
  const entity = ctx.principal.entity;
  if (!entity) return { ...base, status: 'not-applicable', summary: 'the root user has no permissions boundary' };
  if (entity.boundaryArn === undefined) return { ...base, status: 'not-applicable', summary: `${entity.kind} ${entity.name} has no permissions boundary` };
  if (ctx.unresolved.boundary !== undefined) {
    return {
      ...base,
      status: 'unknown',
      summary: `the permissions boundary ${ctx.unresolved.boundary} is not in the snapshot`,
      evidence: [{ layer: 'boundary', policy: ctx.unresolved.boundary, statement: '(document not available)' }],
      remediation: [
        {
          kind: 'cli',
          text: 'Add the boundary policy to the snapshot (iam.Policies) and run again',
          command: sh`aws iam get-policy-version --policy-arn ${ctx.unresolved.boundary} --version-id $(aws iam get-policy --policy-arn ${ctx.unresolved.boundary} --query Policy.DefaultVersionId --output text)`,
          who: 'IAM administrator',
        },
      ],
    };
  }
  const evaluations = ctx.evaluations[ctx.scenario];
  if (finding.kind === 'undecided') {
    return undecided('boundary', finding.keys, [...finding.denials.map((d) => d.statement), ...allowsIn(evaluations, 'boundary')].map((s) => statementEvidence(ctx, s)));
  }
  if (finding.kind === 'unread') return unreadable(ctx, 'boundary', finding.unread);
  if (finding.kind !== 'denied') {
    return passUnlessOtherSetDenied(ctx, 'boundary', { summary: `the permissions boundary ${entity.boundaryArn} allows the actions`, evidence: allowsIn(evaluations, 'boundary') }, 'Stop the boundary denying the billing actions');
  }
  const { denials, missing } = finding;
  const evidence = denials.map((d) => statementEvidence(ctx, d.statement));
  // Every rewrite starts from the boundary document; a deny fix and an allow fix are combined into one document.
  let document = ctx.layers.boundary?.document;
  // Highest index first, so removing an emptied statement does not shift the ones still to rewrite.
  for (const { statement, actions } of [...denials].sort((a, b) => b.statement.index - a.statement.index)) {
    const source = documentOf(ctx, statement);
    document = source && document ? (exemptActions(document, statement.index, actions, billingFamily(ctx)) ?? document) : document;
  }
  const missingActions = [...new Set(missing.map((m) => m.action))];
  if (missingActions.length > 0) {
    evidence.push({ layer: 'boundary', policy: entity.boundaryArn, statement: `(no statement allows ${listShort(missingActions)})` });
    document = addAllow(document, missingActions, 'AllowBillingConsole');
  }
  const anchor = denials[0]?.statement ?? {
    layer: 'boundary' as const,
    source: entity.boundaryArn,
    statement: '#0',
    index: 0,
    effect: 'Allow' as const,
    conditions: [],
  };
  const parts = [
    ...denials.map((d) => `${d.statement.source} statement ${d.statement.statement} denies ${listShort(d.actions)}`),
    ...(missingActions.length > 0 ? [`the permissions boundary ${entity.boundaryArn} does not allow ${listShort(missingActions)} (a boundary never grants, but every action must be inside it)`] : []),
  ];
  return {
    ...base,
    status: 'fail',
    summary: parts.join('; '),
    evidence,
    remediation: document ? rewriteRemedies(ctx, anchor, document, 'Let the boundary cover the billing actions') : [],
  };
}

export const boundaryCheck: Check = {
  id: 'boundary',
  run: (ctx) => withProblems(boundary(ctx), layerOf(ctx.layers, 'boundary')),
  blocking: (ctx) => BLOCKING[boundaryFinding(ctx).kind],
};
