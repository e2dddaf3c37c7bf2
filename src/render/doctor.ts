/** Renders a Diagnosis as text (terminal), Markdown (a ticket) or JSON: pure functions of the result. */
import { Chalk, type ChalkInstance } from 'chalk';
import type { CheckResult, CheckStatus, ContextKeyFact, Diagnosis, Evidence, IdentityCenterUserResult, Remediation, RequestContextFacts, SignInType, Verdict } from '../model/diagnosis.js';
import { denialMarkdown, denialText } from './denial.js';
import { inertJson, inertText, mapStrings, markdownBlock, markdownCode, markdownText } from './inert.js';
import { decisionSymbol, SYMBOL } from './symbols.js';
import { wrapLine, type TextLayout } from './wrap.js';

export { SYMBOL } from './symbols.js';

const PLAIN = new Chalk({ level: 0 });

function paint(c: ChalkInstance, status: CheckStatus, text: string): string {
  switch (status) {
    case 'pass':
      return c.green(text);
    case 'fail':
      return c.red(text);
    case 'warn':
      return c.yellow(text);
    case 'unknown':
      return c.magenta(text);
    case 'not-applicable':
      return c.gray(text);
  }
}

const VERDICT_LINE: Record<Verdict, string> = {
  allowed: 'ALLOWED: nothing in the checklist blocks these pages',
  denied: 'DENIED',
  inconclusive: 'INCONCLUSIVE: some checks could not be decided',
};

const KIND: Record<Diagnosis['principal']['type'], string> = {
  user: 'user',
  role: 'role',
  root: 'root user',
  'identity-center-role': 'Identity Center role',
  'identity-center-user': 'Identity Center user',
};

function principalLine(d: Diagnosis): string {
  const ic = d.identityCenter;
  if (ic) {
    const extra = [ic.user.displayName, ic.user.email].filter((x) => x !== undefined && x !== ic.user.userName);
    return `Identity Center user ${ic.user.userName}${extra.length > 0 ? ` (${extra.join(', ')})` : ''}`;
  }
  return `${KIND[d.principal.type]} ${d.principal.name} (${d.principal.arn})`;
}

const SET_STATUS: Record<Verdict, CheckStatus> = { allowed: 'pass', denied: 'fail', inconclusive: 'unknown' };

/** Her permission sets, one line each, then the conclusion and which set the checks below are of. */
function identityCenterLines(ic: IdentityCenterUserResult, c: ChalkInstance): string[] {
  const lines = [`Permission sets in account ${ic.account ?? '(unknown)'} (instance ${ic.instanceArn}):`];
  if (ic.permissionSets.length === 0) lines.push('  (none, directly or through a group)');
  for (const s of ic.permissionSets) {
    const status = SET_STATUS[s.verdict];
    const why = s.verdict === 'allowed' ? 'opens these pages' : `${s.verdict}${s.blockedBy.length > 0 ? ` by ${s.blockedBy.join(', ')}` : ''}`;
    const role = s.role ? `role ${s.role}` : 'not provisioned to this account';
    lines.push(`  ${paint(c, status, SYMBOL[status])} ${s.name} (${s.via.join(', ')}): ${why}; ${role}`);
  }
  lines.push('', c.bold(ic.conclusion.charAt(0).toUpperCase() + ic.conclusion.slice(1)));
  if (ic.shown) lines.push(`Checks of permission set ${ic.shown}:`);
  return [...lines, ''];
}

function sourceLine(d: Diagnosis): string {
  const s = d.source;
  return s.kind === 'live' ? `live account ${s.account ?? ''}${s.profile ? ` (profile ${s.profile})` : ''}`.trim() : `${s.kind} ${s.file ?? ''}`.trim();
}

/** Checks that need attention: failing, undecided or fragile, in checklist order. */
export function findings(d: Diagnosis): CheckResult[] {
  return d.checks.filter((c) => c.status === 'fail' || c.status === 'unknown' || c.status === 'warn');
}

function verdictText(d: Diagnosis): string {
  const failing = d.checks.filter((c) => c.status === 'fail').map((c) => c.id);
  const unknown = d.checks.filter((c) => c.status === 'unknown').map((c) => c.id);
  if (d.verdict === 'denied') return `DENIED by ${failing.join(', ')}`;
  if (d.verdict === 'inconclusive' && unknown.length === 0 && d.identityCenter) return `INCONCLUSIVE: ${d.identityCenter.conclusion}`;
  if (d.verdict === 'inconclusive' && unknown.length === 0 && d.denial?.agreement === 'disagrees') {
    return 'INCONCLUSIVE: AWS denied the request, but nothing in the snapshot denies it (see the denial above)';
  }
  if (d.verdict === 'inconclusive') return `${VERDICT_LINE.inconclusive} (${unknown.join(', ')})`;
  return VERDICT_LINE.allowed;
}

