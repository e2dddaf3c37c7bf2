/**
 * Request context keys AWS derives from the principal, and the lower-cased context map the
 * engine matches against (condition key names are case-insensitive).
 * Source: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html
 * (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:username).
 */
import type { Context } from './pattern.js';

const ARN = /^arn:([^:]+):(iam|sts)::(\d{12}):(.+)$/;

/**
 * Keys AWS puts in the request context for this principal:
 * - IAM user `…:user/path/name`: aws:PrincipalArn (the user ARN), aws:username, aws:PrincipalAccount,
 *   aws:PrincipalType=User.
 * - Role `…:role/path/name`, or a session `arn:aws:sts::…:assumed-role/name/session`: aws:PrincipalArn
 *   is the ROLE ARN, not the session ARN; aws:PrincipalType=AssumedRole; no aws:username. A session
 *   ARN does not carry the role's path, so the derived role ARN has none; pass the role ARN itself
 *   when the role has a path.
 * - Root `…:root`: aws:PrincipalType=Account, aws:userid=the account id. Federated user
 *   `…:federated-user/name`: FederatedUser, aws:userid=`account:name`.
 * aws:userid of users and roles is not derived: it holds the unique id (AIDA…/AROA…), which the
 * ARN does not carry (reference_policies_variables.html, "Principal key values").
 * Returns {} for anything that is not an IAM/STS principal ARN.
 */
export function derivedContext(principalArn: string): Record<string, string[]> {
  const match = ARN.exec(principalArn);
  if (!match) return {};
  // Indexed, not destructured, and no object spread: this runs for every request of `evaluate`.
  const partition = match[1]!;
  const service = match[2]!;
  const account = match[3]!;
  const rest = match[4]!;
  if (service === 'iam' && rest === 'root') return principalKeys(account, principalArn, 'Account', undefined, account);
  if (service === 'iam' && rest.startsWith('user/')) return principalKeys(account, principalArn, 'User', rest.slice(rest.lastIndexOf('/') + 1));
  if (service === 'iam' && rest.startsWith('role/')) return principalKeys(account, principalArn, 'AssumedRole');
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    const role = rest.split('/')[1];
    if (!role) return {};
    return principalKeys(account, `arn:${partition}:iam::${account}:role/${role}`, 'AssumedRole');
  }
  if (service === 'sts' && rest.startsWith('federated-user/')) {
    return principalKeys(account, principalArn, 'FederatedUser', undefined, `${account}:${rest.slice('federated-user/'.length)}`);
  }
  return {};
}

/** The derived keys in one order for every principal: aws:username before the type, aws:userid after it. */
function principalKeys(account: string, arn: string, type: string, username?: string, userid?: string): Record<string, string[]> {
  if (username !== undefined) {
    return { 'aws:PrincipalAccount': [account], 'aws:PrincipalIsAWSService': ['false'], 'aws:PrincipalArn': [arn], 'aws:username': [username], 'aws:PrincipalType': [type] };
  }
  const keys: Record<string, string[]> = { 'aws:PrincipalAccount': [account], 'aws:PrincipalIsAWSService': ['false'], 'aws:PrincipalArn': [arn], 'aws:PrincipalType': [type] };
  if (userid !== undefined) keys['aws:userid'] = [userid];
  return keys;
}

/** Context for matching: derived keys first, then the request's own keys (which win), names lower-cased. */
export function buildContext(context: Readonly<Record<string, readonly string[]>>, principalArn: string | undefined): Context {
  const map = new Map<string, readonly string[]>();
  const add = (keys: Readonly<Record<string, readonly string[]>>): void => {
    for (const key of Object.keys(keys)) map.set(key.toLowerCase(), keys[key]!);
  };
  if (principalArn) add(derivedContext(principalArn));
  add(context);
  return map;
}
