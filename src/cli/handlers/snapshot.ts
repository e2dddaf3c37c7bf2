/** `billing-access snapshot -o FILE`: capture a live account into a format-v1 file, atomically, mode 0600. */
import type { Io } from '../../io.js';
import { ExitError, EXIT } from '../../errors.js';
import { prepareOutput } from '../../sources/output-file.js';
import type { SnapshotV1 } from '../../model/snapshot.js';
import { spinnerProgress } from '../../ui/progress.js';
import { inertJson, inertText } from '../../render/inert.js';

/** Options as declared for `snapshot` in spec.ts. */
export interface SnapshotOptions {
  output: string;
  principal?: string;
  redact?: boolean;
  force?: boolean;
  /** What the root user sees on the Account page; recorded as account.iamUserAccessToBilling. */
  activation?: 'enabled' | 'disabled';
  profile?: string;
  region: string;
  orgProfile?: string;
}

export async function snapshot(raw: Record<string, unknown>, io: Io): Promise<number> {
  const options = raw as unknown as SnapshotOptions;
  if (typeof options.output !== 'string' || options.output === '') throw new ExitError('snapshot: -o/--output FILE is required');
  // Checked (and the temporary file opened) before any AWS call, so a typo or a read-only directory costs nothing.
  const output = await prepareOutput({ flag: '-o', path: options.output, cwd: io.cwd, force: Boolean(options.force), what: 'the snapshot', stdout: true });

  const progress = await spinnerProgress(io);
  // Only this command's live path loads the AWS SDK.
  const { collectSnapshot } = await import('../../sources/aws/collect.js');
  let captured = await collectSnapshot(
    { profile: options.profile, region: options.region, orgProfile: options.orgProfile, principal: options.principal, allUsers: true },
    progress,
  );
  if (options.activation) captured = { ...captured, account: { ...captured.account, iamUserAccessToBilling: options.activation } };
  if (options.redact) captured = (await import('../../sources/redact.js')).redactSnapshot(captured);

  await output.write(inertJson(captured, 2) + '\n', io);
  io.err(inertText(summary(output.toStdout ? 'stdout' : output.shown, captured)) + '\n');
  return EXIT.ok;
}

/** One line: what was captured and what could not be read. */
export function summary(file: string, s: SnapshotV1): string {
  const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`;
  const parts = [
    `account ${s.account?.id ?? 'unknown'}`,
    count(s.iam.UserDetailList.length, 'user'),
    count(s.iam.GroupDetailList.length, 'group'),
    count(s.iam.RoleDetailList.length, 'role'),
    count(s.iam.Policies.length, 'managed policy').replace('policys', 'policies'),
  ];
  const org = s.organizations;
  if (org === null) parts.push('no organization');
  else if (org !== undefined) {
    const levels = org.policies ? `, SCPs at ${count(Object.keys(org.policies).length, 'level')}` : '';
    parts.push(`organization ${org.organization.Id}${org.organization.MasterAccountId === s.account?.id ? ' (management account)' : ''}${levels}`);
  }
  const activation = s.account?.iamUserAccessToBilling;
  if (activation !== undefined) parts.push(`IAM access to billing ${activation}`);
  const gaps = s.gaps ?? [];
  const gapText = gaps.length === 0 ? 'no gaps' : `${count(gaps.length, 'gap')} (${gaps.map((g) => g.operation).join(', ')})`;
  return `wrote ${file}${s.redacted ? ' (redacted)' : ''}: ${parts.join(', ')}; ${gapText}`;
}
