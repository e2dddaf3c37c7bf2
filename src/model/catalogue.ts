/**
 * The billing catalogue: Billing console pages (tasks) and the IAM actions each needs.
 * Data comes from /work/shared/reference/billing-facts.md section 1; every task cites its sources.
 */

/** Which action set the console authorizes with (design section 3, "Action sets"). */
export type ActionSet = 'fine-grained' | 'legacy';

/** Console page ids (`--task`). */
export type TaskId =
  | 'home'
  | 'bills'
  | 'payments'
  | 'payment-methods'
  | 'credits'
  | 'purchase-orders'
  | 'billing-preferences'
  | 'tax-settings'
  | 'cost-explorer'
  | 'budgets'
  | 'cost-and-usage-reports'
  | 'cost-categories'
  | 'cost-allocation-tags'
  | 'savings-plans'
  | 'account';

export interface TaskSpec {
  id: TaskId;
  /** Page title as the console shows it. */
  title: string;
  /** Fine-grained actions the page needs (all of them, to view it). */
  actions: string[];
  /** Retired aws-portal / purchase-orders actions the page needed before the 2023 migration. */
  legacyActions: string[];
  /** The page is governed by the root user's "Activate IAM Access" setting. */
  activationApplies: boolean;
  /** The page works only in the organization's management account (consolidated billing). */
  managementAccountOnly?: boolean;
  /** Where the mapping comes from (URLs or reference section names). */
  sources: string[];
}

/** Pages checked when no --task is given: what a person sees first. */
export const DEFAULT_TASKS: readonly TaskId[] = ['home', 'bills', 'cost-explorer'];

// Filled by the catalogue work (issue 4).
export const TASKS: readonly TaskSpec[] = [];
