/**
 * Condition operators, compiled once per (operator, key) of a statement.
 * Source for the operators and the rules below:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
 *
 * Missing key (absent, or present with no values — "an empty data set"):
 *   `…IfExists` → true; `Null` → true iff the policy says `true`; `ForAllValues:` → true;
 *   `ForAnyValue:` → false; a plain negated operator → true; a plain positive operator → false.
 * Present key: a plain operator is true when any request value matches any policy value; its
 * negated form is the negation of that (no request value matches any policy value).
 * `ForAllValues:` needs every request value to pass, `ForAnyValue:` at least one; for a negated
 * operator a request value passes when it matches none of the policy values.
 * A policy value whose variable the request cannot resolve matches nothing, so a positive operator
 * does not match it and a negated one does (reference_policies_variables.html, "Policy variables
 * with no value").
 */
import type { ConditionOutcome } from './types.js';
import { ipInRange, parseIpRange, type IpRange } from './ip.js';
import { compilePattern, lowerService, type Context, type MatchResult, type Pattern } from './pattern.js';

/** Operator family: decides how values are parsed and compared. */
type Family = 'String' | 'Numeric' | 'Date' | 'Bool' | 'Binary' | 'Ip' | 'Arn' | 'Null';

type Comparison = 'eq' | 'like' | 'eqi' | 'lt' | 'lte' | 'gt' | 'gte';

interface BaseOperator {
  family: Family;
  comparison: Comparison;
  negated: boolean;
}

const BASE_OPERATORS: Record<string, BaseOperator> = {
  StringEquals: { family: 'String', comparison: 'eq', negated: false },
  StringNotEquals: { family: 'String', comparison: 'eq', negated: true },
  StringEqualsIgnoreCase: { family: 'String', comparison: 'eqi', negated: false },
  StringNotEqualsIgnoreCase: { family: 'String', comparison: 'eqi', negated: true },
  StringLike: { family: 'String', comparison: 'like', negated: false },
  StringNotLike: { family: 'String', comparison: 'like', negated: true },
  NumericEquals: { family: 'Numeric', comparison: 'eq', negated: false },
  NumericNotEquals: { family: 'Numeric', comparison: 'eq', negated: true },
  NumericLessThan: { family: 'Numeric', comparison: 'lt', negated: false },
  NumericLessThanEquals: { family: 'Numeric', comparison: 'lte', negated: false },
  NumericGreaterThan: { family: 'Numeric', comparison: 'gt', negated: false },
  NumericGreaterThanEquals: { family: 'Numeric', comparison: 'gte', negated: false },
  DateEquals: { family: 'Date', comparison: 'eq', negated: false },
  DateNotEquals: { family: 'Date', comparison: 'eq', negated: true },
  DateLessThan: { family: 'Date', comparison: 'lt', negated: false },
  DateLessThanEquals: { family: 'Date', comparison: 'lte', negated: false },
  DateGreaterThan: { family: 'Date', comparison: 'gt', negated: false },
  DateGreaterThanEquals: { family: 'Date', comparison: 'gte', negated: false },
  Bool: { family: 'Bool', comparison: 'eq', negated: false },
  BinaryEquals: { family: 'Binary', comparison: 'eq', negated: false },
  IpAddress: { family: 'Ip', comparison: 'eq', negated: false },
  NotIpAddress: { family: 'Ip', comparison: 'eq', negated: true },
  ArnEquals: { family: 'Arn', comparison: 'like', negated: false },
  ArnLike: { family: 'Arn', comparison: 'like', negated: false },
  ArnNotEquals: { family: 'Arn', comparison: 'like', negated: true },
  ArnNotLike: { family: 'Arn', comparison: 'like', negated: true },
  Null: { family: 'Null', comparison: 'eq', negated: false },
};

/** Set operator prefix of a condition operator. */
type SetOperator = 'ForAllValues' | 'ForAnyValue' | undefined;

export interface ParsedOperator extends BaseOperator {
  name: string;
  set: SetOperator;
  ifExists: boolean;
}

