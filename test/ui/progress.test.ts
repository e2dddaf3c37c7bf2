import { describe, expect, it } from 'vitest';
import { silentProgress, spinnerProgress, STATUS_SYMBOLS } from '../../src/ui/progress.js';
import { recordingIo } from './fake-prompter.js';

describe('progress', () => {
  it('without a terminal on stderr draws nothing but still prints warnings', async () => {
    const rec = recordingIo();
    const progress = await spinnerProgress({ ...rec.io, stderrIsTTY: false });
    progress.step('Reading IAM');
    progress.result('fail', 'scp: denied');
    progress.warn('cannot read SCPs');
    progress.stop();
    expect(rec.stderr()).toBe('warning: cannot read SCPs\n');
    expect(rec.stdout()).toBe('');
  });

  it('has a distinct mark for every check status', () => {
    expect(Object.keys(STATUS_SYMBOLS).sort()).toEqual(['fail', 'not-applicable', 'pass', 'unknown', 'warn']);
    expect(new Set(Object.values(STATUS_SYMBOLS)).size).toBe(5);
    expect(STATUS_SYMBOLS.pass).toBe('✔');
    expect(STATUS_SYMBOLS.fail).toBe('✖');
  });

  it('silentProgress accepts every call', () => {
    expect(() => {
      silentProgress.step('x');
      silentProgress.result('pass', 'x');
      silentProgress.warn('x');
      silentProgress.stop();
    }).not.toThrow();
  });
});
