import { LlmError } from './llm-error.js';
import type { DraftEnvelope, Question } from './types.js';

/**
 * The model's JSON → DraftEnvelope. Only `spec` is essential (the compiler judges its content); questions
 * and assumptions that are not of the asked shape are dropped rather than failing the whole draft.
 */
export function readEnvelope(value: unknown): DraftEnvelope {
  if (!isRecord(value)) throw new LlmError('malformed', 'the reply is not a JSON object');
  // Some models wrap the spec in a string; accept that rather than spend a round on it.
  let spec = value.spec;
  if (typeof spec === 'string') {
    try {
      spec = JSON.parse(spec) as unknown;
    } catch {
      // reported below
    }
  }
  if (!isRecord(spec)) throw new LlmError('malformed', 'the reply has no "spec" object');
  const questions: Question[] = Array.isArray(value.questions)
    ? value.questions.filter(isRecord).filter((q) => typeof q.question === 'string' && q.question.trim() !== '').map((q) => ({
      question: String(q.question).trim(),
      default: typeof q.default === 'string' || typeof q.default === 'number' ? String(q.default) : '',
      ...(typeof q.pointer === 'string' && q.pointer.startsWith('/') ? { pointer: q.pointer } : {}),
    }))
    : [];
  const assumptions = Array.isArray(value.assumptions) ? value.assumptions.filter((a): a is string => typeof a === 'string' && a.trim() !== '').map((a) => a.trim()) : [];
  return { spec, questions: questions.slice(0, 5), assumptions };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
