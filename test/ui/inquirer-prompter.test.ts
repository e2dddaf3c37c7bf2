import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { inquirerPrompter, matchesSearch } from '../../src/ui/inquirer-prompter.js';

/** Drives the real @inquirer/prompts through in-memory streams: type keys, read the screen. */
function terminal() {
  const input = new PassThrough();
  const output = new PassThrough();
  let screen = '';
  output.on('data', (chunk: Buffer) => (screen += chunk.toString()));
  const prompter = inquirerPrompter({ input, output });
  return {
    prompter,
    screen: () => screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''),
    /** Waits for the prompt to draw, then sends the keys. */
    async type(keys: string) {
      await new Promise((r) => setTimeout(r, 30));
      input.write(keys);
    },
  };
}

const DOWN = '\x1b[B';

describe('inquirerPrompter', () => {
  it('select returns the value of the highlighted choice', async () => {
    const t = terminal();
    const answer = t.prompter.select('Pick one', [
      { value: 1, name: 'one' },
      { value: 2, name: 'two' },
    ]);
    await t.type(DOWN);
    await t.type('\r');
    expect(await answer).toBe(2);
    expect(t.screen()).toContain('Pick one');
  });

  it('search filters the choices by what is typed', async () => {
    const t = terminal();
    const answer = t.prompter.search('Who?', [
      { value: 'arn:u/alice', name: 'user alice' },
      { value: 'arn:r/FinOps', name: 'role FinOps', description: 'arn:aws:iam::1:role/FinOps' },
    ]);
    await t.type('fin');
    await t.type('\r');
    expect(await answer).toBe('arn:r/FinOps');
  });

  it('search typed and entered in one go (a paste, a busy terminal) returns the choice it shows, not the stale first one', async () => {
    const t = terminal();
    const answer = t.prompter.search('Who?', [
      { value: 'arn:u/me', name: 'user me (you)' },
      { value: 'arn:u/alice', name: 'user alice' },
    ]);
    await t.type('alice\r');
    expect(await answer).toBe('arn:u/alice');
    expect(t.screen()).toMatch(/Who\? .*user alice/);
  });

  it('search typed and entered in one go matching nothing asks again', async () => {
    const t = terminal();
    const answer = t.prompter.search('Who?', [
      { value: 'arn:u/me', name: 'user me (you)' },
      { value: 'arn:u/alice', name: 'user alice' },
    ]);
    await t.type('zzz\r');
    await t.type('\x7f\x7f\x7fali');
    await t.type('\r');
    expect(await answer).toBe('arn:u/alice');
  });

  it('input shows the validator message and waits for a valid answer', async () => {
    const t = terminal();
    const answer = t.prompter.input('Path:', { validate: (v) => (v === 'ok' ? true : `No such file: ${v}`) });
    await t.type('bad\r');
    await new Promise((r) => setTimeout(r, 50));
    expect(t.screen()).toContain('No such file: bad');
    await t.type('\x7f\x7f\x7fok\r');
    expect(await answer).toBe('ok');
  });

  describe('multiline input (a pasted message)', () => {
    const WRAPPED = ['An error occurred (AccessDeniedException) when calling the GetCostAndUsage operation: User:', 'arn:aws:iam::111122223333:user/alice is not authorized to perform: ce:GetCostAndUsage'];
    const wholeOnly = (v: string): true | string => (v === '' || v.includes('ce:GetCostAndUsage') ? true : `incomplete: ${v}`);

    it('one line typed and entered is the answer', async () => {
      const t = terminal();
      const answer = t.prompter.input('Paste:', { validate: wholeOnly, multiline: true });
      await t.type(`${WRAPPED.join(' ')}\r`);
      expect(await answer).toBe(WRAPPED.join(' '));
    });

    it('lines pasted in one read (no bracketed paste) are one answer, with their breaks', async () => {
      const t = terminal();
      const answer = t.prompter.input('Paste:', { validate: wholeOnly, multiline: true });
      await t.type(`${WRAPPED.join('\n')}\r`);
      expect(await answer).toBe(WRAPPED.join('\n'));
    });

    it('a bracketed paste keeps its line breaks until Enter outside it; an empty line ends a paste that ended with a break', async () => {
      const t = terminal();
      const answer = t.prompter.input('Paste:', { validate: wholeOnly, multiline: true });
      await t.type(`\x1b[200~${WRAPPED[0]}\r${WRAPPED[1]}\x1b[201~`);
      await new Promise((r) => setTimeout(r, 50));
      expect(t.screen()).toContain('an empty line ends it');
      await t.type('\r');
      expect(await answer).toBe(WRAPPED.join('\n'));
      const again = terminal();
      const second = again.prompter.input('Paste:', { validate: wholeOnly, multiline: true });
      await again.type(`\x1b[200~${WRAPPED.join('\n')}\n\x1b[201~`);
      await again.type('\r');
      expect(await second).toBe(WRAPPED.join('\n'));
    });

    it('a typed line the validator refuses stays for editing; Enter on nothing is the empty answer', async () => {
      const t = terminal();
      const answer = t.prompter.input('Paste:', { validate: wholeOnly, multiline: true });
      await t.type('hello\r');
      await new Promise((r) => setTimeout(r, 50));
      expect(t.screen()).toContain('incomplete: hello');
      await t.type('\x7f'.repeat(5));
      await t.type('\r');
      expect(await answer).toBe('');
    });
  });

  it('confirm and checkbox return what was chosen', async () => {
    const t = terminal();
    const yes = t.prompter.confirm('Save?', { default: false });
    await t.type('y\r');
    expect(await yes).toBe(true);
    const boxes = t.prompter.checkbox('Pages', [{ value: 'a', name: 'A' }, { value: 'b', name: 'B' }], { defaults: ['a'] });
    await t.type(DOWN + ' ');
    await t.type('\r');
    expect(await boxes).toEqual(['a', 'b']);
  });

  it('Ctrl-C rejects with ExitPromptError (mapped to exit 130 by src/index.ts)', async () => {
    const t = terminal();
    const answer = t.prompter.select('Pick', [{ value: 1, name: 'one' }]);
    const caught = answer.catch((e: unknown) => e);
    await t.type('\x03');
    expect(((await caught) as Error).name).toBe('ExitPromptError');
  });
});

describe('matchesSearch', () => {
  it('matches every typed word, case-insensitively, in name or description', () => {
    const choice = { value: 1, name: 'role FinOps', description: 'arn:aws:iam::111122223333:role/FinOps' };
    expect(matchesSearch(choice, undefined)).toBe(true);
    expect(matchesSearch(choice, 'finops 1111')).toBe(true);
    expect(matchesSearch(choice, 'user')).toBe(false);
  });
});
