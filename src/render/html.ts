/**
 * The audit matrix as one self-contained HTML file: a heatmap of accounts × pages, the full
 * principal × page matrix, filters, and per-cell details (reason and the doctor command that
 * explains it). With planned changes, the matrix is the planned state, each cell a change moves
 * is marked before → after, and the planned changes and every difference (with its cause and the
 * statement at fault) are listed. No network, no external assets: the data rides in a JSON script
 * element and the page renders it with textContent only, so nothing from a snapshot can become markup.
 */
import { shellWord } from '../model/shell.js';
import type { AuditCell, AuditResult, AuditRow } from '../checks/audit.js';
import type { CheckId } from '../model/diagnosis.js';
import type { TaskId } from '../model/catalogue.js';
import type { AuditDiffResult, CellChange } from '../change/diff.js';
import { inertText, mapStrings } from './inert.js';
import { label } from './audit.js';
import { EFFECTS, faultLines } from './audit-diff.js';

/** One account's part of the report: its matrix, or why it could not be read. */
export interface HtmlAccount {
  id: string;
  name?: string;
  /** OU path from the root, nearest last (ids). */
  ous: readonly string[];
  /** How to re-run doctor offline for this account (`--snapshot FILE`), when a snapshot exists. */
  snapshotFile?: string;
  /** Why the account could not be read (a gap): no matrix then. */
  gap?: string;
  principals: readonly AuditRow[];
  /** The flags that give doctor the same planned changes (`--terraform-plan FILE`, `--change …`). */
  planArgs?: readonly string[];
}

export interface HtmlReport {
  title: string;
  /** Where the data came from, one line. */
  source: string;
  tasks: readonly TaskId[];
  accounts: readonly HtmlAccount[];
  /** With planned changes: what they are, and each principal × page whose verdict they move. */
  planned?: Pick<AuditDiffResult, 'changes' | 'ignored' | 'differences'>;
}

/** What each check id means when it blocks or leaves a cell undecided (design section 3). */
const CHECK_MEANING: Readonly<Partial<Record<CheckId, string>>> = {
  activation: 'the root user\'s "Activate IAM Access" setting',
  'identity-policy': 'no identity policy allows the page',
  scp: 'a service control policy denies, or an OU level lacks an allow',
  mfa: 'a deny that applies without MFA',
  region: 'a deny on aws:RequestedRegion (billing runs in us-east-1)',
  boundary: 'the permissions boundary',
  principal: 'the principal cannot use the console',
  'root-user': 'the root user',
  'identity-center': 'the Identity Center permission set',
  'management-only': 'the page works only in the management account',
};

/** One line: why a cell has its verdict. */
export function cellReason(cell: AuditCell): string {
  const why = (ids: readonly CheckId[]): string => ids.map((id) => `${id} (${CHECK_MEANING[id] ?? id})`).join('; ');
  if (cell.verdict === 'denied') return `denied by ${why(cell.blockedBy)}`;
  if (cell.verdict === 'inconclusive') return `cannot decide: ${cell.undecided.map((id, i) => `${id} (${cell.missing[i] ?? CHECK_MEANING[id] ?? id})`).join('; ')}`;
  return 'allowed: every check passes';
}


export function doctorCommand(account: HtmlAccount, principalArn: string, task: TaskId): string {
  const source = account.snapshotFile !== undefined ? `--snapshot ${shellWord(account.snapshotFile)} ` : '';
  const plan = (account.planArgs ?? []).map((a) => ` ${shellWord(a)}`).join('');
  return `billing-access doctor ${source}--principal ${shellWord(principalArn)} --task ${task}${plan}`;
}

/** A planned difference as the page shows it: before, effect, causes and the statement at fault. */
function changeData(d: CellChange): Record<string, unknown> {
  return { was: d.before, now: d.after, fx: d.effect, causes: d.causes, faults: faultLines(d) };
}

/** The data the page script reads: compact arrays, reasons and commands precomputed here (pure, testable). */
function pageData(report: HtmlReport): unknown {
  const moved = new Map((report.planned?.differences ?? []).map((d) => [`${d.principal.arn}|${d.task}`, d]));
  return {
    title: report.title,
    source: report.source,
    tasks: report.tasks,
    accounts: report.accounts.map((a) => ({
      id: a.id,
      name: a.name ?? '',
      ous: a.ous,
      gap: a.gap ?? null,
      principals: a.principals.map((p) => ({
        arn: p.principal.arn,
        label: label(p),
        cells: p.cells.map((c) => {
          const d = moved.get(`${p.principal.arn}|${c.task}`);
          return { t: c.task, v: c.verdict, why: cellReason(c), cmd: doctorCommand(a, p.principal.arn, c.task), ...(d ? changeData(d) : {}) };
        }),
      })),
    })),
    planned: report.planned
      ? {
          changes: report.planned.changes.map((c) => ({ id: c.id, edits: c.edits, unknown: c.unknown ?? null })),
          ignored: report.planned.ignored.map((i) => `${i.address}: ${i.reason}`),
          // In the order a reviewer reads them (what breaks first), removals last.
          differences: [...EFFECTS.map((e) => e.effect), 'removed' as const].flatMap((fx) =>
            report.planned!.differences.filter((d) => d.effect === fx).map((d) => ({ label: label(d), t: d.task, ...changeData(d) })),
          ),
        }
      : null,
  };
}

