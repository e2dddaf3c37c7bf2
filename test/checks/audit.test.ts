/** audit's pure parts: the matrix, allow-list parsing and drift. */
import { describe, expect, it } from 'vitest';
import { auditAccount, compareExpect, parseExpect, patternMatches } from '../../src/checks/audit.js';
import { taskById } from '../../src/model/catalogue.js';
import { ACCOUNT, allow, doc, inline, model, role, snapshot, user } from './builders.js';

const admin = [inline('all', doc(allow('*')))];
const s = snapshot(
  { users: { alice: { consolePassword: true, mfaDevices: 1 }, bob: { consolePassword: true, mfaDevices: 1 } } },
  {
    UserDetailList: [user('alice', { UserPolicyList: admin }), user('bob')],
    RoleDetailList: [role('FinOps', { RolePolicyList: admin }), role('AWSServiceRoleForX', { Path: '/aws-service-role/x.amazonaws.com/', RolePolicyList: admin })],
  },
);

describe('audit', () => {
  const rows = auditAccount(model(s), [taskById('home'), taskById('bills')], { actionSet: 'fine-grained' });

  it('one row per user and role (service-linked roles left out), one cell per page', () => {
    expect(rows.map((r) => r.principal.name)).toEqual(['alice', 'bob', 'FinOps']);
    expect(rows[1]?.cells).toEqual([
      { task: 'home', verdict: 'denied', blockedBy: ['identity-policy'], undecided: [], missing: [] },
      { task: 'bills', verdict: 'denied', blockedBy: ['identity-policy'], undecided: [], missing: [] },
    ]);
  });

  it('patterns match ARNs case-sensitively and names case-insensitively, with * wildcards', () => {
    const p = { arn: `arn:aws:iam::${ACCOUNT}:role/FinOps`, name: 'FinOps' };
    expect(patternMatches('finops', p)).toBe(true);
    expect(patternMatches('Fin*', p)).toBe(true);
    expect(patternMatches('arn:aws:iam::*:role/FinOps', p)).toBe(true);
    expect(patternMatches('arn:aws:iam::*:role/finops', p)).toBe(false);
    expect(patternMatches('Fin', p)).toBe(false);
    expect(patternMatches('a.b', { arn: 'x', name: 'aXb' })).toBe(false);
  });

  it('drift: gained, lost and unconfirmed per principal', () => {
    const drift = compareExpect(rows, parseExpect({ alice: ['home'], bob: ['bills'], 'arn:aws:iam::*:role/*': ['home', 'bills'] }, 'e.json'));
    expect(drift).toEqual({
      gained: [{ principal: `arn:aws:iam::${ACCOUNT}:user/alice`, tasks: ['bills'] }],
      lost: [{ principal: `arn:aws:iam::${ACCOUNT}:user/bob`, tasks: ['bills'] }],
      unconfirmed: [],
      missing: [],
    });
  });

  it('an allow-list name that matches nobody is drift (the principal was deleted or renamed); a wildcard pattern is not', () => {
    const drift = compareExpect(rows, parseExpect({ alice: ['home', 'bills'], Gone: ['bills'], 'Temp*': ['home'] }, 'e.json'));
    expect(drift.missing).toEqual([{ principal: 'Gone', tasks: ['bills'] }]);
  });

  it('a malformed allow-list names the file and the path', () => {
    expect(() => parseExpect([], 'e.json')).toThrow('e.json: $: expected an object');
    expect(() => parseExpect({ alice: 'bills' }, 'e.json')).toThrow('e.json: $["alice"]: expected an array');
    expect(() => parseExpect({ alice: ['bills', 3] }, 'e.json')).toThrow('e.json: $["alice"][1]: 3 is not a task id');
    expect(() => parseExpect({ '': [] }, 'e.json')).toThrow('empty principal pattern');
  });
});
