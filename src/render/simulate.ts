/** Renders `billing-access simulate` results: pure functions from evaluations to text. */
import { decidingStatements, describeCondition, type Decision, type Evaluation, type LayerDecision, type MatchedStatement } from '../engine/index.js';
import { inertText, markdownCode, markdownText } from './inert.js';

/** One evaluated action. */
export interface SimulateResult {
  action: string;
  resource: string;
  evaluation: Evaluation;
}

/** What was evaluated, for the report header. */
export interface SimulateSetup {
  principal?: string;
  context: Readonly<Record<string, readonly string[]>>;
  /** Files per layer, as given on the command line. */
  identity: readonly string[];
  /** Files of each SCP level, root first; undefined = no SCPs given. */
  scpLevels?: readonly (readonly string[])[];
  boundary?: string;
}

/** `simulate --format json` output (schemaVersion 1). */
export interface SimulateJson {
  schemaVersion: 1;
  results: {
    action: string;
    resource: string;
    decision: Decision;
    layers: Record<'identity' | 'scp' | 'boundary', LayerDecision>;
    /** The deciding statements: every applicable Deny for a deny, every applicable Allow for an allow. */
    statements: {
      layer: 'identity' | 'scp' | 'boundary';
      source: string;
      statement: string;
      effect: 'Allow' | 'Deny';
      /** SCP level, 0 = root (first level given). */
      level?: number;
      /** The statement's conditions, one line each. */
      conditions: string[];
    }[];
    /** SCP levels (0 = root) that have no applicable Allow, when the SCP layer is an implicit deny. */
    scpLevelsWithoutAllow?: number[];
    missingContextKeys: string[];
  }[];
}

