/**
 * Compiles a policy once into matchers that `evaluate` runs many times.
 *
 * Invalid input is reported as PolicyProblems with a JSON path and never thrown, and it is never
 * guessed at. A document that cannot be read at all (bad JSON or URL-encoding, a repeated key,
 * `Statement` not an object or a list) is `unreadable`: it may allow or deny anything. A statement
 * with a problem is kept as "uncertain": the parts that could be read still decide where they can
 * (a statement for another action does not apply), and where they cannot, the statement may or
 * may not apply, so the layer's decision becomes `unknown` rather than allowed or denied.
 */
import type { CompiledPolicy, Effect, PolicyDocumentJson, PolicyInput, PolicyProblem } from './types.js';
import { compileCondition, conditionValues, parseOperator, type CompiledCondition } from './conditions.js';
import { describeType, unwrapDocument } from './document.js';
import { actionIndex, compilePattern, lowerService, type Pattern } from './pattern.js';

/** Action or resource list; `negated` for NotAction / NotResource. */
export interface ElementMatcher {
  negated: boolean;
  patterns: Pattern[];
  /** Some entries could not be read: where no readable entry decides, the match is unknown. */
  unreadable: boolean;
  /** Whether an entry is `*`, the only one that surely matches a resource nobody can name. */
  anyStar: boolean;
  /** Whether every pattern's ARN service part is lower case. */
  servicesLower: boolean;
  /** The patterns with their service part lower-cased: the second reading of design section 5 (compiled on first use). */
  serviceCase(): Pattern[];
}

/** Action list, indexed (see actionIndex); `negated` for NotAction. */
export interface ActionMatcher {
  negated: boolean;
  /** Some entries could not be read: where no readable entry decides, the match is unknown. */
  unreadable: boolean;
  /** Whether a readable entry matches the action, given lower-cased. */
  lists(loweredAction: string): boolean;
}

/** Three-valued truth: a part of a statement that could not be read is `unknown`. */
export type Truth = boolean | 'unknown';

/** A readable entry that matches decides; otherwise an unreadable entry leaves it unknown. */
function matchAction(matcher: ActionMatcher | undefined, loweredAction: string): Truth {
  if (!matcher) return 'unknown';
  if (matcher.lists(loweredAction)) return !matcher.negated;
  return matcher.unreadable ? 'unknown' : matcher.negated;
}

/** A statement whose Action element may match an action, and whether it surely does. */
export interface ActionCandidate {
  statement: CompiledStatement;
  action: Truth;
}

/** A compiled condition, or one that could not be compiled (its outcome is unknown). */
export type StatementCondition = CompiledCondition | { operator: string; key: string; values: string[]; problem: string };

export interface CompiledStatement {
  index: number;
  /** Sid, or `#<index>`. */
  label: string;
  /** undefined = the Effect could not be read: it may allow or deny. */
  effect: Effect | undefined;
  /** undefined = could not be read, so whether it matches is unknown. */
  actions?: ActionMatcher;
  /** undefined = could not be read, so whether it matches is unknown. */
  resources?: ElementMatcher;
  conditions: StatementCondition[];
  /** Why this statement is only partly read; such a statement never decides by itself. */
  problem?: string;
  /** Request context keys the statement can read (lower-cased): its condition keys and policy variables. */
  keys: ReadonlySet<string>;
}

const STATEMENT_KEYS = new Set(['Sid', 'Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Principal', 'NotPrincipal', 'Condition']);
const DOCUMENT_KEYS = new Set(['Version', 'Id', 'Statement']);
const VERSIONS = new Set(['2012-10-17', '2008-10-17']);

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function stringList(raw: unknown): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.length === 0 || !list.every((v): v is string => typeof v === 'string')) return undefined;
  return list;
}

