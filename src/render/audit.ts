/** Renders an audit (principal × page matrix, and drift) as text, Markdown or JSON. */
import { Chalk, type ChalkInstance } from 'chalk';
import type { AuditResult, AuditRow, Drift } from '../checks/audit.js';
import type { PrincipalType, Verdict } from '../model/diagnosis.js';
import { VERDICT_SYMBOL } from './symbols.js';
import { wrapLine, type TextLayout } from './wrap.js';
import { inertJson, inertText, mapStrings, markdownCode, markdownText } from './inert.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
const size = (a: AuditResult): string => `${plural(a.principals.length, 'principal')} × ${plural(a.tasks.length, 'page')}`;

export const MARK: Readonly<Record<Verdict, string>> = VERDICT_SYMBOL;
const PLAIN = new Chalk({ level: 0 });

export function paint(c: ChalkInstance, v: Verdict, text: string): string {
  return v === 'allowed' ? c.green(text) : v === 'denied' ? c.red(text) : c.magenta(text);
}

/** The short kind a matrix row shows: `user`, `role`, `sso-role` (a permission set's role), `sso-user` (an Identity Center user). */
export const kindLabel = (type: PrincipalType): string => (type === 'identity-center-role' ? 'sso-role' : type === 'identity-center-user' ? 'sso-user' : type);

export const label = (row: Pick<AuditRow, 'principal'>): string => `${kindLabel(row.principal.type)} ${row.principal.name}`;

/** Checks that block any cell of the row, and for undecided ones the fact missing and how to supply it. */
export function reasons(row: AuditRow): string {
  const blocked = [...new Set(row.cells.flatMap((c) => c.blockedBy))];
  const undecided = new Map<string, string>();
  for (const cell of row.cells) cell.undecided.forEach((id, i) => undecided.set(id, cell.missing[i] ?? ''));
  const why = [...undecided].map(([id, missing]) => (missing ? `${id} (${missing})` : id));
  return [blocked.length > 0 ? `blocked by ${blocked.join(', ')}` : '', why.length > 0 ? `undecided: ${why.join(', ')}` : ''].filter(Boolean).join('; ');
}

/** `where`: what the principals were looked for in (the planned state, for planned changes). */
export function driftLines(drift: Drift, where = 'the snapshot'): string[] {
  const lines: string[] = [];
  for (const [kind, text] of [
    ['gained', 'gained access (not on the allow-list)'],
    ['lost', 'lost access (on the allow-list, now denied)'],
    ['unconfirmed', 'cannot confirm (on the allow-list, inconclusive)'],
    ['missing', `no such principal (on the allow-list, not in ${where})`],
  ] as const) {
    for (const e of drift[kind]) lines.push(`${text}: ${e.principal}: ${e.tasks.join(', ')}`);
  }
  return lines;
}

/** The drift section of a text report (wrapped under its bullet). */
export function driftText(c: ChalkInstance, drift: Drift, expectFile: string | undefined, columns: number | undefined): string[] {
  const lines = driftLines(drift);
  return ['', c.bold(`Drift against ${inertText(expectFile ?? 'the allow-list')}`), ...(lines.length > 0 ? lines.map((l) => wrapLine(`  ${l}`, columns, 4)) : ['  none: access matches the allow-list'])];
}

/** The drift section of a Markdown report. */
export function driftMarkdown(drift: Drift, expectFile: string | undefined): string[] {
  const lines = driftLines(drift);
  return ['', `## Drift against ${markdownText(expectFile ?? 'the allow-list')}`, '', ...(lines.length > 0 ? lines.map((l) => `- ${markdownText(l)}`) : ['None: access matches the allow-list.'])];
}