/** Parses `ForAnyValue:StringLikeIfExists` etc.; undefined for an unknown operator. Operator names are case-sensitive. */
export function parseOperator(name: string): ParsedOperator | undefined {
  let rest = name;
  let set: SetOperator;
  const prefix = /^(ForAllValues|ForAnyValue):/.exec(rest);
  if (prefix) {
    set = prefix[1] as SetOperator;
    rest = rest.slice(prefix[0].length);
  }
  let ifExists = false;
  if (rest.endsWith('IfExists') && rest !== 'IfExists') {
    ifExists = true;
    rest = rest.slice(0, -'IfExists'.length);
  }
  const base = Object.hasOwn(BASE_OPERATORS, rest) ? BASE_OPERATORS[rest] : undefined;
  if (!base) return undefined;
  // Null tests presence itself, so "if exists" and set qualifiers have no meaning for it.
  if (base.family === 'Null' && (ifExists || set)) return undefined;
  return { ...base, name, set, ifExists };
}

/** The outcome of one condition plus what the engine needs for missing-key reporting. */
export interface ConditionResult {
  outcome: ConditionOutcome;
  /** The request did not carry the condition key at all (an empty set counts as carried). */
  keyAbsent: boolean;
  /** Variable keys in the policy values that the request could not resolve (such a value matches nothing). */
  unresolved: string[];
}

export interface CompiledCondition {
  operator: string;
  key: string;
  values: string[];
  evaluate(context: Context): ConditionResult;
}

/** Compiled policy value: tests one request value. */
type ValueTest = (requestValue: string, context: Context) => MatchResult;

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function parseNumber(text: string): number | undefined {
  return NUMBER.test(text.trim()) ? Number(text) : undefined;
}

/**
 * ISO 8601 date/time, or epoch seconds (both are accepted by the Date operators). A time without a
 * zone designator is read as UTC, never in the machine's zone, so results do not depend on TZ.
 */
function parseDate(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  if (!/^\d{4}-\d{2}-\d{2}/.test(trimmed)) return undefined;
  const zoneless = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed);
  const time = Date.parse(zoneless ? `${trimmed}Z` : trimmed);
  return Number.isNaN(time) ? undefined : time;
}

function order(comparison: Comparison, request: number, policy: number): boolean {
  switch (comparison) {
    case 'lt':
      return request < policy;
    case 'lte':
      return request <= policy;
    case 'gt':
      return request > policy;
    case 'gte':
      return request >= policy;
    default:
      return request === policy;
  }
}

/** Builds the per-value test, or returns an error message for a policy value the family cannot use. */
function compileValue(op: ParsedOperator, value: string, variables: boolean): ValueTest | string {
  switch (op.family) {
    case 'String': {
      const pattern: Pattern = compilePattern(value, {
        wildcards: op.comparison === 'like',
        variables,
        ignoreCase: op.comparison === 'eqi',
      });
      return (v, context) => pattern.test(v, context);
    }
    case 'Arn':
      return arnTest(value, variables);
    case 'Numeric': {
      const policy = parseNumber(value);
      if (policy === undefined) return `"${value}" is not a number`;
      return (v) => {
        const n = parseNumber(v);
        return n !== undefined && order(op.comparison, n, policy);
      };
    }
    case 'Date': {
      const policy = parseDate(value);
      if (policy === undefined) return `"${value}" is not an ISO 8601 date or epoch seconds`;
      return (v) => {
        const d = parseDate(v);
        return d !== undefined && order(op.comparison, d, policy);
      };
    }
    case 'Bool': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return `"${value}" is not true or false`;
      return (v) => v.toLowerCase() === lower;
    }
    case 'Binary':
      return (v) => v === value;
    case 'Ip': {
      const range: IpRange | undefined = parseIpRange(value);
      if (!range) return `"${value}" is not an IP address or CIDR range`;
      return (v) => {
        const address = parseIpRange(v);
        return address !== undefined && address.prefix === (address.version === 4 ? 32 : 128) && ipInRange(address, range);
      };
    }
    case 'Null': {
      const lower = value.toLowerCase();
      if (lower !== 'true' && lower !== 'false') return `"${value}" is not true or false`;
      return () => false; // Null is decided on presence alone, see evaluateNull.
    }
  }
}

