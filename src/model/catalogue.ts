/**
 * The billing catalogue: Billing console pages (tasks) and the IAM actions each needs.
 * Data comes from /work/shared/reference/billing-facts.md section 1; every task cites its sources.
 */
import { usageError } from '../errors.js';
import { didYouMean } from './suggest.js';

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
  /**
   * Actions the page needed under the legacy action set (before the 2023 migration): the retired
   * aws-portal / purchase-orders actions, plus any unchanged API action the page also checked.
   */
  legacyActions: string[];
  /** The page is governed by the root user's "Activate IAM Access" setting. */
  activationApplies: boolean;
  /** The page works only in the organization's management account (consolidated billing). */
  managementAccountOnly?: boolean;
  /** Where the mapping comes from (URLs or reference section names). */
  sources: string[];
}

/**
 * `--task` values → catalogue entries, duplicates dropped; none given → `fallback`. An unknown id
 * is a usage error listing the valid ones.
 */
export function selectTasks(requested: readonly string[] | undefined, fallback: readonly TaskId[]): TaskSpec[] {
  const ids = requested && requested.length > 0 ? requested : fallback;
  for (const id of ids) {
    if (!isTaskId(id)) throw usageError(`--task ${id}: unknown task${didYouMean(id, TASK_IDS)}; valid tasks: ${TASK_IDS.join(', ')}`);
  }
  return [...new Set(ids)].map((id) => taskById(id as TaskId));
}

/** Pages checked when no --task is given: what a person sees first. */
export const DEFAULT_TASKS: readonly TaskId[] = ['home', 'bills', 'cost-explorer'];

/** Source labels; the full citations are in billing-facts.md's source list. */
const SRC = {
  mapping:
    'AWS bulk policy migrator, policy_migration_scripts/config/aws/action_mapping_config.json (aws-samples/bulk-policy-migrator-scripts-for-account-cost-billing-consoles) — billing-facts.md §1.3 [S6]',
  portal: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_aws-portal.html — billing-facts.md §1.1 [S1]',
  permissionsRef: 'https://docs.aws.amazon.com/cost-management/latest/userguide/billing-permissions-ref.html — billing-facts.md §1.1 [S3]',
  launch2015: 'https://aws.amazon.com/blogs/aws/billing-console-iam — billing-facts.md §1.1 [S4]',
  activation: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/control-access-billing.html (seeds/billing-guide-managing-access.txt: pages the Activate IAM Access setting controls)',
  accountRef: 'https://docs.aws.amazon.com/accounts/latest/reference/security_account-permissions-ref.html — billing-facts.md §1.3 [S8]',
  migration: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/migrate-granularaccess-whatis.html — billing-facts.md §1.2 [S2]',
} as const;

/*
 * Per-page fine-grained lists are our reading of the AWS old→new mapping: the read actions of the
 * page's legacy View* action that belong to that page. AWS's per-page tables could not be
 * retrieved (billing-facts.md §1.3, UNCONFIRMED), so each list is the smallest set that shows the
 * page; write actions (Modify*, Put*, Update*) are not needed to open a page.
 */
