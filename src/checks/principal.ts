/** Check `principal`: the principal exists and can use the console at all (an IAM user needs a console password). */
import { gapNote } from './attribution.js';
import type { Check, CheckContext, CheckOutcome } from './types.js';
import { sh } from '../model/shell.js';

export function principal(ctx: CheckContext): CheckOutcome {
  const base = { id: 'principal' as const, evidence: [], remediation: [] };
  const p = ctx.principal;
  if (p.type === 'root') return { ...base, status: 'pass', summary: 'the root user signs in to the console with the account email and password' };
  if (p.serviceLinked) {
    return {
      ...base,
      status: 'fail',
      summary: `${p.name} is a service-linked role: only its AWS service can use it, never a person in the console`,
      evidence: [{ layer: 'snapshot', policy: `role ${p.name} (path ${p.entity?.path})` }],
      remediation: [{ kind: 'info', text: 'Diagnose the user or role the person actually signs in with (--principal)' }],
    };
  }
  if (p.type !== 'user') {
    const how = p.type === 'identity-center-role' ? `through the IAM Identity Center access portal (permission set ${p.permissionSet})` : 'by switching role or through federation';
    return { ...base, status: 'pass', summary: `role ${p.name} exists; people reach the console with it ${how}` };
  }
  const password = ctx.model.userFacts.get(p.name.toLowerCase())?.consolePassword;
  const fact = { layer: 'snapshot', policy: `users.${p.name}.consolePassword = ${String(password)}` };
  if (password === true) return { ...base, status: 'pass', summary: `user ${p.name} exists and has a console password`, evidence: [fact] };
  if (password === false) {
    return {
      ...base,
      status: 'fail',
      summary: `user ${p.name} has no console password, so they cannot sign in to the console at all`,
      evidence: [fact],
      remediation: [
        {
          kind: 'cli',
          text: `Give ${p.name} a console password (they choose a new one at first sign-in)`,
          command: sh`aws iam create-login-profile --user-name ${p.name} --password '<initial-password>' --password-reset-required`,
          who: 'IAM administrator',
          patch: { patches: [{ kind: 'set-user-facts', user: p.name, facts: { consolePassword: true } }] },
        },
      ],
    };
  }
  return {
    ...base,
    status: 'unknown',
    summary: `not known whether user ${p.name} has a console password (the snapshot has no users.${p.name}.consolePassword)${gapNote(ctx, 'users')}`,
    remediation: [
      {
        kind: 'cli',
        text: `Check it (an error NoSuchEntity means no password), then record users.${p.name}.consolePassword in the snapshot or take a snapshot with --principal ${p.name}`,
        command: sh`aws iam get-login-profile --user-name ${p.name}`,
        who: 'IAM administrator',
      },
    ],
  };
}

export const principalCheck: Check = { id: 'principal', run: principal, scope: 'principal' };
