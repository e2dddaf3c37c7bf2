/**
 * The organization audit (design section 10): account × principal × page, and drift against an
 * allow-list whose patterns may name accounts or OUs. Pure: accounts arrive already audited.
 */
import { compilePattern } from '../engine/pattern.js';
import type { TaskId } from '../model/catalogue.js';
import type { CollectionGap } from '../model/snapshot.js';
import { addRowDrift, type AuditRow, type Drift, type ExpectList } from './audit.js';

/** One account of the organization audit. */
export interface OrgAuditAccount {
  id: string;
  name?: string;
  /** OU path from the root down to the account's own OU (ids). */
  ous: string[];
  /** `read`: its matrix is below (it may still have gaps); `gap`: it could not be read at all. */
  status: 'read' | 'gap';
  /** Reads that failed for this account (AssumeRole, IAM, SCPs): its cells depending on them are inconclusive. */
  gaps: Pick<CollectionGap, 'operation' | 'error' | 'message' | 'hint'>[];
  /** The kept snapshot (`--out-dir`), to re-run doctor offline. */
  snapshotFile?: string;
  principals: AuditRow[];
}

export interface OrgAuditResult {
  schemaVersion: 1;
  kind: 'org';
  source: { kind: 'live'; profile?: string } | { kind: 'snapshot-dir'; dir: string };
  organization?: { id: string; managementAccountId: string };
  tasks: TaskId[];
  accounts: OrgAuditAccount[];
  drift?: Drift;
}

/** A principal as org patterns see it. */
export interface OrgPrincipal {
  accountId: string;
  ous: readonly string[];
  arn: string;
  type: string;
  name: string;
}

const glob = (pattern: string, ignoreCase: boolean) => compilePattern(pattern, { wildcards: true, variables: false, ignoreCase });
const NO_CONTEXT = new Map<string, readonly string[]>();
const matches = (pattern: string, value: string, ignoreCase: boolean): boolean => glob(pattern, ignoreCase).test(value, NO_CONTEXT) === true;

/** The kind a `SCOPE:KIND/NAME` pattern names: a permission set's role is a `role`; an Identity Center user a `sso-user`. */
const kindOf = (type: string): string => (type === 'identity-center-role' ? 'role' : type === 'identity-center-user' ? 'sso-user' : type);

/** `arn:…` patterns, `SCOPE:user/NAME`, `SCOPE:role/NAME`, `SCOPE:NAME`, or a bare NAME (any account). */
const SCOPED = /^(\*|\d{12}|ou-[0-9a-z-]+|r-[0-9a-z]+):(.+)$/;

/**
 * Does an allow-list pattern cover this principal? The scope is `*`, an account id, or an OU or
 * root id on the account's path; names compare case-insensitively (as IAM names do), ARNs exactly.
 */
export function orgPatternMatches(pattern: string, p: OrgPrincipal): boolean {
  if (pattern.startsWith('arn:')) return matches(pattern, p.arn, false);
  const scoped = SCOPED.exec(pattern);
  if (scoped === null) return matches(pattern, p.name, true);
  const [, scope = '*', rest = ''] = scoped;
  const inScope = scope === '*' || scope === p.accountId || p.ous.includes(scope);
  if (!inScope) return false;
  return rest.includes('/') ? matches(rest, `${kindOf(p.type)}/${p.name}`, true) : matches(rest, p.name, true);
}

/** Drift of the whole organization against the allow-list; a principal is named by its ARN (which holds the account). */
export function compareOrgExpect(accounts: readonly OrgAuditAccount[], expected: ExpectList): Drift {
  const drift: Drift = { gained: [], lost: [], unconfirmed: [], missing: [] };
  const matched = new Set<string>();
  for (const account of accounts) {
    for (const row of account.principals) {
      const principal: OrgPrincipal = { accountId: account.id, ous: account.ous, ...row.principal };
      const allowed = new Set<TaskId>();
      for (const [pattern, tasks] of expected) {
        if (!orgPatternMatches(pattern, principal)) continue;
        matched.add(pattern);
        for (const t of tasks) allowed.add(t);
      }
      addRowDrift(drift, row, allowed);
    }
  }
  const unread = accounts.filter((a) => a.status === 'gap');
  for (const [pattern, tasks] of expected) {
    if (/[*?]/.test(pattern) || tasks.length === 0 || matched.has(pattern)) continue;
    // The principal may be in an account that could not be read: not known to be gone.
    const kind = unread.some((a) => couldName(pattern, a)) ? 'unconfirmed' : 'missing';
    drift[kind].push({ principal: pattern, tasks: [...tasks] });
  }
  return drift;
}

/** Could this pattern name a principal of that account (whose principals are not known)? */
function couldName(pattern: string, account: OrgAuditAccount): boolean {
  if (pattern.startsWith('arn:')) return matches(pattern.split(':')[4] ?? '*', account.id, false);
  const scope = SCOPED.exec(pattern)?.[1];
  return scope === undefined || scope === '*' || scope === account.id || account.ous.includes(scope);
}

/** Accounts that could not be read, or were read with gaps: the run is inconclusive for them. */
export function accountsWithGaps(result: OrgAuditResult): OrgAuditAccount[] {
  return result.accounts.filter((a) => a.status === 'gap' || a.gaps.length > 0);
}
