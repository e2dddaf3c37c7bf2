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
  | 'account'
  | 'invoices'
  | 'invoice-configuration'
  | 'data-exports'
  | 'cost-anomaly-detection'
  | 'cost-optimization-hub'
  | 'pricing-calculator'
  | 'dashboards'
  | 'recommended-actions'
  | 'billing-views'
  | 'free-tier'
  | 'reservations'
  | 'carbon-footprint'
  | 'billing-conductor'
  | 'cost-management-preferences'
  | 'billing-transfer';

/** The section of the Billing and Cost Management console's navigation a page sits in. */
export type ConsoleGroup =
  /** Home, Dashboards and Recommended actions, at the top of the navigation. */
  | 'Home'
  /** Bills, Payments, Credits, Purchase orders, Invoices. */
  | 'Billing and Payments'
  /** Cost Explorer, Data Exports, Cost Anomaly Detection, Free Tier, carbon footprint. */
  | 'Cost and Usage Analysis'
  /** Billing views, cost categories, cost allocation tags, Billing Conductor. */
  | 'Cost Organization'
  /** Budgets and the Pricing Calculator. */
  | 'Budgets and Planning'
  /** Cost Optimization Hub, Savings Plans, reservations. */
  | 'Savings and Commitments'
  /** Billing, payment, Cost Management and tax preferences, invoice configuration, billing transfers. */
  | 'Preferences and Settings'
  /** The Account page, reached from the account menu rather than the billing navigation. */
  | 'Account';

/** Console groups in the order the navigation shows them. */
export const CONSOLE_GROUPS: readonly ConsoleGroup[] = [
  'Home', 'Billing and Payments', 'Cost and Usage Analysis', 'Cost Organization', 'Budgets and Planning',
  'Savings and Commitments', 'Preferences and Settings', 'Account',
];

export interface TaskSpec {
  id: TaskId;
  /** Page title as the console shows it. */
  title: string;
  /** Where the page sits in the console's navigation. */
  group: ConsoleGroup;
  /** Fine-grained actions the page needs (all of them, to view it). */
  actions: string[];
  /**
   * Actions the page needed under the legacy action set (before the 2023 migration): the retired
   * aws-portal / purchase-orders actions, plus any unchanged API action the page also checked. A page
   * launched after the migration has no legacy form: its own service's actions authorize it either way.
   */
  legacyActions: string[];
  /** The page is governed by the root user's "Activate IAM Access" setting. */
  activationApplies: boolean;
  /**
   * AWS's list of pages the setting controls neither names the page nor excludes it: the tool treats it
   * as governed, and a disabled setting makes the page `unknown` rather than `fail`.
   */
  activationUndocumented?: boolean;
  /** The page works only in the organization's management account (consolidated billing). */
  managementAccountOnly?: boolean;
  /** Where the page → actions mapping comes from (URLs or reference section names). */
  sources: string[];
  /**
   * A public page that documents a given action for this page, where it is more specific than the
   * action's Service Authorization Reference page (see `actionSource`).
   */
  actionDocs?: ReadonlyMap<string, string>;
}

/**
 * `--task` values → catalogue entries, duplicates dropped; none given → `fallback`; `all` among them →
 * every page. An unknown id is a usage error listing the valid ones.
 */
export function selectTasks(requested: readonly string[] | undefined, fallback: readonly TaskId[]): TaskSpec[] {
  const given = requested && requested.length > 0 ? requested : fallback;
  const ids = given.includes(ALL_TASKS) ? TASK_IDS : given;
  for (const id of ids) {
    if (!isTaskId(id)) throw usageError(`--task ${id}: unknown task${didYouMean(id, TASK_IDS)}; valid tasks: ${ALL_TASKS}, ${TASK_IDS.join(', ')}`);
  }
  return [...new Set(ids)].map((id) => taskById(id as TaskId));
}

/** Pages checked when no --task is given: what a person sees first. */
export const DEFAULT_TASKS: readonly TaskId[] = ['home', 'bills', 'cost-explorer'];

