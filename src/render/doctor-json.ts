/** `doctor --format json`: the diagnosis, every string inert. Apart, so a JSON run loads neither the text renderers nor chalk. */
import type { Diagnosis } from '../model/diagnosis.js';
import { inertJson } from './inert.js';

export function renderJson(d: Diagnosis): string {
  return inertJson(d, 2) + '\n';
}
