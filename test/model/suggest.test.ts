import { describe, expect, it } from 'vitest';
import { closest, didYouMean, editDistance } from '../../src/model/suggest.js';

describe('editDistance (optimal string alignment)', () => {
  it.each([
    ['alice', 'alice', 0],
    ['alcie', 'alice', 1], // one swap
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['bils', 'bills', 1],
  ])('%s → %s = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe('closest / didYouMean', () => {
  it('keeps candidates within a third of the length, nearest first, case-insensitively', () => {
    expect(closest('alcie', ['bob', 'Alice', 'alicia', 'carol'])).toEqual(['Alice']); // alicia is 2 edits away
    expect(closest('bils', ['bills', 'boils', 'bill', 'home'])).toEqual(['bill', 'bills', 'boils']);
    expect(closest('xyz', ['alice'])).toEqual([]);
    expect(didYouMean('doctr', ['doctor', 'audit'])).toBe(' (did you mean doctor?)');
    expect(didYouMean('bill', ['bills', 'billy', 'home'])).toBe(' (did you mean bills or billy?)');
    expect(didYouMean('zzz', ['home'])).toBe('');
  });
});
