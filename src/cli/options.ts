/** Parsed options of each command, as commander produces them from spec.ts (`--json` already folded into format). */
import type { ActionSet, TaskId } from '../model/catalogue.js';
import type { ActivationState, MfaAnswer } from '../model/snapshot.js';
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
