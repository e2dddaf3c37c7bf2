/** `audit --change …`: the before → after difference of planned changes; with --expect, the planned state must still satisfy it. */
import type { Io } from '../../io.js';
import { wantsChanges, type AuditOptions } from '../options.js';
import { usageError } from '../../errors.js';
import { auditExitCode, compareExpect, type ExpectList } from '../../checks/audit.js';
import { diffChanges, summarize, type AuditDiffResult } from '../../change/diff.js';
import type { TaskSpec } from '../../model/catalogue.js';
import type { LoadedFacts } from '../../sources/index.js';
import { loadShippedManagedPolicies } from '../../sources/managed-policies.js';
import { chalkFor } from '../../render/color.js';
import { wrapWidth } from '../../render/wrap.js';
import { renderDiffJson, renderDiffMarkdown, renderDiffText } from '../../render/audit-diff.js';
import { readChanges } from '../change-input.js';
import { writeStepSummary } from '../github-summary.js';
import { renderDiffSarif } from '../../render/sarif.js';
import { VERSION } from '../../version.js';

/** A format that needs planned changes: refused before any work. */
export function checkChangeOptions(options: AuditOptions): void {
  if (options.format === 'sarif' && !wantsChanges(options)) throw usageError('--format sarif reports planned changes: add --change or --terraform-plan');
}

export async function auditChanges(options: AuditOptions, io: Io, facts: LoadedFacts, tasks: readonly TaskSpec[], expected: ExpectList | undefined): Promise<number> {
  const { changes, plan } = await readChanges({ change: options.change ?? [], terraformPlan: options.terraformPlan }, facts.snapshot, io.cwd);
  const diff = diffChanges(facts.snapshot, changes, { tasks, actionSet: options.actionSet ?? 'fine-grained', activation: options.activation, shipped: loadShippedManagedPolicies() });
  const result: AuditDiffResult = {
    schemaVersion: 1,
    source: facts.source,
    ...(options.terraformPlan !== undefined ? { plan: options.terraformPlan } : {}),
    tasks: tasks.map((t) => t.id),
    changes: changes.map(summarize),
    ignored: plan?.ignored ?? [],
    principals: diff.after.length,
    differences: diff.cells,
    ...(expected ? { drift: compareExpect(diff.after, expected) } : {}),
  };
  if (options.format === 'json') io.out(renderDiffJson(result));
  else if (options.format === 'sarif') io.out(renderDiffSarif(result, VERSION));
  else if (options.format === 'html') {
    // doctor's command for a cell carries the same planned changes (--change=-TARGET is never read as a flag).
    const planArgs = [...(options.terraformPlan !== undefined ? ['--terraform-plan', options.terraformPlan] : []), ...(options.change ?? []).map((c) => `--change=${c}`)];
    const { plannedAccountReport, renderAuditHtml } = await import('../../render/html.js');
    io.out(renderAuditHtml(plannedAccountReport(result, diff.after, facts.snapshot.account?.id ?? facts.snapshot.caller?.Account, planArgs)));
  }
  else if (options.format === 'markdown') io.out(renderDiffMarkdown(result, options.expect));
  else io.out(renderDiffText(result, chalkFor(io), options.expect, { width: wrapWidth(io) }));
  if (options.githubSummary) await writeStepSummary(renderDiffMarkdown(result, options.expect), io);
  return auditExitCode(diff.after, result.drift);
}
