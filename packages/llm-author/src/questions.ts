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

/** The person stopped a question (Ctrl-C, closed input): not an error, nothing is written. */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled at a question');
    this.name = 'PromptCancelled';
  }
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
  return {
    interactive: true,
    async answer(questions) {
      const { input } = await import('@inquirer/prompts');
      const answers: string[] = [];
      for (const q of questions) answers.push((await ask(streams, (context) => input({ message: q.question, default: q.default }, context))).trim() || q.default);
      return answers;
    },
    async confirm(message) {
      const { confirm } = await import('@inquirer/prompts');
      return ask(streams, (context) => confirm({ message, default: false }, context));
    },
  };
}

interface PromptContext {
  input: Readable;
  output: Writable;
  signal: AbortSignal;
  clearPromptOnDone: boolean;
}

/**
 * One prompt. Ctrl-C makes @inquirer/prompts reject with ExitPromptError; the end of the input would make
 * it wait forever, so that aborts the prompt. Both become PromptCancelled.
 */
async function ask<T>(streams: TerminalStreams, prompt: (context: PromptContext) => Promise<T>): Promise<T> {
  if (streams.input.readableEnded || streams.input.destroyed) throw new PromptCancelled();
  const controller = new AbortController();
  const abort = () => controller.abort();
  streams.input.once('end', abort).once('close', abort);
  try {
    return await prompt({ input: streams.input, output: streams.output, signal: controller.signal, clearPromptOnDone: false });
  } catch (e) {
    if (e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError')) throw new PromptCancelled();
    throw e;
  } finally {
    streams.input.off('end', abort).off('close', abort);
  }
}
