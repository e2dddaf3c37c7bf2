/**
 * diagnose: model + principal + options → Diagnosis (pure). Runs every check (a check that throws
 * becomes `unknown`), derives the verdict, and proves each proposed fix by applying it to a copy of
 * the model and running the checklist again.
 */
import { applyPatch, type AccountModel } from '../model/account.js';
import type { CheckResult, CheckStatus, Diagnosis, Remediation, Verdict } from '../model/diagnosis.js';
import { resolvePrincipal, type ResolvedPrincipal } from '../model/principal.js';
import { deniedBy } from './attribution.js';
import { buildContext } from './context.js';
import { contextFacts } from './request-context.js';
import { CHECKS } from './index.js';
import type { Check, CheckContext, CheckOutcome, DiagnoseOptions, Fix, ProposedRemediation } from './types.js';

export interface DiagnoseRun {
  ctx: CheckContext;
  outcomes: CheckOutcome[];
  verdict: Verdict;
}

/** Any fail → denied; else any unknown → inconclusive; else allowed (design section 3). */
export function verdictOf(results: readonly { status: CheckStatus }[]): Verdict {
  if (results.some((r) => r.status === 'fail')) return 'denied';
  if (results.some((r) => r.status === 'unknown')) return 'inconclusive';
  return 'allowed';
}

/** One check on a context; a check that throws is `unknown` with the error, never a crash. */
export function runOne(check: Check, ctx: CheckContext): CheckOutcome {
  try {
    return check.run(ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { id: check.id, status: 'unknown', summary: `the check could not run: ${message}`, evidence: [], remediation: [], error: message };
  }
}

/** Runs the checklist once, without verifying remediation. */
export function runChecks(model: AccountModel, principal: ResolvedPrincipal, options: DiagnoseOptions, checks: readonly Check[] = CHECKS): DiagnoseRun {
  return runChecksIn(buildContext(model, principal, options), checks);
}

/** Runs the checklist on a context already built (audit builds one per principal and narrows it per page). */
export function runChecksIn(ctx: CheckContext, checks: readonly Check[] = CHECKS): DiagnoseRun {
  const outcomes = checks.map((check) => runOne(check, ctx));
  return { ctx, outcomes, verdict: verdictOf(outcomes) };
}

const RANK: Record<CheckStatus, number> = { fail: 0, unknown: 1, warn: 2, pass: 3, 'not-applicable': 3 };

function blockers(outcomes: readonly CheckOutcome[]): string {
  const failing = outcomes.filter((o) => o.status === 'fail').map((o) => o.id);
  const unknown = outcomes.filter((o) => o.status === 'unknown').map((o) => o.id);
  return [failing.length > 0 ? `still denied by ${failing.join(', ')}` : '', unknown.length > 0 ? `still undecided: ${unknown.join(', ')}` : '']
    .filter(Boolean)
    .join('; ');
}

function applyFix(model: AccountModel, options: DiagnoseOptions, fix: Fix): { model: AccountModel; options: DiagnoseOptions } {
  return { model: fix.patches.reduce(applyPatch, model), options: { ...options, ...fix.options } };
}

/** Re-runs the checklist with the fix applied: `undefined` when the fix does not improve its own check. */
function verify(model: AccountModel, principal: ResolvedPrincipal, options: DiagnoseOptions, checks: readonly Check[], before: CheckOutcome, fix: Fix): string | undefined {
  const id = before.id;
  let patched: { model: AccountModel; options: DiagnoseOptions };
  try {
    patched = applyFix(model, options, fix);
  } catch {
    return undefined;
  }
  const again = runChecks(patched.model, resolvePrincipal(patched.model, principal.arn), patched.options, checks);
  const own = again.outcomes.find((o) => o.id === id);
  if (!own) return undefined;
  if (RANK[own.status] <= RANK[before.status]) {
    // One of several problems of the check: proven when that one is gone and nothing got worse.
    const cleared = fix.clears !== undefined && before.findings?.includes(fix.clears) && !own.findings?.includes(fix.clears) && RANK[own.status] === RANK[before.status];
    if (!cleared) return undefined;
    return `verified: this clears that ${id} finding; the others remain and the verdict is ${again.verdict}`;
  }
  if (again.verdict === 'allowed') return 'verified: with this change the verdict becomes allowed';
  return `verified: this clears ${id}, but the verdict becomes ${again.verdict} (${blockers(again.outcomes)})`;
}

/** Fixed key order for the JSON output: id, status, summary, evidence, remediation. */
function result(outcome: CheckOutcome, remediation: Remediation[]): CheckResult {
  const { id, status, summary, evidence, error } = outcome;
  return { id, status, summary, evidence, remediation, ...(error !== undefined ? { error } : {}) };
}

function strip(r: ProposedRemediation, verified?: string): Remediation {
  const { patch: _patch, ...rest } = r;
  return verified ? { ...rest, verified } : rest;
}

/**
 * One file name, one document: when two remediations (alternatives for the same policy) would save
 * different documents under the same name, the later gets `name-2.json`, in its text and command
 * too, so `--write-fixes` and a reader copying the commands never mix them up.
 */
function distinctFileNames(results: CheckResult[]): CheckResult[] {
  const byName = new Map<string, string>();
  const nameFor = (file: string, document: unknown): string => {
    const content = JSON.stringify(document);
    const stem = file.replace(/\.json$/, '');
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? file : `${stem}-${n}.json`;
      const taken = byName.get(candidate);
      if (taken === undefined) byName.set(candidate, content);
      if (taken === undefined || taken === content) return candidate;
    }
  };
  const rename = (r: Remediation, from: string, to: string): Remediation =>
    from === to ? r : { ...r, text: r.text.replaceAll(from, to), ...(r.command ? { command: r.command.replaceAll(`file://${from}`, `file://${to}`) } : {}) };
  return results.map((result) => ({
    ...result,
    remediation: result.remediation.map((r) => {
      if (r.file !== undefined) {
        const file = nameFor(r.file, r.document);
        return { ...rename(r, r.file, file), file };
      }
      if (r.files === undefined || typeof r.document !== 'object' || r.document === null) return r;
      const documents = r.document as Record<string, unknown>;
      let renamed: Remediation = r;
      const entries = r.files.map((from) => {
        const to = nameFor(from, documents[from]);
        renamed = rename(renamed, from, to);
        return [to, documents[from]] as const;
      });
      return { ...renamed, document: Object.fromEntries(entries), files: entries.map(([name]) => name) };
    }),
  }));
}

