/**
 * What the wizard asks and reads: the doctor options it may fill in. It lives below cli/ so the
 * wizard never imports cli/; the doctor's full option type extends it.
 */
import type { TaskId } from '../model/catalogue.js';
import type { ActivationState, MfaAnswer } from '../model/snapshot.js';

export interface WizardAnswers {
  snapshot?: string;
  example?: string;
  profile?: string;
  orgProfile?: string;
  region?: string;
  principal?: string;
  task?: TaskId[];
  mfa?: MfaAnswer;
  activation?: ActivationState;
  actionSet?: string;
  report?: string;
  /** Output format name (`text`, `json`, `markdown`). */
  format?: string;
  verbose?: boolean;
  quiet?: boolean;
}