export const TASKS: readonly TaskSpec[] = [
  {
    id: 'home',
    title: 'Billing and Cost Management home',
    actions: ['billing:GetBillingData', 'account:GetAccountInformation'],
    // The 2015 launch post lists the Dashboard under ViewBilling; AWSBillingReadOnlyAccess (AWS's own
    // read-only billing policy) opens it without ViewAccount, so ViewAccount is not required here.
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'bills',
    title: 'Bills',
    actions: ['billing:GetBillingData', 'billing:GetBillingDetails', 'invoicing:ListInvoiceSummaries'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'payments',
    title: 'Payments',
    actions: ['payments:GetPaymentStatus', 'payments:ListPaymentPreferences'],
    // "Payment History" was a ViewBilling page in the 2015 model.
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'payment-methods',
    title: 'Payment methods',
    actions: ['account:GetAccountInformation', 'payments:GetPaymentInstrument', 'payments:ListPaymentPreferences'],
    legacyActions: ['aws-portal:ViewPaymentMethods'],
    activationApplies: true,
    sources: [SRC.portal, SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'credits',
    title: 'Credits',
    actions: ['billing:GetCredits'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'purchase-orders',
    title: 'Purchase orders',
    actions: ['purchase-orders:ListPurchaseOrders', 'purchase-orders:GetPurchaseOrder'],
    legacyActions: ['purchase-orders:ViewPurchaseOrders'],
    activationApplies: true,
    sources: [SRC.migration, SRC.mapping, SRC.activation],
  },
  {
    id: 'billing-preferences',
    title: 'Billing preferences',
    actions: ['billing:GetBillingPreferences', 'invoicing:GetInvoiceEmailDeliveryPreferences'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'tax-settings',
    title: 'Tax settings',
    actions: ['tax:ListTaxRegistrations', 'tax:GetTaxInheritance'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.permissionsRef, SRC.mapping, SRC.activation],
  },
  {
    id: 'cost-explorer',
    title: 'Cost Explorer',
    actions: ['ce:GetCostAndUsage', 'ce:GetDimensionValues'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'budgets',
    title: 'Budgets',
    // The Budgets API was always authorized by budgets:*; the legacy console page also needed ViewBilling.
    actions: ['budgets:ViewBudget'],
    legacyActions: ['aws-portal:ViewBilling', 'budgets:ViewBudget'],
    activationApplies: true,
    sources: [SRC.permissionsRef, SRC.migration, SRC.activation],
  },
  {
    id: 'cost-and-usage-reports',
    title: 'Cost and Usage Reports',
    actions: ['cur:DescribeReportDefinitions', 'cur:GetUsageReport'],
    // ViewUsage (the usage Reports page) needs ViewBilling as well.
    legacyActions: ['aws-portal:ViewBilling', 'aws-portal:ViewUsage'],
    activationApplies: true,
    sources: [SRC.permissionsRef, SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'cost-categories',
    title: 'Cost categories',
    actions: ['ce:ListCostCategoryDefinitions'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.mapping, SRC.activation],
  },
  {
    id: 'cost-allocation-tags',
    title: 'Cost allocation tags',
    actions: ['ce:ListCostAllocationTags'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.permissionsRef, SRC.mapping, SRC.activation],
  },
  {
    id: 'savings-plans',
    // The utilization, coverage and recommendation reports (Cost Management console) are governed by
    // the activation setting; the Savings Plans overview, inventory and purchase pages are not.
    title: 'Savings Plans reports and recommendations',
    actions: ['ce:GetSavingsPlansUtilization', 'ce:GetSavingsPlansCoverage', 'ce:GetSavingsPlansPurchaseRecommendation'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.mapping, SRC.activation],
  },
  {
    id: 'account',
    title: 'Account',
    // Editing any setting also needs account:GetAccountInformation [S8]; viewing needs the reads.
    actions: ['account:GetAccountInformation', 'account:GetContactInformation', 'account:GetAlternateContact'],
    legacyActions: ['aws-portal:ViewAccount'],
    // Not in the guide's list of pages the setting controls (the Account APIs are explicitly excluded).
    activationApplies: false,
    sources: [SRC.permissionsRef, SRC.accountRef, SRC.mapping, SRC.activation],
  },
];

/**
 * AWS's old → new mapping for the nine retired actions, from its bulk policy migrator
 * (action_mapping_config.json, billing-facts.md §1.3 [S6]). Used to tell a user with a legacy-only
 * policy which fine-grained actions replace what they have.
 */
export const LEGACY_ACTION_MAPPING: Readonly<Record<string, readonly string[]>> = {
  'aws-portal:ViewAccount': [
    'account:GetAccountInformation', 'account:GetAlternateContact', 'account:GetChallengeQuestions',
    'account:GetContactInformation', 'billing:GetContractInformation', 'billing:GetIAMAccessPreference',
    'billing:GetSellerOfRecord', 'payments:ListPaymentPreferences',
  ],
  'aws-portal:ModifyAccount': [
    'account:CloseAccount', 'account:DeleteAlternateContact', 'account:PutAlternateContact',
    'account:PutChallengeQuestions', 'account:PutContactInformation', 'billing:PutContractInformation',
    'billing:UpdateIAMAccessPreference', 'payments:UpdatePaymentPreferences',
  ],
  'aws-portal:ViewPaymentMethods': [
    'account:GetAccountInformation', 'payments:GetPaymentStatus', 'payments:ListPaymentPreferences',
    'payments:GetPaymentInstrument', 'invoicing:GetInvoicePDF',
  ],
  'aws-portal:ModifyPaymentMethods': [
    'payments:DeletePaymentInstrument', 'payments:CreatePaymentInstrument',
    'payments:UpdatePaymentPreferences', 'payments:MakePayment', 'account:GetAccountInformation',
  ],
  'aws-portal:ViewUsage': [
    'cur:GetUsageReport',
  ],
  'aws-portal:ViewBilling': [
    'account:GetAccountInformation', 'billing:GetBillingData', 'billing:GetBillingDetails',
    'billing:GetBillingNotifications', 'billing:GetBillingPreferences', 'billing:GetContractInformation',
    'billing:GetCredits', 'billing:GetIAMAccessPreference', 'billing:GetSellerOfRecord',
    'billing:ListBillingViews', 'ce:DescribeNotificationSubscription', 'ce:DescribeReport', 'ce:GetAnomalies',
    'ce:GetAnomalyMonitors', 'ce:GetAnomalySubscriptions', 'ce:GetCostAndUsage',
    'ce:GetCostAndUsageWithResources', 'ce:GetCostCategories', 'ce:GetCostForecast', 'ce:GetDimensionValues',
    'ce:GetPreferences', 'ce:GetReservationCoverage', 'ce:GetReservationPurchaseRecommendation',
    'ce:GetReservationUtilization', 'ce:GetRightsizingRecommendation', 'ce:GetSavingsPlansCoverage',
    'ce:GetSavingsPlansPurchaseRecommendation', 'ce:GetSavingsPlansUtilization',
    'ce:GetSavingsPlansUtilizationDetails', 'ce:GetTags', 'ce:GetUsageForecast', 'ce:ListCostAllocationTags',
    'ce:ListSavingsPlansPurchaseRecommendationGeneration', 'consolidatedbilling:GetAccountBillingRole',
    'consolidatedbilling:ListLinkedAccounts', 'cur:GetClassicReport', 'cur:GetClassicReportPreferences',
    'cur:ValidateReportDestination', 'freetier:GetFreeTierAlertPreference', 'freetier:GetFreeTierUsage',
    'invoicing:GetInvoiceEmailDeliveryPreferences', 'invoicing:GetInvoicePDF',
    'invoicing:ListInvoiceSummaries', 'payments:GetPaymentInstrument', 'payments:GetPaymentStatus',
    'payments:ListPaymentPreferences', 'tax:GetTaxInheritance', 'tax:GetTaxRegistrationDocument',
    'tax:ListTaxRegistrations',
  ],
  'aws-portal:ModifyBilling': [
    'billing:PutContractInformation', 'billing:RedeemCredits', 'billing:UpdateBillingPreferences',
    'ce:CreateAnomalyMonitor', 'ce:CreateAnomalySubscription', 'ce:CreateNotificationSubscription',
    'ce:CreateReport', 'ce:DeleteAnomalyMonitor', 'ce:DeleteAnomalySubscription',
    'ce:DeleteNotificationSubscription', 'ce:DeleteReport', 'ce:ProvideAnomalyFeedback',
    'ce:StartSavingsPlansPurchaseRecommendationGeneration', 'ce:UpdateAnomalyMonitor',
    'ce:UpdateAnomalySubscription', 'ce:UpdateCostAllocationTagsStatus', 'ce:UpdateNotificationSubscription',
    'ce:UpdatePreferences', 'cur:PutClassicReportPreferences', 'freetier:PutFreeTierAlertPreference',
    'invoicing:PutInvoiceEmailDeliveryPreferences', 'payments:CreatePaymentInstrument',
    'payments:DeletePaymentInstrument', 'payments:MakePayment', 'payments:UpdatePaymentPreferences',
    'tax:BatchPutTaxRegistration', 'tax:DeleteTaxRegistration', 'tax:PutTaxInheritance',
  ],
  'purchase-orders:ViewPurchaseOrders': [
    'purchase-orders:GetPurchaseOrder', 'purchase-orders:ListPurchaseOrderInvoices',
    'purchase-orders:ListPurchaseOrders', 'invoicing:GetInvoicePDF', 'payments:ListPaymentPreferences',
  ],
  'purchase-orders:ModifyPurchaseOrders': [
    'purchase-orders:AddPurchaseOrder', 'purchase-orders:DeletePurchaseOrder',
    'purchase-orders:UpdatePurchaseOrder', 'purchase-orders:UpdatePurchaseOrderStatus',
  ],
};

const BY_ID: ReadonlyMap<string, TaskSpec> = new Map(TASKS.map((t) => [t.id, t]));

/** Every task id, in catalogue order. */
export const TASK_IDS: readonly TaskId[] = TASKS.map((t) => t.id);

/** Whether a string is a known task id. */
export function isTaskId(s: string): s is TaskId {
  return BY_ID.has(s);
}

/** The task with this id (total over TaskId: every id has exactly one entry, enforced by a test). */
export function taskById(id: TaskId): TaskSpec {
  const task = BY_ID.get(id);
  if (task === undefined) throw new Error(`catalogue has no task ${id}`);
  return task;
}

/** The actions of a task under an action set. */
export function taskActions(task: TaskSpec, set: ActionSet): readonly string[] {
  return set === 'legacy' ? task.legacyActions : task.actions;
}
