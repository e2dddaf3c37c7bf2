/**
 * Compiles a policy once into matchers that `evaluate` runs many times.
 *
 * Invalid input is reported as PolicyProblems with a JSON path and never thrown. A statement with
 * a problem can never grant: an Allow with a problem is dropped. A statement that might be a Deny
 * (Effect "Deny", or an Effect that is neither Allow nor Deny) is kept "fail-closed": the parts
 * that could not be understood are assumed to match, so a broken Deny denies rather than silently
 * vanishing, and every report that uses it carries the problem.
 */
import type { CompiledPolicy, Effect, PolicyDocumentJson, PolicyInput, PolicyProblem } from './types.js';
import { compileCondition, conditionValues, parseOperator, type CompiledCondition } from './conditions.js';
import { describeType, unwrapDocument } from './document.js';
import { actionIndex, compilePattern, type Pattern } from './pattern.js';

/** Resource list; `negated` for NotResource. */
export interface ElementMatcher {
  negated: boolean;
  patterns: Pattern[];
}

/** Action list, indexed (see actionIndex); `negated` for NotAction. */
export interface ActionMatcher {
  negated: boolean;
  /** Whether a listed pattern matches the action, given lower-cased. */
  lists(loweredAction: string): boolean;
}

/** A compiled condition, or one that could not be compiled (assumed to match in a fail-closed Deny). */
export type StatementCondition = CompiledCondition | { operator: string; key: string; values: string[]; problem: string };

export interface CompiledStatement {
  index: number;
  /** Sid, or `#<index>`. */
  label: string;
  effect: Effect;
  /** undefined = could not be understood, so assumed to match (only ever in a fail-closed Deny). */
  actions?: ActionMatcher;
  /** undefined = could not be understood, so assumed to match (only ever in a fail-closed Deny). */
  resources?: ElementMatcher;
  conditions: StatementCondition[];
  /** Why this statement is only partly understood (fail-closed Deny). */
  problem?: string;
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
    problem(unwrapped.path || '$', unwrapped.error ?? 'not a policy document');
    return { source: input.source, document: undefined, problems, statements: [], contextKeys: new Set(), statementsFor: () => [] };
  }
  const doc = unwrapped.document;
  const at = (suffix: string): string => (unwrapped.path ? `${unwrapped.path}.${suffix}` : suffix);

  for (const key of Object.keys(doc)) if (!DOCUMENT_KEYS.has(key)) problem(at(key), `unknown policy element "${key}"`);
  if (doc.Version !== undefined && !(typeof doc.Version === 'string' && VERSIONS.has(doc.Version))) {
    problem(at('Version'), `unknown Version ${JSON.stringify(doc.Version)} (expected "2012-10-17")`);
  }
  // Policy variables exist only in Version 2012-10-17; otherwise `${…}` is literal text.
  const variables = doc.Version === '2012-10-17';

  const raw = doc.Statement;
  const list = Array.isArray(raw) ? raw : [raw];
  const statements: CompiledStatement[] = [];
  if (Array.isArray(raw) && raw.length === 0) problem(at('Statement'), 'has no statements');
  list.forEach((statement, index) => {
    const path = Array.isArray(raw) ? at(`Statement[${index}]`) : at('Statement');
    const compiled = compileStatement(statement, index, path, variables, problem);
    if (compiled) statements.push(compiled);
  });
  return {
    source: input.source,
    document: doc as unknown as PolicyDocumentJson,
    problems,
    statements,
    contextKeys: keysRead(doc, statements),
    statementsFor: byAction(statements),
  };
}

/**
 * Condition keys, plus every `${key}` anywhere in the document (resources and condition values):
 * a superset of what evaluation can read, which is what sharing answers between requests needs.
 */
function keysRead(doc: Record<string, unknown>, statements: readonly CompiledStatement[]): ReadonlySet<string> {
  const keys = new Set(statements.flatMap((s) => s.conditions.map((c) => c.key.toLowerCase())));
  for (const match of JSON.stringify(doc).matchAll(/\$\{\s*([^,}\s]+)/g)) keys.add(match[1]!.toLowerCase());
  return keys;
}

/**
 * The statements an action can reach, memoised per action: an audit asks the same few dozen
 * actions of a policy thousands of times, so each policy is scanned once per distinct action.
 */
function byAction(statements: readonly CompiledStatement[]): (loweredAction: string) => readonly CompiledStatement[] {
  const memo = new Map<string, readonly CompiledStatement[]>();
  return (action) => {
    let found = memo.get(action);
    if (found === undefined) {
      found = statements.filter((s) => !s.actions || s.actions.lists(action) !== s.actions.negated);
      memo.set(action, found);
    }
    return found;
  };
}

function compileStatement(
  raw: unknown,
  index: number,
  path: string,
  variables: boolean,
  report: (path: string, message: string) => void,
): CompiledStatement | undefined {
  if (!isObject(raw)) {
    report(path, `a statement must be an object, got ${describeType(raw)}`);
    return undefined;
  }
  const own: string[] = [];
  const problem = (where: string, message: string): void => {
    report(where, message);
    own.push(`${where}: ${message}`);
  };
  const label = typeof raw.Sid === 'string' && raw.Sid !== '' ? raw.Sid : `#${index}`;
  if (raw.Sid !== undefined && typeof raw.Sid !== 'string') problem(`${path}.Sid`, 'Sid must be a string');
  for (const key of Object.keys(raw)) if (!STATEMENT_KEYS.has(key)) problem(`${path}.${key}`, `unknown statement element "${key}"`);

  let effect: Effect;
  if (raw.Effect === 'Allow' || raw.Effect === 'Deny') effect = raw.Effect;
  else {
    problem(`${path}.Effect`, `Effect must be "Allow" or "Deny", got ${JSON.stringify(raw.Effect) ?? 'nothing'}`);
    // Anything that is not recognisably an Allow is treated as a possible Deny (fail-closed).
    effect = typeof raw.Effect === 'string' && raw.Effect.toLowerCase() === 'allow' ? 'Allow' : 'Deny';
  }

  /** The values of Action/NotAction or Resource/NotResource; undefined (with a problem) when unusable. */
  const element = (name: string, notName: string): { negated: boolean; values: string[] } | undefined => {
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
    if (name === 'Action') {
      values.forEach((v, i) => {
        if (v !== '*' && !/^[^:\s]+:[^:\s]+$/.test(v)) {
          problem(Array.isArray(raw[field]) ? `${path}.${field}[${i}]` : `${path}.${field}`, `"${v}" is not an action (service:Action)`);
        }
      });
    }
    return { negated: !has, values };
  };
  // Actions have no policy variables and match case-insensitively; ARNs are case-sensitive.
  const actionList = element('Action', 'NotAction');
  const actions = actionList && { negated: actionList.negated, lists: actionIndex(actionList.values) };
  const resourceList = element('Resource', 'NotResource');
  const resources = resourceList && {
    negated: resourceList.negated,
    patterns: resourceList.values.map((v) => compilePattern(v, { wildcards: true, variables, ignoreCase: false, arn: true })),
  };
  const conditions = compileConditions(raw.Condition, `${path}.Condition`, variables, problem);

  if (own.length === 0) return { index, label, effect, actions, resources, conditions };
  if (effect === 'Allow') return undefined;
  return { index, label, effect, actions, resources, conditions, problem: own.join('; ') };
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
