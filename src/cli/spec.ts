/**
 * Every command and option, declared once. Commander's `--help`, the man page and the README's
 * option tables are all generated from these declarations (see program.ts and scripts/gen-docs).
 */
import type { Io } from '../io.js';
import { EXAMPLES } from '../ui/examples.js';

/** Output formats every result-printing command accepts. */
export type Format = 'text' | 'json' | 'markdown';
export const FORMATS: readonly Format[] = ['text', 'json', 'markdown'];

export interface OptionSpec {
  /** Commander flag syntax, e.g. `--task <task>` or `-o, --output <file>`. */
  flags: string;
  /** One sentence for --help; the man page and README use it too. */
  description: string;
  /** Allowed values, validated by commander (exit 2 with the list on a mismatch). */
  choices?: readonly string[];
  /** Values shell completion offers that the handler validates (with a "did you mean"). */
  values?: readonly string[];
  /** Default value shown in help. */
  default?: string | boolean;
  /** The flag may be given several times; the handler gets an array. */
  repeatable?: boolean;
  /** The flag must be given (checked after the wizard had its chance, for doctor). */
  required?: boolean;
  /** Extra paragraph for the man page only. */
  details?: string;
  /** Long flags this one cannot be given with (a usage error, exit 2). */
  conflicts?: readonly string[];
  /** Also takes comma-separated values (`--task bills,home`); implies repeatable. */
  list?: boolean;
}

export interface ExampleSpec {
  command: string;
  text: string;
}

export interface CommandSpec {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** A paragraph for `help <command>` and the man page. */
  description: string;
  /** Positional argument syntax, if any (`<shell>`: handed to the handler as options.shell). */
  args?: string;
  /** Allowed values of the positional argument. */
  argChoices?: readonly string[];
  options: OptionSpec[];
  /** Groups of long flags of which exactly one must be given (a source, say). */
  exactlyOne?: readonly (readonly string[])[];
  examples: ExampleSpec[];
  /** Lazy import so `--help` never loads a command's dependencies (or the AWS SDK). */
  handler: () => Promise<Handler>;
}

/** A command handler: parsed options in, exit code out. User errors are thrown as ExitError. */
export type Handler = (options: Record<string, unknown>, io: Io) => Promise<number>;