/** JSON that is safe inside a script element: no `</script>`, no HTML comment openers, no line separators. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
:root { --allowed: #2e7d32; --denied: #c62828; --inconclusive: #f9a825; --gap: #9e9e9e; font-family: system-ui, sans-serif; }
body { margin: 1.5rem; color: #212121; }
h1 { font-size: 1.4rem; margin: 0 0 .25rem; }
.source { color: #616161; margin: 0 0 1rem; }
.filters { display: flex; flex-wrap: wrap; gap: 1rem; align-items: end; margin-bottom: 1rem; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; gap: .2rem; }
.pages { display: flex; flex-wrap: wrap; gap: .5rem; max-width: 60rem; font-size: .85rem; }
table { border-collapse: collapse; margin-bottom: 1.5rem; font-size: .85rem; }
th, td { border: 1px solid #e0e0e0; padding: .25rem .4rem; text-align: left; }
th.page { writing-mode: vertical-rl; transform: rotate(180deg); white-space: nowrap; }
td.cell { width: 2.2rem; height: 1.6rem; cursor: pointer; text-align: center; color: #fff; font-weight: 600; }
td.allowed { background: var(--allowed); } td.denied { background: var(--denied); }
td.inconclusive { background: var(--inconclusive); color: #212121; } td.gap { background: var(--gap); }
td.heat { min-width: 3rem; text-align: center; color: #212121; }
tr.account th { background: #f5f5f5; }
.legend span { display: inline-block; padding: .1rem .5rem; margin-right: .5rem; color: #fff; }
#details { position: sticky; bottom: 0; background: #fffde7; border: 1px solid #fbc02d; padding: .75rem; display: none; }
#details code { display: block; white-space: pre-wrap; word-break: break-all; background: #fff; padding: .4rem; margin-top: .4rem; user-select: all; }
td.cell.changed { outline: 3px solid #1565c0; outline-offset: -3px; }
#planned { display: none; } #planned.shown { display: block; }
#planned ul { margin: .25rem 0 1rem; } #planned li { margin-bottom: .25rem; }
#planned .edits, #planned .faults { color: #424242; font-size: .85rem; white-space: pre-line; }
#differences td.fx-loses, #differences td.fx-removed { color: var(--denied); font-weight: 600; }
#differences td.fx-gains { color: var(--allowed); font-weight: 600; }
`;

/* The page script: builds the DOM from the data with createElement/textContent only. */
const SCRIPT = `
(() => {
  const data = JSON.parse(document.getElementById('data').textContent);
  const MARK = { allowed: '\\u2714', denied: '\\u2716', inconclusive: '?' };
  const $ = (id) => document.getElementById(id);
  const el = (tag, props, ...children) => {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const c of children) node.append(c);
    return node;
  };
  const accountSelect = $('f-account'), ouSelect = $('f-ou'), principalInput = $('f-principal'), pagesBox = $('f-pages');
  for (const a of data.accounts) accountSelect.append(el('option', { value: a.id, textContent: a.name ? a.id + ' ' + a.name : a.id }));
  for (const ou of [...new Set(data.accounts.flatMap((a) => a.ous))].sort()) ouSelect.append(el('option', { value: ou, textContent: ou }));
  for (const t of data.tasks) {
    const box = el('input', { type: 'checkbox', checked: true, value: t, name: 'page' });
    box.addEventListener('change', render);
    pagesBox.append(el('label', {}, box, ' ' + t));
  }
  for (const f of [accountSelect, ouSelect]) f.addEventListener('change', render);
  principalInput.addEventListener('input', render);
  const changedBox = $('f-changed');
  changedBox.addEventListener('change', render);

  const ARROW = ' \\u2192 ';
  // The planned changes and every difference, once: the matrix below is the planned state.
  if (data.planned) {
    changedBox.parentElement.style.display = '';
    $('planned').classList.add('shown');
    const list = $('changes');
    for (const c of data.planned.changes) {
      list.append(el('li', {}, el('code', { textContent: c.id }), el('div', { className: 'edits', textContent: c.edits.join('\\n') + (c.unknown ? '\\nunknown until apply: ' + c.unknown : '') })));
    }
    if (data.planned.ignored.length > 0) $('ignored').textContent = 'Ignored (not evaluated): ' + data.planned.ignored.join('; ');
    const table = $('differences');
    table.append(el('tr', {}, ...['principal', 'page', 'before' + ARROW + 'after', 'caused by', 'statement at fault'].map((h) => el('th', { textContent: h }))));
    for (const d of data.planned.differences) {
      const row = el('tr', { className: 'difference' },
        el('td', { textContent: d.label }), el('td', { textContent: d.t }),
        el('td', { className: 'fx-' + d.fx, textContent: d.was + ARROW + d.now + (d.fx === 'removed' ? ' (removed)' : '') }),
        el('td', { textContent: d.causes.join(', ') || 'the changes together' }),
        el('td', { className: 'faults', textContent: d.faults.join('\\n') }));
      row.dataset.effect = d.fx;
      table.append(row);
    }
    if (data.planned.differences.length === 0) table.append(el('tr', {}, el('td', { colSpan: 5, textContent: 'No principal \\u00d7 page changes its verdict.' })));
  }

  function show(account, principal, cell) {
    const box = $('details');
    const planned = cell.fx
      ? [el('div', { className: 'change', textContent: 'planned: ' + cell.was + ARROW + cell.now + ', caused by ' + (cell.causes.join(', ') || 'the changes together') }),
         el('div', { className: 'faults', textContent: cell.faults.join('\\n') })]
      : [];
    box.replaceChildren(
      el('strong', { textContent: account.id + ' \\u00b7 ' + principal.label + ' \\u00b7 ' + cell.t + ': ' + cell.v }),
      ...planned,
      el('div', { className: 'why', textContent: cell.why }),
      el('code', { className: 'cmd', textContent: cell.cmd }),
    );
    box.style.display = 'block';
  }

  function render() {
    const pages = data.tasks.filter((t) => pagesBox.querySelector('input[value="' + CSS.escape(t) + '"]').checked);
    const text = principalInput.value.trim().toLowerCase();
    const accounts = data.accounts.filter((a) => (!accountSelect.value || a.id === accountSelect.value) && (!ouSelect.value || a.ous.includes(ouSelect.value)));
    const onlyChanged = changedBox.checked;
    const principalsOf = (a) => a.principals.filter((p) => (!text || p.label.toLowerCase().includes(text) || p.arn.toLowerCase().includes(text)) && (!onlyChanged || p.cells.some((c) => c.fx)));
    const cellOf = (p, t) => p.cells.find((c) => c.t === t);

    const heat = el('table', { id: 'heatmap' });
    heat.append(el('tr', {}, el('th', { textContent: 'account' }), ...pages.map((t) => el('th', { className: 'page', textContent: t }))));
    for (const a of accounts) {
      const row = el('tr', { className: 'heat-row' }, el('th', { textContent: a.name ? a.id + ' ' + a.name : a.id }));
      row.dataset.account = a.id;
      const ps = principalsOf(a);
      for (const t of pages) {
        const n = { allowed: 0, denied: 0, inconclusive: 0 };
        for (const p of ps) { const c = cellOf(p, t); if (c) n[c.v]++; }
        const total = n.allowed + n.denied + n.inconclusive;
        const td = el('td', { className: 'heat' + (a.gap ? ' gap' : '') });
        td.dataset.page = t;
        if (a.gap) td.textContent = 'not read';
        else if (total === 0) td.textContent = '\\u2013';
        else {
          const pct = (k) => (100 * n[k]) / total;
          const g = pct('allowed'), d = g + pct('denied');
          td.style.background = 'linear-gradient(90deg, var(--allowed) 0 ' + g + '%, var(--denied) ' + g + '% ' + d + '%, var(--inconclusive) ' + d + '% 100%)';
          td.title = n.allowed + ' allowed, ' + n.denied + ' denied, ' + n.inconclusive + ' inconclusive';
          td.textContent = n.allowed + '/' + total;
          td.style.color = '#fff';
          td.style.textShadow = '0 0 2px #000';
        }
        row.append(td);
      }
      heat.append(row);
    }
    $('heatmap').replaceWith(heat);

    const matrix = el('table', { id: 'matrix' });
    matrix.append(el('tr', {}, el('th', { textContent: 'principal' }), ...pages.map((t) => el('th', { className: 'page', textContent: t }))));
    for (const a of accounts) {
      const ps = principalsOf(a);
      const head = el('tr', { className: 'account' }, el('th', { colSpan: pages.length + 1, textContent: 'account ' + a.id + (a.name ? ' ' + a.name : '') + (a.gap ? ' \\u2014 not read: ' + a.gap : '') }));
      matrix.append(head);
      for (const p of ps) {
        const row = el('tr', { className: 'principal-row' }, el('th', { textContent: p.label }));
        row.dataset.account = a.id;
        row.dataset.arn = p.arn;
        for (const t of pages) {
          const c = cellOf(p, t);
          const td = el('td', { className: 'cell ' + (c ? c.v : 'gap') + (c && c.fx ? ' changed' : ''), textContent: c ? (c.fx && MARK[c.was] ? MARK[c.was] + '\\u2192' : '') + MARK[c.v] : '' });
          td.dataset.page = t;
          if (c && c.fx) td.dataset.effect = c.fx;
          if (c) { td.title = (c.fx ? c.was + ARROW + c.now + ': ' : '') + c.why; td.addEventListener('click', () => show(a, p, c)); }
          row.append(td);
        }
        matrix.append(row);
      }
    }
    $('matrix').replaceWith(matrix);
    const shown = accounts.reduce((n, a) => n + principalsOf(a).length, 0);
    $('count').textContent = accounts.length + ' account' + (accounts.length === 1 ? '' : 's') + ', ' + shown + ' principal' + (shown === 1 ? '' : 's') + ', ' + pages.length + ' page' + (pages.length === 1 ? '' : 's');
  }
  render();
})();
`;

