/**
 * Commands printed for the user to copy (remediations, hints, the wizard's equivalent command line):
 * every value from a snapshot or from AWS is one inert word for a POSIX shell, whatever it holds.
 * Names are quoted only when they need it, so the common case stays readable.
 */

/** Characters no POSIX shell gives a meaning to inside a word (IAM names allow `+=,.@-_`). */
const PLAIN = /^[\w@%+=:,./-]+$/;

/** Quotes a word for a POSIX shell: single quotes, an embedded `'` written `'\''`. */
export function shellWord(word: string): string {
  return PLAIN.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** Shell syntax already written (a fragment built by `shFragment`, or a placeholder to replace): inserted as is. */
export class ShellText {
  constructor(readonly text: string) {}

  toString(): string {
    return this.text;
  }
}

/** A placeholder the user replaces (`<account-id>`): left readable, never taken for a value. */
export const placeholder = (name: string): ShellText => new ShellText(`<${name}>`);

function build(parts: TemplateStringsArray, values: readonly (string | number | ShellText)[]): string {
  return parts.reduce((out, part, i) => {
    const value = values[i - 1];
    return out + (value instanceof ShellText ? value.text : shellWord(String(value))) + part;
  });
}

/**
 * A command: the template's text is shell syntax, each interpolated value one quoted word (or part
 * of one: `file://${file}` stays one word), a `ShellText` inserted as it is.
 */
export function sh(parts: TemplateStringsArray, ...values: readonly (string | number | ShellText)[]): string {
  return build(parts, values);
}

/** `sh` for a fragment that goes into other commands (`--instance-arn … --permission-set-arn …`). */
export function shFragment(parts: TemplateStringsArray, ...values: readonly (string | number | ShellText)[]): ShellText {
  return new ShellText(build(parts, values));
}
