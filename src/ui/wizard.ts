/**
 * The interactive doctor: asks only for what flags did not give. Called by the doctor handler only
 * when prompting is allowed (Io.interactive and no --no-interactive). Every question goes through a
 * Prompter, so tests script the answers and a non-TTY run can never block.
 */
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Io } from '../io.js';
import type { WizardAnswers } from './answers.js';
import type { MfaAnswer } from '../model/snapshot.js';
import { EXIT, ExitError, usageError } from '../errors.js';
import { DEFAULT_TASKS, TASKS, type TaskId } from '../model/catalogue.js';
import type { CheckId, Diagnosis } from '../model/diagnosis.js';
import type { ActivationState, SnapshotV1 } from '../model/snapshot.js';
import { chalkFor } from '../render/color.js';
import { renderFullEvidence, renderMarkdown, renderTextParts } from '../render/doctor.js';
import { inertText } from '../render/inert.js';
import { shellWord } from '../model/shell.js';
import { wrapWidth } from '../render/wrap.js';
import { prepareOutput } from '../sources/output-file.js';
import { hasEnvCredentials, listProfiles } from '../sources/aws-profiles.js';
import { EXAMPLES } from './examples.js';
import { inquirerPrompter } from './inquirer-prompter.js';
import type { Choice, Prompter } from './prompter.js';

/** Where the facts come from. */
type SourceKind = 'live' | 'snapshot' | 'example';

/** Profile choice meaning "no --profile: the SDK's default chain (environment credentials)". */
const ENV_CREDENTIALS = '';

/** Before loading facts: live account or snapshot file (or a bundled example), which profile. */
export async function askSource<T extends WizardAnswers>(options: T, io: Io, prompter: Prompter = inquirerPrompter()): Promise<T> {
  if (options.snapshot !== undefined || options.example !== undefined || options.profile !== undefined) return options;
  const profiles = await listProfiles(io.env);
  const envCredentials = hasEnvCredentials(io.env);
  const credentialsFound = envCredentials || profiles.length > 0;
  if (!credentialsFound) {
    io.err('No AWS credentials found (no AWS_ACCESS_KEY_ID, no profile in ~/.aws): try a bundled example or a snapshot file.\n');
  }
  const sources: Choice<SourceKind>[] = [
    { value: 'live', name: 'This AWS account, live', description: 'read-only API calls with your AWS credentials' },
    { value: 'snapshot', name: 'A snapshot file', description: 'from `billing-access snapshot -o FILE`, or `aws iam get-account-authorization-details` output' },
    { value: 'example', name: 'A bundled example', description: 'no AWS account needed' },
  ];
  const kind = await prompter.select('What should be diagnosed?', sources, { default: credentialsFound ? 'live' : 'example' });

  if (kind === 'snapshot') {
    const file = await prompter.input('Path to the snapshot file:', { validate: (value) => validateFile(value, io.cwd, io.env) });
    return { ...options, snapshot: expandHome(file.trim(), io.env) };
  }
  if (kind === 'example') {
    const example = await prompter.select(
      'Which example?',
      EXAMPLES.map((e) => ({ value: e.name, name: e.name, description: e.summary })),
    );
    return { ...options, example };
  }
  return { ...options, profile: await askProfile(profiles, envCredentials, io, prompter) };
}

/** Where the facts were loaded from, and what they are. */
export interface Loaded {
  snapshot: SnapshotV1;
}

/**
 * Asks where the facts come from and loads them, asking again when the answer cannot be used (a
 * file that is not a snapshot, no credentials for the live account): a person corrects an answer,
 * a flag's mistake still ends the run. After a live read whose SCP reads failed, offers the other
 * profiles as the organization profile.
 */
export async function askSourceAndLoad<T extends WizardAnswers, F extends Loaded>(
  options: T,
  io: Io,
  load: (answers: T) => Promise<F>,
  prompter: Prompter = inquirerPrompter(),
): Promise<{ options: T; facts: F }> {
  for (;;) {
    const answers = await askSource(options, io, prompter);
    try {
      const facts = await load(answers);
      return await offerOrgProfile(answers, facts, io, load, prompter);
    } catch (error) {
      const recoverable = error instanceof ExitError && error.code === EXIT.usage && answers !== options;
      if (!recoverable) throw error;
      io.err(`billing-access: ${error.message}\nChoose again (Ctrl-C to quit).\n`);
    }
  }
}