/** Policy condition values may be strings, numbers or booleans, alone or in an array. */
export function conditionValues(raw: unknown): string[] | undefined {
  const list = Array.isArray(raw) ? raw : [raw];
  const out: string[] = [];
  for (const item of list) {
    if (typeof item === 'string') out.push(item);
    else if (typeof item === 'number' && Number.isFinite(item)) out.push(String(item));
    else if (typeof item === 'boolean') out.push(String(item));
    else return undefined;
  }
  return out;
}

/**
 * Compiles one operator/key pair. `variables` is false for policies without Version 2012-10-17,
 * where `${…}` is literal text (reference_policies_variables.html).
 */
export function compileCondition(
  op: ParsedOperator,
  key: string,
  values: string[],
  variables: boolean,
): CompiledCondition | { error: string } {
  if (values.length === 0) return { error: 'has no values' };
  const tests: ValueTest[] = [];
  for (const value of values) {
    const test = compileValue(op, value, variables);
    if (typeof test === 'string') return { error: test };
    tests.push(test);
  }
  const keyLower = key.toLowerCase();
  const nullWantsAbsent = values.map((v) => v.toLowerCase() === 'true');
  // The second reading of an ARN operator compares the service part ignoring case (design 5).
  const serviceCaseTests = op.family === 'Arn' ? values.map((v) => arnTest(lowerService(v), variables)) : undefined;
  // The second reading can only differ when a service part (policy's or request's) is not lower case.
  const policyServicesLower = serviceCaseTests !== undefined && values.every((v) => lowerService(v) === v);

  const evaluateIn = (context: Context): ConditionResult => {
    const present = context.get(keyLower);
    const absent = present === undefined || present.length === 0;
    const outcome = (matched: boolean | 'unknown', unresolved: string[] = [], problem?: string): ConditionResult => ({
      outcome: {
        operator: op.name,
        key,
        values,
        ...(present === undefined ? {} : { requestValues: [...present] }),
        matched,
        ...(problem === undefined ? {} : { problem }),
      },
      keyAbsent: present === undefined,
      unresolved,
    });

    if (op.family === 'Null') return outcome(nullWantsAbsent.some((wantsAbsent) => wantsAbsent === absent));
    if (absent) {
      // IfExists says a missing key matches, ForAnyValue says it does not; AWS names no winner.
      if (op.ifExists && op.set === 'ForAnyValue') return outcome('unknown', [], `${UNDOCUMENTED} whether IfExists or ForAnyValue decides ${op.name} when the key is absent`);
      if (op.ifExists) return outcome(true);
      if (op.set === 'ForAllValues') return outcome(true);
      if (op.set === 'ForAnyValue') return outcome(false);
      return outcome(op.negated);
    }
    const unresolved = new Set<string>();
    // `unresolvedMatches` decides what a value with an unresolvable variable does: in the real
    // evaluation it matches nothing; evaluating again as if it matched everything tells whether
    // resolving it could change the outcome at all.
    const matcher = (valueTests: readonly ValueTest[], unresolvedMatches: boolean, normalise = (v: string) => v) => (requestValue: string): boolean => {
      let matched = false;
      for (const test of valueTests) {
        const r = test(normalise(requestValue), context);
        if (typeof r === 'object') {
          unresolved.add(r.missingKey);
          if (unresolvedMatches) matched = true;
        } else if (r) matched = true;
      }
      return matched;
    };
    const combine = (matches: (requestValue: string) => boolean, plain: 'any' | 'every' = 'any'): boolean => {
      const passes = (requestValue: string): boolean => matches(requestValue) !== op.negated;
      if (op.set === 'ForAllValues') return present.every(passes);
      if (op.set === 'ForAnyValue') return present.some(passes);
      return (plain === 'any' ? present.some(matches) : present.every(matches)) !== op.negated;
    };
    const matched = combine(matcher(tests, false));
    const corner = undocumentedCorner(op, present, matched, (reading) => {
      if (reading === 'every') return combine(matcher(tests, false), 'every');
      if (reading === 'misfit') return false;
      const sameUnderBoth = policyServicesLower && present.every((v) => lowerService(v) === v);
      return serviceCaseTests && !sameUnderBoth ? combine(matcher(serviceCaseTests, false, lowerService)) : matched;
    });
    if (corner !== undefined) return outcome('unknown', [], corner);
    if (unresolved.size === 0 || combine(matcher(tests, true)) === matched) return outcome(matched);
    return outcome(matched, [...unresolved]);
  };
  // The result for the last context: one principal's requests share a prepared context, and the
  // outcome depends on nothing else (callers never change it).
  let last: { context: Context; result: ConditionResult } | undefined;
  const evaluate = (context: Context): ConditionResult => {
    if (last?.context !== context) last = { context, result: evaluateIn(context) };
    return last.result;
  };
  return { operator: op.name, key, values, evaluate };
}

