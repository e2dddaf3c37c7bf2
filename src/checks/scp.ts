/** Check `scp`: no SCP denies, and every level of the OU path (root, each OU, the account) allows (management account exempt). */
import type { Evidence } from '../model/diagnosis.js';
import { allowsIn, denialsOwnedBy, denyOwner, implicitlyDenied, listShort, statementEvidence, hangsOn, mergeDenials, otherSetDenials, undecided, undecidedKeys, withProblems, type Denial } from './attribution.js';
import { exemptBilling } from './action-names.js';
import { allowPolicy } from './policy-edit.js';
import { combineRemedies, fixDenials, passUnlessOtherSetDenied } from './remedies.js';
import { layerOf } from '../engine/index.js';
import type { UncertainStatement } from '../engine/types.js';
import type { ActionEvaluation, Blocking, Check, CheckContext, CheckOutcome, ProposedRemediation } from './types.js';
import { uncertainIn, unreadable } from './unread.js';
import { sh } from '../model/shell.js';

/** The id of AWS's FullAWSAccess SCP, the same in every organization. */
const FULL_AWS_ACCESS = 'p-FullAWSAccess';

function levelFix(targetId: string, levelName: string, actions: readonly string[]): ProposedRemediation[] {
  const allow = allowPolicy(actions, 'AllowBillingConsole');
  return [
    {
      kind: 'cli',
      text: `Nothing at ${levelName} allows ${listShort(actions)}: every level needs an allow. Attach FullAWSAccess there again (it is attached by default)`,
      command: sh`aws organizations attach-policy --policy-id ${FULL_AWS_ACCESS} --target-id ${targetId}`,
      who: 'organization management account',
      patch: {
        patches: [
          { kind: 'add-scp', targetId, id: FULL_AWS_ACCESS, name: 'FullAWSAccess', document: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] } },
        ],
      },
    },
    {
      kind: 'policy',
      text: `Or allow just the billing actions at ${levelName}: create an SCP from the document below (saved as AllowBillingConsole.json) and attach it`,
      command: sh`aws organizations create-policy --type SERVICE_CONTROL_POLICY --name AllowBillingConsole --description "Billing console access" --content file://AllowBillingConsole.json --query Policy.PolicySummary.Id --output text | xargs -I{} aws organizations attach-policy --policy-id {} --target-id ${targetId}`,
      document: allow,
      file: 'AllowBillingConsole.json',
      who: 'organization management account',
      patch: { patches: [{ kind: 'add-scp', targetId, id: 'p-new-billing-allow', name: 'AllowBillingConsole', document: allow }] },
    },
  ];
}

/** What decides the check's status, found without building any text (see identity-policy.ts). */
type ScpFinding =
  | { kind: 'service-linked' }
  | { kind: 'not-applicable' }
  /** SCPs apply but were not read. */
  | { kind: 'not-read' }
  /** Every deny hangs on context keys the snapshot lacks. */
  | { kind: 'undecided'; keys: string[]; denials: Denial[] }
  | { kind: 'unread'; unread: UncertainStatement[] }
  /** Every level allows and none denies: pass, or warn for the other action set. */
  | { kind: 'allowed' }
  | { kind: 'denied'; denials: Denial[]; missing: ActionEvaluation[] };

const BLOCKING: Record<ScpFinding['kind'], Blocking> = {
  'service-linked': 'clear',
  'not-applicable': 'clear',
  'not-read': 'unknown',
  undecided: 'unknown',
  unread: 'unknown',
  allowed: 'clear',
  denied: 'fail',
};

function scpFinding(ctx: CheckContext): ScpFinding {
  if (ctx.principal.serviceLinked) return { kind: 'service-linked' };
  const model = ctx.model.scp;
  if (model.status !== 'applies') return { kind: model.status === 'unknown' ? 'not-read' : 'not-applicable' };
  const evaluations = ctx.evaluations[ctx.scenario];
  const denials = denialsOwnedBy(evaluations, 'scp');
  const keys = undecidedKeys(ctx, 'scp');
  if (keys.length > 0 && denials.every((d) => hangsOn(d.statement, keys))) return { kind: 'undecided', keys, denials };
  const missing = implicitlyDenied(evaluations, 'scp', model.levels.length);
  if (denials.length > 0 || missing.length > 0) return { kind: 'denied', denials, missing };
  const unread = uncertainIn(evaluations, ['scp']);
  return unread.length > 0 ? { kind: 'unread', unread } : { kind: 'allowed' };
}

