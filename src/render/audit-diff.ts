/** Renders the before → after difference of planned changes as text, Markdown or JSON. */
import { Chalk, type ChalkInstance } from 'chalk';
import type { AuditDiffResult, CellChange, CellEffect, Finding } from '../change/diff.js';
import type { PlannedChangeNote } from '../model/diagnosis.js';
import { driftLines, label } from './audit.js';
import { evidenceText } from './doctor.js';
import { inertJson, inertText, markdownCode, markdownText } from './inert.js';
import { wrapLine, type TextLayout } from './wrap.js';

const PLAIN = new Chalk({ level: 0 });

/** Sections in the order a reviewer reads them: what breaks first. */
export const EFFECTS: readonly { effect: CellEffect; title: string; mark: string }[] = [
  { effect: 'loses', title: 'Loses access', mark: '✖' },
  { effect: 'becomes-inconclusive', title: 'Cannot be decided after the change', mark: '?' },
  { effect: 'becomes-denied', title: 'Decided as denied after the change', mark: '✖' },
  { effect: 'gains', title: 'Gains access', mark: '✔' },
];

/** Principals the changes delete or rename: one entry each, with the pages they could open. */
function removedPrincipals(a: AuditDiffResult): { cell: CellChange; tasks: string[] }[] {
  const byArn = new Map<string, { cell: CellChange; tasks: string[] }>();
  for (const cell of a.differences.filter((d) => d.effect === 'removed')) {
    const entry = byArn.get(cell.principal.arn) ?? { cell, tasks: [] };
    entry.tasks.push(cell.task);
    byArn.set(cell.principal.arn, entry);
  }
  return [...byArn.values()];
}

const REMOVED_TITLE = 'Removed: deleted or renamed, with the pages they could open';


/** The statement at fault (or, without evidence, the check's summary), one line each. */
export function faultLines(cell: { effect?: CellEffect; findings?: Finding[]; unresolved?: string[] }): string[] {
  // For a gain the findings are what denied before the change.
  const was = cell.effect === 'gains' ? 'before: ' : '';
  const lines = (cell.findings ?? []).flatMap((f: Finding) => (f.evidence.length > 0 ? f.evidence.map((e) => `${was}${f.check}: ${evidenceText(e)}`) : [`${was}${f.check}: ${f.summary}`]));
  return [...lines, ...(cell.unresolved ?? []).map((u) => `unknown until apply: ${u}`)];
}

const count = (a: AuditDiffResult): string =>
  `${a.principals} principal${a.principals === 1 ? '' : 's'} × ${a.tasks.length} page${a.tasks.length === 1 ? '' : 's'}`;

const sourceText = (a: AuditDiffResult): string => `${a.source.kind}${a.source.file ? ` ${a.source.file}` : ''}${a.plan ? `, plan ${a.plan}` : ''}`;

export function renderDiffText(a: AuditDiffResult, c: ChalkInstance = PLAIN, expectFile?: string, layout: TextLayout = {}): string {
  const out = [c.bold(`Billing console access before → after ${a.changes.length} planned change${a.changes.length === 1 ? '' : 's'}: ${count(a)} (${inertText(sourceText(a))})`), ''];
  out.push(c.bold('Planned changes'));
  for (const ch of a.changes) {
    const moved = ch.origin.kind === 'terraform' && ch.origin.previousAddress ? ` (moved from ${ch.origin.previousAddress})` : '';
    out.push(`  ${inertText(ch.id + moved)}`);
    for (const e of ch.edits) out.push(`      ${inertText(e)}`);
    if (ch.unknown) out.push(c.magenta(`      unknown until apply: ${inertText(ch.unknown)}`));
  }
  if (a.changes.length === 0) out.push('  none');
  if (a.ignored.length > 0) {
    out.push('', c.bold(`Ignored (${a.ignored.length}): not evaluated`));
    for (const i of a.ignored) out.push(`  ${inertText(i.address)}: ${inertText(i.reason)}`);
  }
  for (const { effect, title, mark } of EFFECTS) {
    const cells = a.differences.filter((d) => d.effect === effect);
    if (cells.length === 0) continue;
    const paint = effect === 'gains' ? c.green : effect === 'becomes-inconclusive' ? c.magenta : c.red;
    out.push('', c.bold(`${title}: ${cells.length}`));
    for (const cell of cells) {
      out.push(`  ${paint(mark)} ${inertText(label(cell))} · ${cell.task}: ${cell.before} → ${cell.after}`);
      out.push(wrapLine(`      caused by ${cell.causes.map(inertText).join('; ') || 'the changes together'}`, layout.width, 8));
      for (const line of faultLines(cell)) out.push(wrapLine(`      ${inertText(line)}`, layout.width, 8));
    }
  }
  const removed = removedPrincipals(a);
  if (removed.length > 0) out.push('', c.bold(`${REMOVED_TITLE}: ${removed.length}`));
  for (const { cell, tasks } of removed) {
    out.push(`  ${c.red('–')} ${inertText(label(cell))} (could open ${tasks.join(', ')})`);
    out.push(wrapLine(`      caused by ${cell.causes.map(inertText).join('; ') || 'the changes together'}`, layout.width, 8));
    for (const line of faultLines(cell)) out.push(wrapLine(`      ${inertText(line)}`, layout.width, 8));
  }
  if (a.differences.length === 0) out.push('', 'No principal × page changes its verdict.');
  if (a.drift) {
    const lines = driftLines(a.drift, 'the planned state');
    out.push('', c.bold(`The planned state against ${inertText(expectFile ?? 'the allow-list')}`), ...(lines.length > 0 ? lines.map((l) => `  ${inertText(l)}`) : ['  none: access still matches the allow-list']));
  }
  return out.join('\n') + '\n';
}