const format: OptionSpec = {
  flags: '--format <format>',
  description: 'output format; json prints only the JSON document on stdout',
  choices: FORMATS,
  default: 'text',
};
const json: OptionSpec = { flags: '--json', description: 'alias of --format json', conflicts: ['--format'] };
const auditFormat: OptionSpec = {
  ...format,
  description: 'output format; json prints only the JSON document on stdout; html prints one self-contained page (heatmap, filters; with --change or --terraform-plan, the planned state with each difference marked) to save and open; sarif (with --change or --terraform-plan) prints SARIF 2.1.0 for code scanning',
  choices: [...FORMATS, 'html', 'sarif'],
};
const actionSet: OptionSpec = {
  flags: '--action-set <set>',
  description: 'which IAM actions the console is checked with: the current fine-grained ones, or the retired aws-portal ones',
  choices: ['fine-grained', 'legacy'],
  default: 'fine-grained',
};
const task: OptionSpec = {
  flags: '--task <task>',
  description: 'console page to check (repeatable or comma-separated; `all` for every page; see `billing-access actions`); default: home, bills, cost-explorer',
  repeatable: true,
  list: true,
};
const change: OptionSpec = {
  flags: '--change <change>',
  description: 'a planned change, evaluated before → after (repeatable): TARGET=FILE replaces a document, +TARGET=FILE|ARN attaches, -TARGET detaches',
  repeatable: true,
  details:
    'TARGET is an SCP id or name (p-…=FILE: new content; -p-…: detach everywhere), a root, OU or account id (+ou-…=FILE|p-…: attach an SCP; -ou-…:p-…: detach it), a managed policy ARN (ARN=FILE: a new default version; -ARN: detach from everyone), an inline policy user/NAME:POLICY, group/NAME:POLICY or role/NAME:POLICY (+ to add one, - to delete it), a boundary user/NAME:boundary or role/NAME:boundary (=FILE: new boundary document; +…=ARN|FILE: set; -…: remove), a principal (+role/NAME=ARN|FILE: attach a managed policy; -role/NAME:ARN: detach it; -user/NAME or -role/NAME: delete the user or role) or a permission set permission-set/NAME (=FILE: its inline policy; +…=ARN: attach an AWS managed policy; -…: delete the inline policy). A TARGET that matches nothing in the snapshot is exit 2. Write --change=-TARGET if your shell or tool treats -TARGET as a flag.',
};
const terraformPlan: OptionSpec = {
  flags: '--terraform-plan <file>',
  description: 'evaluate the planned changes of a Terraform plan (terraform show -json plan.out) before → after; doctor diagnoses the planned state',
  details:
    'Reads format_version 1.x. Evaluated: aws_organizations_policy (content) and aws_organizations_policy_attachment, aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, aws_iam_*_policy_attachment, aws_iam_role (permissions_boundary, inline_policy, managed_policy_arns, a new, renamed or deleted role), aws_iam_user (a new, renamed or deleted user, permissions_boundary), aws_ssoadmin_permission_set_inline_policy and aws_ssoadmin_managed_policy_attachment. A value known only after apply that another planned resource provides (a new policy\'s id used by its attachment) is followed through the configuration\'s references; what cannot be resolved makes the cells it reaches inconclusive, naming the resource address. A deleted (or renamed) user or role is reported as removed, with the pages it could open; a policy whose new name replaces it takes its attachments and boundaries along; a delete and a create of the same policy, attachment, inline policy, user or role at two addresses (a resource renamed without a moved block) is one object, but Terraform does not order the two, so the cells it reaches are inconclusive, naming both addresses. Every other resource is listed as ignored.',
};
const profile: OptionSpec = { flags: '--profile <name>', description: 'AWS named profile for the account under diagnosis (default: the SDK credential chain)' };
const region: OptionSpec = { flags: '--region <region>', description: 'AWS region for API calls', default: 'us-east-1' };
const orgProfile: OptionSpec = {
  flags: '--org-profile <name>',
  description: 'second profile in the management or delegated-administrator account, used to read SCPs',
};
/** Limits for live runs (design section 6: never hangs); parsed by networkOptions in options.ts. */
export const NETWORK_OPTIONS: OptionSpec[] = [
  { flags: '--connect-timeout <seconds>', description: 'give up connecting to an AWS endpoint (or the proxy) after this many seconds', default: '10' },
  { flags: '--request-timeout <seconds>', description: 'give up on one AWS request, its whole answer included, after this many seconds (not retried)', default: '30' },
  { flags: '--deadline <seconds>', description: 'give up on all AWS requests of the run after this many seconds', default: '300' },
];

const activation: OptionSpec = {
  flags: '--activation <state>',
  description: 'the root user\'s setting "IAM user and role access to Billing information" ("Activate IAM Access"), which no API reads',
  choices: ['enabled', 'disabled', 'unknown'],
};

export const GLOBAL_OPTIONS: OptionSpec[] = [
  { flags: '--debug', description: 'show stack traces and AWS request details on errors' },
  { flags: '--no-color', description: 'disable colours (also honoured: NO_COLOR, FORCE_COLOR=0)' },
];

