/** Parsed options of each command, as commander produces them from spec.ts (`--json` already folded into format). */
import type { ActionSet, TaskId } from '../model/catalogue.js';
import type { ActivationState, MfaAnswer } from '../model/snapshot.js';
import type { NetworkSettings } from '../sources/aws/network.js';
import { usageError } from '../errors.js';
import type { WizardAnswers } from '../ui/answers.js';
import type { Format } from './spec.js';

export interface DoctorOptions extends WizardAnswers {
  snapshot?: string;
  example?: string;
  principal?: string;
  /** `--permission-set`: one IAM Identity Center permission set by name. */
  permissionSet?: string;
  task?: TaskId[];
  /** `--error`: the access-denied message as text. */
  error?: string;
  /** `--error-file`: a file holding the message (`-` = stdin). */
  errorFile?: string;
  /** `--cloudtrail-event`: a CloudTrail record, log file or lookup-events output (`-` = stdin). */
  cloudtrailEvent?: string;
  /** `--recent-denials`: the denials of the last `--since` from CloudTrail (live). */
  recentDenials?: boolean;
  /** `--since`: how far back --recent-denials looks (`24h`, `7d`, an ISO time). */
  since?: string;
  mfa?: MfaAnswer;
  activation?: ActivationState;
  actionSet: ActionSet;
  profile?: string;
  region: string;
  orgProfile?: string;
  crossCheck?: boolean;
  report?: string;
  /** Overwrite the --report file if it exists. */
  force?: boolean;
  /** `--change [+|-]TARGET[=FILE]`, repeatable: diagnose the planned state. */
  change?: string[];
  /** `terraform show -json` output: diagnose the state it plans. */
  terraformPlan?: string;
  /** false with --no-interactive. */
  interactive: boolean;
  format: Format;
  /** --verbose: also the full evidence and every action evaluated. */
  verbose?: boolean;
  /** --write-fixes: the directory to write the corrected documents to. */
  writeFixes?: string;
  /** --quiet: only the verdict line. */
  quiet?: boolean;
  debug?: boolean;
}

export interface AuditOptions {
  /** Exactly one of snapshot, snapshotDir and org (enforced from spec.ts). */
  snapshot?: string;
  snapshotDir?: string;
  org?: boolean;
  accounts?: string;
  ou?: string;
  roleName: string;
  externalId?: string;
  roleSessionName: string;
  concurrency: string;
  outDir?: string;
  profile?: string;
  region: string;
  task?: string[];
  /** Allow-list file: `{ "<principal ARN or name pattern>": ["bills", ...] }`. */
  expect?: string;
  activation?: ActivationState;
  actionSet?: ActionSet;
  format?: Format | 'html' | 'sarif';
  /** Append the Markdown report to $GITHUB_STEP_SUMMARY. */
  githubSummary?: boolean;
  /** `--change [+|-]TARGET[=FILE]`, repeatable (planned changes, design section 11). */
  change?: string[];
  /** `terraform show -json` output whose planned changes are evaluated. */
  terraformPlan?: string;
}

/** --connect-timeout, --request-timeout, --deadline (seconds, as commander leaves them: strings) in milliseconds. */
export function networkOptions(options: Record<string, unknown>): NetworkSettings {
  const ms = (flag: string, key: string, fallback: number): number => {
    const raw = options[key];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(value) || value <= 0 || value > 86_400) {
      throw usageError(`${flag} ${String(raw)}: expected a number of seconds, more than 0 and at most 86400`);
    }
    return Math.round(value * 1000);
  };
  return {
    connectTimeoutMs: ms('--connect-timeout', 'connectTimeout', 10_000),
    requestTimeoutMs: ms('--request-timeout', 'requestTimeout', 30_000),
    deadlineMs: ms('--deadline', 'deadline', 300_000),
  };
}

/** True when doctor or audit was asked about planned changes (--change, --terraform-plan). */
export function wantsChanges(options: { change?: readonly string[]; terraformPlan?: string }): boolean {
  return (options.change?.length ?? 0) > 0 || options.terraformPlan !== undefined;
}