export function scp(ctx: CheckContext): CheckOutcome {
  const finding = scpFinding(ctx);
  const base = { id: 'scp' as const, evidence: [] as Evidence[], remediation: [] as ProposedRemediation[] };
  const model = ctx.model.scp;
  if (finding.kind === 'service-linked') return { ...base, status: 'not-applicable', summary: 'service-linked roles are not subject to SCPs' };
  if (model.status === 'not-applicable') return { ...base, status: 'not-applicable', summary: `SCPs do not apply: ${model.reason}` };
  if (model.status === 'unknown') {
    return {
      ...base,
      status: 'unknown',
      summary: `SCPs could not be checked: ${model.reason}`,
      remediation: [{ kind: 'info', text: `To check SCPs, ${model.hint}` }],
    };
  }
  const evaluations = ctx.evaluations[ctx.scenario];
  if (finding.kind === 'undecided') {
    return undecided('scp', finding.keys, [...finding.denials.map((d) => d.statement), ...allowsIn(evaluations, 'scp')].map((s) => statementEvidence(ctx, s)));
  }
  if (finding.kind === 'unread') return unreadable(ctx, 'scp', finding.unread);
  if (finding.kind !== 'denied') {
    const path = model.levels.map((l) => l.name).join(' → ');
    // An SCP deny on a region or MFA condition is reported by that check; say so rather than "no SCP denies".
    const elsewhere = [...new Set(evaluations.flatMap((e) => e.evaluation.statements).filter((st) => st.layer === 'scp' && st.effect === 'Deny').map(denyOwner))];
    const what = (id: string): string => (id === 'region' ? 'region conditions' : id === 'mfa' ? 'MFA conditions' : id);
    const rest = elsewhere.length > 0 ? `; the SCP denies that apply are ${elsewhere.map(what).join(' and ')}, reported under ${elsewhere.join(' and ')}` : ' and no SCP denies them';
    return passUnlessOtherSetDenied(ctx, 'scp', { summary: `every level of ${path} allows the actions${rest}`, evidence: allowsIn(evaluations, 'scp') }, 'Migrate the SCP: stop it denying the billing actions');
  }
  const { denials, missing } = finding;
  const evidence: Evidence[] = denials.map((d) => statementEvidence(ctx, d.statement));
  const remediation: ProposedRemediation[] = fixDenials(ctx, mergeDenials(denials, otherSetDenials(ctx, 'scp')), exemptBilling(ctx), 'Stop the SCP denying the billing actions');
  // A level lacks an allow when none of its allow statements applied to the action.
  const gaps = new Map<number, string[]>();
  for (const m of missing) {
    const allowed = new Set(
      [...m.evaluation.statements.filter((s) => s.effect === 'Allow'), ...m.evaluation.uncertain.filter((u) => u.effect !== 'Deny')]
        .filter((s) => s.layer === 'scp')
        .map((s) => s.level),
    );
    model.levels.forEach((_, i) => {
      if (!allowed.has(i)) gaps.set(i, [...new Set([...(gaps.get(i) ?? []), m.action])]);
    });
  }
  const levelFixes: ProposedRemediation[][] = [];
  for (const [i, actions] of gaps) {
    const level = model.levels[i];
    if (!level) continue;
    const attached = level.policies.map((p) => `${p.compiled.source}`).join(', ') || 'no SCP';
    evidence.push({ layer: 'scp', policy: `${level.name} (attached: ${attached})`, statement: `(no statement allows ${listShort(actions)})` });
    levelFixes.push(levelFix(level.targetId, level.name, actions));
  }
  // A deny and a level without an allow need fixing together: the combination comes first.
  const firsts = [remediation[0], ...levelFixes.map((f) => f[0])].filter((r): r is ProposedRemediation => r !== undefined);
  const together = denials.length > 0 && levelFixes.length > 0 ? combineRemedies(firsts, 'Fix every level') : undefined;
  remediation.push(...levelFixes.flat());
  if (together) remediation.unshift(together);
  const parts = [
    ...denials.map((d) => `${d.statement.source} statement ${d.statement.statement} denies ${listShort(d.actions)}`),
    ...[...gaps].map(([i, actions]) => `nothing at ${model.levels[i]?.name} allows ${listShort(actions)}`),
  ];
  return { ...base, status: 'fail', summary: parts.join('; '), evidence, remediation };
}

export const scpCheck: Check = {
  id: 'scp',
  run: (ctx) => withProblems(scp(ctx), layerOf(ctx.layers, 'scp')),
  blocking: (ctx) => BLOCKING[scpFinding(ctx).kind],
};