export interface DiagnoseSettings extends DiagnoseOptions {
  source: Diagnosis['source'];
  /** Prove every proposed fix (default true); audit turns it off. */
  verify?: boolean;
}

export function diagnose(
  model: AccountModel,
  principal: ResolvedPrincipal | string,
  settings: DiagnoseSettings,
  checks: readonly Check[] = CHECKS,
): Diagnosis {
  const who = typeof principal === 'string' ? resolvePrincipal(model, principal) : principal;
  const { source, verify: shouldVerify = true, ...options } = settings;
  const run = runChecks(model, who, options, checks);
  const results: CheckResult[] = run.outcomes.map((outcome) => {
    if (!shouldVerify || outcome.status === 'pass' || outcome.status === 'not-applicable') {
      return result(outcome, outcome.remediation.map((r) => strip(r)));
    }
    const remediation: Remediation[] = [];
    let tried = 0;
    for (const r of outcome.remediation) {
      if (!r.patch) {
        remediation.push(strip(r));
        continue;
      }
      tried++;
      const verified = verify(model, who, options, checks, outcome, r.patch);
      if (verified) remediation.push(strip(r, verified));
    }
    if (tried > 0 && !remediation.some((r) => r.verified)) {
      remediation.push({ kind: 'info', text: 'No change this tool can propose was proven to clear this check on its own; review the evidence above with the policy owner' });
    }
    return result(outcome, remediation);
  });
  return {
    schemaVersion: 1,
    source,
    principal: { arn: who.arn, type: who.type, name: who.name },
    tasks: options.tasks.map((t) => t.id),
    verdict: verdictOf(results),
    checks: distinctFileNames(results),
    actions: run.ctx.evaluations[run.ctx.scenario].map(({ task, action, evaluation }) => {
      const by = deniedBy(evaluation);
      return { task: task.id, action, decision: evaluation.decision, ...(by ? { deniedBy: by } : {}) };
    }),
    requestContext: contextFacts(run.ctx.request, run.ctx.scenario),
  };
}
