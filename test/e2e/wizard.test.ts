/**
 * The real wizard in a real pseudo-terminal (tmux): the built bin, keys typed as a person would,
 * the screen read back. CI is unset in the child so the CLI is interactive.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, ROOT, runCli } from '../helpers/run.js';
import { answer, declineEvidence, declineOffers, skipPaste } from '../ui/steps.js';
import { Terminal } from '../ui/tmux.js';
import { scratch } from '../ui/scratch.js';

const tempDir = scratch('ba-wizard-');

let terminal: Terminal | undefined;
afterEach(() => terminal?.close());

/** A HOME with no AWS profiles and no credentials in the environment: the wizard offers the examples. */
function start(args: string[], cwd = ROOT, env: Record<string, string> = {}): Terminal {
  terminal = new Terminal();
  const home = tempDir('home-');
  terminal.start([process.execPath, BIN, ...args], { cwd, env: { HOME: home, NO_COLOR: '1', ...env } });
  return terminal;
}

describe('doctor wizard in a terminal', () => {
  it('Ctrl-C at a question exits 130 with no stack trace and the terminal restored', async () => {
    const t = start(['doctor']);
    await skipPaste(t);
    await t.waitFor(/What should be diagnosed\?/);
    t.send('C-c');
    expect(await t.exitStatus()).toBe(130);
    const screen = t.screen();
    expect(screen).toContain('billing-access: cancelled');
    expect(screen).not.toMatch(/^\s+at /m);
    expect(screen).not.toMatch(/ExitPromptError|internal error/);
    // Raw mode is off again (the shell after us reads lines with echo) and the cursor is visible.
    const stty = t.sttyAfterExit();
    expect(stty).toMatch(/(^|\s)icanon(\s|$)/);
    expect(stty).toMatch(/(^|\s)echo(\s|$)/);
    expect(t.cursorVisible()).toBe(true);
  });

  it('with no AWS credentials offers the examples and walks to a diagnosis, then saves the report', async () => {
    const cwd = tempDir('cwd-');
    const t = start(['doctor'], cwd);
    await skipPaste(t);
    await t.waitFor(/No AWS credentials found/);
    await t.waitFor(/What should be diagnosed\?/);
    t.send('Enter'); // default: a bundled example
    await t.waitFor(/Which example\?/);
    t.send('Enter'); // eu-only-org
    await t.waitFor(/Who cannot open the Billing console\?/);
    // The example's caller took the snapshot; it is not the person at the terminal.
    await t.waitFor(/user alice \(took the snapshot\)/);
    t.type('alice');
    t.send('Enter');
    await t.waitFor(/Which console page fails\?/);
    t.send('Enter'); // I don't know → home, bills, cost explorer
    // eu-only-org records alice's MFA device and "Activate IAM Access": neither is asked.
    await t.waitFor(/Save a Markdown report\?/);
    const diagnosis = t.history();
    expect(diagnosis).not.toMatch(/with MFA\?|Activate IAM Access" on\?/);
    expect(diagnosis).toContain('✖');
    expect(diagnosis).toContain('DenyAllOutsideEU');
    // Every checklist step ends as its own line, in the fixed order, once its spinner is replaced.
    const steps = ['activation', 'identity-policy', 'scp', 'mfa', 'region', 'boundary'].map((id) => diagnosis.search(new RegExp(`^[✔✖⚠?–] ${id} `, 'm')));
    expect(steps.every((at) => at >= 0)).toBe(true);
    expect([...steps].sort((a, b) => a - b)).toEqual(steps);
    expect(diagnosis).not.toContain('Checking ');
    t.type('y');
    t.send('Enter');
    await answer(t, /Save the report as/, 'report.md');
    expect(await declineEvidence(t)).toBe(1);
    const report = join(cwd, 'report.md');
    expect(existsSync(report)).toBe(true);
    expect(readFileSync(report, 'utf8')).toContain('DenyAllOutsideEU');
  });

  it('a file that is not a snapshot is asked again; ~ is expanded; the end prints the command line', async () => {
    const cwd = tempDir('cwd-');
    const home = tempDir('home-');
    writeFileSync(join(cwd, 'notes.json'), '{"hello": "world"}');
    writeFileSync(join(home, 'acct.json'), readFileSync(join(ROOT, 'examples', 'mfa-no-device.json')));
    terminal = new Terminal();
    const t = terminal;
    t.start([process.execPath, BIN, 'doctor', '--task', 'bills', '--activation', 'enabled'], { cwd, env: { HOME: home, NO_COLOR: '1' } });
    await skipPaste(t);
    await t.waitFor(/What should be diagnosed\?/);
    t.send('Up');
    t.send('Enter'); // a snapshot file
    await t.waitFor(/Path to the snapshot file/);
    t.type('notes.json');
    t.send('Enter');
    // The first answers stay on the screen: wait for the questions asked after "Choose again".
    await t.waitFor(/Choose again[\s\S]*What should be diagnosed\?/);
    expect(t.history()).toMatch(/billing-access: notes\.json: /);
    t.send('Up');
    t.send('Enter');
    await t.waitFor(/Choose again[\s\S]*Path to the snapshot file/);
    t.type('~/acct.json');
    t.send('Enter');
    await t.waitFor(/Who cannot open the Billing console\?/);
    t.type('bob');
    t.send('Enter');
    expect(await declineOffers(t)).toBe(1);
    const history = t.history(true);
    const line = /^ {2}(billing-access doctor .*)$/m.exec(history)?.[1];
    expect(line).toBe(`billing-access doctor --snapshot ${join(home, 'acct.json')} --principal arn:aws:iam::777788889999:user/bob --task bills --activation enabled --no-interactive`);
    // The printed command line gives the same verdict, with no prompt.
    const again = await runCli([...(line ?? '').split(' ').slice(1)], { cwd });
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('BlockMostAccessUnlessSignedInWithMFA');
  });

  it('asks for a snapshot path until the file exists', async () => {
    const cwd = tempDir('cwd-');
    writeFileSync(join(cwd, 'acct.json'), readFileSync(join(ROOT, 'examples', 'mfa-no-device.json')));
    const t = start(['doctor', '--principal', 'bob', '--task', 'bills', '--mfa', 'no', '--activation', 'enabled'], cwd);
    await skipPaste(t);
    await t.waitFor(/What should be diagnosed\?/);
    t.send('Up');
    t.send('Enter'); // a snapshot file (the default is the example, below it)
    await t.waitFor(/Path to the snapshot file/);
    t.type('missing.json');
    t.send('Enter');
    await t.waitFor(/No such file: missing\.json/);
    for (let i = 0; i < 'missing.json'.length; i++) t.send('BSpace');
    t.type('acct.json');
    t.send('Enter');
    // Every other input came from flags: straight to the diagnosis, then the offers.
    await t.waitFor(/Save a Markdown report\?/);
    expect(t.history()).toContain('BlockMostAccessUnlessSignedInWithMFA');
    t.send('C-c');
    expect(await t.exitStatus()).toBe(130);
  });

  it('lists the profiles of AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE for a live run', async () => {
    const dir = tempDir('aws-');
    writeFileSync(join(dir, 'config'), '[default]\nregion = eu-west-1\n[profile finance-admin]\nregion = us-east-1\n');
    writeFileSync(join(dir, 'credentials'), '[ci-readonly]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n');
    const t = start(['doctor'], ROOT, { AWS_CONFIG_FILE: join(dir, 'config'), AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials') });
    await skipPaste(t);
    await t.waitFor(/What should be diagnosed\?/);
    expect(t.screen()).not.toContain('No AWS credentials found');
    t.send('Enter'); // default: this AWS account, live
    const screen = await t.waitFor(/Which AWS profile\?/);
    expect(screen).toMatch(/default[\s\S]*ci-readonly[\s\S]*finance-admin/);
    t.send('C-c');
    expect(await t.exitStatus()).toBe(130);
  });

  it('Ctrl-C while the spinner waits for AWS exits 130 with the cursor shown again', async () => {
    // An "AWS endpoint" that accepts connections and never answers, so the live read hangs.
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => void sockets.push(socket));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as { port: number };
    try {
      const t = start(['doctor', '--principal', 'alice', '--task', 'bills', '--mfa', 'yes', '--activation', 'enabled'], ROOT, {
        AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
        AWS_ENDPOINT_URL: `http://127.0.0.1:${port}`,
      });
      await skipPaste(t);
      await t.waitFor(/What should be diagnosed\?/);
      t.send('Enter'); // live: environment credentials, so no profile question
      await t.waitFor(/Reading the (account|caller identity)/); // the spinner's first step may be replaced before a screen read
      await new Promise((r) => setTimeout(r, 300));
      expect(t.cursorVisible()).toBe(false); // the spinner hides it while drawing
      t.send('C-c');
      expect(await t.exitStatus()).toBe(130);
      expect(t.history()).toContain('billing-access: cancelled');
      expect(t.history()).not.toMatch(/^\s+at |internal error/m);
      expect(t.cursorVisible()).toBe(true);
      expect(t.sttyAfterExit()).toMatch(/(^|\s)icanon(\s|$)/);
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });

  it('--no-interactive in a terminal asks nothing', async () => {
    const t = start(['doctor', '--no-interactive', '--example', 'mfa-no-device']);
    expect(await t.exitStatus()).toBe(1);
    const screen = t.history();
    expect(screen).toContain('Verdict: DENIED by mfa');
    expect(screen).not.toMatch(/\?.*(What should be diagnosed|Save a Markdown report)/);
  });
});

describe('doctor without a terminal', () => {
  it('never prompts, even with CI unset: stdin is not a TTY', async () => {
    const r = await runCli(['doctor', '--example', 'healthy'], { env: { CI: undefined }, timeoutMs: 20_000 });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Verdict: ALLOWED');
    expect(r.stdout + r.stderr).not.toMatch(/What should be diagnosed|Who cannot open|Save a Markdown report/);
  });
});