/** Colour functions the text renderer uses; identity functions when colour is off. */
export interface Paint {
  green(text: string): string;
  red(text: string): string;
  yellow(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const levelsWithoutAllow = (e: Evaluation): number[] =>
  e.layers.scp === 'implicit-deny' ? (e.scpLevelDecisions ?? []).flatMap((d, i) => (d === 'implicit-deny' ? [i] : [])) : [];

export function simulateJson(results: readonly SimulateResult[]): SimulateJson {
  return {
    schemaVersion: 1,
    results: results.map(({ action, resource, evaluation: e }) => {
      const missingAllow = levelsWithoutAllow(e);
      return {
        action,
        resource,
        decision: e.decision,
        layers: e.layers,
        statements: decidingStatements(e).map((s) => ({
          layer: s.layer,
          source: s.source,
          statement: s.statement,
          effect: s.effect,
          ...(s.level === undefined ? {} : { level: s.level }),
          conditions: s.conditions.map(describeCondition),
        })),
        ...(missingAllow.length > 0 ? { scpLevelsWithoutAllow: missingAllow } : {}),
        missingContextKeys: e.missingContextKeys,
      };
    }),
  };
}

const DECISION_TEXT: Record<Decision, string> = {
  allowed: 'allowed',
  'explicit-deny': 'explicit deny',
  'implicit-deny': 'implicit deny (no statement allows it)',
};

function where(s: MatchedStatement): string {
  const layer = s.layer === 'scp' ? `SCP level ${(s.level ?? 0) + 1}` : s.layer;
  return `${layer} ${s.source}, statement ${s.statement}`;
}

/** Which layers lack an allow, for an implicit deny. */
function missingAllows(e: Evaluation, setup: SimulateSetup): string[] {
  const out: string[] = [];
  if (e.layers.identity === 'implicit-deny') out.push(setup.identity.length > 0 ? `identity policies (${setup.identity.join(', ')})` : 'identity policies (none given: pass --policy FILE)');
  for (const level of levelsWithoutAllow(e)) out.push(`SCP level ${level + 1} (${(setup.scpLevels?.[level] ?? []).join(', ') || 'no SCPs'})`);
  if (e.layers.boundary === 'implicit-deny') out.push(`permissions boundary (${setup.boundary ?? ''})`);
  return out;
}

/** A sensible example value for the usual keys, so the hint can be pasted. */
function exampleValue(key: string): string {
  const lower = key.toLowerCase();
  if (lower === 'aws:multifactorauthpresent' || lower === 'aws:securetransport') return 'true';
  if (lower === 'aws:requestedregion') return 'us-east-1';
  if (lower === 'aws:multifactorauthage') return '300';
  if (lower === 'aws:sourceip') return '203.0.113.10';
  return 'VALUE';
}

/** How to supply a missing key: principal-derived keys come from --principal. */
export function contextHint(key: string): string {
  const lower = key.toLowerCase();
  if (['aws:principalarn', 'aws:username', 'aws:principalaccount', 'aws:principaltype', 'aws:userid'].includes(lower)) {
    return `--principal ARN (sets ${key}) or --context ${key}=VALUE`;
  }
  return `--context ${key}=${exampleValue(key)}`;
}

function headerLines(setup: SimulateSetup): string[] {
  const context = Object.entries(setup.context).flatMap(([k, vs]) => vs.map((v) => `${k}=${v}`));
  const scp = setup.scpLevels
    ? setup.scpLevels.map((files, i) => `level ${i + 1}: ${files.join(', ')}`).join('; ')
    : 'not applicable (no --scp/--scp-level)';
  return [
    `Identity policies: ${setup.identity.join(', ') || 'none'}`,
    `SCPs: ${scp}`,
    `Permissions boundary: ${setup.boundary ?? 'none'}`,
    `Principal: ${setup.principal ?? 'not given'}${context.length > 0 ? `   Context: ${context.join(', ')}` : ''}`,
  ];
}

export function simulateText(results: readonly SimulateResult[], setup: SimulateSetup, paint: Paint): string {
  const out = [...headerLines(setup).map((l) => paint.dim(inertText(l))), ''];
  const missing = new Map<string, string[]>();
  for (const { action, resource, evaluation: e } of results) {
    const ok = e.decision === 'allowed';
    const symbol = ok ? paint.green('✔') : paint.red('✘');
    const decision = ok ? paint.green(DECISION_TEXT[e.decision]) : paint.red(DECISION_TEXT[e.decision]);
    out.push(`${symbol} ${paint.bold(inertText(action))}${resource === '*' ? '' : ` on ${inertText(resource)}`}: ${decision}`);
    for (const s of decidingStatements(e)) {
      out.push(`    ${s.effect === 'Deny' ? 'denied by' : 'allowed by'} ${inertText(where(s))}`);
      for (const c of s.conditions) out.push(`      ${paint.dim('when')} ${inertText(describeCondition(c))}`);
    }
    if (e.decision === 'implicit-deny') for (const layer of missingAllows(e, setup)) out.push(`    no allow in ${inertText(layer)}`);
    out.push(paint.dim(`    layers: identity ${e.layers.identity}, SCPs ${e.layers.scp}, boundary ${e.layers.boundary}`));
    for (const key of e.missingContextKeys) missing.set(key, [...(missing.get(key) ?? []), action]);
  }
  if (missing.size > 0) {
    out.push('', paint.yellow('The outcome may change with context keys the request did not carry:'));
    for (const [key, actions] of missing) out.push(inertText(`  ${key} (${actions.join(', ')}): pass ${contextHint(key)}`));
  }
  return out.join('\n') + '\n';
}

export function simulateMarkdown(results: readonly SimulateResult[], setup: SimulateSetup): string {
  const md = markdownCode;
  const out = ['## billing-access simulate', '', ...headerLines(setup).map((l) => `- ${markdownText(l)}`), ''];
  out.push('| Action | Resource | Decision | Identity | SCP | Boundary |', '| --- | --- | --- | --- | --- | --- |');
  for (const { action, resource, evaluation: e } of results) {
    const mark = e.decision === 'allowed' ? '✅' : '❌';
    out.push(`| ${md(action)} | ${md(resource)} | ${mark} ${e.decision} | ${e.layers.identity} | ${e.layers.scp} | ${e.layers.boundary} |`);
  }
  for (const { action, evaluation: e } of results) {
    out.push('', `### ${md(action)}: ${e.decision}`, '');
    const deciding = decidingStatements(e);
    for (const s of deciding) {
      const layer = s.layer === 'scp' ? `SCP level ${(s.level ?? 0) + 1}` : s.layer;
      out.push(`- **${s.effect}**: ${layer} ${md(s.source)}, statement ${md(s.statement)}`);
      for (const c of s.conditions) out.push(`  - when ${md(describeCondition(c))}`);
    }
    if (e.decision === 'implicit-deny') for (const layer of missingAllows(e, setup)) out.push(`- no allow in ${markdownText(layer)}`);
    for (const key of e.missingContextKeys) out.push(`- missing context key ${md(key)}: pass ${md(contextHint(key))}`);
  }
  return out.join('\n') + '\n';
}
