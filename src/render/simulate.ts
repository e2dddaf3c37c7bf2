/** Renders `billing-access simulate` results: pure functions from evaluations to text. */
import { decidingStatements, describeCondition, type Decision, type Evaluation, type LayerDecision, type MatchedStatement, type PolicyProblem, type UncertainStatement } from '../engine/index.js';
import { decisionSymbol } from './symbols.js';
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
      /** SCP level, 1 = root (the first level given), as the text says it. */
      level?: number;
      /** The statement's conditions, one line each. */
      conditions: string[];
    }[];
    /** SCP levels (1 = root) that have no applicable Allow, when the SCP layer is an implicit deny. */
    scpLevelsWithoutAllow?: number[];
    /** Statements or documents that may apply but could not be read (or have no documented answer). */
    uncertain: { layer: 'identity' | 'scp' | 'boundary'; source: string; statement: string; effect: 'Allow' | 'Deny' | 'unknown'; level?: number; path: string; reason: string }[];
    missingContextKeys: string[];
    /** Every problem found in the policies given: `error` (not read) or `warning` (changes nothing). */
    problems: { source: string; path: string; message: string; severity: 'error' | 'warning' }[];
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
          // Levels count from 1 (the root), as the text and doctor's evidence say them.
          ...(s.level === undefined ? {} : { level: s.level + 1 }),
          conditions: s.conditions.map(describeCondition),
        })),
        ...(missingAllow.length > 0 ? { scpLevelsWithoutAllow: missingAllow.map((l) => l + 1) } : {}),
        uncertain: e.uncertain.map((u) => ({
          layer: u.layer,
          source: u.source,
          statement: u.statement,
          effect: u.effect ?? 'unknown',
          ...(u.level === undefined ? {} : { level: u.level + 1 }),
          path: u.path,
          reason: u.reason,
        })),
        missingContextKeys: e.missingContextKeys,
        problems: e.problems.map((p) => ({ source: p.source, path: p.path, message: p.message, severity: p.severity ?? 'error' })),
      };
    }),
  };
}

const DECISION_TEXT: Record<Decision, string> = {
  allowed: 'allowed',
  'explicit-deny': 'explicit deny',
  'implicit-deny': 'implicit deny (no statement allows it)',
  unknown: 'unknown (a statement that may decide it could not be read)',
};

function where(s: MatchedStatement | UncertainStatement): string {
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

/** `file: path: message`, one line per problem of the policies given, each once. */
export function problemLines(results: readonly SimulateResult[]): { errors: string[]; warnings: string[] } {
  const seen = new Set<string>();
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const p of results.flatMap((r) => r.evaluation.problems)) {
    const line = problemLine(p);
    if (seen.has(line)) continue;
    seen.add(line);
    (p.severity === 'warning' ? warnings : errors).push(line);
  }
  return { errors, warnings };
}

const problemLine = (p: PolicyProblem): string => `${p.source}: ${p.path}: ${p.message}`;

/** `may deny` / `may allow` / `may allow or deny`, for an uncertain statement. */
const mayDo = (u: UncertainStatement): string => (u.effect === 'Deny' ? 'may deny' : u.effect === 'Allow' ? 'may allow' : 'may allow or deny');

export function simulateText(results: readonly SimulateResult[], setup: SimulateSetup, paint: Paint): string {
  const out = [...headerLines(setup).map((l) => paint.dim(inertText(l))), ''];
  const missing = new Map<string, string[]>();
  for (const { action, resource, evaluation: e } of results) {
    const ok = e.decision === 'allowed';
    const symbol = ok ? paint.green(decisionSymbol(e.decision)) : e.decision === 'unknown' ? paint.yellow(decisionSymbol(e.decision)) : paint.red(decisionSymbol(e.decision));
    const decision = ok ? paint.green(DECISION_TEXT[e.decision]) : e.decision === 'unknown' ? paint.yellow(DECISION_TEXT[e.decision]) : paint.red(DECISION_TEXT[e.decision]);
    out.push(`${symbol} ${paint.bold(inertText(action))}${resource === '*' ? '' : ` on ${inertText(resource)}`}: ${decision}`);
    for (const s of decidingStatements(e)) {
      out.push(`    ${s.effect === 'Deny' ? 'denied by' : 'allowed by'} ${inertText(where(s))}`);
      for (const c of s.conditions) out.push(`      ${paint.dim('when')} ${inertText(describeCondition(c))}`);
    }
    for (const u of e.uncertain) out.push(`    ${paint.yellow(mayDo(u))}: ${inertText(`${where(u)}: ${u.reason}`)}`);
    if (e.decision === 'implicit-deny') for (const layer of missingAllows(e, setup)) out.push(`    no allow in ${inertText(layer)}`);
    out.push(paint.dim(`    layers: identity ${e.layers.identity}, SCPs ${e.layers.scp}, boundary ${e.layers.boundary}`));
    for (const key of e.missingContextKeys) missing.set(key, [...(missing.get(key) ?? []), action]);
  }
  if (missing.size > 0) {
    out.push('', paint.yellow('The outcome may change with context keys the request did not carry:'));
    for (const [key, actions] of missing) out.push(inertText(`  ${key} (${actions.join(', ')}): pass ${contextHint(key)}`));
  }
  const { errors, warnings } = problemLines(results);
  if (errors.length > 0) out.push('', paint.yellow('Could not read (never counted as allowing or denying):'), ...errors.map((l) => `  ${inertText(l)}`));
  if (warnings.length > 0) out.push('', paint.dim('Warnings (they change no decision):'), ...warnings.map((l) => `  ${inertText(l)}`));
  return out.join('\n') + '\n';
}

export function simulateMarkdown(results: readonly SimulateResult[], setup: SimulateSetup): string {
  const md = markdownCode;
  const out = ['## billing-access simulate', '', ...headerLines(setup).map((l) => `- ${markdownText(l)}`), ''];
  out.push('| Action | Resource | Decision | Identity | SCP | Boundary |', '| --- | --- | --- | --- | --- | --- |');
  for (const { action, resource, evaluation: e } of results) {
    const mark = decisionSymbol(e.decision);
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
    for (const u of e.uncertain) {
      const layer = u.layer === 'scp' ? `SCP level ${(u.level ?? 0) + 1}` : u.layer;
      out.push(`- **${mayDo(u)}**: ${layer} ${md(u.source)}, statement ${md(u.statement)}: ${md(u.reason)}`);
    }
    if (e.decision === 'implicit-deny') for (const layer of missingAllows(e, setup)) out.push(`- no allow in ${markdownText(layer)}`);
    for (const key of e.missingContextKeys) out.push(`- missing context key ${md(key)}: pass ${md(contextHint(key))}`);
  }
  const { errors, warnings } = problemLines(results);
  if (errors.length > 0) out.push('', '**Could not read** (never counted as allowing or denying):', '', ...errors.map((l) => `- ${md(l)}`));
  if (warnings.length > 0) out.push('', '**Warnings** (they change no decision):', '', ...warnings.map((l) => `- ${md(l)}`));
  return out.join('\n') + '\n';
}
