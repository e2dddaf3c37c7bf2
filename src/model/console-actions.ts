/**
 * Actions that AWS's denial messages for billing pages are known to name but that no catalogue
 * page lists. A denial that names one is diagnosed for exactly that action (design section 8), so
 * the tool must know whether the "Activate IAM Access" setting governs it and which retired
 * aws-portal action stood for it. Each entry names where the message was seen.
 */
export interface ConsoleNamedAction {
  action: string;
  /** The console page that shows the message. */
  page: string;
  /** Governed by the root user's "Activate IAM Access" setting. */
  activationApplies: boolean;
  /** The retired action that covered it before the 2023 migration (billing-facts.md §1.3 mapping). */
  legacy: string;
  /** Where the message naming this action is documented. */
  sources: string[];
  /** Set when the sources are weaker than an AWS page or a quoted console text. */
  unconfirmed?: string;
}

export const CONSOLE_NAMED_ACTIONS: readonly ConsoleNamedAction[] = [
  {
    action: 'ce:DescribeReport',
    page: 'Cost Explorer',
    activationApplies: true,
    legacy: 'aws-portal:ViewBilling',
    sources: [
      'seeds/activate-iam-access-walkthrough.md: "You don’t have permission to perform the following operation on the AWS Cost Management console: ce:DescribeReport", fixed by Activate IAM Access',
      'https://blog.buildopssolutions.com/fixing-aws-billing-and-cost-explorer-access-for-iam-identity-center-sso-users ("You don’t have permission to perform ce:DescribeReport" for Identity Center users)',
    ],
  },
  {
    action: 'billing:GetIAMAccessPreference',
    page: 'Billing and Cost Management home',
    activationApplies: true,
    legacy: 'aws-portal:ViewBilling',
    sources: ['billing-facts.md §3 (a console error "You don\'t have the billing:GetIAMAccessPreference permission", fixed by activating IAM access)'],
    unconfirmed: 'the only account of this message is an anecdote whose source was not identified',
  },
];

const BY_ACTION: ReadonlyMap<string, ConsoleNamedAction> = new Map(CONSOLE_NAMED_ACTIONS.map((a) => [a.action.toLowerCase(), a]));

/** The entry for an action the console is known to name, if any (case-insensitive, as IAM matches actions). */
export function consoleNamedAction(action: string): ConsoleNamedAction | undefined {
  return BY_ACTION.get(action.toLowerCase());
}