export function renderDiffMarkdown(a: AuditDiffResult, expectFile?: string): string {
  const out = [
    '# Billing console access: before → after the planned changes',
    '',
    markdownText(`${count(a)}, from ${sourceText(a)}`),
    '',
    '## Planned changes',
    '',
    '| Change | What it does |',
    '| --- | --- |',
    ...a.changes.map((ch) => `| ${markdownCode(ch.id)} | ${[...ch.edits, ...(ch.unknown ? [`unknown until apply: ${ch.unknown}`] : [])].map(markdownText).join('<br>')} |`),
  ];
  if (a.ignored.length > 0) out.push('', `Ignored (not evaluated): ${a.ignored.map((i) => `${markdownCode(i.address)} (${markdownText(i.reason)})`).join(', ')}`);
  for (const { effect, title, mark } of EFFECTS) {
    const cells = a.differences.filter((d) => d.effect === effect);
    if (cells.length === 0) continue;
    out.push('', `## ${mark} ${title} (${cells.length})`, '', '| Principal | Page | Before → after | Caused by | Statement at fault |', '| --- | --- | --- | --- | --- |');
    for (const cell of cells) {
      const causes = cell.causes.map(markdownCode).join('<br>') || 'the changes together';
      out.push(`| ${markdownText(label(cell))} | \`${cell.task}\` | ${cell.before} → ${cell.after} | ${causes} | ${faultLines(cell).map(markdownText).join('<br>')} |`);
    }
  }
  const removed = removedPrincipals(a);
  if (removed.length > 0) out.push('', `## – ${REMOVED_TITLE} (${removed.length})`, '', '| Principal | Could open | Caused by | What happens |', '| --- | --- | --- | --- |');
  for (const { cell, tasks } of removed) {
    const causes = cell.causes.map(markdownCode).join('<br>') || 'the changes together';
    out.push(`| ${markdownText(label(cell))} | ${tasks.map((t) => `\`${t}\``).join(', ')} | ${causes} | ${faultLines(cell).map(markdownText).join('<br>')} |`);
  }
  if (a.differences.length === 0) out.push('', 'No principal × page changes its verdict.');
  if (a.drift) {
    const lines = driftLines(a.drift, 'the planned state');
    out.push('', `## The planned state against ${markdownText(expectFile ?? 'the allow-list')}`, '', ...(lines.length > 0 ? lines.map((l) => `- ${markdownText(l)}`) : ['None: access still matches the allow-list.']));
  }
  return out.join('\n') + '\n';
}

export function renderDiffJson(a: AuditDiffResult): string {
  return inertJson(a, 2) + '\n';
}

/** `doctor --change/--terraform-plan`: the lines above the diagnosis of the planned state. */
export function renderPlannedNote(note: PlannedChangeNote, markdown: boolean, layout: TextLayout = {}): string {
  const changes = note.changes.map((c) => (markdown ? markdownCode(c) : inertText(c))).join(markdown ? ', ' : '; ') || 'none';
  const plan = note.plan === undefined ? '' : markdown ? ` (plan ${markdownCode(note.plan)})` : ` (plan ${inertText(note.plan)})`;
  const ignored = note.ignored ?? [];
  if (markdown) {
    const out = ['## Planned changes', '', `Diagnosed with ${changes} applied${plan}.`, '', '| Page | Before → after | Caused by | Statement at fault |', '| --- | --- | --- | --- |'];
    for (const p of note.pages) {
      const causes = p.effect ? (p.causes ?? []).map(markdownCode).join('<br>') || 'the changes together' : '';
      out.push(`| \`${p.task}\` | ${p.before} → ${p.after}${p.effect ? '' : ' (unchanged)'} | ${causes} | ${faultLines(p).map(markdownText).join('<br>')} |`);
    }
    if (ignored.length > 0) out.push('', `Ignored (not evaluated): ${ignored.map((i) => `${markdownCode(i.address)} (${markdownText(i.reason)})`).join(', ')}`);
    return [...out, '', ''].join('\n');
  }
  const out = [`Planned changes applied: ${changes}${plan}`];
  // A removal is said once, under the pages it takes.
  const removed = note.pages.find((p) => p.effect === 'removed');
  for (const p of note.pages) {
    out.push(`  ${p.task}: ${p.before} → ${p.after}${p.effect === 'removed' ? ' (removed)' : p.effect ? '' : ' (unchanged)'}`);
    if (!p.effect || p.effect === 'removed') continue;
    out.push(wrapLine(`      caused by ${(p.causes ?? []).map(inertText).join('; ') || 'the changes together'}`, layout.width, 8));
    for (const line of faultLines(p)) out.push(wrapLine(`      ${inertText(line)}`, layout.width, 8));
  }
  if (removed) for (const line of faultLines(removed)) out.push(wrapLine(`  ${inertText(line)}`, layout.width, 4));
  if (ignored.length > 0) {
    out.push(`  Ignored (${ignored.length}): not evaluated`);
    for (const i of ignored) out.push(wrapLine(`    ${inertText(i.address)}: ${inertText(i.reason)}`, layout.width, 6));
  }
  return [...out, '', ''].join('\n');
}
