/** Public entry of the policy evaluation engine. Pure functions only. */
export type * from './types.js';
export { compilePolicy } from './compile.js';
export { compilePattern } from './pattern.js';
export { evaluate, evaluatePrepared, prepareContext, decidingStatements, layerOf, layerPolicies, readsKeys, type PreparedContext } from './evaluate.js';
export { derivedContext } from './context.js';
export { describeCondition, UNDOCUMENTED } from './conditions.js';
export { DUPLICATE_KEYS, duplicateKeysOf, findDuplicateKey, parseJson } from './json.js';
