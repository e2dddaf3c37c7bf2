/**
 * Principal resolution: what the person typed (`--principal`) → a user, a role (also from an
 * assumed-role or Identity Center session ARN), or the root user. Ambiguity and unknown names are
 * usage errors (exit 2) that list the candidates.
 */
import { EXIT, ExitError, usageError } from '../errors.js';
import type { PrincipalType } from './diagnosis.js';
import type { AccountModel, Entity } from './account.js';
import { findUsers, permissionSetByName } from './identity-center.js';
import type { IdentityStoreUser } from './snapshot.js';
import { closest } from './suggest.js';

export interface ResolvedPrincipal {
  type: PrincipalType;
  arn: string;
  name: string;
  /** The user or role; absent for root. */
  entity?: Entity;
  /** Identity Center permission set name (from `AWSReservedSSO_<name>_<suffix>`). */
  permissionSet?: string;
  /** Its ARN, when the snapshot has the `identityCenter` part and the set is in it. */
  permissionSetArn?: string;
  /** Path `/aws-service-role/`: not subject to SCPs. */
  serviceLinked: boolean;
}

/** Identity Center creates `AWSReservedSSO_<PermissionSetName>_<16 hex>` roles under `/aws-reserved/sso.amazonaws.com/`. */
const SSO_ROLE = /^AWSReservedSSO_(.+)_[0-9a-f]{16}$/i;

export function permissionSetOf(roleName: string): string | undefined {
  return SSO_ROLE.exec(roleName)?.[1];
}

/** The principal a user or role is (audit walks entities directly, without a lookup); `model` maps an SSO role to its set's ARN. */
export function principalOf(entity: Entity, model?: AccountModel): ResolvedPrincipal {
  if (entity.kind === 'user') return { type: 'user', arn: entity.arn, name: entity.name, entity, serviceLinked: false };
  const permissionSet = permissionSetOf(entity.name);
  const set = permissionSet !== undefined && model?.identityCenter ? permissionSetByName(model.identityCenter, permissionSet) : undefined;
  return {
    type: permissionSet !== undefined ? 'identity-center-role' : 'role',
    arn: entity.arn,
    name: entity.name,
    entity,
    ...(set ? { permissionSet: set.name, permissionSetArn: set.arn } : { permissionSet }),
    serviceLinked: entity.path.startsWith('/aws-service-role/'),
  };
}

function root(model: AccountModel, account: string | undefined): ResolvedPrincipal {
  const id = account ?? model.accountId;
  if (id === undefined) throw usageError('--principal root: the account id is not in the snapshot (set account.id)');
  return { type: 'root', arn: `arn:aws:iam::${id}:root`, name: 'root', serviceLinked: false };
}

const lastSegment = (resource: string): string => resource.slice(resource.lastIndexOf('/') + 1);

function byName(model: AccountModel, kind: 'user' | 'role', name: string, input: string): ResolvedPrincipal {
  const entity = (kind === 'user' ? model.users : model.roles).get(name.toLowerCase());
  if (!entity) throw notFound(model, `--principal ${input}: no ${kind} named ${name} in the snapshot${candidates(model, name)}`);
  return principalOf(entity, model);
}

/** Near names (a substring, or a few edits away as `alcie` from `alice`), as `user alice`. */
function candidates(model: AccountModel, name: string): string {
  const needle = name.toLowerCase();
  const entities = [...model.users.values(), ...model.roles.values()];
  const label = (e: Entity): string => `${e.kind} ${e.name}`;
  const typos = new Set(closest(needle, entities.map((e) => e.name), 5).map((n) => n.toLowerCase()));
  const near = entities
    .filter((e) => typos.has(e.name.toLowerCase()) || e.name.toLowerCase().includes(needle) || needle.includes(e.name.toLowerCase()))
    .map(label)
    .slice(0, 5);
  return near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : '';
}

/**
 * An unknown principal is the user's mistake (exit 2) unless the IAM part of the snapshot could not
 * be read: then nobody can tell (exit 3), and the message names the read that failed.
 */
function notFound(model: AccountModel, message: string): ExitError {
  const gap = model.snapshot.gaps?.find((g) => g.part === 'iam');
  if (gap === undefined) return usageError(message);
  const who = gap.profile ? ` with profile ${gap.profile}` : '';
  return new ExitError(`${message}; but the snapshot's IAM details are incomplete (${gap.operation}: ${gap.error}${who}), so this cannot be decided`, EXIT.inconclusive);
}

