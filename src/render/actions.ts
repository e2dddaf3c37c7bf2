/** Renders the catalogue for `billing-access actions`: pure functions from tasks to text. */
import { CONSOLE_GROUPS, actionSource, taskActions, type ActionSet, type ConsoleGroup, type TaskSpec } from '../model/catalogue.js';
import { inertText, markdownCode, markdownText } from './inert.js';

/** `actions --format json` output. */
export interface ActionsJson {
  schemaVersion: 1;
  actionSet: ActionSet;
  /** The console's navigation groups that hold the listed pages, in navigation order. */
  groups: { name: ConsoleGroup; tasks: string[] }[];
  tasks: {
    id: string;
    title: string;
    group: ConsoleGroup;
    /** The actions of the chosen action set. */
    actions: readonly string[];
    /** For each of those actions, the public page that documents it. */
    actionSources: Record<string, string>;
    activationApplies: boolean;
    /** AWS does not say whether the activation setting governs this page (treated as governed). */
    activationUndocumented: boolean;
    managementAccountOnly: boolean;
    sources: readonly string[];
  }[];
}

/** The setting's two names: the console's current one and the older "Activate IAM Access". */
export const ACTIVATION_NAMES = '"IAM user and role access to Billing information" (also called "Activate IAM Access")';

/** Tasks bucketed by console group, groups in navigation order, tasks in catalogue order. */
function byGroup(tasks: readonly TaskSpec[]): { name: ConsoleGroup; tasks: TaskSpec[] }[] {
  return CONSOLE_GROUPS.map((name) => ({ name, tasks: tasks.filter((t) => t.group === name) })).filter((g) => g.tasks.length > 0);
}

export function actionsJson(tasks: readonly TaskSpec[], set: ActionSet): ActionsJson {
  return {
    schemaVersion: 1,
    actionSet: set,
    groups: byGroup(tasks).map((g) => ({ name: g.name, tasks: g.tasks.map((t) => t.id) })),
    tasks: tasks.map((t) => ({
      id: t.id,
      title: t.title,
      group: t.group,
      actions: taskActions(t, set),
      actionSources: Object.fromEntries(taskActions(t, set).map((a) => [a, actionSource(t, a)])),
      activationApplies: t.activationApplies,
      activationUndocumented: t.activationUndocumented ?? false,
      managementAccountOnly: t.managementAccountOnly ?? false,
      sources: t.sources,
    })),
  };
}

const SET_LABEL: Record<ActionSet, string> = {
  'fine-grained': 'fine-grained IAM actions (what the console checks since the 2023 migration)',
  legacy: 'legacy IAM actions (retired aws-portal / purchase-orders, for accounts that still enforce them)',
};

/** Marks a page the root user's activation setting does not govern. */
const NOT_GATED = '†';
/** Marks a page AWS does not say the setting governs or not. */
const UNDOCUMENTED = '~';
/** Marks a page that works only in the organization's management account. */
const MANAGEMENT_ONLY = '*';

function marks(t: TaskSpec): string {
  const gate = !t.activationApplies ? NOT_GATED : t.activationUndocumented ? UNDOCUMENTED : '';
  return gate + (t.managementAccountOnly ? MANAGEMENT_ONLY : '');
}

/**
 * A plain-text table grouped as the console's navigation groups pages, one action per line; sources
 * (and each action's documenting page) follow when only some pages were asked for.
 */
export function actionsText(tasks: readonly TaskSpec[], set: ActionSet, withSources: boolean): string {
  const groups = byGroup(tasks);
  const row = (t: TaskSpec) => ({ id: inertText(t.id) + marks(t), title: inertText(t.title), actions: taskActions(t, set).map(inertText) });
  const rows = tasks.map(row);
  const idWidth = Math.max('TASK'.length, ...rows.map((r) => r.id.length));
  const titleWidth = Math.max('TITLE'.length, ...rows.map((r) => r.title.length));
  const line = (a: string, b: string, c: string): string => `${a.padEnd(idWidth)}  ${b.padEnd(titleWidth)}  ${c}`.trimEnd();

  const out = [`Billing console pages and the ${SET_LABEL[set]}:`, '', line('TASK', 'TITLE', 'ACTIONS')];
  for (const group of groups) {
    out.push('', `${group.name}:`);
    for (const r of group.tasks.map(row)) {
      r.actions.forEach((action, i) => out.push(i === 0 ? line(r.id, r.title, action) : line('', '', action)));
    }
  }
  out.push('');
  const all = tasks.map(marks).join('');
  if (all.includes(NOT_GATED)) out.push(`${NOT_GATED} not governed by the root user's setting ${ACTIVATION_NAMES}.`);
  if (all.includes(UNDOCUMENTED)) {
    out.push(`${UNDOCUMENTED} AWS does not say whether the setting governs this page: checked as governed, and unknown when the setting is off.`);
  }
  if (all.includes(MANAGEMENT_ONLY)) out.push(`${MANAGEMENT_ONLY} works only in the organization's management account.`);
  out.push(`${all === '' ? 'Every page listed' : 'Every other page'} needs the root user's setting ${ACTIVATION_NAMES} activated.`);
  const other = set === 'legacy' ? 'fine-grained' : 'legacy';
  out.push(`All actions must be allowed to open a page. Use --action-set ${other} for the ${other} set, --task <id> for one page, --task all for every page.`);
  if (withSources) {
    for (const t of tasks) {
      out.push('', `Sources for ${inertText(t.id)}:`, ...t.sources.map((s) => `  - ${inertText(s)}`));
      for (const a of taskActions(t, set)) out.push(`  ${inertText(a)}: ${inertText(actionSource(t, a))}`);
    }
  }
  return out.join('\n') + '\n';
}

/** A GitHub-flavoured Markdown table, one row per page, in console group order. */
export function actionsMarkdown(tasks: readonly TaskSpec[], set: ActionSet): string {
  const out = [
    `| Group | Task | Page | ${set === 'legacy' ? 'Legacy' : 'Fine-grained'} actions | Activate IAM Access applies | Management account only |`,
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const group of byGroup(tasks)) {
    for (const t of group.tasks) {
      const actions = taskActions(t, set).map(markdownCode).join('<br>');
      const gated = !t.activationApplies ? 'no' : t.activationUndocumented ? 'not documented' : 'yes';
      out.push(`| ${group.name} | ${markdownCode(t.id)} | ${markdownText(t.title)} | ${actions} | ${gated} | ${t.managementAccountOnly ? 'yes' : 'no'} |`);
    }
  }
  return out.join('\n') + '\n';
}