export function compilePolicy(input: PolicyInput): CompiledPolicy {
  const problems: PolicyProblem[] = [];
  const problem = (path: string, message: string): void => void problems.push({ source: input.source, path, message });
  const unwrapped = unwrapDocument(input.document);
  if (!unwrapped.document) {
    const unreadable = { source: input.source, path: unwrapped.path || '$', message: unwrapped.error ?? 'not a policy document' };
    return { source: input.source, document: undefined, problems: [unreadable], statements: [], unreadable, ...located(input), contextKeys: new Set(), statementsFor: () => [] };
  }
  const doc = unwrapped.document;
  const at = (suffix: string): string => (unwrapped.path ? `${unwrapped.path}.${suffix}` : suffix);

  // Elements around the statements change no decision: warnings.
  const warn = (path: string, message: string): void => void problems.push({ source: input.source, path, message, severity: 'warning' });
  for (const key of Object.keys(doc)) if (!DOCUMENT_KEYS.has(key)) warn(at(key), `unknown policy element "${key}"`);
  if (doc.Version !== undefined && !(typeof doc.Version === 'string' && VERSIONS.has(doc.Version))) {
    warn(at('Version'), `unknown Version ${JSON.stringify(doc.Version)} (expected "2012-10-17")`);
  }
  // Policy variables exist only in Version 2012-10-17; otherwise `${…}` is literal text.
  const variables = doc.Version === '2012-10-17';

  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  const statements: CompiledStatement[] = [];
  // AWS refuses to create such a policy; one in a snapshot grants and denies nothing.
  if (Array.isArray(raw) && raw.length === 0) warn(at('Statement'), 'has no statements: the policy grants and denies nothing');
  list.forEach((statement, index) => {
    const path = Array.isArray(raw) ? at(`Statement[${index}]`) : at('Statement');
    statements.push(compileStatement(statement, index, path, variables, problem));
  });
  return {
    source: input.source,
    document: doc as unknown as PolicyDocumentJson,
    problems,
    statements,
    ...located(input),
    contextKeys: new Set(statements.flatMap((s) => [...s.keys])),
    statementsFor: byAction(statements),
  };
}

/**
 * Condition keys, plus every `${key}` anywhere in the statement (resources and condition values):
 * a superset of what evaluating it can read, which is what sharing answers between requests needs.
 */
function keysRead(raw: unknown, conditions: readonly StatementCondition[]): ReadonlySet<string> {
  const keys = new Set(conditions.map((c) => c.key.toLowerCase()));
  for (const match of JSON.stringify(raw).matchAll(/\$\{\s*([^,}\s]+)/g)) keys.add(match[1]!.toLowerCase());
  return keys;
}

/**
 * The statements an action may reach, memoised per action: an audit asks the same few dozen
 * actions of a policy thousands of times, so each policy is scanned once per distinct action.
 * The memo is keyed by the action as the caller spells it, lower-cased only on a miss: callers
 * pass the same action strings again and again, and such a key is found by identity rather than
 * by comparing a freshly lower-cased copy character by character in every policy.
 */
const NO_CANDIDATES: readonly ActionCandidate[] = [];

function byAction(statements: readonly CompiledStatement[]): (action: string) => readonly ActionCandidate[] {
  const memo = new Map<string, readonly ActionCandidate[]>();
  return (action) => {
    let found = memo.get(action);
    if (found === undefined) {
      const lowered = action.toLowerCase();
      const candidates = statements.map((statement) => ({ statement, action: matchAction(statement.actions, lowered) })).filter((c) => c.action !== false);
      // Most actions reach no statement of a policy: one empty list serves them all.
      found = candidates.length === 0 ? NO_CANDIDATES : candidates;
      memo.set(action, found);
    }
    return found;
  };
}

const located = (input: PolicyInput): { location?: string } => (input.location === undefined ? {} : { location: input.location });

