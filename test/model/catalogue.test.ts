import { describe, expect, it } from 'vitest';
import {
  CONSOLE_GROUPS,
  DEFAULT_TASKS,
  LEGACY_ACTION_MAPPING,
  TASKS,
  TASK_IDS,
  actionSource,
  isTaskId,
  selectTasks,
  taskActions,
  taskById,
  type TaskId,
} from '../../src/model/catalogue.js';

/**
 * Service prefixes of the Billing, Cost Management and Account consoles: billing-facts.md's list plus
 * the services of facts-2026.md's billing family (bcm-*, cost-optimization-hub, sustainability,
 * billingconductor) and Organizations, whose responsibility-transfer actions back billing transfers.
 */
const KNOWN_PREFIXES = new Set([
  'account', 'aws-portal', 'billing', 'budgets', 'ce', 'consolidatedbilling', 'cur', 'freetier',
  'invoicing', 'payments', 'purchase-orders', 'savingsplans', 'tax', 'bcm-data-exports', 'bcm-pricing-calculator',
  'bcm-dashboards', 'bcm-recommended-actions', 'cost-optimization-hub', 'sustainability', 'billingconductor',
  'organizations',
]);
const ACTION = /^([a-z][a-z0-9-]*):([A-Z][A-Za-z0-9]*)$/;

/** The nine actions retired in the 2023 migration (billing-facts.md §1.2). */
const RETIRED = [
  'aws-portal:ViewAccount', 'aws-portal:ViewBilling', 'aws-portal:ViewPaymentMethods', 'aws-portal:ViewUsage',
  'aws-portal:ModifyAccount', 'aws-portal:ModifyBilling', 'aws-portal:ModifyPaymentMethods',
  'purchase-orders:ViewPurchaseOrders', 'purchase-orders:ModifyPurchaseOrders',
];

/** Services whose API authorization did not change in the migration (billing-facts.md §1.2). */
const UNCHANGED_API_SERVICES = new Set(['ce', 'cur', 'budgets']);

/** Pages launched after the 2023 migration: no retired action ever covered them. */
const POST_MIGRATION: TaskId[] = [
  'invoice-configuration', 'data-exports', 'cost-anomaly-detection', 'cost-optimization-hub', 'pricing-calculator',
  'dashboards', 'recommended-actions', 'billing-conductor', 'billing-transfer',
];

/**
 * What billing-facts.md section 1 says each page needs: the 2015 ViewBilling page list
 * (Dashboard, Bills, Cost Explorer, Payment History, Preferences, Reports, Credits) [S4], the
 * per-action pages of §1.1 [S1][S3], the Budgets note, and §1.3's Account caveat [S8].
 */
const SECTION_1: { task: TaskId; legacy: string[]; fineGrained: string[] }[] = [
  { task: 'home', legacy: ['aws-portal:ViewBilling'], fineGrained: [] },
  { task: 'bills', legacy: ['aws-portal:ViewBilling'], fineGrained: [] },
  { task: 'cost-explorer', legacy: ['aws-portal:ViewBilling'], fineGrained: [] },
  { task: 'payments', legacy: ['aws-portal:ViewBilling'], fineGrained: [] },
  { task: 'billing-preferences', legacy: ['aws-portal:ViewBilling'], fineGrained: [] },
  { task: 'credits', legacy: ['aws-portal:ViewBilling'], fineGrained: [] },
  { task: 'cost-and-usage-reports', legacy: ['aws-portal:ViewBilling', 'aws-portal:ViewUsage'], fineGrained: ['cur:GetUsageReport'] },
  { task: 'payment-methods', legacy: ['aws-portal:ViewPaymentMethods'], fineGrained: [] },
  { task: 'budgets', legacy: ['aws-portal:ViewBilling', 'budgets:ViewBudget'], fineGrained: ['budgets:ViewBudget'] },
  { task: 'purchase-orders', legacy: ['purchase-orders:ViewPurchaseOrders'], fineGrained: [] },
  { task: 'account', legacy: ['aws-portal:ViewAccount'], fineGrained: ['account:GetAccountInformation'] },
];

/**
 * Pages the current billing guide lists under "the Activate IAM Access setting controls" (Reservations
 * and Cost Management Preferences among the Cost Management pages; invoices in its overview; the
 * Dashboards prerequisites name the setting).
 */
const ACTIVATION_PAGES: TaskId[] = [
  'home', 'cost-explorer', 'budgets', 'cost-and-usage-reports', 'cost-categories', 'cost-allocation-tags', 'bills',
  'payments', 'credits', 'purchase-orders', 'billing-preferences', 'payment-methods', 'tax-settings', 'savings-plans',
  'reservations', 'cost-management-preferences', 'invoices', 'dashboards',
];
/** Pages the guide lists as not controlled by the setting. */
const NOT_GOVERNED: TaskId[] = ['account', 'cost-anomaly-detection'];

