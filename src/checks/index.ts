/** The checklist: every check, registered once, in the fixed order of design section 3. */
import { activationCheck } from './activation.js';
import { boundaryCheck } from './boundary.js';
import { identityCenterCheck } from './identity-center.js';
import { identityPolicyCheck } from './identity-policy.js';
import { managementOnlyCheck } from './management-only.js';
import { mfaCheck } from './mfa.js';
import { principalCheck } from './principal.js';
import { regionCheck } from './region.js';
import { rootUserCheck } from './root-user.js';
import { scpCheck } from './scp.js';
import type { Check } from './types.js';

export const CHECKS: readonly Check[] = [
  activationCheck,
  identityPolicyCheck,
  scpCheck,
  mfaCheck,
  regionCheck,
  boundaryCheck,
  principalCheck,
  rootUserCheck,
  identityCenterCheck,
  managementOnlyCheck,
];
