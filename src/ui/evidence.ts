/**
 * "Show the full evidence": every check with all its evidence (not only the failing ones the
 * report lists) and the decision for every action evaluated.
 */
import type { ChalkInstance } from 'chalk';
import type { Diagnosis, Evidence } from '../model/diagnosis.js';
import { SYMBOL } from '../render/doctor.js';
import { inertText, mapStrings } from '../render/inert.js';

function evidenceLine(e: Evidence): string {
  return [`${e.layer}: ${e.policy}`, e.statement ? `statement ${e.statement}` : '', e.condition ? `when ${e.condition}` : ''].filter(Boolean).join(', ');
}

export function renderFullEvidence(diagnosis: Diagnosis, c: ChalkInstance): string {
  const d = mapStrings(diagnosis, inertText);
  const out: string[] = ['', c.bold('Full evidence')];
  for (const check of d.checks) {
    out.push('', `${SYMBOL[check.status]} ${c.bold(check.id)} (${check.status}): ${check.summary}`);
    for (const e of check.evidence) out.push(`    ${evidenceLine(e)}`);
    if (check.error) out.push(`    error: ${check.error}`);
  }
  out.push('', c.bold('Actions evaluated'));
  const width = Math.max(0, ...d.actions.map((a) => `${a.task} ${a.action}`.length));
  for (const a of d.actions) {
    const mark = a.decision === 'allowed' ? SYMBOL.pass : a.decision === 'unknown' ? SYMBOL.unknown : SYMBOL.fail;
    out.push(`  ${mark} ${`${a.task} ${a.action}`.padEnd(width)}  ${a.decision}${a.deniedBy ? ` (${a.deniedBy})` : ''}`);
  }
  return out.join('\n') + '\n';
}
