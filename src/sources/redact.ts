/**
 * `snapshot --redact`: replaces account ids, IAM and SCP names, ARNs, session names and e-mail
 * addresses with pseudonyms, consistently (the same input gives the same pseudonym everywhere in
 * the file, policy documents included), so a customer can share the file and the diagnosis stays
 * the same. What AWS defines stays intact: AWS managed policy ARNs and names, AWS managed SCPs,
 * service principals, service-linked roles, ARN paths, and condition keys. Pure: no I/O.
 */
import type { OrgPolicy, SnapshotV1 } from '../model/snapshot.js';

/** What a pseudonym stands for; it becomes part of the pseudonym so a reader can follow the file. */
type NameKind =
  | 'user'
  | 'group'
  | 'role'
  | 'policy'
  | 'inline-policy'
  | 'scp'
  | 'session'
  | 'account-name'
  | 'tag'
  | 'name'
  | 'permission-set'
  | 'sso-user'
  | 'sso-group'
  | 'person';

const AWS_MANAGED_POLICY_ARN = /^arn:[\w-]+:iam::aws:policy\//;
/** Names AWS gives, which say nothing about the customer and which checks recognise. */
const AWS_DEFINED_NAME = /^(AWSServiceRoleFor|OrganizationAccountAccessRole$|AwsSSOInlinePolicy$)/;
/** `AWSReservedSSO_<permission set>_<16 hex>`: the set's pseudonym goes in the role's, so the two still match. */
const SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/i;
/** Fields that hold a policy document (URL-encoded JSON string or object). */
const DOCUMENT_FIELDS = new Set(['PolicyDocument', 'Document', 'AssumeRolePolicyDocument', 'InlinePolicy']);
/** One pass over a string: an ARN, an e-mail address, or a bare account id. */
const TOKEN = /arn:[\w-]+:[\w-]*:[\w-]*:[^:\s"',]*:[^\s"',]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\d)\d{12}(?!\d)/g;
const ACCOUNT_ID = /^\d{12}$/;
/** Identity store name fields: a person's name wherever it appears. */
const PERSON_FIELDS = new Set(['DisplayName', 'GivenName', 'FamilyName', 'MiddleName', 'Formatted', 'NickName']);
const WILDCARD = /[*?]|\$\{/;
/** Resource types in IAM/STS ARNs whose last segment is a name. */
const IAM_TYPE_KIND: Record<string, NameKind> = { user: 'user', group: 'group', role: 'role', policy: 'policy', 'assumed-role': 'session', 'federated-user': 'session' };

class Pseudonyms {
  private readonly map = new Map<string, string>();
  private readonly counters = new Map<string, number>();

  private next(kind: string): number {
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    return n;
  }

  account(id: string): string {
    let p = this.map.get(id);
    if (p === undefined) {
      p = `9${String(this.next('account')).padStart(11, '0')}`;
      this.map.set(id, p);
    }
    return p;
  }

  name(original: string, kind: NameKind): string {
    if (original === '' || AWS_DEFINED_NAME.test(original)) return original;
    let p = this.map.get(original);
    if (p === undefined) {
      const n = this.next(kind);
      // Identity Center roles keep their prefix: the checks recognise them by it, and find the set by its name.
      const set = SSO_ROLE.exec(original)?.[1];
      p = set !== undefined ? `AWSReservedSSO_${this.name(set, 'permission-set')}_${n.toString(16).padStart(16, '0')}` : `redacted-${kind}-${n}`;
      this.map.set(original, p);
    }
    return p;
  }

  email(original: string): string {
    let p = this.map.get(original);
    if (p === undefined) {
      p = `redacted-${this.next('email')}@example.com`;
      this.map.set(original, p);
    }
    return p;
  }

  /** A known name, or undefined. */
  known(text: string): string | undefined {
    return this.map.get(text);
  }
}

export function redactSnapshot(snapshot: SnapshotV1): SnapshotV1 {
  const names = new Pseudonyms();
  seed(snapshot, names);
  const redacted = walk(snapshot, names, undefined) as SnapshotV1;
  return { ...redacted, redacted: true };
}

/** Registers every name the snapshot declares, in file order, so pseudonyms are numbered predictably. */
function seed(s: SnapshotV1, names: Pseudonyms): void {
  for (const id of [s.account?.id, s.caller?.Account]) if (id) names.account(id);
  const tags = (list: { Value: string }[] | undefined): void => list?.forEach((t) => names.name(t.Value, 'tag'));
  for (const u of s.iam.UserDetailList) {
    names.name(u.UserName, 'user');
    u.UserPolicyList?.forEach((p) => names.name(p.PolicyName, 'inline-policy'));
    tags(u.Tags);
  }
  for (const g of s.iam.GroupDetailList) {
    names.name(g.GroupName, 'group');
    g.GroupPolicyList?.forEach((p) => names.name(p.PolicyName, 'inline-policy'));
  }
  for (const r of s.iam.RoleDetailList) {
    names.name(r.RoleName, 'role');
    r.RolePolicyList?.forEach((p) => names.name(p.PolicyName, 'inline-policy'));
    tags(r.Tags);
  }
  for (const p of s.iam.Policies) if (!AWS_MANAGED_POLICY_ARN.test(p.Arn)) names.name(p.PolicyName, 'policy');
  for (const u of Object.keys(s.users ?? {})) names.name(u, 'user');
  const org = s.organizations;
  if (org) {
    names.account(org.organization.MasterAccountId);
    if (org.account?.Name) names.name(org.account.Name, 'account-name');
    for (const list of Object.values(org.policies ?? {})) for (const p of list) if (!p.PolicySummary.AwsManaged) names.name(p.PolicySummary.Name, 'scp');
  }
  const ic = s.identityCenter;
  if (ic) {
    if (ic.instance.Name) names.name(ic.instance.Name, 'name');
    for (const set of ic.permissionSets) {
      names.name(set.Name, 'permission-set');
      // A reference names a policy of the account by name: the same pseudonym as the policy (or as it would be).
      const refs = [...(set.CustomerManagedPolicyReferences ?? []), ...(set.PermissionsBoundary?.CustomerManagedPolicyReference ? [set.PermissionsBoundary.CustomerManagedPolicyReference] : [])];
      for (const ref of refs) names.name(ref.Name, 'policy');
    }
    for (const u of ic.users) {
      names.name(u.UserName, 'sso-user');
      if (u.DisplayName) names.name(u.DisplayName, 'person');
    }
    for (const g of ic.groups) if (g.DisplayName) names.name(g.DisplayName, 'sso-group');
  }
}

function walk(value: unknown, names: Pseudonyms, key: string | undefined): unknown {
  if (typeof value === 'string') {
    if (key !== undefined && DOCUMENT_FIELDS.has(key)) return walk(decodeDocument(value), names, undefined);
    if (key === 'Content') return redactJsonText(value, names);
    if (key === 'UserId') return redactUserId(value, names);
    if (key !== undefined && PERSON_FIELDS.has(key)) return names.name(value, 'person');
    return redactString(value, names);
  }
  if (Array.isArray(value)) return value.map((v) => walk(v, names, undefined));
  if (typeof value !== 'object' || value === null) return value;
  const object = value as Record<string, unknown>;
  // AWS's own policies (attachments, documents, FullAWSAccess) name no customer and stay exactly as AWS wrote them,
  // except the ARN of an AWS managed SCP, which some implementations scope to the management account.
  if ([object.PolicyArn, object.Arn].some((arn) => typeof arn === 'string' && AWS_MANAGED_POLICY_ARN.test(arn))) return structuredClone(object);
  if (isAwsManagedScp(object)) {
    const summary = object.PolicySummary as Record<string, unknown>;
    return { ...structuredClone(object), PolicySummary: { ...summary, ...(typeof summary.Arn === 'string' ? { Arn: redactString(summary.Arn, names) } : {}) } };
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) {
    // Free text that may name the customer and that no check reads.
    if (k === 'Description') continue;
    out[key === 'users' || key === 'policies' ? redactString(k, names) : k] = walk(v, names, k);
  }
  return out;
}

function isAwsManagedScp(object: Record<string, unknown>): boolean {
  const summary = (object as Partial<OrgPolicy>).PolicySummary;
  return typeof summary === 'object' && summary !== null && summary.AwsManaged === true && 'Content' in object;
}

/** A policy document as IAM returns it (URL-encoded) or as the CLI prints it, as an object when it parses. */
function decodeDocument(text: string): unknown {
  for (const candidate of [text, safeDecode(text)]) {
    try {
      return JSON.parse(candidate);
    } catch {
      // try the next form
    }
  }
  return text;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** SCP content stays a JSON string, as describe-policy returns it. */
function redactJsonText(text: string, names: Pseudonyms): string {
  const parsed = decodeDocument(text);
  return typeof parsed === 'string' ? redactString(text, names) : JSON.stringify(walk(parsed, names, undefined));
}

/** `AROA…:session-name`: the unique id stays, the session name (often an e-mail) goes, as in the session's ARN. */
function redactUserId(text: string, names: Pseudonyms): string {
  const colon = text.indexOf(':');
  return colon < 0 ? text : `${text.slice(0, colon)}:${names.name(text.slice(colon + 1), 'session')}`;
}

function redactString(text: string, names: Pseudonyms): string {
  const known = names.known(text);
  if (known !== undefined) return known;
  return text.replace(TOKEN, (token) => {
    if (token.startsWith('arn:')) return redactArn(token, names);
    if (ACCOUNT_ID.test(token)) return names.account(token);
    return names.email(token);
  });
}

function redactArn(arn: string, names: Pseudonyms): string {
  if (AWS_MANAGED_POLICY_ARN.test(arn)) return arn;
  const [prefix, partition, service, region, account, ...rest] = arn.split(':');
  const resource = rest.join(':');
  const acct = account !== undefined && ACCOUNT_ID.test(account) ? names.account(account) : account;
  const segments = resource.split('/');
  const type = segments[0] ?? '';
  const kind = (service === 'iam' || service === 'sts') && segments.length > 1 ? IAM_TYPE_KIND[type] : undefined;
  const redacted = segments.map((segment, i) => {
    const known = names.known(segment);
    if (known !== undefined) return known;
    if (ACCOUNT_ID.test(segment)) return names.account(segment);
    if (kind === undefined || i === 0 || WILDCARD.test(segment)) return segment;
    // IAM names: the last segment (paths stay); an assumed-role ARN is role/session.
    if (type === 'assumed-role' && i === 1) return names.name(segment, 'role');
    return i === segments.length - 1 ? names.name(segment, kind) : segment;
  });
  return [prefix, partition, service, region, acct, redacted.join('/')].join(':');
}
