/** Public entry of the policy evaluation engine. Pure functions only. */
export type * from './types.js';
