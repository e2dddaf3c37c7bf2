/**
 * A real pseudo-terminal for end-to-end wizard tests: runs a command in a detached tmux session on
 * a private socket (so parallel tests never collide), types keys, reads the screen, and records the
 * command's exit status in a file.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Quotes a word for sh. */
export function shq(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export class Terminal {
  private readonly dir = mkdtempSync(join(tmpdir(), 'ba-tty-'));
  /** A private server socket in our own directory: parallel tests never share a server, and close() leaves nothing behind. */
  private readonly socket = join(this.dir, 'tmux.sock');
  private readonly statusFile = join(this.dir, 'status');
  private readonly sttyFile = join(this.dir, 'stty');

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-S', this.socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }

  /**
   * Starts `argv` in a 120x40 terminal (or `columns` wide), in `cwd`, with exactly `env` (plus PATH and TERM); CI is
   * never set, so the CLI is interactive. The pane stays open after exit so the screen can be read.
   */
  start(argv: string[], options: { cwd: string; env?: Record<string, string>; columns?: number }): void {
    const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color', ...options.env };
    const assignments = Object.entries(env).map(([k, v]) => `${k}=${shq(v)}`);
    // The shell survives the Ctrl-C a test sends (a trap with a command is reset for the child) to record the status.
    const script = `trap : INT; cd ${shq(options.cwd)} && env -i ${assignments.join(' ')} ${argv.map(shq).join(' ')}; echo $? > ${shq(this.statusFile)}.tmp; stty -a > ${shq(this.sttyFile)}; mv ${shq(this.statusFile)}.tmp ${shq(this.statusFile)}; sleep 600`;
    this.tmux('new-session', '-d', '-s', 'main', '-x', String(options.columns ?? 120), '-y', '40', `sh -c ${shq(script)}`);
  }

  /** Sends keys: tmux key names (`Enter`, `Down`, `C-c`) or, with literal, text to type. */
  send(keys: string, literal = false): void {
    this.tmux('send-keys', '-t', 'main', ...(literal ? ['-l', keys] : [keys]));
  }

  type(text: string): void {
    this.send(text, true);
  }

  /** Pastes text as a terminal does: in one write, marked as a paste when the program asked for bracketed paste. */
  paste(text: string): void {
    this.tmux('set-buffer', '-b', 'paste', '--', text);
    this.tmux('paste-buffer', '-p', '-d', '-b', 'paste', '-t', 'main');
  }

  /** The visible screen. */
  screen(): string {
    return this.tmux('capture-pane', '-p', '-t', 'main');
  }

  /**
   * Everything written so far, including what scrolled off the screen; `joined`: lines tmux folded
   * at the pane's edge are joined again, so only the program's own line breaks remain.
   */
  history(joined = false): string {
    return this.tmux('capture-pane', '-p', ...(joined ? ['-J'] : []), '-S', '-', '-t', 'main');
  }

  /** Polls the screen until it matches (or throws with the screen as it was). */
  async waitFor(pattern: RegExp, timeoutMs = 45_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on the screen:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The command's exit status, once it has exited. */
  async exitStatus(timeoutMs = 45_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const text = readFileSync(this.statusFile, 'utf8').trim();
        if (text !== '') return Number(text);
      } catch {
        // not written yet
      }
      if (Date.now() > deadline) throw new Error(`the command did not exit; screen:\n${this.screen()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The terminal's line settings (`stty -a`) after the command exited: raw mode must be gone. */
  sttyAfterExit(): string {
    return readFileSync(this.sttyFile, 'utf8');
  }

  /** Whether the terminal's cursor is visible (a spinner or prompt hides it while drawing). */
  cursorVisible(): boolean {
    return this.tmux('display-message', '-p', '-t', 'main', '#{cursor_flag}').trim() === '1';
  }

  close(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
