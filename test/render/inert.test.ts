/** The one inert function per output format: what each guarantees, for any string. */
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { inertJson, inertText, markdownCode, markdownText } from '../../src/render/inert.js';

const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/;
const md = new MarkdownIt({ html: true, linkify: true });
/** Strings rich in the characters that matter. */
const nasty = fc.string({ unit: fc.constantFrom('a', ' ', '\n', '\u001b', '\u009b', '\u007f', '\u202e', '\u2066', '|', '`', '<', '>', '[', ']', '(', ')', '\\', '*', '_', '@', ':', '/', '.', 'w', '&', '#', '!', 'h', 't', 'p', 's') });

describe('inertText', () => {
  it.each([
    ['\u001b]0;title\u0007', '\\x1b]0;title\\x07'],
    ['a\nb\r\tc', 'a\\x0ab\\x0d\\x09c'],
    ['\u009b2J\u007f', '\\x9b2J\\x7f'],
    ['abc\u202edef\u2066', 'abc\\u202edef\\u2066'],
    ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::111122223333:user/alice'],
  ])('%j → %s', (input, output) => expect(inertText(input)).toBe(output));

  it('never leaves a control character', () => fc.assert(fc.property(nasty, (s) => !UNSAFE.test(inertText(s)))));
});

describe('inertJson', () => {
  it('parses back to exactly the same value, with no raw unsafe character', () =>
    fc.assert(
      fc.property(fc.dictionary(nasty, nasty), (value) => {
        const text = inertJson(value, 2);
        return !UNSAFE.test(text.replace(/\n/g, '')) && JSON.stringify(JSON.parse(text)) === JSON.stringify(value);
      }),
    ));
});

describe('Markdown', () => {
  it('markdownText renders to the inert text, as text: no element, no link', () =>
    fc.assert(
      fc.property(nasty, (s) => {
        const html = md.renderInline(markdownText(s));
        return !/<(?!\/?(?:br)\b)[a-z/]/i.test(html.replace(/&lt;|&gt;/g, '')) && !html.includes('<a ');
      }),
    ));

  it.each(['[x](javascript:alert(1))', 'see https://evil.example/a', 'www.evil.example', 'evil.example/a', 'a.at', 'ops@evil.example', '<script>alert(1)</script>', '**bold** _it_'])(
    'markdownText(%j) shows the characters and builds nothing',
    (s) => {
      const html = md.renderInline(markdownText(s));
      expect(html).not.toMatch(/<a |<script|<strong|<em/);
      expect(html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&').replace(/&quot;/g, '"')).toBe(s);
    },
  );

  it('markdownCode is one code span holding the inert text, in a table cell too', () =>
    fc.assert(
      fc.property(nasty, (s) => {
        const html = md.render(`| a | b |\n| --- | --- |\n| ${markdownCode(s)} | x |\n`);
        const cells = html.match(/<td>[\s\S]*?<\/td>/g) ?? [];
        const code = /<td><code>([\s\S]*)<\/code><\/td>/.exec(cells[0] ?? '')?.[1];
        const shown = code?.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
        // CommonMark turns line endings in code spans into spaces and strips one space each side.
        return cells.length === 2 && shown !== undefined && shown.trim() === inertText(s).trim();
      }),
    ));
});