export const COMMANDS: CommandSpec[] = [
  {
    name: 'doctor',
    summary: 'diagnose why a principal cannot open a Billing console page',
    description:
      'Walks the AWS re:Post checklist for Billing console access (activation, identity policies, SCPs, MFA, region, permissions boundary, principal) for one principal and names the policy and statement at fault, with verified remediation. Reads a live account (default) or a snapshot file. With a terminal it asks for whatever is missing.',
    options: [
      { flags: '--snapshot <file>', description: 'diagnose offline from a snapshot file (format v1, or bare get-account-authorization-details output)' },
      {
        flags: '--example <name>',
        description: `diagnose a bundled example snapshot, no AWS account needed: ${EXAMPLES.map((e) => e.name).join(', ')}`,
        conflicts: ['--snapshot'],
        values: EXAMPLES.map((e) => e.name),
      },
      { flags: '--principal <principal>', description: 'user or role name (user/NAME or role/NAME when both exist), ARN, root, an assumed-role / Identity Center session ARN, or an IAM Identity Center user name, e-mail or user id; default: the caller' },
      {
        flags: '--permission-set <name>',
        description: 'diagnose only this IAM Identity Center permission set (of the --principal user, or on its own: the role it provisions in the account)',
        details:
          'Without it, an Identity Center user is diagnosed in each of her permission sets in the account (direct and through groups), and the result says which one opens the pages, or which is closest.',
      },
      task,
      {
        flags: '--error <text>',
        description: 'start from the access-denied message you see: diagnose the principal and actions it names and check the reason AWS gives',
        conflicts: ['--error-file', '--cloudtrail-event', '--recent-denials'],
        details:
          'Reads every documented form: the console\'s ("You don\'t have permission to perform the following operation on the AWS Cost Management console: ce:DescribeReport", "You Need Permissions"), the API\'s ("User: ARN is not authorized to perform: ACTION on resource: R because no identity-based policy allows the ACTION action", "… with an explicit deny in a service control policy: ARN") for every policy type, the aws CLI\'s ("An error occurred (AccessDeniedException) when calling the X operation: …") and SDK error codes. Several messages may be pasted at once. A message that names no action diagnoses the default pages.',
      },
      { flags: '--error-file <file>', description: 'like --error, reading the message from a file (- for stdin)', conflicts: ['--error', '--cloudtrail-event', '--recent-denials'] },
      {
        flags: '--cloudtrail-event <file>',
        description: 'start from CloudTrail: one record, a log file ({"Records": …}) or `aws cloudtrail lookup-events` output (- for stdin); only denied events are diagnosed',
        conflicts: ['--error', '--error-file', '--recent-denials'],
        details:
          'The principal comes from userIdentity (a session maps to its role), the action from eventSource and eventName (or the errorMessage), and the request context from awsRegion, sourceIPAddress, eventTime and sessionContext.attributes.mfaAuthenticated, so --mfa need not be given.',
      },
      {
        flags: '--recent-denials',
        description: "read the principal's recent denied billing requests from CloudTrail event history (cloudtrail:LookupEvents in us-east-1, read-only) and diagnose them",
        conflicts: ['--error', '--error-file', '--cloudtrail-event'],
        details:
          'Reads the event history of every billing event source (ce, billing, invoicing, payments, tax, budgets, cur, account, … and billingconsole) with the --profile credentials, keeps the denied requests of the principal (default: the caller), and diagnoses them as --cloudtrail-event does. Works with --snapshot too: the account facts come from the file, the events from the live account.',
      },
      { flags: '--since <time>', description: 'how far back --recent-denials looks: a duration (90m, 24h, 7d; at most 90 days) or an ISO time; default 24h' },
      { flags: '--mfa <answer>', description: 'whether the person signs in to the console with MFA', choices: ['yes', 'no', 'unknown'] },
      activation,
      actionSet,
      profile,
      region,
      orgProfile,
      ...NETWORK_OPTIONS,
      { flags: '--cross-check', description: 'also ask iam:SimulatePrincipalPolicy (read-only) and report disagreements with the engine' },
      { flags: '--report <file>', description: 'also write the Markdown report to this file (mode 0600; never through a symbolic link)' },
      { flags: '--force', description: 'overwrite the --report file, and the --write-fixes files, if they exist' },
      change,
      terraformPlan,
      { flags: '--no-interactive', description: 'never prompt; a missing input is an error naming the flag' },
      format,
      json,
      {
        flags: '--write-fixes <dir>',
        description: 'write each corrected policy document the fix steps name ("saved as NAME.json") into this directory, mode 0600; an existing file is not replaced without --force',
      },
      { flags: '--verbose', description: 'text output: also print the full evidence of every check and the decision for every action evaluated' },
      { flags: '--quiet', description: 'text output: print only the verdict line (the exit status says it too)', conflicts: ['--verbose', '--format', '--json'] },
    ],
    examples: [
      { command: 'billing-access doctor', text: 'guided diagnosis of your own account' },
      { command: 'billing-access doctor --snapshot examples/eu-only-org.json --principal alice --task bills', text: 'offline diagnosis of a snapshot' },
      { command: 'billing-access doctor --principal FinOps --mfa yes --json', text: 'scripted check of a role, JSON result' },
      { command: 'billing-access doctor --org-profile mgmt --principal maria@example.com', text: 'which of an Identity Center user\'s permission sets opens the Billing console' },
    ],
    handler: async () => (await import('./handlers/doctor.js')).doctor as Handler,
  },
  {
    name: 'snapshot',
    summary: 'capture a live account into a snapshot file (read-only)',
    description:
      'Reads everything doctor and audit need from a live account (IAM authorization details, MFA devices, login profiles, Organizations and SCPs) and writes one format-v1 JSON file, atomically, with mode 0600. Only read calls are ever sent.',
    options: [
      { flags: '-o, --output <file>', description: 'where to write the snapshot, or - for stdout (mode 0600; never through a symbolic link)', required: true },
      { flags: '--principal <principal>', description: 'collect console password and MFA facts for this principal only (default: for every IAM user)' },
      { flags: '--redact', description: 'replace account ids, names, ARNs, IAM paths, unique and Organizations ids, tag values and other identifying values with consistent pseudonyms (wildcard patterns too) so the file can be shared and diagnoses the same' },
      { flags: '--force', description: 'overwrite the output file if it exists' },
      {
        flags: '--activation <state>',
        description: 'record the root user\'s "Activate IAM Access" setting in the snapshot (no API reads it; audit and doctor then need no --activation)',
        choices: ['enabled', 'disabled'],
      },
      profile,
      region,
      orgProfile,
      ...NETWORK_OPTIONS,
    ],
    examples: [
      { command: 'billing-access snapshot -o acct.json', text: 'capture the current account' },
      { command: 'billing-access snapshot -o shared.json --redact --org-profile mgmt', text: 'a shareable snapshot including SCPs' },
    ],
    handler: async () => (await import('./handlers/snapshot.js')).snapshot as Handler,
  },
  {
    name: 'simulate',
    summary: 'evaluate policies offline for one or more actions',
    description:
      'The policy evaluation engine on its own: identity policies, SCP levels and a permissions boundary against a request. Prints the decision per action and the statements that decided it.',
    options: [
      { flags: '--action <action>', description: 'IAM action to evaluate (repeatable)', repeatable: true, required: true },
      { flags: '--resource <arn>', description: 'resource ARN', default: '*' },
      { flags: '--policy <file>', description: 'identity policy file (repeatable)', repeatable: true },
      { flags: '--scp <file>', description: 'SCP file; all --scp files form one level, after any --scp-level levels (repeatable)', repeatable: true },
      {
        flags: '--scp-level <files>',
        description: 'comma-separated SCP files forming one level of the OU path, root first (repeatable)',
        repeatable: true,
        details:
          'Every level needs an Allow and a Deny at any level wins, as in AWS Organizations. Give the levels root first: --scp-level root.json --scp-level ou.json --scp-level account.json. Files given with --scp form one more level after them. Without any --scp or --scp-level, SCPs do not apply (as for the management account).',
      },
      { flags: '--boundary <file>', description: 'permissions boundary policy file' },
      { flags: '--principal <arn>', description: 'principal ARN (user, role, assumed-role session, root); also sets the keys AWS derives from it: aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username for users' },
      { flags: '--context <key=value>', description: 'request context key (repeatable; a key given twice is multi-valued)', repeatable: true },
      format,
      json,
    ],
    examples: [
      { command: 'billing-access simulate --action ce:GetCostAndUsage --policy admin.json --scp deny-regions.json --context aws:RequestedRegion=us-east-1', text: 'does an SCP block Cost Explorer?' },
      {
        command: 'billing-access simulate --action billing:GetBillingData --policy finops.json --scp-level root.json --scp-level ou.json,mfa.json --principal arn:aws:iam::111122223333:user/alice --json',
        text: 'two SCP levels and a principal, JSON result',
      },
    ],
    handler: async () => (await import('./handlers/simulate.js')).simulate as Handler,
  },
  {
    name: 'audit',
    summary: 'every principal × console page as a matrix; detect drift against an allow-list',
    description:
      'Evaluates every user and role in a snapshot (and, with its identityCenter part, every Identity Center user through her permission sets) for each console page. With --expect, compares the result with an allow-list and exits 1 naming each principal that gained or lost access. Otherwise the exit status is 3 when any cell (or, with --org, any account) could not be decided, with or without --expect, and 0 only when every cell was decided.',
    options: [
      { flags: '--snapshot <file>', description: 'snapshot file to audit' },
      { flags: '--snapshot-dir <dir>', description: 'audit every snapshot in this directory as one organization (what --org --out-dir kept)' },
      {
        flags: '--org',
        description: 'audit every ACTIVE account of the organization live, with the management or delegated-administrator --profile',
        details:
          'Lists the accounts (organizations:ListAccounts), assumes --role-name in each (sts:AssumeRole, the only call this path adds to the read-only allow-list), reads its IAM authorization details and the credential report, and reads the SCPs of each OU once for all the accounts below it. Identity Center is read through the same profile: what does not depend on the account once for the run, the permission sets provisioned to each account and their assignments per account. An account that cannot be read is a named gap (exit 3), never an abort.',
      },
      { flags: '--accounts <ids>', description: 'with --org: only these account ids (comma-separated)' },
      { flags: '--ou <id>', description: 'with --org: only the accounts below this OU (or root) id' },
      { flags: '--role-name <name>', description: 'with --org: the role to assume in each account', default: 'OrganizationAccountAccessRole' },
      { flags: '--external-id <id>', description: 'with --org: the external id the role\'s trust policy requires' },
      { flags: '--role-session-name <name>', description: 'with --org: the session name, as CloudTrail records it', default: 'billing-access-audit' },
      { flags: '--concurrency <n>', description: 'with --org: accounts read at once', default: '8' },
      { flags: '--out-dir <dir>', description: 'with --org: keep each account\'s snapshot here (ACCOUNT.json, mode 0600) for audit --snapshot-dir or doctor --snapshot' },
      task,
      {
        flags: '--expect <file>',
        description:
          'allow-list: {"<pattern>": ["bills", ...]}; a pattern is an ARN or name (* and ? wildcards) or, for an organization, SCOPE:role/NAME (or SCOPE:sso-user/NAME) with SCOPE *, an account id or an OU id; drift exits 1 (with --change: drift of the planned state)',
      },
      { ...activation, description: 'the root user\'s "Activate IAM Access" setting, overriding what the snapshot records' },
      change,
      terraformPlan,
      actionSet,
      profile,
      region,
      auditFormat,
      json,
      { flags: '--github-summary', description: 'also append the Markdown report to $GITHUB_STEP_SUMMARY (the GitHub Actions job summary) when it is set' },
    ],
    exactlyOne: [['--snapshot', '--snapshot-dir', '--org']],
    examples: [
      { command: 'billing-access audit --snapshot acct.json --expect billing-access.expect.json --json', text: 'CI drift check' },
      { command: 'billing-access audit --snapshot acct.json --format html > audit.html', text: 'a heatmap report to open in a browser or attach to a CI run' },
      { command: 'billing-access audit --org --profile management --expect org.expect.json --out-dir snapshots/', text: 'every account of the organization, kept for offline re-runs' },
    ],
    handler: async () => (await import('./handlers/audit.js')).audit as Handler,
  },
  {
    name: 'actions',
    summary: 'the catalogue: console page → IAM actions it needs',
    description: 'Lists the Billing console pages and the IAM actions each needs, fine-grained and legacy aws-portal, with sources.',
    options: [task, actionSet, format, json],
    examples: [
      { command: 'billing-access actions', text: 'the whole table' },
      { command: 'billing-access actions --task bills --json', text: 'the actions of the Bills page' },
    ],
    handler: async () => (await import('./handlers/actions.js')).actions as Handler,
  },
  {
    name: 'completion',
    summary: 'print a shell completion script (bash, zsh or fish)',
    description:
      'Prints a completion script for the shell, generated from the same declarations as --help: commands, options and their allowed values. Load it in the shell\'s start-up file: eval "$(billing-access completion bash)" in ~/.bashrc, eval "$(billing-access completion zsh)" in ~/.zshrc, billing-access completion fish | source in ~/.config/fish/config.fish.',
    args: '<shell>',
    argChoices: ['bash', 'zsh', 'fish'],
    options: [],
    examples: [{ command: 'eval "$(billing-access completion bash)"', text: 'complete commands, options and their values in bash' }],
    handler: async () => (await import('./handlers/completion.js')).completion as Handler,
  },
];
