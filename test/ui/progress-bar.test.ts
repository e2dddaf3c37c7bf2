/** The sweep's progress: a redrawn bar with ETA on a terminal, plain lines otherwise, stderr only, inert. */
import { describe, expect, it } from 'vitest';
import { barProgress } from '../../src/ui/progress-bar.js';
import { recordingIo } from './fake-prompter.js';

function terminal(stderrIsTTY: boolean) {
  const r = recordingIo();
  return { io: { ...r.io, stderrIsTTY }, errText: r.stderr, outText: r.stdout };
}

describe('barProgress', () => {
  it('on a terminal: one line redrawn with done/total, the account being read and an ETA', () => {
    const t = terminal(true);
    let now = 0;
    const bar = barProgress(t.io, 'accounts', () => now, () => 100);
    bar.total(4);
    bar.started('111122223333');
    now = 10_000;
    bar.finished('111122223333');
    bar.started('444455556666');
    const last = t.errText().split('\r\u001b[2K').pop() ?? '';
    expect(last).toBe('[######------------------] 1/4 accounts · reading 444455556666 · ETA 0:30');
    expect(t.outText()).toBe('');
    bar.stop();
    expect(t.errText().endsWith('\r\u001b[2K')).toBe(true);
  });

  it('never wider than the terminal', () => {
    const t = terminal(true);
    const bar = barProgress(t.io, 'accounts', () => 0, () => 30);
    bar.total(1000);
    bar.started('111122223333');
    for (const line of t.errText().split('\r\u001b[2K')) expect(line.length).toBeLessThan(30);
  });

  it('without a terminal (or with 0 columns): a plain line per account, problems named, escaped', () => {
    for (const [tty, columns] of [[false, 80], [true, 0]] as const) {
      const t = terminal(tty);
      const bar = barProgress(t.io, 'accounts', () => 0, () => columns);
      bar.total(2);
      bar.started('111122223333');
      bar.finished('111122223333');
      bar.finished('444455556666', 'not read: sts:AssumeRole AccessDenied\u001b[2J');
      bar.stop();
      expect(t.errText()).toBe(
        'billing-access: reading 2 accounts\nbilling-access: 1/2 111122223333\nbilling-access: 2/2 444455556666: not read: sts:AssumeRole AccessDenied\\x1b[2J\n',
      );
    }
  });
});