describe('billing catalogue', () => {
  it('has exactly the agreed task ids, each once', () => {
    expect([...TASK_IDS].sort()).toEqual(
      [
        'home', 'bills', 'payments', 'payment-methods', 'credits', 'purchase-orders', 'billing-preferences',
        'tax-settings', 'cost-explorer', 'budgets', 'cost-and-usage-reports', 'cost-categories',
        'cost-allocation-tags', 'savings-plans', 'account', 'invoices', 'invoice-configuration', 'data-exports',
        'cost-anomaly-detection', 'cost-optimization-hub', 'pricing-calculator', 'dashboards', 'recommended-actions',
        'billing-views', 'free-tier', 'reservations', 'carbon-footprint', 'billing-conductor',
        'cost-management-preferences', 'billing-transfer',
      ].sort(),
    );
    expect(new Set(TASK_IDS).size).toBe(TASKS.length);
    for (const id of DEFAULT_TASKS) expect(isTaskId(id)).toBe(true);
  });

  it.each(TASKS.map((t) => [t.id, t] as const))('%s: well-formed, non-empty, sourced', (_id, task) => {
    expect(task.title.trim()).not.toBe('');
    expect(task.actions.length).toBeGreaterThan(0);
    expect(task.legacyActions.length).toBeGreaterThan(0);
    expect(task.sources.length).toBeGreaterThan(0);
    for (const action of [...task.actions, ...task.legacyActions]) {
      const m = ACTION.exec(action);
      expect(m, action).not.toBeNull();
      expect(KNOWN_PREFIXES.has(m![1]!), action).toBe(true);
    }
    expect(new Set(task.actions).size).toBe(task.actions.length);
    expect(new Set(task.legacyActions).size).toBe(task.legacyActions.length);
    expect(CONSOLE_GROUPS).toContain(task.group);
    for (const action of [...task.actions, ...task.legacyActions]) {
      expect(actionSource(task, action), action).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+$/);
    }
    for (const documented of task.actionDocs?.keys() ?? []) expect(task.actions).toContain(documented);
  });

  it('a page launched after the migration is authorized by its own actions under either set', () => {
    for (const id of POST_MIGRATION) expect(taskById(id).legacyActions, id).toEqual(taskById(id).actions);
  });

  it('--task all selects every page once, in catalogue order', () => {
    expect(selectTasks(['all'], DEFAULT_TASKS).map((t) => t.id)).toEqual(TASK_IDS);
    expect(selectTasks(['bills', 'all'], DEFAULT_TASKS)).toHaveLength(TASKS.length);
    expect(() => selectTasks(['al'], DEFAULT_TASKS)).toThrow(/valid tasks: all, home/);
  });

  it('fine-grained sets never contain a retired action, and legacy sets contain at least one', () => {
    for (const task of TASKS) {
      for (const a of task.actions) expect(RETIRED, `${task.id} ${a}`).not.toContain(a);
      if (POST_MIGRATION.includes(task.id)) continue;
      expect(task.legacyActions.some((a) => RETIRED.includes(a)), task.id).toBe(true);
    }
  });

  it('every fine-grained action is a documented replacement of the page legacy action, already in its legacy set, or an unchanged ce/cur/budgets API action', () => {
    for (const task of TASKS) {
      if (POST_MIGRATION.includes(task.id)) continue;
      const replacements = new Set(task.legacyActions.flatMap((a) => LEGACY_ACTION_MAPPING[a] ?? []));
      for (const action of task.actions) {
        const service = action.split(':')[0]!;
        expect(replacements.has(action) || task.legacyActions.includes(action) || UNCHANGED_API_SERVICES.has(service), `${task.id} ${action}`).toBe(true);
      }
    }
  });

  it.each(SECTION_1.map((row) => [row.task, row] as const))('%s has every action section 1 lists for it', (id, row) => {
    const task = taskById(id);
    for (const a of row.legacy) expect(task.legacyActions).toContain(a);
    for (const a of row.fineGrained) expect(task.actions).toContain(a);
  });

  it('marks activation as the billing guide documents it, and says where it does not', () => {
    for (const task of TASKS) {
      expect(task.activationApplies, task.id).toBe(!NOT_GOVERNED.includes(task.id));
      expect(task.activationUndocumented === true, task.id).toBe(!ACTIVATION_PAGES.includes(task.id) && !NOT_GOVERNED.includes(task.id));
    }
  });

  it('maps each of the nine retired actions, to well-formed non-retired actions', () => {
    expect(Object.keys(LEGACY_ACTION_MAPPING).sort()).toEqual([...RETIRED].sort());
    for (const replacements of Object.values(LEGACY_ACTION_MAPPING)) {
      expect(replacements.length).toBeGreaterThan(0);
      for (const a of replacements) {
        expect(a).toMatch(ACTION);
        expect(RETIRED).not.toContain(a);
      }
    }
  });

  it('looks tasks up by id and rejects unknown ids', () => {
    expect(taskById('bills').title).toBe('Bills');
    expect(isTaskId('bills')).toBe(true);
    expect(isTaskId('Bills')).toBe(false);
    expect(isTaskId('invoice')).toBe(false);
    expect(isTaskId('toString')).toBe(false);
    expect(() => taskById('nope' as TaskId)).toThrow(/no task nope/);
  });

  it('selects the action set', () => {
    const bills = taskById('bills');
    expect(taskActions(bills, 'fine-grained')).toBe(bills.actions);
    expect(taskActions(bills, 'legacy')).toBe(bills.legacyActions);
  });

  it('every source a user is shown is a public URL, never a file of this repository', () => {
    for (const task of TASKS) {
      expect(task.sources.length).toBeGreaterThan(0);
      for (const source of task.sources) {
        expect(source).toMatch(/^https:\/\/(docs\.aws\.amazon\.com|aws\.amazon\.com|github\.com\/aws-samples)\//);
        expect(source).not.toMatch(/billing-facts|\.md\b|seeds\/|\[S\d+\]/);
      }
    }
  });
});
