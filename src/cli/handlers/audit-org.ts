/**
 * `audit --org` and `audit --snapshot-dir`: the organization matrix, live (one account at a time
 * streamed through the audit, so memory does not grow with the accounts) or from kept snapshots.
 */
import { lstat, mkdir, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Io } from '../../io.js';
import { usageError } from '../../errors.js';
import { auditAccount, auditExitCode, type AuditSettings, type ExpectList } from '../../checks/audit.js';
import { accountsWithGaps, compareOrgExpect, type OrgAuditAccount, type OrgAuditResult } from '../../checks/audit-org.js';
import { buildAccountModel, type CompileCache } from '../../model/account.js';
import type { TaskSpec } from '../../model/catalogue.js';
import type { SnapshotV1 } from '../../model/snapshot.js';
import { chalkFor } from '../../render/color.js';
import { wrapWidth } from '../../render/wrap.js';
import { renderOrgAuditHtml, renderOrgAuditJson, renderOrgAuditMarkdown, renderOrgAuditText } from '../../render/audit-org.js';
import { loadSnapshotFile } from '../../sources/file.js';
import { loadShippedManagedPolicies } from '../../sources/managed-policies.js';
import { prepareOutput } from '../../sources/output-file.js';
import { barProgress } from '../../ui/progress-bar.js';
import type { AuditOptions } from '../options.js';


const MAX_CONCURRENCY = 64;
const ACCOUNT_ID = /^\d{12}$/;
const OU_ID = /^(ou-[0-9a-z]{4,32}-[0-9a-z]{8,32}|r-[0-9a-z]{4,32})$/;

interface Common {
  tasks: readonly TaskSpec[];
  facts: AuditSettings;
  expected?: ExpectList;
}

/** One per run: an SCP or AWS managed policy found in many accounts is compiled once. */
type Run = Common & { compiled: CompileCache };

function auditOne(snapshot: SnapshotV1, common: Run, meta: { id: string; name?: string; ous: string[]; snapshotFile?: string }): OrgAuditAccount {
  const gaps = (snapshot.gaps ?? []).map(({ operation, error, message, hint }) => ({ operation, error, message, ...(hint !== undefined ? { hint } : {}) }));
  // No role assumed or no IAM read: the account has no matrix at all (a gap, not an account without principals).
  const unread = (snapshot.gaps ?? []).some((g) => g.part === 'iam' || g.operation === 'sts:AssumeRole');
  const model = buildAccountModel(snapshot, loadShippedManagedPolicies(), { compiled: common.compiled });
  return {
    ...meta,
    status: unread ? 'gap' : 'read',
    gaps,
    principals: unread ? [] : auditAccount(model, common.tasks, common.facts),
  };
}

function finish(result: OrgAuditResult, options: AuditOptions, io: Io, common: Common): number {
  if (common.expected !== undefined) result.drift = compareOrgExpect(result.accounts, common.expected);
  if (options.format === 'json') io.out(renderOrgAuditJson(result));
  else if (options.format === 'markdown') io.out(renderOrgAuditMarkdown(result, options.expect));
  else if (options.format === 'html') io.out(renderOrgAuditHtml(result));
  else io.out(renderOrgAuditText(result, chalkFor(io), options.expect, { width: wrapWidth(io) }));
  return auditExitCode(result.accounts.flatMap((a) => a.principals), result.drift, accountsWithGaps(result).length);
}

function parseSweepOptions(options: AuditOptions): { accounts?: string[]; concurrency: number } {
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw usageError(`--concurrency ${options.concurrency}: expected a whole number from 1 to ${MAX_CONCURRENCY}`);
  }
  if (options.ou !== undefined && !OU_ID.test(options.ou)) throw usageError(`--ou ${options.ou}: expected an OU id (ou-…) or a root id (r-…)`);
  if (options.accounts === undefined) return { concurrency };
  const accounts = [...new Set(options.accounts.split(',').map((a) => a.trim()).filter((a) => a !== ''))];
  const bad = accounts.find((a) => !ACCOUNT_ID.test(a));
  if (bad !== undefined || accounts.length === 0) throw usageError(`--accounts ${options.accounts}: expected 12-digit account ids separated by commas`);
  return { accounts, concurrency };
}

/** The out-dir exists (or is made, 0700) and holds no snapshots yet: checked before any AWS call. */
async function prepareOutDir(dir: string, cwd: string): Promise<string> {
  const path = resolve(cwd, dir);
  const info = await lstat(path).catch(() => undefined);
  if (info?.isSymbolicLink()) throw usageError(`--out-dir ${dir}: is a symbolic link; billing-access never writes through one (give the real path)`);
  if (info !== undefined && !info.isDirectory()) throw usageError(`--out-dir ${dir}: not a directory`);
  if (info === undefined) await mkdir(path, { recursive: true, mode: 0o700 }).catch((e: NodeJS.ErrnoException) => {
    throw usageError(`--out-dir ${dir}: cannot create it (${e.code ?? String(e)})`);
  });
  const existing = (await readdir(path)).filter((f) => f.endsWith('.json'));
  if (existing.length > 0) throw usageError(`--out-dir ${dir}: already holds ${existing.length} snapshot(s) (${existing[0]}…); choose an empty directory`);
  return path;
}

