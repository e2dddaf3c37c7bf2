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
  const [, partition, service, account, rest] = match as unknown as [string, string, string, string, string];
  const base = { 'aws:PrincipalAccount': [account], 'aws:PrincipalIsAWSService': ['false'] };
  if (service === 'iam' && rest === 'root') {
    return { ...base, 'aws:PrincipalArn': [principalArn], 'aws:PrincipalType': ['Account'], 'aws:userid': [account] };
  }
  if (service === 'iam' && rest.startsWith('user/')) {
    const name = rest.slice(rest.lastIndexOf('/') + 1);
    return { ...base, 'aws:PrincipalArn': [principalArn], 'aws:username': [name], 'aws:PrincipalType': ['User'] };
  }
  if (service === 'iam' && rest.startsWith('role/')) {
    return { ...base, 'aws:PrincipalArn': [principalArn], 'aws:PrincipalType': ['AssumedRole'] };
  }
  if (service === 'sts' && rest.startsWith('assumed-role/')) {
    const role = rest.split('/')[1];
    if (!role) return {};
    return { ...base, 'aws:PrincipalArn': [`arn:${partition}:iam::${account}:role/${role}`], 'aws:PrincipalType': ['AssumedRole'] };
  }
  if (service === 'sts' && rest.startsWith('federated-user/')) {
    const name = rest.slice('federated-user/'.length);
    return { ...base, 'aws:PrincipalArn': [principalArn], 'aws:PrincipalType': ['FederatedUser'], 'aws:userid': [`${account}:${name}`] };
  }
  return {};
}

/** Context for matching: derived keys first, then the request's own keys (which win), names lower-cased. */
export function buildContext(context: Readonly<Record<string, readonly string[]>>, principalArn: string | undefined): Context {
  const map = new Map<string, readonly string[]>();
  if (principalArn) for (const [key, values] of Object.entries(derivedContext(principalArn))) map.set(key.toLowerCase(), values);
  for (const [key, values] of Object.entries(context)) map.set(key.toLowerCase(), values);
  return map;
}
