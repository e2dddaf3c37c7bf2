/**
 * A scripted Prompter: each expected question (kind + a pattern of its message) with the answer
 * to give. It fails the test on an unexpected question, on an answer that is not one of the
 * offered choices, on an input its validator rejects, and (via done()) on unasked questions.
 */
import type { Choice, Prompter } from '../../src/ui/prompter.js';

export type PromptKind = 'select' | 'search' | 'checkbox' | 'input' | 'confirm';

export interface ScriptedAnswer {
  kind: PromptKind;
  message: RegExp;
  /** The answer, or an Error to throw (e.g. inquirer's ExitPromptError on Ctrl-C). */
  answer: unknown;
}

export interface AskedQuestion {
  kind: PromptKind;
  message: string;
  choices?: Choice<unknown>[];
  default?: unknown;
  /** For input: what the validator said about each attempted answer. */
  validation?: (true | string)[];
}

export interface FakePrompter extends Prompter {
  asked: AskedQuestion[];
  /** Throws if some scripted answers were never asked for. */
  done(): void;
}

export function fakePrompter(script: ScriptedAnswer[], options: { rejectedInputs?: string[] } = {}): FakePrompter {
  const queue = [...script];
  const asked: AskedQuestion[] = [];
  const next = (question: AskedQuestion): unknown => {
    asked.push(question);
    const expected = queue.shift();
    if (!expected) throw new Error(`unexpected ${question.kind} prompt: ${question.message}`);
    if (expected.kind !== question.kind || !expected.message.test(question.message)) {
      throw new Error(`expected ${expected.kind} ${expected.message}, got ${question.kind} "${question.message}"`);
    }
    if (expected.answer instanceof Error) throw expected.answer;
    return expected.answer;
  };
  const offered = <T>(choices: Choice<T>[], answer: unknown): T => {
    const values = choices.map((c) => c.value);
    for (const value of Array.isArray(answer) && !values.some((v) => Array.isArray(v)) ? answer : [answer]) {
      if (!values.includes(value as T)) throw new Error(`answer ${JSON.stringify(value)} is not among the choices ${JSON.stringify(values)}`);
    }
    return answer as T;
  };
  return {
    asked,
    done() {
      if (queue.length > 0) throw new Error(`never asked: ${queue.map((q) => `${q.kind} ${q.message}`).join('; ')}`);
    },
    async select(message, choices, opts) {
      return offered(choices, next({ kind: 'select', message, choices: choices as Choice<unknown>[], default: opts?.default }));
    },
    async search(message, choices) {
      return offered(choices, next({ kind: 'search', message, choices: choices as Choice<unknown>[] }));
    },
    async checkbox(message, choices, opts) {
      return offered(choices, next({ kind: 'checkbox', message, choices: choices as Choice<unknown>[], default: opts?.defaults })) as never;
    },
    async input(message, opts) {
      const question: AskedQuestion = { kind: 'input', message, default: opts?.default, validation: [] };
      // Like inquirer, a rejected answer is shown its message and the person types again.
      for (const attempt of options.rejectedInputs ?? []) {
        const verdict = opts?.validate ? opts.validate(attempt) : true;
        if (verdict === true) throw new Error(`validator accepted ${JSON.stringify(attempt)}, expected a rejection`);
        question.validation?.push(verdict);
      }
      const answer = next(question) as string;
      const verdict = opts?.validate ? opts.validate(answer) : true;
      question.validation?.push(verdict);
      if (verdict !== true) throw new Error(`validator rejected the scripted answer ${JSON.stringify(answer)}: ${verdict}`);
      return answer;
    },
    async confirm(message, opts) {
      return next({ kind: 'confirm', message, default: opts?.default }) as boolean;
    },
  };
}

/** An Io that records what was written, for wizard tests. */
export function recordingIo(env: NodeJS.ProcessEnv = {}, cwd = process.cwd()) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (t: string) => void out.push(t),
      err: (t: string) => void err.push(t),
      stdoutIsTTY: true,
      stderrIsTTY: true,
      interactive: true,
      env,
      cwd,
    },
    stdout: () => out.join(''),
    stderr: () => err.join(''),
  };
}
