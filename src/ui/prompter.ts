/**
 * Every question the tool asks goes through this interface, so the wizard can be tested with a
 * scripted prompter and a non-TTY run can never block on a prompt.
 */
export interface Choice<T> {
  value: T;
  name: string;
  description?: string;
}

export interface Prompter {
  select<T>(message: string, choices: Choice<T>[], options?: { default?: T }): Promise<T>;
  /** A list the user can filter by typing (principals of a large account). */
  search<T>(message: string, choices: Choice<T>[]): Promise<T>;
  checkbox<T>(message: string, choices: Choice<T>[], options?: { defaults?: T[] }): Promise<T[]>;
  /** `multiline`: the answer may span lines (a pasted message); line breaks inside a paste are kept. */
  input(message: string, options?: { default?: string; validate?: (value: string) => true | string; multiline?: boolean }): Promise<string>;
  confirm(message: string, options?: { default?: boolean }): Promise<boolean>;
}