/** SCPs could not be read with the account's profile: offer the other profiles to read them with. */
async function offerOrgProfile<T extends WizardAnswers, F extends Loaded>(
  answers: T,
  facts: F,
  io: Io,
  load: (answers: T) => Promise<F>,
  prompter: Prompter,
): Promise<{ options: T; facts: F }> {
  const live = answers.snapshot === undefined && answers.example === undefined;
  const scpGap = (facts.snapshot.gaps ?? []).some((g) => g.operation.startsWith('organizations:'));
  if (!live || !scpGap || answers.orgProfile !== undefined) return { options: answers, facts };
  const others = (await listProfiles(io.env)).filter((name) => name !== (answers.profile ?? io.env.AWS_PROFILE ?? 'default'));
  if (others.length === 0) return { options: answers, facts };
  const skip = '';
  const choice = await prompter.select<string>(
    'SCPs could not be read with this profile. Read them with a profile in the management (or delegated administrator) account?',
    [
      ...others.map((name) => ({ value: name, name, description: `--org-profile ${name}` })),
      { value: skip, name: 'No, go on without SCPs', description: 'the scp check will be undecided' },
    ],
  );
  if (choice === skip) return { options: answers, facts };
  const withOrg = { ...answers, orgProfile: choice };
  return { options: withOrg, facts: await load(withOrg) };
}

/** `~` and `~/…` as a shell would expand them (a path typed at the prompt reaches no shell). */
export function expandHome(path: string, env: NodeJS.ProcessEnv): string {
  if (path !== '~' && !path.startsWith('~/')) return path;
  return join(env.HOME || homedir(), path.slice(1));
}

/** The profile for a live run, asked only when there is more than one way to authenticate. */
async function askProfile(profiles: string[], envCredentials: boolean, io: Io, prompter: Prompter): Promise<string | undefined> {
  // AWS_PROFILE already names the profile the SDK will use.
  if (io.env.AWS_PROFILE) return undefined;
  const choices: Choice<string>[] = [
    ...(envCredentials ? [{ value: ENV_CREDENTIALS, name: 'Credentials from the environment', description: 'AWS_ACCESS_KEY_ID or a web identity / container role' }] : []),
    ...profiles.map((name) => ({ value: name, name, description: `profile ${name}` })),
  ];
  if (choices.length === 0) return undefined;
  const [only] = choices;
  const profile = choices.length === 1 && only ? only.value : await prompter.select('Which AWS profile?', choices);
  return profile === ENV_CREDENTIALS ? undefined : profile;
}

/** Prompt validator: the path (relative to the working directory, `~` expanded) is an existing file. */
export function validateFile(value: string, cwd: string, env: NodeJS.ProcessEnv = {}): true | string {
  const path = value.trim();
  if (path === '') return 'Enter a path to a snapshot file.';
  const absolute = resolve(cwd, expandHome(path, env));
  if (!existsSync(absolute)) return `No such file: ${path}`;
  if (!statSync(absolute).isFile()) return `Not a file: ${path}`;
  return true;
}

/** Reads what the facts lack about the principal picked (a live run read only the caller's). */
export type ReadPrincipal = (principal: string) => Promise<SnapshotV1>;

/**
 * After loading facts, one step per question: principal (from the account's users and roles),
 * task, MFA, activation. `readPrincipal` fetches the picked principal's own facts before the
 * questions that depend on them.
 */
export async function askRest<T extends WizardAnswers>(
  options: T,
  snapshot: SnapshotV1,
  io: Io,
  prompter: Prompter = inquirerPrompter(),
  readPrincipal?: ReadPrincipal,
): Promise<T> {
  const answered = { ...options };
  let facts = snapshot;
  if (answered.principal === undefined) {
    answered.principal = await askPrincipal(facts, answered, prompter);
    if (readPrincipal) facts = await readPrincipal(answered.principal);
  }
  if (answered.task === undefined || answered.task.length === 0) answered.task = await askTask(prompter);
  if (answered.mfa === undefined) answered.mfa = await askMfa(facts, answered.principal, prompter);
  if (answered.activation === undefined) answered.activation = await askActivation(facts, answered.principal, prompter);
  return answered;
}

async function askPrincipal(snapshot: SnapshotV1, answers: WizardAnswers, prompter: Prompter): Promise<string> {
  const live = answers.snapshot === undefined && answers.example === undefined;
  return prompter.search('Who cannot open the Billing console? (type to filter)', principalChoices(snapshot, live));
}

/** Asked only when the facts do not tell (the user's MFA devices, the caller's own session). */
async function askMfa(snapshot: SnapshotV1, principal: string, prompter: Prompter): Promise<MfaAnswer | undefined> {
  if (mfaKnown(snapshot, principal)) return undefined;
  return prompter.select<MfaAnswer>('Does this person sign in to the console with MFA?', [
    { value: 'yes', name: 'Yes' },
    { value: 'no', name: 'No' },
    { value: 'unknown', name: "I don't know", description: 'the diagnosis says what depends on it' },
  ]);
}

