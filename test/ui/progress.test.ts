import { describe, expect, it } from 'vitest';
import { silentProgress, spinnerProgress } from '../../src/ui/progress.js';
import { recordingIo } from './fake-prompter.js';

describe('progress', () => {
  it('without a terminal on stderr draws nothing but still prints warnings', async () => {
    const rec = recordingIo();
    const progress = await spinnerProgress({ ...rec.io, stderrIsTTY: false });
    progress.step('Reading IAM');
    progress.warn('cannot read SCPs');
    progress.stop();
    expect(rec.stderr()).toBe('warning: cannot read SCPs\n');
    expect(rec.stdout()).toBe('');
  });

  it('silentProgress accepts every call', () => {
    expect(() => {
      silentProgress.step('x');
      silentProgress.warn('x');
      silentProgress.stop();
    }).not.toThrow();
  });
});