function compileStatement(
  raw: unknown,
  index: number,
  path: string,
  variables: boolean,
  report: (path: string, message: string) => void,
): CompiledStatement {
  if (!isObject(raw)) {
    const message = `a statement must be an object, got ${describeType(raw)}`;
    report(path, message);
    return { index, label: `#${index}`, effect: undefined, conditions: [], problem: `${path}: ${message}`, keys: new Set() };
  }
  const own: string[] = [];
  const problem = (where: string, message: string): void => {
    report(where, message);
    own.push(`${where}: ${message}`);
  };
  const label = typeof raw.Sid === 'string' && raw.Sid !== '' ? raw.Sid : `#${index}`;
  if (raw.Sid !== undefined && typeof raw.Sid !== 'string') problem(`${path}.Sid`, 'Sid must be a string');
  for (const key of Object.keys(raw)) if (!STATEMENT_KEYS.has(key)) problem(`${path}.${key}`, `unknown statement element "${key}"`);

  let effect: Effect | undefined;
  if (raw.Effect === 'Allow' || raw.Effect === 'Deny') effect = raw.Effect;
  else problem(`${path}.Effect`, `Effect must be "Allow" or "Deny", got ${JSON.stringify(raw.Effect) ?? 'nothing'}`);

  /** The readable values of Action/NotAction or Resource/NotResource; undefined (with a problem) when unusable. */
  const element = (name: string, notName: string): { negated: boolean; values: string[]; unreadable: boolean } | undefined => {
    const has = raw[name] !== undefined;
    const hasNot = raw[notName] !== undefined;
    if (has && hasNot) {
      problem(path, `has both ${name} and ${notName}`);
      return undefined;
    }
    if (!has && !hasNot) {
      problem(path, `has neither ${name} nor ${notName}`);
      return undefined;
    }
    const field = has ? name : notName;
    const values = stringList(raw[field]);
    if (!values) {
      problem(`${path}.${field}`, `${field} must be a non-empty string or array of strings`);
      return undefined;
    }
    // An entry that is not an action (`""`, `ce`) matches nothing for sure only if AWS had read it so.
    const readable = values.filter((v, i) => {
      if (name !== 'Action' || v === '*' || /^[^:\s]+:[^:\s]+$/.test(v)) return true;
      problem(Array.isArray(raw[field]) ? `${path}.${field}[${i}]` : `${path}.${field}`, `${JSON.stringify(v)} is not an action (service:Action)`);
      return false;
    });
    return { negated: !has, values: readable, unreadable: readable.length < values.length };
  };
  // Actions have no policy variables and match case-insensitively; ARNs are case-sensitive.
  const actionList = element('Action', 'NotAction');
  const actions = actionList && { negated: actionList.negated, unreadable: actionList.unreadable, lists: actionIndex(actionList.values) };
  const resourceList = element('Resource', 'NotResource');
  const arnPattern = (v: string) => compilePattern(v, { wildcards: true, variables, ignoreCase: false, arn: true });
  let serviceCase: Pattern[] | undefined;
  const resources = resourceList && {
    negated: resourceList.negated,
    unreadable: resourceList.unreadable,
    patterns: resourceList.values.map(arnPattern),
    anyStar: resourceList.values.includes('*'),
    servicesLower: resourceList.values.every((v) => lowerService(v) === v),
    serviceCase: () => (serviceCase ??= resourceList.values.map((v) => arnPattern(lowerService(v)))),
  };
  const conditions = compileConditions(raw.Condition, `${path}.Condition`, variables, problem);

  return { index, label, effect, actions, resources, conditions, ...(own.length === 0 ? {} : { problem: own.join('; ') }), keys: keysRead(raw, conditions) };
}

function compileConditions(
  raw: unknown,
  path: string,
  variables: boolean,
  problem: (path: string, message: string) => void,
): StatementCondition[] {
  if (raw === undefined) return [];
  if (!isObject(raw)) {
    problem(path, `Condition must be an object, got ${describeType(raw)}`);
    return [{ operator: '?', key: '?', values: [], problem: 'Condition is not an object' }];
  }
  const out: StatementCondition[] = [];
  for (const [operatorName, block] of Object.entries(raw)) {
    const opPath = `${path}.${operatorName}`;
    const op = parseOperator(operatorName);
    if (!op) problem(opPath, `unknown condition operator "${operatorName}"`);
    if (!isObject(block)) {
      problem(opPath, `must be an object of condition keys, got ${describeType(block)}`);
      out.push({ operator: operatorName, key: '?', values: [], problem: 'not an object of condition keys' });
      continue;
    }
    for (const [key, rawValues] of Object.entries(block)) {
      const keyPath = `${opPath}.${key}`;
      const values = conditionValues(rawValues);
      if (!values) {
        problem(keyPath, 'condition values must be strings, numbers or booleans');
        out.push({ operator: operatorName, key, values: [], problem: 'invalid values' });
        continue;
      }
      if (!op) {
        out.push({ operator: operatorName, key, values, problem: 'unknown operator' });
        continue;
      }
      const compiled = compileCondition(op, key, values, variables);
      if ('error' in compiled) {
        problem(keyPath, compiled.error);
        out.push({ operator: operatorName, key, values, problem: compiled.error });
      } else out.push(compiled);
    }
  }
  return out;
}
