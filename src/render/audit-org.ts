/** Renders the organization audit (account × principal × page) as text, Markdown, JSON or HTML. */
import { Chalk, type ChalkInstance } from 'chalk';
import type { OrgAuditAccount, OrgAuditResult } from '../checks/audit-org.js';
import { MARK, driftMarkdown, driftText, label, paint, reasons } from './audit.js';
import { wrapLine, type TextLayout } from './wrap.js';
import { renderAuditHtml } from './html.js';
import { inertJson, inertText, mapStrings, markdownCode, markdownText } from './inert.js';

const PLAIN = new Chalk({ level: 0 });
const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function heading(r: OrgAuditResult): string {
  const unread = r.accounts.filter((a) => a.status === 'gap').length;
  const principals = r.accounts.reduce((n, a) => n + a.principals.length, 0);
  const org = r.organization !== undefined ? ` of organization ${r.organization.id}` : '';
  const from = r.source.kind === 'live' ? `live${r.source.profile !== undefined ? `, profile ${r.source.profile}` : ''}` : `snapshots in ${r.source.dir}`;
  return `Billing console access audit${org}: ${plural(r.accounts.length, 'account')}${unread > 0 ? ` (${unread} not read)` : ''}, ${plural(principals, 'principal')} × ${plural(r.tasks.length, 'page')} (${from})`;
}

const gapLine = (a: OrgAuditAccount): string =>
  `${a.id}${a.name !== undefined ? ` (${a.name})` : ''}: ${a.gaps.map((g) => `${g.operation} ${g.error}${g.hint !== undefined ? ` — ${g.hint}` : g.message !== '' ? ` — ${g.message}` : ''}`).join('; ')}`;

export function renderOrgAuditText(result: OrgAuditResult, c: ChalkInstance = PLAIN, expectFile?: string, { width: columns }: TextLayout = {}): string {
  const r = mapStrings(result, inertText);
  const rows = r.accounts.flatMap((a) => a.principals.map((row) => ({ account: a.id, row, name: label(row) })));
  const accountWidth = Math.max('account'.length, ...rows.map((x) => x.account.length));
  const nameWidth = Math.max('principal'.length, ...rows.map((x) => x.name.length));
  const widths = r.tasks.map((t) => Math.max(t.length, 1));
  // The "why" text wraps under its own column.
  const why = accountWidth + 2 + nameWidth + 2 + widths.reduce((sum, w) => sum + w + 2, 0);
  const out = [
    c.bold(wrapLine(heading(r), columns, 2)),
    '',
    `${'account'.padEnd(accountWidth)}  ${'principal'.padEnd(nameWidth)}  ${r.tasks.map((t, i) => t.padEnd(widths[i] ?? 1)).join('  ')}  why`,
    ...rows.map(({ account, row, name }) => {
      const cells = row.cells.map((cell, i) => paint(c, cell.verdict, MARK[cell.verdict].padEnd(widths[i] ?? 1)));
      return wrapLine(`${account.padEnd(accountWidth)}  ${name.padEnd(nameWidth)}  ${cells.join('  ')}  ${reasons(row)}`.trimEnd(), columns, why);
    }),
    '',
    wrapLine(`${MARK.allowed} allowed  ${MARK.denied} denied  ${MARK.inconclusive} inconclusive (doctor --snapshot ACCOUNT.json --principal <name> explains a cell; keep snapshots with --out-dir)`, columns, 2),
  ];
  const gaps = r.accounts.filter((a) => a.gaps.length > 0);
  if (gaps.length > 0) out.push('', c.bold('Not read, or read with gaps (their cells are inconclusive):'), ...gaps.map((a) => wrapLine(`  ${gapLine(a)}`, columns, 4)));
  if (r.drift) out.push(...driftText(c, r.drift, expectFile, columns));
  return out.join('\n') + '\n';
}

export function renderOrgAuditMarkdown(r: OrgAuditResult, expectFile?: string): string {
  const out = [
    '# Billing console access audit',
    '',
    markdownText(heading(r).replace(/^Billing console access audit/, 'Audit')),
    '',
    `| Account | Principal | ${r.tasks.map(markdownCode).join(' | ')} | Why |`,
    `| --- | --- | ${r.tasks.map(() => '---').join(' | ')} | --- |`,
    ...r.accounts.flatMap((a) =>
      a.principals.map((row) => `| ${markdownText(a.id)} | ${markdownText(label(row))} | ${row.cells.map((c) => `${MARK[c.verdict]} ${c.verdict}`).join(' | ')} | ${markdownText(reasons(row))} |`),
    ),
  ];
  const gaps = r.accounts.filter((a) => a.gaps.length > 0);
  if (gaps.length > 0) out.push('', '## Not read, or read with gaps', '', ...gaps.map((a) => `- ${markdownText(gapLine(a))}`));
  if (r.drift) out.push(...driftMarkdown(r.drift, expectFile));
  return out.join('\n') + '\n';
}

export function renderOrgAuditJson(r: OrgAuditResult): string {
  return inertJson(r, 2) + '\n';
}

export function renderOrgAuditHtml(r: OrgAuditResult): string {
  return renderAuditHtml({
    title: 'Billing console access audit',
    source: heading(r),
    tasks: r.tasks,
    accounts: r.accounts.map((a) => ({
      id: a.id,
      ...(a.name !== undefined ? { name: a.name } : {}),
      ous: a.ous,
      ...(a.snapshotFile !== undefined ? { snapshotFile: a.snapshotFile } : {}),
      ...(a.status === 'gap' ? { gap: gapLine(a) } : {}),
      principals: a.principals,
    })),
  });
}
