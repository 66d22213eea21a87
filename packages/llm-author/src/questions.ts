import type { Readable, Writable } from 'node:stream';
import type { Question } from './types.js';

/** Who answers the model's questions and confirms a revision: a person at a terminal, or the defaults. */
export interface Asker {
  readonly interactive: boolean;
  /** One answer per question, in order. */
  answer(questions: Question[]): Promise<string[]>;
  confirm(message: string): Promise<boolean>;
}

/**
 * Non-interactive runs (`--yes`, CI, no terminal): every question takes the model's default (which the
 * caller records as an assumption); `confirm` says yes only when the user passed --yes.
 */
export function defaultsAsker(options: { yes: boolean }): Asker {
  return {
    interactive: false,
    answer: async (questions) => questions.map((q) => q.default),
    confirm: async () => options.yes,
  };
}

export interface TerminalStreams {
  input: Readable;
  output: Writable;
}

/**
 * Asks on a terminal with @inquirer/prompts; the streams are parameters so tests answer in-process.
 * The prompt library loads only here, when a question is actually asked.
 */
export function terminalAsker(streams: TerminalStreams): Asker {
  const context = { input: streams.input, output: streams.output, clearPromptOnDone: false };
  return {
    interactive: true,
    async answer(questions) {
      const { input } = await import('@inquirer/prompts');
      const answers: string[] = [];
      for (const q of questions) answers.push((await input({ message: q.question, default: q.default }, context)).trim() || q.default);
      return answers;
    },
    async confirm(message) {
      const { confirm } = await import('@inquirer/prompts');
      return confirm({ message, default: false }, context);
    },
  };
}