export function renderAuditText(result: AuditResult, c: ChalkInstance = PLAIN, expectFile?: string, { width: columns }: TextLayout = {}): string {
  const a = mapStrings(result, inertText);
  const names = a.principals.map(label);
  const width = Math.max('principal'.length, ...names.map((n) => n.length));
  const widths = a.tasks.map((t) => Math.max(t.length, 1));
  // The "why" text wraps under its own column.
  const why = width + 2 + widths.reduce((sum, w) => sum + w + 2, 0);
  const out = [
    c.bold(wrapLine(`Billing console access audit: ${size(a)} (${a.source.kind} ${a.source.file ?? ''})`.replace(' )', ')'), columns, 2)),
    '',
    `${'principal'.padEnd(width)}  ${a.tasks.map((t, i) => t.padEnd(widths[i] ?? 1)).join('  ')}  why`,
    ...a.principals.map((row, r) => {
      const cells = row.cells.map((cell, i) => paint(c, cell.verdict, MARK[cell.verdict].padEnd(widths[i] ?? 1)));
      return wrapLine(`${(names[r] ?? '').padEnd(width)}  ${cells.join('  ')}  ${reasons(row)}`.trimEnd(), columns, why);
    }),
    ...(a.principals.length === 0 ? ['(no IAM users or roles in the snapshot; for the root user run doctor --principal root)'] : []),
    '',
    wrapLine(`${MARK.allowed} allowed  ${MARK.denied} denied  ${MARK.inconclusive} inconclusive (run doctor --principal <name> for the evidence and the fix)`, columns, 2),
  ];
  if (a.drift) out.push(...driftText(c, a.drift, expectFile, columns));
  return out.join('\n') + '\n';
}

export function renderAuditMarkdown(a: AuditResult, expectFile?: string): string {
  const out = [
    '# Billing console access audit',
    '',
    markdownText(`${size(a)}, from ${a.source.kind} ${a.source.file ?? ''}`.trimEnd()),
    '',
    `| Principal | ${a.tasks.map(markdownCode).join(' | ')} | Why |`,
    `| --- | ${a.tasks.map(() => '---').join(' | ')} | --- |`,
    ...a.principals.map((row) => `| ${markdownText(label(row))} | ${row.cells.map((c) => `${MARK[c.verdict]} ${c.verdict}`).join(' | ')} | ${markdownText(reasons(row))} |`),
  ];
  if (a.drift) out.push(...driftMarkdown(a.drift, expectFile));
  return out.join('\n') + '\n';
}

/**
 * A row as `inertJson(row, 2)` writes it, indented for its place in the list. Rows share their
 * cells (checks/audit.ts), so each distinct cell is written once and its text reused: the same
 * text, since JSON.stringify writes a nested value as it writes it alone, indented.
 */
function rowWriter(): (row: AuditResult['principals'][number]) => string {
  const cellText = new Map<object, string>();
  const marker = '\n      "cells": []';
  return (row) => {
    const head = inertJson({ ...row, cells: [] }, 2).replaceAll('\n', '\n    ');
    if (row.cells.length === 0) return head;
    const at = head.indexOf(marker) + marker.length - 2;
    const cells = row.cells.map((cell) => {
      let text = cellText.get(cell);
      if (text === undefined) cellText.set(cell, (text = inertJson(cell, 2).replaceAll('\n', '\n        ')));
      return text;
    });
    return `${head.slice(0, at)}[\n        ${cells.join(',\n        ')}\n      ]${head.slice(at + 2)}`;
  };
}

/** Rows per piece of auditJsonChunks: a few hundred KB. */
const ROWS_PER_CHUNK = 200;

/**
 * The audit as JSON (`inertJson(a, 2)` and a newline), in pieces: a large account's audit (70 MB of
 * JSON for 10,000 principals) is written as it is made, never held as one string.
 */
export function* auditJsonChunks(a: AuditResult): Generator<string> {
  const frame = inertJson({ ...a, principals: [] }, 2) + '\n';
  if (a.principals.length === 0) {
    yield frame;
    return;
  }
  // The top-level key is the only one indented by two spaces.
  const open = frame.indexOf('\n  "principals": []') + '\n  "principals": '.length;
  let piece = `${frame.slice(0, open)}[\n`;
  const rowJson = rowWriter();
  for (const [i, row] of a.principals.entries()) {
    piece += `${i === 0 ? '' : ',\n'}    ${rowJson(row)}`;
    if ((i + 1) % ROWS_PER_CHUNK === 0) {
      yield piece;
      piece = '';
    }
  }
  yield `${piece}\n  ]${frame.slice(open + 2)}`;
}
