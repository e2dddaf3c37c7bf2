/**
 * Reference documentation generated from the declarations in spec.ts, so the man page and the
 * README's option tables can never disagree with `--help`. scripts/gen-docs.mjs writes
 * man/billing-access.1 from renderManPage(); a test fails when the committed page is stale.
 */
import { EXAMPLES } from '../ui/examples.js';
import { VERSION } from '../version.js';
import { COMMANDS, GLOBAL_OPTIONS, type CommandSpec, type OptionSpec } from './spec.js';

/** Options commander adds itself (program.ts); listed so the man page covers everything --help shows. */
const BUILTIN_OPTIONS: OptionSpec[] = [
  { flags: '-h, --help', description: 'show help for billing-access or for a command' },
  { flags: '-V, --version', description: 'print the version' },
];

/** Exit codes shared by every command (design section 2; src/errors.ts EXIT). */
const EXIT_CODES: [code: string, meaning: string][] = [
  ['0', 'access allowed (doctor), every cell decided and no drift (audit), or the command succeeded'],
  ['1', 'access denied (doctor, simulate) or drift found (audit)'],
  ['2', 'usage, input or credential error: a one-line message names the flag, file or field'],
  ['3', 'inconclusive: some check (doctor), or some cell or account (audit, with or without --expect), could not be decided; the output says which fact is missing and how to supply it'],
  ['70', 'internal error in billing-access itself (please report it; --debug shows the stack trace)'],
  ['130', 'interrupted with Ctrl-C'],
];

const ENVIRONMENT: [name: string, meaning: string][] = [
  ['AWS_PROFILE', 'named profile used for live reads when --profile is not given'],
  ['AWS_REGION', 'read by the AWS SDK; billing-access passes --region (default us-east-1) explicitly, because IAM, Organizations and the billing console are served from us-east-1'],
  ['AWS_ENDPOINT_URL', 'send every AWS API call to this endpoint instead of AWS (a local moto server, a VPC endpoint)'],
  ['AWS_CONFIG_FILE', 'the shared config file (default ~/.aws/config); the wizard lists its profiles'],
  ['AWS_SHARED_CREDENTIALS_FILE', 'the shared credentials file (default ~/.aws/credentials); the wizard lists its profiles'],
  ['AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN', 'credentials from the environment, used by the default credential chain'],
  ['NO_COLOR', 'when set to any non-empty value, disable colours (like --no-color)'],
  ['FORCE_COLOR', '0 disables colours; 1, 2 or 3 forces them even when output is not a terminal'],
  ['CI', 'when set (and not "false" or "0"), never prompt, as with --no-interactive'],
  ['BILLING_ACCESS_THREADS', 'threads for audit (1 = none); by default one per core, at most 4, from 1,500 principals'],
];

// ---------------------------------------------------------------------------------------------
// roff

