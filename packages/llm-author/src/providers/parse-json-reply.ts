import { LlmError } from '../llm-error.js';
import type { CompletionReply } from '../types.js';

/** A model's text → JSON; a fenced block (```json … ```) is accepted, since local models often add one. */
export function parseJsonReply(text: string): CompletionReply {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*\n([\s\S]*?)\n?```$/.exec(trimmed);
  const body = fenced ? fenced[1]! : trimmed;
  try {
    return { value: JSON.parse(body) as unknown, text: body };
  } catch (e) {
    throw new LlmError('malformed', `the reply is not valid JSON (${(e as Error).message})`);
  }
}
