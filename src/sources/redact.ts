/**
 * `snapshot --redact`: replaces account ids, IAM and SCP names, IAM paths, ARNs, session names,
 * e-mail addresses, tag values, unique ids (AIDA…, AROA…), Organizations ids (o-, r-, ou-, p-),
 * VPC endpoint ids, bucket names, instance-profile and SAML-provider names, sts:ExternalId and
 * OIDC subject values with pseudonyms, consistently (the same input gives the same pseudonym
 * everywhere in the file, policy documents included), so a customer can share the file and the
 * diagnosis stays the same. Wildcard patterns too: a pattern whose literal text names the
 * customer (`user/alice*`) becomes one that matches exactly the pseudonyms of the names it
 * matched, through a marker those pseudonyms carry (`user/*-m1-*` and `redacted-user-1-m1-`).
 * What AWS defines stays intact: AWS managed policy ARNs and names, AWS managed SCPs, service
 * principals, service-linked roles and their paths, and condition keys. Pure: no I/O.
 */
import { compilePattern } from '../engine/index.js';
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
  | 'path'
  | 'instance-profile'
  | 'saml-provider'
  | 'bucket'
  | 'value'
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
const TOKEN =
  /arn:[\w-]+:[\w-]*:[\w-]*:[^:\s"',]*:[^\s"',]*|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|(?<!\d)\d{12}(?!\d)|\b(?:A(?:IDA|ROA|GPA|NPA|IPA|SIA|KIA|PKA|NVA)[A-Z0-9]{12,}|o-[a-z0-9]{10,32}|r-[a-z0-9]{4,32}|ou-[a-z0-9]{4,32}-[a-z0-9]{8,32}|p-[a-z0-9_]{8,128}|vpce?-[0-9a-f]{8,17})\b/g;
/** Ids AWS generates for the customer's resources: the unique-id prefix or the Organizations/VPC kind, kept in the pseudonym. */
const GENERATED_ID = /^(?:(A(?:IDA|ROA|GPA|NPA|IPA|SIA|KIA|PKA|NVA))[A-Z0-9]{12,}|(o|r|p|vpce?)-[a-z0-9_]+|(ou)-[a-z0-9]+-[a-z0-9]+)$/;
/** Fields that hold an id AWS generated for the customer's entity, whatever its format (moto's are lower case). */
// PrincipalId: an Identity Center assignment's user or group id, the same pseudonym as that UserId or GroupId.
const ID_FIELDS = new Set(['RoleId', 'GroupId', 'PolicyId', 'InstanceProfileId', 'PrincipalId']);
/** Path segments AWS defines (service-linked roles, Identity Center roles, the console's service-role path). */
const AWS_PATH = /^(?:aws-service-role|aws-reserved|service-role|[\w.-]+\.amazonaws\.com)$/;
/** Condition keys whose values name the customer although no entity in the snapshot has that name. */
const IDENTIFYING_CONDITION_KEY = /^sts:externalid$|:sub$|:amr$/i;
const ACCOUNT_ID = /^\d{12}$/;
/** Identity store name fields: a person's name wherever it appears. */
const PERSON_FIELDS = new Set(['DisplayName', 'GivenName', 'FamilyName', 'MiddleName', 'Formatted', 'NickName']);
const WILDCARD = /[*?]|\$\{/;
/** Resource types in IAM/STS ARNs whose last segment is a name. */
const IAM_TYPE_KIND: Record<string, NameKind> = {
  user: 'user',
  group: 'group',
  role: 'role',
  policy: 'policy',
  'assumed-role': 'session',
  'federated-user': 'session',
  'instance-profile': 'instance-profile',
  'saml-provider': 'saml-provider',
};

class Pseudonyms {
  private readonly map = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  /** Per name: the markers of the wildcard patterns that match it (see markPatterns). */
  readonly markers = new Map<string, number[]>();
  /** Per pattern (as written): its marker. */
  readonly patternMarker = new Map<string, number>();

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
      const marks = (this.markers.get(original) ?? []).map((m) => `m${m}-`).join('');
      p = set !== undefined ? `AWSReservedSSO_${this.name(set, 'permission-set')}_${n.toString(16).padStart(16, '0')}` : `redacted-${kind}-${n}${marks ? `-${marks}` : ''}`;
      this.map.set(original, p);
    }
    return p;
  }

  /** An AWS-generated id, keeping what kind of id it is: AIDAREDACTED000000001, ou-redacted-00000001. */
  generated(original: string): string {
    let p = this.map.get(original);
    if (p === undefined) {
      const m = GENERATED_ID.exec(original);
      const kind = m?.[1] ?? m?.[2] ?? m?.[3] ?? 'ID';
      const n = this.next(`id-${kind}`);
      p = m?.[1] || kind === 'ID' ? `${kind}REDACTED${String(n).padStart(9, '0')}` : kind === 'ou' ? `ou-redacted-${String(n).padStart(8, '0')}` : kind.startsWith('vpc') ? `${kind}-${n.toString(16).padStart(17, '0')}` : `${kind}-redacted${String(n).padStart(4, '0')}`;
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
  markPatterns(snapshot, names);
  seed(snapshot, names);
  const redacted = walk(snapshot, names, undefined) as SnapshotV1;
  return { ...redacted, redacted: true };
}

/** Registers every name the snapshot declares, in file order, so pseudonyms are numbered predictably. */
function seed(s: SnapshotV1, names: Pseudonyms): void {
  for (const id of [s.account?.id, s.caller?.Account]) if (id) names.account(id);
  const tags = (list: { Value: string }[] | undefined): void => list?.forEach((t) => names.name(t.Value, 'tag'));
  const paths = (path: string | undefined): void => path?.split('/').forEach((segment) => segment !== '' && !AWS_PATH.test(segment) && names.name(segment, 'path'));
  for (const e of [...s.iam.UserDetailList, ...s.iam.GroupDetailList, ...s.iam.RoleDetailList, ...s.iam.Policies]) paths((e as { Path?: string }).Path);
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
    for (const profile of (r as { InstanceProfileList?: { InstanceProfileName?: string; Path?: string }[] }).InstanceProfileList ?? []) {
      if (profile.InstanceProfileName) names.name(profile.InstanceProfileName, 'instance-profile');
      paths(profile.Path);
    }
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
    if (key !== undefined && ID_FIELDS.has(key)) return value === '' ? value : names.generated(value);
    if (key === 'Path') return value.split('/').map((segment) => (segment === '' || AWS_PATH.test(segment) ? segment : names.name(segment, 'path'))).join('/');
    if (key !== undefined && IDENTIFYING_CONDITION_KEY.test(key)) return redactLiteralChunks(value, names);
    const marker = names.patternMarker.get(value);
    if (marker !== undefined) return markedPattern(value, marker, names);
    return redactString(value, names);
  }
  // A condition value list keeps its condition key, which decides how its values are redacted.
  if (Array.isArray(value)) return value.map((v) => walk(v, names, key !== undefined && IDENTIFYING_CONDITION_KEY.test(key) ? key : undefined));
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
  const id = colon < 0 ? text : text.slice(0, colon);
  const redactedId = id === '' || ACCOUNT_ID.test(id) ? redactString(id, names) : names.generated(id);
  return colon < 0 ? redactedId : `${redactedId}:${names.name(text.slice(colon + 1), 'session')}`;
}

/** A value that names the customer (an external id, an OIDC subject): every literal run replaced, wildcards kept. */
function redactLiteralChunks(text: string, names: Pseudonyms): string {
  return text.replace(/[^*?]+/g, (chunk) => names.known(chunk) ?? names.name(chunk, 'value'));
}

function redactString(text: string, names: Pseudonyms): string {
  const known = names.known(text);
  if (known !== undefined) return known;
  return text.replace(TOKEN, (token) => {
    if (token.startsWith('arn:')) return redactArn(token, names);
    if (ACCOUNT_ID.test(token)) return names.account(token);
    if (GENERATED_ID.test(token)) return names.generated(token);
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
    if (GENERATED_ID.test(segment)) return names.generated(segment);
    if (WILDCARD.test(segment) || segment === '') return segment;
    // S3: the bucket and every literal key segment.
    if (service === 's3') return names.name(segment, i === 0 ? 'bucket' : 'name');
    if (kind === undefined || i === 0) return segment;
    // IAM names: the last segment, and the path before it; an assumed-role ARN is role/session.
    if (type === 'assumed-role' && i === 1) return names.name(segment, 'role');
    if (i === segments.length - 1) return names.name(segment, kind);
    return AWS_PATH.test(segment) ? segment : names.name(segment, 'path');
  });
  return [prefix, partition, service, region, acct, redacted.join('/')].join(':');
}

/** Keys whose values are actions, never names: their wildcards (`ce:*`) are not patterns over names. */
const ACTION_KEYS = new Set(['Action', 'NotAction']);

/** Every string with a wildcard in the snapshot's policy documents (not actions, not variables). */
function patternsIn(value: unknown, key: string | undefined, out: Set<string>): void {
  if (typeof value === 'string') {
    if (key !== undefined && DOCUMENT_FIELDS.has(key)) patternsIn(decodeDocument(value), undefined, out);
    else if (key === 'Content') patternsIn(decodeDocument(value), undefined, out);
    else if (/[*?]/.test(value) && !value.includes('${') && value !== '*') out.add(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const v of value) patternsIn(v, key, out);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  for (const [k, v] of Object.entries(value)) if (!ACTION_KEYS.has(k)) patternsIn(v, k, out);
}

/** ARNs and names of the snapshot's entities (Identity Center's too), with the name each one's pseudonym carries markers on. */
function universe(s: SnapshotV1): { arns: Map<string, string>; names: Set<string> } {
  const arns = new Map<string, string>();
  const names = new Set<string>();
  const add = (arn: string | undefined, name: string | undefined): void => {
    if (name) names.add(name);
    if (arn && name) arns.set(arn, name);
  };
  for (const u of s.iam.UserDetailList) {
    add(u.Arn, u.UserName);
    for (const t of u.Tags ?? []) names.add(t.Value);
  }
  for (const g of s.iam.GroupDetailList) add(g.Arn, g.GroupName);
  for (const r of s.iam.RoleDetailList) {
    add(r.Arn, r.RoleName);
    for (const t of r.Tags ?? []) names.add(t.Value);
  }
  for (const p of s.iam.Policies) if (!AWS_MANAGED_POLICY_ARN.test(p.Arn)) add(p.Arn, p.PolicyName);
  const ic = s.identityCenter;
  for (const set of ic?.permissionSets ?? []) names.add(set.Name);
  for (const u of ic?.users ?? []) names.add(u.UserName);
  for (const g of ic?.groups ?? []) if (g.DisplayName) names.add(g.DisplayName);
  return { arns, names };
}

/**
 * Gives each wildcard pattern whose literal text would not survive redaction a marker, and each
 * name it matches that marker, so the rewritten pattern (`…/*-m1-*`) matches exactly the
 * pseudonyms of the names the original matched. Patterns that match nothing keep their shape.
 */
function markPatterns(s: SnapshotV1, names: Pseudonyms): void {
  const found = new Set<string>();
  patternsIn(s, undefined, found);
  const { arns, names: plain } = universe(s);
  let next = 0;
  for (const pattern of [...found].sort()) {
    const arn = pattern.startsWith('arn:');
    if (!needsMarker(pattern, arn)) continue;
    const test = compilePattern(pattern, { wildcards: true, variables: false, ignoreCase: false, arn });
    const matched = arn ? [...arns].filter(([a]) => test.test(a, new Map()) === true).map(([, n]) => n) : [...plain].filter((n) => test.test(n, new Map()) === true);
    if (matched.length === 0) continue;
    const marker = ++next;
    names.patternMarker.set(pattern, marker);
    // An Identity Center role's pseudonym is made of its permission set's (so the two still match):
    // the set's pseudonym carries the role's markers.
    const marked = matched.flatMap((name) => [name, ...(SSO_ROLE.exec(name)?.slice(1, 2) ?? [])]);
    for (const name of new Set(marked)) names.markers.set(name, [...(names.markers.get(name) ?? []), marker]);
  }
}

/** Whether the pattern has literal text where a name goes (its resource name part, or any text for a plain pattern). */
function needsMarker(pattern: string, arn: boolean): boolean {
  if (!arn) return /[^*?]/.test(pattern);
  // A wildcard only in the account or region field: each literal segment is redacted as in any ARN.
  const resource = pattern.split(':').slice(5).join(':');
  const name = resource.slice(resource.indexOf('/') + 1);
  return resource.includes('/') && /[*?]/.test(name) && /[^*?/]/.test(name);
}

/** The pattern rewritten to match its marker: ARN prefix (account redacted) up to the resource type, then `*-mN-*`. */
function markedPattern(pattern: string, marker: number, names: Pseudonyms): string {
  const tail = `*-m${marker}-*`;
  if (!pattern.startsWith('arn:')) return tail;
  const parts = pattern.split(':');
  const resource = parts.slice(5).join(':');
  const head = parts.slice(0, 5).map((part, i) => (i === 4 && ACCOUNT_ID.test(part) ? names.account(part) : part));
  return `${head.join(':')}:${resource.slice(0, resource.indexOf('/') + 1)}${tail}`;
}