/** JSON for people: arrays of plain values stay on one line while they fit, everything else is indented. */
export function formatJson(value: unknown, pad = '', width = 100): string {
  if (Array.isArray(value)) {
    const flat = inertJson(value);
    const plain = value.every((v) => typeof v !== 'object' || v === null);
    if (plain && pad.length + flat.length <= width) return flat.replace(/","/g, '", "');
    if (value.length === 0) return '[]';
    if (plain) {
      // Long lists of actions: packed several to a line, still valid JSON.
      const lines: string[] = [];
      for (const item of value.map((v) => inertJson(v))) {
        const last = lines.length - 1;
        if (last >= 0 && pad.length + 2 + (lines[last] as string).length + item.length + 2 <= width) lines[last] += `, ${item}`;
        else lines.push(item);
      }
      return `[\n${lines.map((l) => `${pad}  ${l}`).join(',\n')}\n${pad}]`;
    }
    return `[\n${value.map((v) => `${pad}  ${formatJson(v, pad + '  ', width)}`).join(',\n')}\n${pad}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${pad}  ${inertJson(k)}: ${formatJson(v, pad + '  ', width)}`).join(',\n')}\n${pad}}`;
  }
  return inertJson(value);
}

const indent = (text: string, pad: string): string =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

/** One step of "What to do": a remediation and every check that proposed it. */
interface Step {
  ids: string[];
  r: Remediation;
}

/**
 * Remediation steps in checklist order, each once: two checks that propose the same change (the
 * same text, command and document) share one numbered step naming both.
 */
export function uniqueSteps(found: readonly CheckResult[]): Step[] {
  const steps = new Map<string, Step>();
  for (const x of found) {
    for (const r of x.remediation) {
      const key = JSON.stringify([r.who, r.text, r.command, r.document]);
      const step = steps.get(key);
      if (step) {
        if (!step.ids.includes(x.id)) step.ids.push(x.id);
      } else steps.set(key, { ids: [x.id], r });
    }
  }
  return [...steps.values()];
}

/**
 * The documents "What to do" names ("saved as NAME.json"), by file name, in step order: what
 * `--write-fixes DIR` writes. A combined step maps several names; diagnose made every name unique.
 */
export function fixDocuments(d: Diagnosis): Map<string, unknown> {
  const documents = new Map<string, unknown>();
  for (const { r } of uniqueSteps(findings(d))) {
    if (r.file !== undefined && r.document !== undefined) documents.set(r.file, r.document);
    const map = r.document as Record<string, unknown> | undefined;
    for (const name of r.files ?? []) if (map && map[name] !== undefined && !documents.has(name)) documents.set(name, map[name]);
  }
  return documents;
}

function remediationText(c: ChalkInstance, { ids, r }: Step, n: number, width: number | undefined): string {
  const number = `${n}. `;
  // Commands and documents are never wrapped: they are copied as they are.
  const lines = [wrapLine(`${number}${r.who ? c.bold(`[${r.who}] `) : ''}(${ids.join(', ')}) ${r.text}`, width, number.length)];
  if (r.command) lines.push(c.cyan(indent(`$ ${r.command}`, '     ')));
  if (r.document !== undefined) lines.push(indent(formatJson(r.document), '     '));
  if (r.verified) lines.push(c.green(wrapLine(`     ${SYMBOL.pass} ${r.verified}`, width, 7)));
  return lines.join('\n');
}

/** The text report in three parts, so the wizard can show the check lines one by one between head and tail. */
export interface TextParts {
  head: string;
  checks: string[];
  tail: string;
}

/** One piece of evidence on one line: layer and policy, statement, condition, note. */
export function evidenceText(e: Evidence): string {
  return [`${e.layer}: ${e.policy}`, e.statement ? `statement ${e.statement}` : '', e.condition ? `when ${e.condition}` : '', e.note ?? ''].filter(Boolean).join(', ');
}

/** Every string of the diagnosis made inert for a terminal, except remediation documents (printed as inert JSON). */
function inertDiagnosis(d: Diagnosis): Diagnosis {
  const safe = mapStrings(d, inertText);
  safe.checks.forEach((check, i) =>
    check.remediation.forEach((r, j) => {
      const original = d.checks[i]?.remediation[j];
      if (original?.document !== undefined) r.document = original.document;
    }),
  );
  return safe;
}

/** The verdict line alone (`--quiet`). */
export function renderVerdictLine(diagnosis: Diagnosis, c: ChalkInstance = PLAIN): string {
  const d = inertDiagnosis(diagnosis);
  return `Verdict: ${paint(c, d.verdict === 'allowed' ? 'pass' : d.verdict === 'denied' ? 'fail' : 'unknown', verdictText(d))}\n`;
}

export function renderTextParts(diagnosis: Diagnosis, c: ChalkInstance = PLAIN, { width }: TextLayout = {}): TextParts {
  const d = inertDiagnosis(diagnosis);
  const idWidth = Math.max(...d.checks.map((x) => x.id.length));
  const head = [
    ...(d.denial ? denialText(d.denial, c).map((l) => wrapLine(l, width, 4)) : []),
    c.bold(wrapLine(`Billing console access for ${principalLine(d)}`, width, 2)),
    `Pages: ${d.tasks.join(', ')}   Source: ${sourceLine(d)}`,
    '',
    ...(d.identityCenter ? identityCenterLines(d.identityCenter, c).map((l) => wrapLine(l, width, 4)) : []),
  ];
  const checks = d.checks.map((x) =>
    wrapLine(`${paint(c, x.status, SYMBOL[x.status])} ${paint(c, x.status, x.id.padEnd(idWidth))}  ${x.summary}`, width, idWidth + 4),
  );
  const out: string[] = ['', renderVerdictLine(diagnosis, c).trimEnd()];
  const found = findings(d);
  if (found.some((x) => x.evidence.length > 0)) {
    out.push('', c.bold('Evidence'));
    for (const x of found) {
      for (const e of x.evidence) out.push(wrapLine(`  ${paint(c, x.status, SYMBOL[x.status])} ${x.id}: ${evidenceText(e)}`, width, 4));
    }
  }
  const steps = uniqueSteps(found);
  if (steps.length > 0) {
    out.push('', c.bold('What to do'));
    steps.forEach((step, i) => out.push(remediationText(c, step, i + 1, width)));
  }
  if (d.requestContext) out.push('', ...contextText(d.requestContext, c).map((l) => wrapLine(l, width, 4)));
  return { head: head.join('\n') + '\n', checks, tail: out.join('\n') + '\n' };
}

const SIGN_IN: Record<SignInType, string> = {
  'iam-user': 'IAM user with a password',
  'switch-role': 'role via switch-role',
  federated: 'Identity Center / SAML / OIDC session',
  root: 'root user with a password',
};
const SCENARIO: Record<RequestContextFacts['scenario'], string> = { mfa: 'signed in with MFA', 'no-mfa': 'signed in without MFA', 'access-keys': 'long-term access keys' };

/** `IAM user with a password, signed in with MFA`; a federated session's MFA is the IdP's, which AWS does not see (design 5.1). */
function howSignedIn(rc: RequestContextFacts): string {
  const mfa = rc.signIn === 'federated' && rc.scenario !== 'access-keys' ? 'MFA at the identity provider, which AWS does not see' : SCENARIO[rc.scenario];
  return `${SIGN_IN[rc.signIn]}, ${mfa}`;
}

const keyValue = (k: ContextKeyFact): string => `${k.key}=${(k.values ?? []).join('|')}`;

/** The request context the verdict used: keys set, keys AWS documents as absent, keys nobody knows (sources in JSON and Markdown). */
function contextText(context: RequestContextFacts, c: ChalkInstance): string[] {
  const of = (state: ContextKeyFact['state']): ContextKeyFact[] => context.keys.filter((k) => k.state === state);
  return [
    c.bold(`Request context (${howSignedIn(context)})`),
    `  set: ${of('set').map(keyValue).join(', ')}`,
    `  absent: ${of('absent').map((k) => k.key).join(', ')}`,
    `  unknown: ${of('unknown').map((k) => k.key).join(', ')}`,
  ];
}

export function renderText(d: Diagnosis, c: ChalkInstance = PLAIN, layout: TextLayout = {}): string {
  const { head, checks, tail } = renderTextParts(d, c, layout);
  return head + checks.join('\n') + '\n' + tail;
}

/**
 * The full evidence (`--verbose`, or the wizard's "Show the full evidence"): every check with all
 * its evidence, not only the failing ones, and the decision for every action evaluated.
 */
export function renderFullEvidence(diagnosis: Diagnosis, c: ChalkInstance = PLAIN, { width }: TextLayout = {}): string {
  const d = mapStrings(diagnosis, inertText);
  const out: string[] = ['', c.bold('Full evidence')];
  for (const check of d.checks) {
    out.push('', wrapLine(`${SYMBOL[check.status]} ${c.bold(check.id)} (${check.status}): ${check.summary}`, width, 2));
    for (const e of check.evidence) out.push(wrapLine(`    ${evidenceText(e)}`, width, 6));
    if (check.error) out.push(wrapLine(`    error: ${check.error}`, width, 6));
  }
  out.push('', c.bold('Actions evaluated'));
  const actionWidth = Math.max(0, ...d.actions.map((a) => `${a.task} ${a.action}`.length));
  for (const a of d.actions) {
    out.push(`  ${decisionSymbol(a.decision)} ${`${a.task} ${a.action}`.padEnd(actionWidth)}  ${a.decision}${a.deniedBy ? ` (${a.deniedBy})` : ''}`);
  }
  return out.join('\n') + '\n';
}

function identityCenterMarkdown(ic: IdentityCenterUserResult): string[] {
  const row = (set: IdentityCenterUserResult['permissionSets'][number]): string => {
    const verdict = `${set.verdict}${set.blockedBy.length > 0 ? ` (${set.blockedBy.join(', ')})` : ''}`;
    return `| ${SYMBOL[SET_STATUS[set.verdict]]} | ${markdownCode(set.name)} | ${markdownText(set.via.join(', '))} | ${verdict} | ${set.role ? markdownCode(set.role) : 'not provisioned'} |`;
  };
  return [
    `- **Identity Center:** ${markdownText(ic.conclusion)}`,
    '',
    '| | Permission set | Via | Verdict | Role |',
    '| --- | --- | --- | --- | --- |',
    ...ic.permissionSets.map(row),
    ...(ic.shown ? ['', `The checklist below is that of permission set ${markdownCode(ic.shown)}.`] : []),
  ];
}

export function renderMarkdown(d: Diagnosis): string {
  const who = d.identityCenter ? `Identity Center user ${d.identityCenter.user.userName}` : `${KIND[d.principal.type]} ${d.principal.name}`;
  const out: string[] = [
    `# Billing console access: ${markdownText(who)}`,
    '',
    ...(d.denial ? denialMarkdown(d.denial) : []),
    `- **Verdict:** ${markdownText(verdictText(d))}`,
    `- **Principal:** ${markdownCode(d.principal.arn)} (${d.principal.type})`,
    `- **Pages:** ${d.tasks.map(markdownCode).join(', ')}`,
    `- **Source:** ${markdownText(sourceLine(d))}`,
    ...(d.identityCenter ? identityCenterMarkdown(d.identityCenter) : []),
    '',
    '## Checklist',
    '',
    '| | Check | Status | Summary |',
    '| --- | --- | --- | --- |',
    ...d.checks.map((x) => `| ${SYMBOL[x.status]} | ${markdownCode(x.id)} | ${x.status} | ${markdownText(x.summary)} |`),
  ];
  const found = findings(d);
  if (found.length > 0) out.push('', '## Findings');
  for (const x of found) {
    out.push('', `### ${SYMBOL[x.status]} ${x.id} (${x.status})`, '', markdownText(x.summary));
    if (x.evidence.length > 0) {
      out.push('', '**Evidence**', '');
      for (const e of x.evidence) {
        const statement = e.statement ? `, statement ${markdownCode(e.statement)}` : '';
        out.push(`- ${markdownText(e.layer)}: ${markdownCode(e.policy)}${statement}${e.condition ? `, when ${markdownCode(e.condition)}` : ''}${e.note ? `: ${markdownText(e.note)}` : ''}`);
      }
    }
    if (x.remediation.length > 0) {
      out.push('', '**Remediation**', '');
      x.remediation.forEach((r, i) => {
        out.push(`${i + 1}. ${r.who ? `**${markdownText(r.who)}:** ` : ''}${markdownText(r.text)}`);
        if (r.command) out.push('', ...markdownBlock('sh', [inertText(r.command)], '   '));
        if (r.document !== undefined) out.push('', ...markdownBlock('json', formatJson(r.document).split('\n'), '   '));
        if (r.verified) out.push('', `   _${markdownText(r.verified)}_`);
      });
    }
  }
  out.push('', '## Actions evaluated', '', '| Page | Action | Decision | Denied by |', '| --- | --- | --- | --- |');
  for (const a of d.actions) out.push(`| ${markdownText(a.task)} | ${markdownCode(a.action)} | ${a.decision} | ${a.deniedBy ?? ''} |`);
  if (d.requestContext) {
    const rc = d.requestContext;
    out.push('', '## Request context', '', `${howSignedIn(rc)}.`, '', '| Key | Value | Source |', '| --- | --- | --- |');
    for (const k of rc.keys) {
      const value = k.state === 'set' ? (k.values ?? []).map(markdownCode).join(', ') : `_${k.state}_`;
      out.push(`| ${markdownCode(k.key)} | ${value} | ${markdownCode(k.source)} |`);
    }
  }
  return out.join('\n') + '\n';
}