/** Through the one output writer (src/sources/output-file.ts): 0600, atomic, never over an existing file. */
async function keepSnapshot(dir: string, id: string, snapshot: SnapshotV1, io: Io): Promise<string> {
  const path = join(dir, `${id}.json`);
  const output = await prepareOutput({ flag: '--out-dir', path, cwd: io.cwd, force: false, what: 'the snapshot' });
  await output.write(JSON.stringify(snapshot, null, 2) + '\n', io);
  return path;
}

export async function auditOrg(options: AuditOptions, io: Io, common: Common): Promise<number> {
  const { accounts, concurrency } = parseSweepOptions(options);
  const outDir = options.outDir !== undefined ? await prepareOutDir(options.outDir, io.cwd) : undefined;
  const bar = barProgress(io, 'accounts', Date.now, () => process.stderr.columns);
  const audited: OrgAuditAccount[] = [];
  const run: Run = { ...common, compiled: new Map() };
  // Only this path loads the AWS SDK.
  const { sweepOrganization } = await import('../../sources/aws/org-sweep.js');
  let organization;
  try {
    organization = await sweepOrganization(
      {
        profile: options.profile,
        region: options.region,
        ...(accounts !== undefined ? { accounts } : {}),
        ...(options.ou !== undefined ? { ou: options.ou } : {}),
        roleName: options.roleName,
        ...(options.externalId !== undefined ? { externalId: options.externalId } : {}),
        roleSessionName: options.roleSessionName,
        concurrency,
      },
      { total: (n) => bar.total(n), started: (id) => bar.started(id), finished: () => undefined },
      async (account) => {
        // An account that could not be read is kept too, so a re-audit of the directory says the same.
        const { snapshot } = account;
        const snapshotFile = outDir !== undefined ? await keepSnapshot(outDir, account.id, snapshot, io) : undefined;
        const result = auditOne(snapshot, run, { id: account.id, ...(account.name !== undefined ? { name: account.name } : {}), ous: account.ous, ...(snapshotFile !== undefined ? { snapshotFile } : {}) });
        audited.push(result);
        const gap = result.gaps[0];
        bar.finished(account.id, gap !== undefined ? `${result.status === 'gap' ? 'not read' : 'read with gaps'}: ${gap.operation} ${gap.error}` : undefined);
      },
    );
  } finally {
    bar.stop();
  }
  audited.sort((a, b) => a.id.localeCompare(b.id));
  const result: OrgAuditResult = {
    schemaVersion: 1,
    kind: 'org',
    source: { kind: 'live', ...(options.profile !== undefined ? { profile: options.profile } : {}) },
    organization: { id: organization.Id, managementAccountId: organization.MasterAccountId },
    tasks: common.tasks.map((t) => t.id),
    accounts: audited,
  };
  return finish(result, options, io, common);
}

export async function auditSnapshotDir(options: AuditOptions, io: Io, common: Common): Promise<number> {
  const dir = options.snapshotDir as string;
  const path = resolve(io.cwd, dir);
  const files = await readdir(path).catch((e: NodeJS.ErrnoException) => {
    throw usageError(`--snapshot-dir ${dir}: cannot read the directory (${e.code ?? String(e)})`);
  });
  const snapshots = files.filter((f) => f.endsWith('.json') && !f.startsWith('.')).sort();
  if (snapshots.length === 0) throw usageError(`--snapshot-dir ${dir}: no snapshot files (*.json) in it`);
  const accounts: OrgAuditAccount[] = [];
  const run: Run = { ...common, compiled: new Map() };
  let organization: OrgAuditResult['organization'];
  for (const file of snapshots) {
    const shown = join(dir, file);
    const snapshot = await loadSnapshotFile(shown, io.cwd);
    const org = snapshot.organizations ?? undefined;
    organization ??= org !== undefined ? { id: org.organization.Id, managementAccountId: org.organization.MasterAccountId } : undefined;
    const id = snapshot.account?.id ?? org?.account?.Id ?? snapshot.caller?.Account ?? file.replace(/\.json$/, '');
    const name = org?.account?.Name;
    accounts.push(auditOne(snapshot, run, { id, ...(name !== undefined ? { name } : {}), ous: (org?.parents ?? []).map((p) => p.Id).reverse(), snapshotFile: join(path, file) }));
  }
  accounts.sort((a, b) => a.id.localeCompare(b.id));
  const result: OrgAuditResult = {
    schemaVersion: 1,
    kind: 'org',
    source: { kind: 'snapshot-dir', dir },
    ...(organization !== undefined ? { organization } : {}),
    tasks: common.tasks.map((t) => t.id),
    accounts,
  };
  return finish(result, options, io, common);
}
