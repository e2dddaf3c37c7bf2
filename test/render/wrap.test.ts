import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visibleLength, wrapLine, wrapWidth } from '../../src/render/wrap.js';

const words = fc.array(fc.stringMatching(/^[a-zA-Z:/*.,()-]{1,30}$/), { minLength: 1, maxLength: 40 });

describe('wrapLine', () => {
  it('never breaks a word, keeps every word in order, indents continuation lines, fits unless a word is too long', () => {
    fc.assert(
      fc.property(words, fc.integer({ min: 40, max: 160 }), fc.integer({ min: 0, max: 20 }), (list, width, hang) => {
        const line = list.join(' ');
        const wrapped = wrapLine(line, width, hang).split('\n');
        expect(wrapped.join(' ').split(/ +/).filter(Boolean)).toEqual(list);
        wrapped.slice(1).forEach((l) => expect(l.startsWith(' '.repeat(hang))).toBe(true));
        for (const l of wrapped) {
          const single = l.trim().split(' ').length === 1;
          if (!single) expect(visibleLength(l)).toBeLessThanOrEqual(width);
        }
      }),
    );
  });

  it('without a width, or when the line fits, returns it unchanged', () => {
    const long = 'x '.repeat(200);
    expect(wrapLine(long, undefined, 4)).toBe(long);
    expect(wrapLine('short line', 80, 4)).toBe('short line');
  });

  it('colour codes take no columns', () => {
    const red = (t: string): string => `\u001b[31m${t}\u001b[39m`;
    expect(visibleLength(red('✖ region'))).toBe(8);
    const line = `${red('✖')} ${'word '.repeat(20).trim()}`;
    for (const l of wrapLine(line, 42, 2).split('\n')) expect(visibleLength(l)).toBeLessThanOrEqual(42);
  });

  it('wraps only on a terminal with a known width', () => {
    expect(wrapWidth({ stdoutIsTTY: true, stdoutColumns: 100 })).toBe(100);
    expect(wrapWidth({ stdoutIsTTY: false, stdoutColumns: 100 })).toBeUndefined();
    expect(wrapWidth({ stdoutIsTTY: true })).toBeUndefined();
  });
});