/** The before → after of planned changes as a one-account report: the planned state's matrix, the differences marked. */
export function plannedAccountReport(result: AuditDiffResult, after: readonly AuditRow[], accountId: string | undefined, planArgs: readonly string[]): HtmlReport {
  const file = result.source.file;
  const changes = `${result.changes.length} planned change${result.changes.length === 1 ? '' : 's'}`;
  return {
    title: 'Billing console access: before → after the planned changes',
    source: `${result.principals} principals × ${result.tasks.length} pages after ${changes}, from ${result.source.kind}${file !== undefined ? ` ${file}` : ''}${result.plan !== undefined ? `, plan ${result.plan}` : ''}`,
    tasks: result.tasks,
    accounts: [{ id: accountId ?? 'account', ous: [], ...(file !== undefined ? { snapshotFile: file } : {}), principals: after, planArgs }],
    planned: { changes: result.changes, ignored: result.ignored, differences: result.differences },
  };
}

/** A single-account audit as a one-account report (doctor commands point at the same snapshot). */
export function singleAccountReport(result: AuditResult, accountId: string | undefined): HtmlReport {
  const file = result.source.file;
  return {
    title: 'Billing console access audit',
    source: `${result.principals.length} principals × ${result.tasks.length} pages, from ${result.source.kind}${file !== undefined ? ` ${file}` : ''}`,
    tasks: result.tasks,
    accounts: [{ id: accountId ?? 'account', ous: [], ...(file !== undefined ? { snapshotFile: file } : {}), principals: result.principals }],
  };
}