/**
 * Where each page's actions come from, as public URLs a reader can open (printed by `actions`).
 * The tool's own notes on them: billing-facts.md §1.3 [S6] (mapping), §1.1 [S1] (portal), §1.1 [S3]
 * (permissionsRef), §1.1 [S4] (launch2015), seeds/billing-guide-managing-access.txt (activation),
 * §1.3 [S8] (accountRef), §1.2 [S2] (migration).
 */
const SRC = {
  mapping:
    'https://github.com/aws-samples/bulk-policy-migrator-scripts-for-account-cost-billing-consoles (policy_migration_scripts/config/aws/action_mapping_config.json: the AWS old→new action mapping)',
  portal: 'https://docs.aws.amazon.com/service-authorization/latest/reference/list_aws-portal.html',
  permissionsRef: 'https://docs.aws.amazon.com/cost-management/latest/userguide/billing-permissions-ref.html',
  launch2015: 'https://aws.amazon.com/blogs/aws/billing-console-iam',
  activation: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/control-access-billing.html (the pages the "Activate IAM Access" setting controls)',
  accountRef: 'https://docs.aws.amazon.com/accounts/latest/reference/security_account-permissions-ref.html',
  migration: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/migrate-granularaccess-whatis.html',
  examples: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/billing-example-policies.html (Billing policy examples: carbon footprint report, Cost Anomaly Detection read-only)',
  dataExports: 'https://docs.aws.amazon.com/cur/latest/userguide/bcm-data-exports-access.html (Identity and access management for Data Exports)',
  cmPreferences: 'https://docs.aws.amazon.com/cost-management/latest/userguide/ce-iam-access.html (Cost Management preferences: ce:GetPreferences, ce:UpdatePreferences, …)',
  dashboards: 'https://docs.aws.amazon.com/cost-management/latest/userguide/dashboards-getting-started.html (prerequisites: IAM access activated, fine-grained actions enabled)',
  recommended: 'https://docs.aws.amazon.com/cost-management/latest/userguide/billing-permissions-ref.html#allows-recommended-actions-access',
  transfer: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/orgs_transfer_billing-view-transfer.html (minimum permissions to view a transfer; management account)',
  conductor: 'https://docs.aws.amazon.com/billingconductor/latest/userguide/best-practices.html ("only accessible to users who have access to the payer or management account")',
  coh: 'https://docs.aws.amazon.com/cost-management/latest/userguide/cost-optimization-hub.html',
  pricingCalculator: 'https://docs.aws.amazon.com/cost-management/latest/userguide/pricing-calculator.html',
  invoiceConfiguration: 'https://docs.aws.amazon.com/cli/latest/reference/invoicing/index.html (Invoice Configuration: invoice units for an organization)',
  freeTier: 'https://docs.aws.amazon.com/awsaccountbilling/latest/aboutv2/billing-free-tier.html',
  sar: 'https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html (Service Authorization Reference: each action, its access level and resource types)',
} as const;

/**
 * The Service Authorization Reference page of a service prefix: the public record that an action
 * exists and what it grants. AWS names these pages `list_<prefix>.html` (for example list_billing,
 * list_ce, list_bcm-data-exports, list_aws-portal).
 */
