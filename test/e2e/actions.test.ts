import { describe, expect, it } from 'vitest';
import { TASKS, taskById } from '../../src/model/catalogue.js';
import { runCli } from '../helpers/run.js';

describe('billing-access actions (built bin)', () => {
  it('prints every task with its fine-grained actions by default', async () => {
    const r = await runCli(['actions']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const task of TASKS) {
      expect(r.stdout).toMatch(new RegExp(`^${task.id}†?\\s+${task.title}\\s+${task.actions[0]}$`, 'm'));
      for (const a of task.actions) expect(r.stdout).toContain(a);
    }
    expect(r.stdout).not.toContain('aws-portal:');
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
          actions: taskById('bills').actions,
          activationApplies: true,
          managementAccountOnly: false,
          sources: taskById('bills').sources,
        },
      ],
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
    expect(rows[0]).toMatch(/^\| Task \| Page \| Fine-grained actions/);
    expect(r.stdout).toContain('| `bills` | Bills | `billing:GetBillingData`<br>');
  });

  it('with --task, text output lists the sources of that page', async () => {
    const r = await runCli(['actions', '--task', 'budgets']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Sources for budgets:');
    for (const s of taskById('budgets').sources) expect(r.stdout).toContain(s);
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