export function renderAuditHtml(report: HtmlReport): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(inertText(report.title))}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(inertText(report.title))}</h1>
<p class="source">${escapeHtml(inertText(report.source))}</p>
<div class="filters">
  <label>Account <select id="f-account"><option value="">all accounts</option></select></label>
  <label>OU <select id="f-ou"><option value="">all OUs</option></select></label>
  <label>Principal <input id="f-principal" type="search" placeholder="name or ARN"></label>
  <fieldset class="pages" id="f-pages"><legend>Pages</legend></fieldset>
</div>
<label style="display:none"><input id="f-changed" type="checkbox"> only principals a planned change moves</label>
<p id="count"></p>
<p class="legend"><span style="background:var(--allowed)">&#10004; allowed</span><span style="background:var(--denied)">&#10006; denied</span><span style="background:var(--inconclusive);color:#212121">? inconclusive</span><span style="background:var(--gap)">not read</span> Click a cell for the reason and the command that explains it.</p>
<section id="planned">
<h2>Planned changes</h2>
<ul id="changes"></ul>
<p id="ignored"></p>
<h2>Before &rarr; after</h2>
<table id="differences"></table>
<p>The matrices below are the planned state; a cell a change moves is outlined and shows before &rarr; after.</p>
</section>
<h2>Accounts &times; pages</h2>
<table id="heatmap"></table>
<h2>Principals &times; pages</h2>
<table id="matrix"></table>
<div id="details" role="status"></div>
<script id="data" type="application/json">${scriptJson(mapStrings(pageData(report), inertText))}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
