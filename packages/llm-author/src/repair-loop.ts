import type { Diagnostic } from '@synth/spec';
import { checkDraft } from './check-draft.js';
import { readEnvelope } from './envelope.js';
import { LlmError } from './llm-error.js';
import type { ModelCaller } from './model-call.js';
import { answersMessage, completionRequest, malformedMessage, repairMessage } from './prompts.js';
import type { Asker } from './questions.js';
import type { Assumption, ChatMessage, DraftEnvelope } from './types.js';
import { emitSpecYaml } from './yaml-emit.js';

export interface RepairLoopOptions {
  call: ModelCaller;
  asker: Asker;
  /** The conversation so far (the opening request, or a resumed session's turns); appended to in place. */
  messages: ChatMessage[];
  /** Draft-and-repair rounds: model replies judged by the compiler. */
  rounds: number;
  temperature: number;
  maxTokens: number;
  /** The name diagnostics give the draft (the output path). */
  draftPath: string;
  /** The directory the spec will be written to: its outputs may not leave it. */
  specDir?: string;
  header: string[];
  /** A revision's current text: comments and layout kept where nothing changed. */
  base?: string;
  /** Ask the model's questions (only on the first draft of a conversation). */
  askQuestions: boolean;
  /** Called after every exchange, so an interrupted run can be resumed from the last one. */
  onProgress?: (state: { messages: ChatMessage[]; lastDraft?: string; assumptions: Assumption[]; calls: number }) => Promise<void>;
}

export type RepairOutcome =
  | { ok: true; text: string; assumptions: Assumption[]; calls: number; diagnostics: Diagnostic[] }
  | { ok: false; reason: 'invalid'; text?: string; diagnostics: Diagnostic[]; calls: number }
  | { ok: false; reason: 'malformed'; detail: string; calls: number };

/**
 * Draft → compile → feed the diagnostics back, for a bounded number of rounds. The model never bypasses
 * the compiler: a draft is returned only if it passes the same checks as `synth validate` and the plan of
 * `synth build`. A reply that is not the asked-for JSON costs a round and is answered with what was wrong;
 * transport errors (LlmError other than malformed) propagate to the caller.
 */
export async function runRepairLoop(options: RepairLoopOptions): Promise<RepairOutcome> {
  const { messages } = options;
  let calls = 0;
  let assumptions: Assumption[] = [];
  const fromQuestions: Assumption[] = [];
  let asked = !options.askQuestions;
  let last: { text: string; diagnostics: Diagnostic[] } | undefined;
  let lastMalformed: string | undefined;
  const limits = { temperature: options.temperature, maxTokens: options.maxTokens };
  const progress = async () => options.onProgress?.({ messages, ...(last ? { lastDraft: last.text } : {}), assumptions, calls });

  for (let round = 1; round <= options.rounds; round++) {
    let envelope: DraftEnvelope;
    try {
      calls++;
      const reply = await options.call(completionRequest(messages, limits));
      envelope = readEnvelope(reply.value);
      messages.push({ role: 'assistant', content: reply.text });
    } catch (e) {
      if (!(e instanceof LlmError) || e.kind !== 'malformed') throw e;
      lastMalformed = e.message;
      messages.push(malformedMessage(e.message));
      await progress();
      continue;
    }
    lastMalformed = undefined;

    if (!asked) {
      asked = true;
      if (envelope.questions.length > 0) {
        const answers = await options.asker.answer(envelope.questions);
        const changed = envelope.questions.some((q, i) => answers[i] !== q.default);
        if (changed) {
          // The draft assumed the defaults; with other answers the model drafts again (not a repair round).
          messages.push(answersMessage(envelope.questions.map((q, i) => ({ question: q.question, answer: answers[i]! }))));
          await progress();
          round--;
          continue;
        }
        if (!options.asker.interactive) {
          fromQuestions.push(...envelope.questions.map((q) => ({ text: `${q.question} → ${q.default}`, ...(q.pointer ? { pointer: q.pointer } : {}) })));
        }
      }
    }
    // The newest draft's own assumptions replace the previous draft's; answered questions stay.
    assumptions = dedupe([...fromQuestions, ...envelope.assumptions.map((text) => ({ text }))]);

    const text = emitSpecYaml(envelope.spec, { header: options.header, assumptions, ...(options.base !== undefined ? { base: options.base } : {}) });
    const check = checkDraft(text, options.draftPath, options.specDir);
    last = { text, diagnostics: check.diagnostics };
    if (check.ok) {
      await progress();
      return { ok: true, text, assumptions, calls, diagnostics: check.diagnostics };
    }
    messages.push(repairMessage(check.diagnostics.filter((d) => d.severity === 'error')));
    await progress();
  }
  if (last === undefined && lastMalformed !== undefined) return { ok: false, reason: 'malformed', detail: lastMalformed, calls };
  return { ok: false, reason: 'invalid', ...(last ? { text: last.text } : {}), diagnostics: last?.diagnostics ?? [], calls };
}

function dedupe(list: Assumption[]): Assumption[] {
  const seen = new Set<string>();
  return list.filter((a) => (seen.has(a.text) ? false : (seen.add(a.text), true)));
}
