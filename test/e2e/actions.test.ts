import { describe, expect, it } from 'vitest';
import { CONSOLE_GROUPS, TASKS, actionSource, taskById } from '../../src/model/catalogue.js';
import { runCli } from '../helpers/run.js';

describe('billing-access actions (built bin)', () => {
  it('prints every task with its fine-grained actions by default', async () => {
    const r = await runCli(['actions']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const task of TASKS) {
      expect(r.stdout).toMatch(new RegExp(`^${task.id}[†~*]*\\s+${task.title}\\s+${task.actions[0]}$`, 'm'));
      for (const a of task.actions) expect(r.stdout).toContain(a);
    }
    expect(r.stdout).not.toContain('aws-portal:');
    expect(r.stdout).toContain('"IAM user and role access to Billing information" (also called "Activate IAM Access")');
  });

  it('groups the pages as the console navigation does, each group once and in navigation order', async () => {
    const r = await runCli(['actions']);
    const lines = r.stdout.split('\n');
    const headers = lines.filter((l) => CONSOLE_GROUPS.some((g) => l === `${g}:`)).map((l) => l.slice(0, -1));
    expect(headers).toEqual(CONSOLE_GROUPS.filter((g) => TASKS.some((t) => t.group === g)));
    for (const task of TASKS) {
      const header = lines.indexOf(`${task.group}:`);
      const row = lines.findIndex((l) => new RegExp(`^${task.id}[†~*]*\\s`).test(l));
      const next = lines.findIndex((l, i) => i > header && CONSOLE_GROUPS.some((g) => l === `${g}:`));
      expect(row, task.id).toBeGreaterThan(header);
      if (next > 0) expect(row, task.id).toBeLessThan(next);
    }
  });

  it('--task all --json is the whole catalogue with a source per action', async () => {
    const r = await runCli(['actions', '--task', 'all', '--json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.tasks.map((t: { id: string }) => t.id)).toEqual(TASKS.map((t) => t.id));
    for (const t of doc.tasks) {
      expect(Object.keys(t.actionSources)).toEqual(t.actions);
      for (const a of t.actions) expect(t.actionSources[a]).toBe(actionSource(taskById(t.id), a));
    }
    expect(doc.groups.flatMap((g: { tasks: string[] }) => g.tasks).sort()).toEqual(TASKS.map((t) => t.id).sort());
    const transfer = doc.tasks.find((t: { id: string }) => t.id === 'billing-transfer');
    expect(transfer).toMatchObject({ group: 'Preferences and Settings', managementAccountOnly: true, activationUndocumented: true });
  });

  it('--action-set legacy prints the retired actions', async () => {
    const r = await runCli(['actions', '--action-set', 'legacy']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('aws-portal:ViewBilling');
    expect(r.stdout).toContain('purchase-orders:ViewPurchaseOrders');
    expect(r.stdout).not.toContain('billing:GetBillingData');
  });

  it('--task bills --format json prints only that task as a JSON document', async () => {
    const r = await runCli(['actions', '--task', 'bills', '--format', 'json']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({
      schemaVersion: 1,
      actionSet: 'fine-grained',
      tasks: [
        {
          id: 'bills',
          title: 'Bills',
          group: 'Billing and Payments',
          actions: taskById('bills').actions,
          actionSources: Object.fromEntries(taskById('bills').actions.map((a) => [a, actionSource(taskById('bills'), a)])),
          activationApplies: true,
          activationUndocumented: false,
          managementAccountOnly: false,
          sources: taskById('bills').sources,
        },
      ],
      groups: [{ name: 'Billing and Payments', tasks: ['bills'] }],
    });
  });

  it('--json is the same as --format json; repeated --task keeps order and drops duplicates', async () => {
    const r = await runCli(['actions', '--json', '--task', 'account', '--task', 'home', '--task', 'account', '--action-set', 'legacy']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.actionSet).toBe('legacy');
    expect(doc.tasks.map((t: { id: string }) => t.id)).toEqual(['account', 'home']);
    expect(doc.tasks[0].actions).toEqual(['aws-portal:ViewAccount']);
    expect(doc.tasks[0].activationApplies).toBe(false);
  });

  it('--format markdown prints a table row per task', async () => {
    const r = await runCli(['actions', '--format', 'markdown']);
    expect(r.code).toBe(0);
    const rows = r.stdout.trim().split('\n');
    expect(rows).toHaveLength(TASKS.length + 2);
    expect(rows[0]).toMatch(/^\| Group \| Task \| Page \| Fine-grained actions/);
    expect(r.stdout).toContain('| Billing and Payments | `bills` | Bills | `billing:GetBillingData`<br>');
    expect(r.stdout).toMatch(/^\| Cost and Usage Analysis \| `cost-anomaly-detection` \| .* \| no \| no \|$/m);
    expect(r.stdout).toMatch(/^\| Preferences and Settings \| `billing-transfer` \| .* \| not documented \| yes \|$/m);
  });

  it('with --task, text output lists the sources of that page', async () => {
    const r = await runCli(['actions', '--task', 'budgets']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sources for budgets:');
    for (const s of taskById('budgets').sources) expect(r.stdout).toContain(s);
    expect(r.stdout).toContain('budgets:ViewBudget: https://docs.aws.amazon.com/service-authorization/latest/reference/list_budgets.html');
    expect(r.stdout).not.toContain('cost-explorer');
  });

  it('an unknown --task is a one-line error listing the valid ids, exit 2', async () => {
    const r = await runCli(['actions', '--task', 'bils']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('--task bils: unknown task');
    for (const task of TASKS) expect(lines[0]).toContain(task.id);
  });
});
