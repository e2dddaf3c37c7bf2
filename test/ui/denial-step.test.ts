/** The wizard's paste step with a scripted prompter: what becomes --error, and when it is not asked. */
import { describe, expect, it } from 'vitest';
import type { DoctorOptions } from '../../src/cli/options.js';
import { askDenial, validateDenial } from '../../src/ui/denial-step.js';
import { fakePrompter } from './fake-prompter.js';

const base = { actionSet: 'fine-grained', region: 'us-east-1', interactive: true, format: 'text' } as DoctorOptions;
const MESSAGE = 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: billing:GetBillingData';

describe('askDenial', () => {
  it('a pasted message becomes --error (trimmed); an empty answer leaves the options as they were', async () => {
    const paste = fakePrompter([{ kind: 'input', message: /^Paste the error message you see \(or press Enter to skip\)/, answer: `  ${MESSAGE}  ` }]);
    expect((await askDenial(base, paste)).error).toBe(MESSAGE);
    paste.done();
    const skip = fakePrompter([{ kind: 'input', message: /^Paste the error message/, answer: '' }]);
    expect(await askDenial(base, skip)).toEqual(base);
    skip.done();
  });

  it.each([['error', { error: MESSAGE }], ['errorFile', { errorFile: '-' }], ['cloudtrailEvent', { cloudtrailEvent: 'e.json' }], ['recentDenials', { recentDenials: true }]])(
    'is not asked when --%s gives the denial',
    async (_flag, given) => {
      const none = fakePrompter([]);
      expect(await askDenial({ ...base, ...given }, none)).toEqual({ ...base, ...given });
      none.done();
    },
  );

  it('the validator refuses text that holds no access-denied message, saying what to paste', () => {
    expect(validateDenial('')).toBe(true);
    expect(validateDenial(MESSAGE)).toBe(true);
    expect(validateDenial('You Need Permissions')).toBe(true);
    expect(validateDenial('my bill went up')).toMatch(/^That is not an AWS access-denied message: paste text such as "User: arn:… is not authorized/);
  });
});