/** Asked unless the snapshot records it; the setting never applies to the root user. */
async function askActivation(snapshot: SnapshotV1, principal: string, prompter: Prompter): Promise<ActivationState | undefined> {
  const recorded = snapshot.account?.iamUserAccessToBilling;
  if (recorded === 'enabled' || recorded === 'disabled' || principal.endsWith(':root')) return undefined;
  return prompter.select<ActivationState>(
    'Is "Activate IAM Access" on? (root user: Account page → "IAM user and role access to Billing information")',
    [
      { value: 'enabled', name: 'Yes, it is activated' },
      { value: 'disabled', name: 'No, it is not activated' },
      { value: 'unknown', name: "I don't know", description: 'only the root user can see it; no AWS API reads it' },
    ],
    { default: 'unknown' },
  );
}

/**
 * Whether the snapshot already says if this principal signs in with MFA: a user's MFA device count,
 * or the MFA context recorded for the caller's own session.
 */
export function mfaKnown(snapshot: SnapshotV1, principal: string): boolean {
  const wanted = principal.toLowerCase();
  const user = snapshot.iam.UserDetailList.find((u) => u.Arn === principal || u.UserName.toLowerCase() === wanted);
  if (user && snapshot.users?.[user.UserName]?.mfaDevices !== undefined) return true;
  const recorded = Object.keys(snapshot.context ?? {}).some((key) => key.toLowerCase() === 'aws:multifactorauthpresent');
  return recorded && snapshot.caller?.Arn === principal;
}

/**
 * The account's principals for the search list: the caller's own identity first (it may be an
 * assumed-role session), then users and roles by name. Service-linked roles are left out: nobody
 * signs in to the console with them.
 */
export function principalChoices(snapshot: SnapshotV1, live = false): Choice<string>[] {
  const users = [...snapshot.iam.UserDetailList].sort((a, b) => a.UserName.localeCompare(b.UserName));
  const roles = snapshot.iam.RoleDetailList.filter((r) => !(r.Path ?? '/').startsWith('/aws-service-role/')).sort((a, b) =>
    a.RoleName.localeCompare(b.RoleName),
  );
  const choices: Choice<string>[] = [
    ...identityCenterChoices(snapshot),
    ...users.map((u) => ({ value: u.Arn, name: `user ${inertText(u.UserName)}`, description: inertText(u.Arn) })),
    ...roles.map((r) => ({ value: r.Arn, name: `role ${inertText(r.RoleName)}`, description: inertText(r.Arn) })),
  ];
  const caller = snapshot.caller?.Arn;
  if (caller !== undefined) {
    const own = choices.find((c) => c.value === caller);
    const rest = choices.filter((c) => c !== own);
    // In a snapshot the caller is whoever took it, not the person running the wizard.
    const who = live ? '(you)' : '(took the snapshot)';
    return [{ value: caller, name: `${own?.name ?? inertText(callerName(caller))} ${who}`, description: inertText(caller) }, ...rest];
  }
  if (choices.length === 0) throw usageError('the snapshot has no IAM users, roles or Identity Center users to choose from; pass --principal');
  return choices;
}

/**
 * Identity Center users, first: most people reach the console through it. The search matches the
 * name and the description, so she is found by user name, display name or e-mail; the value is her
 * user id, which --principal takes as is.
 */
function identityCenterChoices(snapshot: SnapshotV1): Choice<string>[] {
  const users = [...(snapshot.identityCenter?.users ?? [])].sort((a, b) => a.UserName.localeCompare(b.UserName));
  return users.map((u) => {
    const emails = (u.Emails ?? []).flatMap((e) => (e.Value ? [e.Value] : []));
    return {
      value: u.UserId,
      name: `Identity Center user ${inertText(u.UserName)}${u.DisplayName ? ` (${inertText(u.DisplayName)})` : ''}`,
      description: inertText(emails.length > 0 ? emails.join(', ') : `user id ${u.UserId}`),
    };
  });
}

/** A short name for a caller ARN that is not one of the listed principals (a session, the root user). */
function callerName(arn: string): string {
  const session = /:assumed-role\/([^/]+)\/(.+)$/.exec(arn);
  if (session) return `role ${session[1]}, session ${session[2]}`;
  return arn.endsWith(':root') ? 'the root user' : arn;
}

async function askTask(prompter: Prompter): Promise<TaskId[]> {
  const dontKnow = 'dont-know' as const;
  const choices: Choice<TaskId | typeof dontKnow>[] = [
    { value: dontKnow, name: "I don't know", description: `check the pages a person sees first: ${DEFAULT_TASKS.join(', ')}` },
    ...TASKS.map((t) => ({ value: t.id, name: t.title, description: `--task ${t.id}` })),
  ];
  const task = await prompter.select<TaskId | typeof dontKnow>('Which console page fails?', choices, { default: dontKnow });
  return task === dontKnow ? [...DEFAULT_TASKS] : [task];
}

