/**
 * The wizard's first question in a real pseudo-terminal (tmux): the pasted denial decides who and
 * what is diagnosed, and the page question is skipped when the message names actions.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers/run.js';
import { answer, declineOffers, PASTE_PROMPT } from '../ui/steps.js';
import { Terminal } from '../ui/tmux.js';
import { scratch } from '../ui/scratch.js';

const tempDir = scratch('ba-wizard-denial-');
let terminal: Terminal | undefined;
afterEach(() => terminal?.close());

/** No AWS profiles or credentials: the wizard offers the bundled examples (eu-only-org first). */
function start(): Terminal {
  terminal = new Terminal();
  terminal.start([process.execPath, BIN, 'doctor'], { cwd: ROOT, env: { HOME: tempDir('home-'), NO_COLOR: '1' } });
  return terminal;
}

async function pickFirstExample(t: Terminal): Promise<void> {
  await t.waitFor(/What should be diagnosed\?/);
  t.send('Enter'); // a bundled example
  await t.waitFor(/Which example\?/);
  t.send('Enter'); // eu-only-org
}

describe('doctor wizard: the pasted denial', () => {
  it('a console message naming an action: that action is diagnosed and the page is not asked', async () => {
    const t = start();
    await answer(t, PASTE_PROMPT, 'You don’t have permission to perform the following operation on the AWS Cost Management console: ce:DescribeReport.');
    await pickFirstExample(t);
    // The console names no principal: that is still asked.
    await answer(t, /Who cannot open the Billing console\?/, 'alice');
    expect(await declineOffers(t)).toBe(1);
    const history = t.history(true);
    expect(history).not.toMatch(/Which console page fails\?/);
    expect(history).toContain('The denial, from the message');
    expect(history).toMatch(/Actions: +ce:DescribeReport/);
    expect(history).toContain('Pages: named-actions');
  });

  it('an API message naming the principal and the action: neither is asked, and AWS\'s reason is checked', async () => {
    const t = start();
    await answer(t, PASTE_PROMPT, 'User: arn:aws:iam::111122223333:user/alice is not authorized to perform: billing:GetBillingData with an explicit deny in a service control policy');
    await pickFirstExample(t);
    expect(await declineOffers(t)).toBe(1);
    const history = t.history(true);
    expect(history).not.toMatch(/Who cannot open the Billing console\?|Which console page fails\?/);
    expect(history).toMatch(/Diagnosis: +agrees with AWS/);
    // Long lines are wrapped to the terminal: compare with the breaks undone.
    expect(history.replace(/\s+/g, ' ')).toContain('SCP DenyAllOutsideEU (p-8n2ke4xq) statement DenyAllOutsideEU denies it');
  });

  /** The aws CLI's output as a terminal 80 columns wide wraps it, the ARN split inside. */
  const WRAPPED = [
    'An error occurred (AccessDeniedException) when calling the GetBillingData operation: User: arn:aws:iam::11112',
    '2223333:user/alice is not authorized to perform: billing:GetBillingData with an explicit deny in a service ',
    'control policy',
  ];

  async function diagnosedWhole(t: Terminal): Promise<void> {
    await pickFirstExample(t);
    expect(await declineOffers(t)).toBe(1);
    const history = t.history(true);
    expect(history).not.toMatch(/Who cannot open the Billing console\?|Which console page fails\?/);
    expect(history).toMatch(/Principal: +arn:aws:iam::111122223333:user\/alice/);
    expect(history).toMatch(/AWS says: +an explicit deny in a service control policy/);
    expect(history).toMatch(/Diagnosis: +agrees with AWS/);
  }

  it('a message pasted over several lines (bracketed paste) is read whole once Enter ends it', async () => {
    const t = start();
    await t.waitFor(PASTE_PROMPT);
    t.paste(WRAPPED.join('\n'));
    await t.waitFor(/an empty line ends it/);
    t.send('Enter');
    await diagnosedWhole(t);
  });

  it('several lines arriving in one read with their Enter (a terminal without bracketed paste) are one answer', async () => {
    const t = start();
    await t.waitFor(PASTE_PROMPT);
    t.type(`${WRAPPED.join('\n')}\n`);
    await diagnosedWhole(t);
  });

  it('text that is no denial is refused at the prompt; Enter on an empty answer skips the step', async () => {
    const t = start();
    await answer(t, PASTE_PROMPT, 'hello');
    await t.waitFor(/That is not an AWS access-denied message/);
    for (let i = 0; i < 'hello'.length; i++) t.send('BSpace');
    t.send('Enter');
    await pickFirstExample(t);
    await answer(t, /Who cannot open the Billing console\?/, 'alice');
    // Skipped: the usual page question comes back.
    await t.waitFor(/Which console page fails\?/);
    t.send('Enter');
    expect(await declineOffers(t)).toBe(1);
    expect(t.history(true)).not.toContain('The denial, from the message');
  });
});
