/** Renders the catalogue for `billing-access actions`: pure functions from tasks to text. */
import { taskActions, type ActionSet, type TaskSpec } from '../model/catalogue.js';
import { inertText, markdownCode, markdownText } from './inert.js';

/** `actions --format json` output. */
export interface ActionsJson {
  schemaVersion: 1;
  actionSet: ActionSet;
  tasks: {
    id: string;
    title: string;
    /** The actions of the chosen action set. */
    actions: readonly string[];
    activationApplies: boolean;
    managementAccountOnly: boolean;
    sources: readonly string[];
  }[];
}

export function actionsJson(tasks: readonly TaskSpec[], set: ActionSet): ActionsJson {
  return {
    schemaVersion: 1,
    actionSet: set,
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      actions: taskActions(t, set),
      activationApplies: t.activationApplies,
      managementAccountOnly: t.managementAccountOnly ?? false,
      sources: t.sources,
    })),
  };
}

const SET_LABEL: Record<ActionSet, string> = {
  'fine-grained': 'fine-grained IAM actions (what the console checks since the 2023 migration)',
  legacy: 'legacy IAM actions (retired aws-portal / purchase-orders, for accounts that still enforce them)',
};

/** Marks a page the root "Activate IAM Access" setting does not govern. */
const NOT_GATED = '†';

/** A plain-text table, one action per line; sources follow when only some pages were asked for. */
export function actionsText(tasks: readonly TaskSpec[], set: ActionSet, withSources: boolean): string {
  const rows = tasks.map((t) => ({
    id: inertText(t.id) + (t.activationApplies ? '' : NOT_GATED),
    title: inertText(t.title),
    actions: taskActions(t, set).map(inertText),
  }));
  const idWidth = Math.max('TASK'.length, ...rows.map((r) => r.id.length));
  const titleWidth = Math.max('TITLE'.length, ...rows.map((r) => r.title.length));
  const line = (a: string, b: string, c: string): string => `${a.padEnd(idWidth)}  ${b.padEnd(titleWidth)}  ${c}`.trimEnd();

  const out = [`Billing console pages and the ${SET_LABEL[set]}:`, '', line('TASK', 'TITLE', 'ACTIONS')];
  for (const row of rows) {
    row.actions.forEach((action, i) => out.push(i === 0 ? line(row.id, row.title, action) : line('', '', action)));
  }
  out.push('');
  if (rows.some((r) => r.id.endsWith(NOT_GATED))) {
    out.push(`${NOT_GATED} not governed by the root user's "Activate IAM Access" setting; every other page also needs it activated.`);
  }
  const other = set === 'legacy' ? 'fine-grained' : 'legacy';
  out.push(`All actions must be allowed to open a page. Use --action-set ${other} for the ${other} set, --task <id> for one page.`);
  if (withSources) {
    for (const t of tasks) {
      out.push('', `Sources for ${inertText(t.id)}:`, ...t.sources.map((s) => `  - ${inertText(s)}`));
    }
  }
  return out.join('\n') + '\n';
}

/** A GitHub-flavoured Markdown table. */
export function actionsMarkdown(tasks: readonly TaskSpec[], set: ActionSet): string {
  const out = [
    `| Task | Page | ${set === 'legacy' ? 'Legacy' : 'Fine-grained'} actions | Activate IAM Access applies |`,
    '| --- | --- | --- | --- |',
  ];
  for (const t of tasks) {
    const actions = taskActions(t, set).map(markdownCode).join('<br>');
    out.push(`| ${markdownCode(t.id)} | ${markdownText(t.title)} | ${actions} | ${t.activationApplies ? 'yes' : 'no'} |`);
  }
  return out.join('\n') + '\n';
}