/**
 * After the diagnosis is printed: offer to save a Markdown report (unless --report already did) and,
 * for the text output, to show the full evidence.
 */
export async function afterDiagnosis(diagnosis: Diagnosis, options: WizardAnswers, io: Io, prompter: Prompter = inquirerPrompter()): Promise<void> {
  if (options.report === undefined && (await prompter.confirm('Save a Markdown report?', { default: false }))) {
    const file = (
      await prompter.input('Save the report as:', { default: reportName(diagnosis), validate: (value) => validateReportPath(value, io.cwd) })
    ).trim();
    const output = await prepareOutput({ flag: 'report', path: file, cwd: io.cwd, force: false, what: 'the report' });
    await output.write(renderMarkdown(diagnosis), io);
    io.err(`Report written to ${inertText(file)}\n`);
  }
  if (options.format === 'text' && !options.verbose && !options.quiet && (await prompter.confirm('Show the full evidence?', { default: false }))) {
    io.out(renderFullEvidence(diagnosis, chalkFor(io), { width: wrapWidth(io) }));
  }
  io.err(`\nThe same diagnosis without questions:\n  ${inertText(commandLine(options))}\n`);
}

/** The doctor command line that gives the same diagnosis with no prompt (the wizard's answers as flags). */
export function commandLine(answers: WizardAnswers): string {
  const flags: [string, string | undefined][] = [
    ['--snapshot', answers.snapshot],
    ['--example', answers.example],
    ['--profile', answers.profile],
    ['--org-profile', answers.orgProfile],
    ['--principal', answers.principal],
    ['--task', answers.task?.join(',')],
    ['--mfa', answers.mfa],
    ['--activation', answers.activation],
    ['--action-set', answers.actionSet === 'legacy' ? 'legacy' : undefined],
    ['--region', answers.region !== undefined && answers.region !== 'us-east-1' ? answers.region : undefined],
    ['--format', answers.format !== undefined && answers.format !== 'text' ? answers.format : undefined],
  ];
  const words = flags.flatMap(([flag, value]) => (value === undefined ? [] : [flag, shellWord(value)]));
  return ['billing-access', 'doctor', ...words, '--no-interactive'].join(' ');
}

/** `billing-access-<principal>.md`, safe as a file name. */
export function reportName(diagnosis: Diagnosis): string {
  return `billing-access-${diagnosis.principal.name.replace(/[^A-Za-z0-9._-]+/g, '-')}.md`;
}

/** Prompt validator: a new file in an existing directory (an existing report is never overwritten). */
export function validateReportPath(value: string, cwd: string): true | string {
  const path = value.trim();
  if (path === '') return 'Enter a file name for the report.';
  const absolute = resolve(cwd, path);
  if (existsSync(absolute)) return `${path} already exists; choose another name.`;
  if (!existsSync(dirname(absolute))) return `No such directory: ${dirname(path)}`;
  return true;
}

/** What each check looks at, shown on its spinner while it runs. */
const CHECK_LABEL: Record<CheckId, string> = {
  activation: 'the root user\'s "Activate IAM Access" setting',
  'identity-policy': 'identity policies (inline, attached, groups)',
  scp: 'service control policies on the OU path',
  mfa: 'MFA-conditional denies',
  region: 'region-restricted denies (billing calls are in us-east-1)',
  boundary: 'the permissions boundary',
  principal: 'console sign-in of the principal',
  'root-user': 'root user rules',
  'identity-center': 'IAM Identity Center roles',
  'management-only': 'management-account-only pages',
};

/**
 * The text report with each checklist step shown as it is reported: a spinner naming what the
 * step looks at, replaced by its ✔ / ✖ / ⚠ / ? line. The steps themselves are pure and instant;
 * the spinner only shows the walk through the checklist in order.
 */
export async function printDiagnosis(diagnosis: Diagnosis, io: Io): Promise<void> {
  const { head, checks, tail } = renderTextParts(diagnosis, chalkFor(io), { width: wrapWidth(io) });
  io.out(head);
  if (io.stdoutIsTTY && (io.stdoutColumns ?? 0) > 0) {
    const { default: ora } = await import('ora');
    for (const [i, line] of checks.entries()) {
      const id = diagnosis.checks[i]!.id;
      const spinner = ora({ stream: process.stdout, discardStdin: false, text: `Checking ${CHECK_LABEL[id]}…` }).start();
      await new Promise((done) => setImmediate(done));
      spinner.stopAndPersist({ symbol: '', text: line });
    }
  } else {
    io.out(checks.join('\n') + '\n');
  }
  io.out(tail);
}
