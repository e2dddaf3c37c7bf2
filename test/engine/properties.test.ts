/** Property tests: robustness on arbitrary input and monotonicity of denies. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, type PolicyLayers, type Request } from '../../src/engine/index.js';

const actions = ['ce:GetCostAndUsage', 'billing:GetBillingData', 'iam:ListUsers', 'ec2:RunInstances'];
const actionPattern = fc.constantFrom('*', 'ce:*', 'ce:Get*', 'billing:*', 'iam:List?sers', 'ec2:RunInstances', 'CE:GET*');
const keyName = fc.constantFrom('aws:MultiFactorAuthPresent', 'aws:RequestedRegion', 'aws:PrincipalTag/team', 'aws:SourceIp', 'aws:TagKeys');
const value = fc.constantFrom('true', 'false', 'us-east-1', 'eu-west-1', 'finops', '10.0.0.1', '10.0.0.0/8', 'fin*', 'a');
const operator = fc.constantFrom(
  'StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLikeIfExists', 'Bool', 'BoolIfExists', 'Null',
  'IpAddress', 'NotIpAddress', 'ForAllValues:StringEquals', 'ForAnyValue:StringLike', 'ArnNotLike', 'NumericLessThan',
);

const statement = fc.record(
  {
    Effect: fc.constantFrom('Allow', 'Deny'),
    Action: fc.array(actionPattern, { minLength: 1, maxLength: 3 }),
    Resource: fc.constant('*'),
    Condition: fc.dictionary(operator, fc.dictionary(keyName, fc.array(value, { minLength: 1, maxLength: 2 }), { maxKeys: 2 }), { maxKeys: 2 }),
  },
  { requiredKeys: ['Effect', 'Action', 'Resource'] },
);
const policyDoc = fc.record({ Version: fc.constant('2012-10-17'), Statement: fc.array(statement, { minLength: 1, maxLength: 4 }) });
const request: fc.Arbitrary<Request> = fc.record({
  action: fc.constantFrom(...actions),
  resource: fc.constant('*'),
  context: fc.dictionary(keyName, fc.array(value, { minLength: 0, maxLength: 2 }), { maxKeys: 3 }),
});

const layersOf = (identity: unknown[], scp?: unknown[]): PolicyLayers => ({
  identity: identity.map((document, i) => compilePolicy({ source: `p${i}`, document })),
  ...(scp ? { scpLevels: [scp.map((document, i) => compilePolicy({ source: `s${i}`, document }))] } : {}),
});

describe('engine properties', () => {
  it('never throws on arbitrary JSON as a policy, and reports what it cannot read', () => {
    fc.assert(
      fc.property(fc.jsonValue(), request, (document, req) => {
        const policy = compilePolicy({ source: 'fuzz', document });
        const result = evaluate(req, { identity: [policy] });
        expect(['allowed', 'explicit-deny', 'implicit-deny', 'unknown']).toContain(result.decision);
        // Arbitrary JSON is almost never a policy; when it is not, a problem must say so.
        if (policy.statements.length === 0) expect(policy.problems.length).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on policy-shaped JSON with arbitrary statements or strings', () => {
    const anyStatement = fc.dictionary(fc.constantFrom('Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition', 'Sid', 'Extra'), fc.jsonValue());
    fc.assert(
      fc.property(fc.array(anyStatement, { maxLength: 3 }), fc.string(), request, (statements, text, req) => {
        const a = compilePolicy({ source: 'a', document: { Version: '2012-10-17', Statement: statements } });
        const b = compilePolicy({ source: 'b', document: text });
        expect(() => evaluate(req, { identity: [a, b], scpLevels: [[a]], boundary: b })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('adding a Deny statement never turns a denial into an allow', () => {
    fc.assert(
      fc.property(fc.array(policyDoc, { minLength: 1, maxLength: 3 }), statement, request, (docs, extra, req) => {
        const before = evaluate(req, layersOf(docs, docs));
        const withDeny = [...docs, { Version: '2012-10-17', Statement: [{ ...extra, Effect: 'Deny' }] }];
        const after = evaluate(req, layersOf(withDeny, docs));
        if (before.decision !== 'allowed') expect(after.decision).not.toBe('allowed');
        if (before.decision === 'explicit-deny') expect(after.decision).toBe('explicit-deny');
      }),
      { numRuns: 400 },
    );
  });

  it('removing an Allow statement never turns a denial into an allow', () => {
    fc.assert(
      fc.property(fc.array(policyDoc, { minLength: 1, maxLength: 3 }), fc.nat(), request, (docs, pick, req) => {
        const before = evaluate(req, layersOf(docs, docs));
        const all = docs.flatMap((d, p) => d.Statement.map((s, i) => ({ p, i, s })));
        const allows = all.filter((x) => x.s.Effect === 'Allow');
        if (allows.length === 0) return;
        const victim = allows[pick % allows.length]!;
        const pruned = docs.map((d, p) => ({ ...d, Statement: d.Statement.filter((_, i) => !(p === victim.p && i === victim.i)) }));
        const after = evaluate(req, layersOf(pruned, pruned));
        if (before.decision !== 'allowed') expect(after.decision).not.toBe('allowed');
      }),
      { numRuns: 400 },
    );
  });

  // Reference wildcard matcher (dynamic programming over pattern × value), independent of the engine's.
  const reference = (pattern: string, value: string): boolean => {
    const m = pattern.length;
    const n = value.length;
    let row = Array<boolean>(n + 1).fill(false);
    row[0] = true;
    for (let i = 1; i <= m; i++) {
      const p = pattern[i - 1];
      const next = Array<boolean>(n + 1).fill(false);
      next[0] = p === '*' && row[0]!;
      for (let j = 1; j <= n; j++) {
        if (p === '*') next[j] = row[j]! || next[j - 1]!;
        else next[j] = row[j - 1]! && (p === '?' || p === value[j - 1]);
      }
      row = next;
    }
    return row[n]!;
  };
  const patternText = fc.string({ unit: fc.constantFrom('a', 'b', '.', '+', '(', '*', '?'), maxLength: 10 });
  const valueText = fc.string({ unit: fc.constantFrom('a', 'b', '.', '+', '('), maxLength: 12 });

  it('StringLike agrees with a reference wildcard matcher', () => {
    fc.assert(
      fc.property(patternText, valueText, (pattern, value) => {
        const policy = compilePolicy({ source: 'p', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { StringLike: { 'test:Key': pattern } } } } });
        const e = evaluate({ action: 'ce:GetCostAndUsage', resource: '*', context: { 'test:Key': [value] } }, { identity: [policy] });
        expect(e.decision === 'allowed').toBe(reference(pattern, value));
      }),
      { numRuns: 1000 },
    );
  });

  it('ArnLike agrees with matching each of the six ARN components separately', () => {
    const segment = fc.string({ unit: fc.constantFrom('a', 'b', '*', '?'), maxLength: 4 });
    const valueSegment = fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 4 });
    fc.assert(
      fc.property(fc.array(segment, { minLength: 6, maxLength: 6 }), fc.array(valueSegment, { minLength: 6, maxLength: 7 }), (patternParts, valueParts) => {
        const pattern = patternParts.join(':');
        const value = valueParts.join(':');
        // The sixth component is the rest of the ARN, colons included.
        const components = [...valueParts.slice(0, 5), valueParts.slice(5).join(':')];
        const expected = patternParts.every((p, i) => reference(p, components[i]!));
        const policy = compilePolicy({ source: 'p', document: { Version: '2012-10-17', Statement: { Effect: 'Allow', Action: '*', Resource: '*', Condition: { ArnLike: { 'test:Arn': pattern } } } } });
        const e = evaluate({ action: 'ce:GetCostAndUsage', resource: '*', context: { 'test:Arn': [value] } }, { identity: [policy] });
        expect(e.decision === 'allowed').toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });
});