/** Resolves `--principal`; throws a one-line usage error when it is unknown or ambiguous. */
export function resolvePrincipal(model: AccountModel, input: string): ResolvedPrincipal {
  const text = input.trim();
  if (text.toLowerCase() === 'root') return root(model, undefined);
  if (text.startsWith('arn:')) {
    const [, , service, , account, resource = ''] = text.split(':');
    if (account !== undefined && model.accountId !== undefined && account !== model.accountId) {
      throw usageError(`--principal ${input}: belongs to account ${account}, but the snapshot is of account ${model.accountId}`);
    }
    if (service === 'iam' && resource === 'root') return root(model, account);
    if (service === 'sts' && resource.startsWith('assumed-role/')) {
      const roleName = resource.split('/')[1] ?? '';
      return byName(model, 'role', roleName, input);
    }
    if (service === 'iam' && (resource.startsWith('user/') || resource.startsWith('role/'))) {
      const kind = resource.startsWith('user/') ? 'user' : 'role';
      const exact = [...(kind === 'user' ? model.users : model.roles).values()].find((e) => e.arn === text);
      return exact ? principalOf(exact, model) : byName(model, kind, lastSegment(resource), input);
    }
    throw usageError(`--principal ${input}: not a user, role, root or assumed-role ARN`);
  }
  if (text === '') throw usageError('--principal: empty; pass a user or role name, `user/<name>`, `role/<name>`, root, or an ARN');
  // `user/<name>` and `role/<name>` (the ARN's resource part) pick the kind when a user and a role share a name.
  const typed = /^(user|role)\/(.+)$/i.exec(text);
  if (typed?.[1] && typed[2]) return byName(model, typed[1].toLowerCase() as 'user' | 'role', lastSegment(typed[2]), input);
  const needle = text.toLowerCase();
  const matches: Entity[] = [...model.users.values(), ...model.roles.values()].filter((e) => e.name.toLowerCase() === needle);
  if (matches.length === 0) {
    matches.push(...[...model.roles.values()].filter((r) => permissionSetOf(r.name)?.toLowerCase() === needle));
  }
  const [only, ...others] = matches;
  if (only && others.length === 0) return principalOf(only, model);
  if (!only && model.groups.has(needle)) {
    // A group cannot sign in; its members can.
    const members = [...model.users.values()].filter((u) => (u.groups ?? []).some((g) => g.toLowerCase() === needle)).map((u) => u.name);
    throw usageError(`--principal ${input}: that is a group, which cannot sign in; pass one of its users${members.length > 0 ? ` (${members.slice(0, 5).join(', ')}${members.length > 5 ? ', …' : ''})` : ''}`);
  }
  if (only) throw usageError(`--principal ${input} is ambiguous: ${matches.map((e) => e.arn).join(', ')} (pass ${matches.map((e) => `${e.kind}/${e.name}`).join(' or ')}, or the ARN)`);
  throw notFound(model, `--principal ${input}: no user or role with that name in the snapshot${candidates(model, text)}`);
}

/** The snapshot's caller as a `--principal` value (an assumed-role session maps to its role later). */
export function defaultPrincipal(model: AccountModel): string | undefined {
  return model.snapshot.caller?.Arn;
}

/** What `--principal` names: an IAM principal, or an IAM Identity Center user. */
export type Target = { kind: 'iam'; principal: ResolvedPrincipal } | { kind: 'identity-center'; user: IdentityStoreUser };

/**
 * Resolves `--principal` against IAM and, when the snapshot has it, Identity Center (user name,
 * e-mail or user id). An identity store user id is taken as given; a name both sides know is ambiguous.
 */
export function resolveTarget(model: AccountModel, input: string): Target {
  const text = input.trim();
  const ic = model.identityCenter;
  if (ic?.users.has(text)) return { kind: 'identity-center', user: ic.users.get(text) as IdentityStoreUser };
  const explicit = text.startsWith('arn:') || text.toLowerCase() === 'root' || /^(user|role)\//i.test(text);
  const people = ic && !explicit ? findUsers(ic, text) : [];
  if (people.length > 1) {
    throw usageError(`--principal ${input} is ambiguous: Identity Center users ${people.map((u) => `${u.UserName} (${u.UserId})`).join(', ')}; pass the user id`);
  }
  let iam: ResolvedPrincipal;
  try {
    iam = resolvePrincipal(model, text);
  } catch (error) {
    const [person] = people;
    if (person) return { kind: 'identity-center', user: person };
    if (error instanceof ExitError && error.code === EXIT.usage && !ic && text.includes('@')) {
      throw usageError(`${error.message}; an e-mail address names an IAM Identity Center user, and the snapshot has no identityCenter part (read it live with --org-profile <a profile that can read Identity Center>)`);
    }
    throw error;
  }
  const [person] = people;
  if (person) {
    throw usageError(`--principal ${input} is ambiguous: ${iam.type} ${iam.arn} and Identity Center user ${person.UserName} (${person.UserId}); pass ${iam.type === 'user' ? 'user' : 'role'}/${iam.name} or the ARN for IAM, or the user id for Identity Center`);
  }
  return { kind: 'iam', principal: iam };
}

/** The role of permission set `name` in the account (`--permission-set` without an Identity Center user). */
export function roleOfPermissionSet(model: AccountModel, name: string): Entity | undefined {
  const needle = name.toLowerCase();
  const roles = [...model.roles.values()].filter((r) => permissionSetOf(r.name)?.toLowerCase() === needle);
  return roles.find((r) => permissionSetOf(r.name) === name) ?? roles[0];
}