/** Escapes text for roff: backslashes, hyphens that must stay ASCII, and control characters at line start. */
function roffText(text: string): string {
  const escaped = text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    // groff reads ASCII; anything else becomes a Unicode named glyph (→ is \[u2192]).
    .replace(/[^\x00-\x7f]/gu, (c) => `\\[u${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}]`);
  // `code` in a declaration is bold on the page.
  return escaped.replace(/`([^`]+)`/g, '\\fB$1\\fR').replace(/^([.'])/gm, '\\&$1');
}

/** `-o, --output <file>` → bold flags, italic argument. */
function roffFlags(flags: string): string {
  return flags
    .split(/,\s*/)
    .map((flag) => {
      const [name = '', arg] = flag.split(/\s+/, 2);
      const argument = arg ? ' \\fI' + roffText(arg.replace(/^[<[]|[>\]]$/g, '')) + '\\fR' : '';
      return '\\fB' + roffText(name) + '\\fR' + argument;
    })
    .join(', ');
}

/** The sentences after an option's description: allowed values, default, repeatable, required, details. */
function optionNotes(option: OptionSpec): string[] {
  const notes: string[] = [];
  if (option.choices) notes.push(`One of: ${option.choices.join(', ')}.`);
  if (option.default !== undefined && typeof option.default === 'string') notes.push(`Default: ${option.default}.`);
  if (option.repeatable && !/repeatable/.test(option.description)) notes.push('May be given more than once.');
  if (option.required) notes.push('Required.');
  if (option.details) notes.push(option.details);
  return notes;
}

function sentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : capital + '.';
}

function roffOption(option: OptionSpec): string[] {
  return ['.TP', roffFlags(option.flags), roffText([sentence(option.description), ...optionNotes(option)].join(' '))];
}

function roffCommand(spec: CommandSpec): string[] {
  const lines = [
    '.SS "' + roffText(`billing-access ${spec.name}`) + '"',
    roffText(sentence(spec.summary)),
    '.PP',
    roffText(spec.description),
    '.PP',
    'Options:',
    '.RS 4',
    ...spec.options.flatMap(roffOption),
    '.RE',
  ];
  if (spec.examples.length > 0) {
    lines.push('.PP', 'Examples:', '.RS 4');
    for (const example of spec.examples) lines.push('.PP', '.EX', roffText(`$ ${example.command}`), '.EE', roffText(sentence(example.text)));
    lines.push('.RE');
  }
  return lines;
}

function roffTable(rows: [string, string][], bold: boolean): string[] {
  return rows.flatMap(([term, meaning]) => ['.TP', bold ? '\\fB' + roffText(term) + '\\fR' : roffText(term), roffText(sentence(meaning))]);
}

const SNAPSHOT_EXAMPLE = `{
  "billingAccessSnapshot": 1,
  "capturedAt": "2026-11-24T10:00:00Z",
  "account": { "id": "111122223333", "iamUserAccessToBilling": "enabled" },
  "caller": { "Arn": "arn:aws:iam::111122223333:user/alice" },
  "iam": { "UserDetailList": [], "GroupDetailList": [],
           "RoleDetailList": [], "Policies": [] },
  "users": { "alice": { "consolePassword": true, "mfaDevices": 1 } },
  "organizations": {
    "organization": { "Id": "o-a1b2c3d4e5", "MasterAccountId": "999988887777" },
    "account": { "Id": "111122223333", "JoinedMethod": "CREATED" },
    "parents": [ { "Id": "ou-a1b2-eu7x3k9q", "Type": "ORGANIZATIONAL_UNIT" },
                 { "Id": "r-a1b2", "Type": "ROOT" } ],
    "policies": { "r-a1b2": [ { "PolicySummary": { "Id": "p-FullAWSAccess",
                  "Name": "FullAWSAccess" }, "Content": "{...}" } ] }
  },
  "context": { "aws:MultiFactorAuthPresent": "true" }
}`;

/** Snapshot fields and what each holds (design section 4). */
const SNAPSHOT_FIELDS: [string, string][] = [
  ['billingAccessSnapshot', 'format version, always 1'],
  ['iam', 'the only required part: the output of `aws iam get-account-authorization-details`, pages merged; policy documents may be URL-encoded JSON strings (as the API returns them) or objects (as the CLI prints them). A bare get-account-authorization-details file is accepted as a whole snapshot'],
  ['account', '`id` and `iamUserAccessToBilling` (enabled, disabled or unknown): the root "Activate IAM Access" setting, which no API reads'],
  ['caller', 'the `aws sts get-caller-identity` output of whoever captured the snapshot; doctor diagnoses it when --principal is not given'],
  ['users', 'per IAM user name: `consolePassword` (a login profile exists) and `mfaDevices` (how many)'],
  ['organizations', 'the organization, this account, its OU path (`parents`, nearest first, ending with the root) and the SCPs attached at each target id (`policies`, verbatim describe-policy objects); null when the account is in no organization'],
  ['context', 'request context keys known for the caller, such as aws:MultiFactorAuthPresent'],
  ['gaps', 'reads that failed during live collection; the checks that needed them report unknown'],
];

/** The whole man page, deterministic (no date), from the declarations. */
export function renderManPage(): string {
  const lines: string[] = [
    '.\\" Generated by scripts/gen-docs.mjs from src/cli/spec.ts; do not edit. Run: npm run docs',
    `.TH BILLING\\-ACCESS 1 "" "billing\\-access ${roffText(VERSION)}" "User Commands"`,
    '.SH NAME',
    'billing\\-access \\- find out why someone cannot open the AWS Billing and Cost Management console, and how to fix it',
    '.SH SYNOPSIS',
    ...COMMANDS.flatMap((spec) => [`\\fBbilling\\-access ${roffText(spec.name)}\\fR [\\fIoptions\\fR]`, '.br']),
    '\\fBbilling\\-access\\fR [\\fB\\-\\-help\\fR | \\fB\\-\\-version\\fR]',
    '.SH DESCRIPTION',
    roffText(
      'billing-access walks the AWS re:Post checklist for Billing console access against a live account (read-only AWS API calls) or an offline snapshot file: the root "Activate IAM Access" setting, identity policies, service control policies, MFA-conditional denies, region denies and permissions boundaries. It names the exact policy and statement at fault and says how to fix it; it never changes anything in the account.',
    ),
    '.PP',
    roffText(
      'With a terminal, doctor asks for whatever the options did not give (live account or snapshot file, profile, principal, console page, MFA, activation). Without a terminal, or with CI set or --no-interactive, it never asks, and a missing required input is a usage error naming the option to pass.',
    ),
    '.PP',
    roffText('In JSON mode (--format json or --json) standard output carries the JSON document and nothing else; progress and warnings go to standard error.'),
    '.SH COMMANDS',
    ...COMMANDS.flatMap(roffCommand),
    '.SH GLOBAL OPTIONS',
    roffText('These options are accepted before or after any command.'),
    ...[...GLOBAL_OPTIONS, ...BUILTIN_OPTIONS].flatMap(roffOption),
    '.SH EXIT STATUS',
    ...roffTable(EXIT_CODES, true),
    '.SH ENVIRONMENT',
    ...roffTable(ENVIRONMENT, true),
    '.SH FILES',
    '.TP',
    '\\fI~/.aws/config\\fR, \\fI~/.aws/credentials\\fR',
    roffText('AWS profiles, as read by the AWS CLI and SDKs (see AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE).'),
    '.SH SNAPSHOT FORMAT',
    roffText(
      'A snapshot (format v1) is one JSON document. Every part except iam is optional; a missing part makes the checks that need it unknown, never pass. billing-access snapshot writes one from a live account; the plain aws CLI can build one too.',
    ),
    '.PP',
    '.EX',
    roffText(SNAPSHOT_EXAMPLE),
    '.EE',
    ...roffTable(SNAPSHOT_FIELDS, true),
    '.SH EXAMPLES',
    roffText('Bundled example snapshots, usable with doctor --example NAME (no AWS account needed):'),
    ...roffTable(
      EXAMPLES.map((e) => [e.name, e.summary]),
      true,
    ),
    '.PP',
    '.EX',
    roffText('$ billing-access doctor --example eu-only-org'),
    '.EE',
    '.SH SEE ALSO',
    '.BR aws (1)',
    '.PP',
    roffText('https://repost.aws/knowledge-center/iam-billing-access'),
  ];
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
// Markdown

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** The options of one command (or of all, with `global`) as a Markdown table for the README. */
export function renderOptionTable(command: string): string {
  const options =
    command === 'global' ? [...GLOBAL_OPTIONS, ...BUILTIN_OPTIONS] : COMMANDS.find((spec) => spec.name === command)?.options;
  if (!options) throw new Error(`unknown command: ${command}`);
  const rows = options.map((option) => {
    const flags = option.flags.split(/,\s*/).map((f) => '`' + f + '`').join(', ');
    return `| ${flags} | ${markdownCell([sentence(option.description), ...optionNotes(option)].join(' '))} |`;
  });
  return ['| option | meaning |', '| --- | --- |', ...rows].join('\n') + '\n';
}

/** The README's option reference, kept between the README_OPTIONS markers by `npm run docs`. */
export function renderReadmeOptions(): string {
  const sections = [
    ...COMMANDS.flatMap((spec) => [`### \`billing-access ${spec.name}\``, `${sentence(spec.summary)}`, renderOptionTable(spec.name).trimEnd()]),
    '### Global options',
    renderOptionTable('global').trimEnd(),
  ];
  return sections.join('\n\n') + '\n';
}

/** Markers around the generated option reference in README.md. */
export const README_OPTIONS = {
  start: '<!-- options:start (generated from src/cli/spec.ts by npm run docs; do not edit) -->',
  end: '<!-- options:end -->',
} as const;

/** README text with the option reference between the markers replaced by the generated one. */
export function withReadmeOptions(readme: string): string {
  const start = readme.indexOf(README_OPTIONS.start);
  const end = readme.indexOf(README_OPTIONS.end);
  if (start < 0 || end < start) throw new Error('README.md lacks the options markers');
  return readme.slice(0, start + README_OPTIONS.start.length) + '\n\n' + renderReadmeOptions() + '\n' + readme.slice(end);
}