/** How every reason for a case AWS does not document begins (design section 5). */
export const UNDOCUMENTED = 'AWS does not document';

function arnTest(value: string, variables: boolean): ValueTest {
  const pattern = compilePattern(value, { wildcards: true, variables, ignoreCase: false, arn: true });
  return (v, context) => pattern.test(v, context);
}

/** Whether a request value has the type the operator family compares (NumericLessThan on "abc" does not). */
function fitsFamily(family: Family, value: string): boolean {
  switch (family) {
    case 'Numeric':
      return parseNumber(value) !== undefined;
    case 'Date':
      return parseDate(value) !== undefined;
    case 'Bool':
      return /^(true|false)$/i.test(value);
    case 'Ip':
      return parseIpRange(value) !== undefined;
    default:
      return true;
  }
}

/** A second reading of a case AWS does not document (design section 5). */
type Reading = 'every' | 'misfit' | 'service-case';

/**
 * Design section 5: where AWS documents no answer, the outcome under a second reading; the reason
 * when it disagrees with the engine's usual reading (`matched`), else undefined.
 * - `every`: a plain operator on a key with several values is true only when every value matches
 *   (the usual reading: when any value does);
 * - `misfit`: a request value not of the operator's type (NumericLessThan on "abc") makes the whole
 *   condition false (usual: that value matches no policy value, so a negated operator holds);
 * - `service-case`: ARN service parts compared ignoring case (usual: exactly, like the rest of an ARN).
 */
function undocumentedCorner(
  op: ParsedOperator,
  present: readonly string[],
  matched: boolean,
  outcomeUnder: (reading: Reading) => boolean,
): string | undefined {
  if (op.set === undefined && present.length > 1 && outcomeUnder('every') !== matched)
    return `${UNDOCUMENTED} how a plain ${op.name} compares a key with several values (${present.length}); use ForAnyValue or ForAllValues`;
  const misfit = present.find((v) => !fitsFamily(op.family, v));
  if (misfit !== undefined && outcomeUnder('misfit') !== matched)
    return `${UNDOCUMENTED} how ${op.name} compares ${JSON.stringify(misfit)}, which is not of its type`;
  if (op.family === 'Arn' && outcomeUnder('service-case') !== matched)
    return `${UNDOCUMENTED} whether ${op.name} compares the service part of an ARN ignoring case`;
  return undefined;
}

/** One line for people, e.g. `BoolIfExists aws:MultiFactorAuthPresent = false (request: absent)`. */
export function describeCondition(c: ConditionOutcome): string {
  const policy = c.values.length === 1 ? c.values[0]! : `[${c.values.join(', ')}]`;
  const request =
    c.requestValues === undefined ? 'absent' : c.requestValues.length === 0 ? 'empty set' : c.requestValues.join(', ');
  const assumed = c.problem === undefined ? '' : ` [${c.problem.startsWith(UNDOCUMENTED) ? c.problem : `not read (${c.problem})`}: outcome unknown]`;
  return `${c.operator} ${c.key} = ${policy} (request: ${request})${assumed}`;
}