function serviceAuthorizationPage(prefix: string): string {
  return `https://docs.aws.amazon.com/service-authorization/latest/reference/list_${prefix}.html`;
}

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
    group: 'Home',
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
    group: 'Billing and Payments',
    actions: ['billing:GetBillingData', 'billing:GetBillingDetails', 'invoicing:ListInvoiceSummaries'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'payments',
    title: 'Payments',
    group: 'Billing and Payments',
    actions: ['payments:GetPaymentStatus', 'payments:ListPaymentPreferences'],
    // "Payment History" was a ViewBilling page in the 2015 model.
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'payment-methods',
    title: 'Payment methods',
    group: 'Preferences and Settings',
    actions: ['account:GetAccountInformation', 'payments:GetPaymentInstrument', 'payments:ListPaymentPreferences'],
    legacyActions: ['aws-portal:ViewPaymentMethods'],
    activationApplies: true,
    sources: [SRC.portal, SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'credits',
    title: 'Credits',
    group: 'Billing and Payments',
    actions: ['billing:GetCredits'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'purchase-orders',
    title: 'Purchase orders',
    group: 'Billing and Payments',
    actions: ['purchase-orders:ListPurchaseOrders', 'purchase-orders:GetPurchaseOrder'],
    legacyActions: ['purchase-orders:ViewPurchaseOrders'],
    activationApplies: true,
    sources: [SRC.migration, SRC.mapping, SRC.activation],
  },
  {
    id: 'billing-preferences',
    title: 'Billing preferences',
    group: 'Preferences and Settings',
    actions: ['billing:GetBillingPreferences', 'invoicing:GetInvoiceEmailDeliveryPreferences'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'tax-settings',
    title: 'Tax settings',
    group: 'Preferences and Settings',
    actions: ['tax:ListTaxRegistrations', 'tax:GetTaxInheritance'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.permissionsRef, SRC.mapping, SRC.activation],
  },
  {
    id: 'cost-explorer',
    title: 'Cost Explorer',
    group: 'Cost and Usage Analysis',
    actions: ['ce:GetCostAndUsage', 'ce:GetDimensionValues'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'budgets',
    title: 'Budgets',
    // The Budgets API was always authorized by budgets:*; the legacy console page also needed ViewBilling.
    group: 'Budgets and Planning',
    actions: ['budgets:ViewBudget'],
    legacyActions: ['aws-portal:ViewBilling', 'budgets:ViewBudget'],
    activationApplies: true,
    sources: [SRC.permissionsRef, SRC.migration, SRC.activation],
  },
  {
    id: 'cost-and-usage-reports',
    title: 'Cost and Usage Reports',
    group: 'Cost and Usage Analysis',
    actions: ['cur:DescribeReportDefinitions', 'cur:GetUsageReport'],
    // ViewUsage (the usage Reports page) needs ViewBilling as well.
    legacyActions: ['aws-portal:ViewBilling', 'aws-portal:ViewUsage'],
    activationApplies: true,
    sources: [SRC.permissionsRef, SRC.launch2015, SRC.mapping, SRC.activation],
  },
  {
    id: 'cost-categories',
    title: 'Cost categories',
    group: 'Cost Organization',
    actions: ['ce:ListCostCategoryDefinitions'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.mapping, SRC.activation],
  },
  {
    id: 'cost-allocation-tags',
    title: 'Cost allocation tags',
    group: 'Cost Organization',
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
    group: 'Savings and Commitments',
    actions: ['ce:GetSavingsPlansUtilization', 'ce:GetSavingsPlansCoverage', 'ce:GetSavingsPlansPurchaseRecommendation'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    sources: [SRC.mapping, SRC.activation],
  },
  {
    id: 'account',
    title: 'Account',
    // Editing any setting also needs account:GetAccountInformation [S8]; viewing needs the reads.
    group: 'Account',
    actions: ['account:GetAccountInformation', 'account:GetContactInformation', 'account:GetAlternateContact'],
    legacyActions: ['aws-portal:ViewAccount'],
    // Not in the guide's list of pages the setting controls (the Account APIs are explicitly excluded).
    activationApplies: false,
    sources: [SRC.permissionsRef, SRC.accountRef, SRC.mapping, SRC.activation],
  },
  // Pages added since the catalogue's first 15. Pages launched after the 2023 migration keep their own
  // actions as the legacy set: no aws-portal action ever covered them.
  {
    id: 'invoices',
    title: 'Invoices',
    group: 'Billing and Payments',
    actions: ['invoicing:ListInvoiceSummaries', 'invoicing:GetInvoicePDF'],
    legacyActions: ['aws-portal:ViewBilling'],
    // The guide's overview: the setting controls access to "invoices and detailed information about charges".
    activationApplies: true,
    sources: [SRC.mapping, SRC.activation],
  },
  {
    id: 'invoice-configuration',
    title: 'Invoice configuration',
    group: 'Preferences and Settings',
    actions: ['invoicing:ListInvoiceUnits'],
    legacyActions: ['invoicing:ListInvoiceUnits'],
    activationApplies: true,
    activationUndocumented: true,
    sources: [SRC.invoiceConfiguration],
  },
  {
    id: 'data-exports',
    title: 'Data Exports',
    group: 'Cost and Usage Analysis',
    // The page lists exports (bcm-data-exports) and, beside them, the legacy CUR report definitions.
    actions: ['bcm-data-exports:ListExports', 'cur:DescribeReportDefinitions'],
    legacyActions: ['bcm-data-exports:ListExports', 'cur:DescribeReportDefinitions'],
    activationApplies: true,
    activationUndocumented: true,
    sources: [SRC.dataExports, SRC.permissionsRef],
    actionDocs: new Map([['bcm-data-exports:ListExports', SRC.dataExports]]),
  },
  {
    id: 'cost-anomaly-detection',
    title: 'Cost Anomaly Detection',
    group: 'Cost and Usage Analysis',
    actions: ['ce:GetAnomalyMonitors', 'ce:GetAnomalySubscriptions', 'ce:GetAnomalies'],
    // Authorized by its ce actions before and after the migration (the ce API never changed, §1.2).
    legacyActions: ['ce:GetAnomalyMonitors', 'ce:GetAnomalySubscriptions', 'ce:GetAnomalies'],
    // The guide lists the Cost Anomaly Detection pages among those the setting does not control.
    activationApplies: false,
    sources: [SRC.examples, SRC.activation],
  },
  {
    id: 'cost-optimization-hub',
    title: 'Cost Optimization Hub',
    group: 'Savings and Commitments',
    actions: [
      'cost-optimization-hub:ListEnrollmentStatuses', 'cost-optimization-hub:ListRecommendationSummaries',
      'cost-optimization-hub:ListRecommendations',
    ],
    legacyActions: [
      'cost-optimization-hub:ListEnrollmentStatuses', 'cost-optimization-hub:ListRecommendationSummaries',
      'cost-optimization-hub:ListRecommendations',
    ],
    activationApplies: true,
    activationUndocumented: true,
    sources: [SRC.coh],
  },
  {
    id: 'pricing-calculator',
    title: 'Pricing Calculator',
    group: 'Budgets and Planning',
    actions: [
      'bcm-pricing-calculator:GetPreferences', 'bcm-pricing-calculator:ListBillEstimates',
      'bcm-pricing-calculator:ListBillScenarios', 'bcm-pricing-calculator:ListWorkloadEstimates',
    ],
    legacyActions: [
      'bcm-pricing-calculator:GetPreferences', 'bcm-pricing-calculator:ListBillEstimates',
      'bcm-pricing-calculator:ListBillScenarios', 'bcm-pricing-calculator:ListWorkloadEstimates',
    ],
    activationApplies: true,
    activationUndocumented: true,
    sources: [SRC.pricingCalculator],
  },
  {
    id: 'dashboards',
    title: 'Dashboards',
    group: 'Home',
    actions: ['bcm-dashboards:ListDashboards', 'bcm-dashboards:GetDashboard'],
    // Dashboards require the fine-grained actions to be enforced; under the legacy set they do not open.
    legacyActions: ['bcm-dashboards:ListDashboards', 'bcm-dashboards:GetDashboard'],
    // Its prerequisites name "IAM user and role access to the Billing and Cost Management console".
    activationApplies: true,
    sources: [SRC.dashboards],
  },
  {
    id: 'recommended-actions',
    title: 'Recommended actions',
    group: 'Home',
    actions: ['bcm-recommended-actions:ListRecommendedActions'],
    legacyActions: ['bcm-recommended-actions:ListRecommendedActions'],
    activationApplies: true,
    activationUndocumented: true,
    sources: [SRC.recommended],
    actionDocs: new Map([['bcm-recommended-actions:ListRecommendedActions', SRC.recommended]]),
  },
  {
    id: 'billing-views',
    title: 'Billing View',
    group: 'Cost Organization',
    actions: ['billing:ListBillingViews'],
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    activationUndocumented: true,
    sources: [SRC.mapping],
  },
  {
    id: 'free-tier',
    title: 'Free Tier',
    group: 'Cost and Usage Analysis',
    actions: ['freetier:GetFreeTierUsage'],
    // The Service Authorization Reference lists aws-portal:ViewBilling beside GetFreeTierUsage.
    legacyActions: ['aws-portal:ViewBilling'],
    activationApplies: true,
    activationUndocumented: true,
    sources: [SRC.freeTier, SRC.mapping],
  },
  {
    id: 'reservations',
    title: 'Reservations reports and recommendations',
    group: 'Savings and Commitments',
    actions: ['ce:GetReservationUtilization', 'ce:GetReservationCoverage', 'ce:GetReservationPurchaseRecommendation'],
    legacyActions: ['aws-portal:ViewBilling'],
    // "Reservations overview, recommendations, utilization report, coverage report" are in the guide's list.
    activationApplies: true,
    sources: [SRC.mapping, SRC.activation],
  },
  {
    id: 'carbon-footprint',
    title: 'Customer Carbon Footprint Tool',
    group: 'Cost and Usage Analysis',
    actions: ['sustainability:GetCarbonFootprintSummary'],
    // The policy example "view your billing information and carbon footprint report" pairs the two.
    legacyActions: ['aws-portal:ViewBilling', 'sustainability:GetCarbonFootprintSummary'],
    activationApplies: true,
    activationUndocumented: true,
    sources: [SRC.examples],
    actionDocs: new Map([['sustainability:GetCarbonFootprintSummary', SRC.examples]]),
  },
  {
    id: 'billing-conductor',
    title: 'Billing Conductor',
    group: 'Cost Organization',
    actions: ['billingconductor:ListBillingGroups', 'billingconductor:ListPricingPlans'],
    legacyActions: ['billingconductor:ListBillingGroups', 'billingconductor:ListPricingPlans'],
    activationApplies: true,
    activationUndocumented: true,
    managementAccountOnly: true,
    sources: [SRC.conductor],
  },
  {
    id: 'cost-management-preferences',
    title: 'Cost Management preferences',
    group: 'Preferences and Settings',
    actions: ['ce:GetPreferences'],
    legacyActions: ['aws-portal:ViewBilling'],
    // "Preferences" is in the guide's list of Cost Management pages the setting controls.
    activationApplies: true,
    sources: [SRC.cmPreferences, SRC.mapping, SRC.activation],
    actionDocs: new Map([['ce:GetPreferences', SRC.cmPreferences]]),
  },
  {
    id: 'billing-transfer',
    title: 'Billing transfers',
    group: 'Preferences and Settings',
    actions: [
      'organizations:ListInboundResponsibilityTransfers', 'organizations:ListOutboundResponsibilityTransfers',
      'organizations:DescribeResponsibilityTransfer',
    ],
    legacyActions: [
      'organizations:ListInboundResponsibilityTransfers', 'organizations:ListOutboundResponsibilityTransfers',
      'organizations:DescribeResponsibilityTransfer',
    ],
    activationApplies: true,
    activationUndocumented: true,
    managementAccountOnly: true,
    sources: [SRC.transfer],
    actionDocs: new Map([
      ['organizations:ListInboundResponsibilityTransfers', SRC.transfer],
      ['organizations:ListOutboundResponsibilityTransfers', SRC.transfer],
      ['organizations:DescribeResponsibilityTransfer', SRC.transfer],
    ]),
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

/**
 * The public page that documents `action` for `task`: the page's own documentation where it names the
 * action, else the action's Service Authorization Reference page.
 */
export function actionSource(task: TaskSpec, action: string): string {
  const doc = task.actionDocs?.get(action);
  if (doc !== undefined) return doc.split(' ')[0]!;
  return serviceAuthorizationPage(action.slice(0, action.indexOf(':')));
}

/** `--task all`: every page. */
export const ALL_TASKS = 'all';

/** The actions of a task under an action set. */
export function taskActions(task: Pick<TaskSpec, 'actions' | 'legacyActions'>, set: ActionSet): readonly string[] {
  return set === 'legacy' ? task.legacyActions : task.actions;
}
