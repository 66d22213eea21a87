import { diagnosticsToJson, synthJsonSchema, type Diagnostic } from '@synth/spec';
import { FEW_SHOT_SPECS } from './few-shot.generated.js';
import type { ChatMessage, CompletionRequest } from './types.js';

/**
 * Every word synth says to a model lives in this module. Bump PROMPT_VERSION whenever a prompt, the
 * few-shot examples or the draft schema change: it is part of the cache key, so old answers are not
 * replayed for new prompts, and it is recorded in each session and in the header of each drafted spec.
 */
export const PROMPT_VERSION = 1;

/** Name of the structured output (OpenAI json_schema name, Anthropic tool name). */
export const DRAFT_SCHEMA_NAME = 'synth_spec_draft';


let draftSchemaCache: Record<string, unknown> | undefined;

/**
 * The reply's JSON Schema: `{ spec, questions, assumptions }`, where `spec` is schemas/synth.schema.json
 * itself (its definitions lifted to the root, so its `#/definitions/…` references still resolve).
 */
export function draftSchema(): Record<string, unknown> {
  if (draftSchemaCache) return draftSchemaCache;
  const { definitions, $schema: _s, $id: _i, title: _t, ...spec } = synthJsonSchema() as Record<string, unknown>;
  draftSchemaCache = {
    type: 'object',
    additionalProperties: false,
    required: ['spec', 'questions', 'assumptions'],
    properties: {
      spec,
      questions: {
        type: 'array',
        maxItems: 5,
        description: 'What is unclear in the request and changes the data; empty when nothing is.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['question', 'default'],
          properties: {
            question: { type: 'string' },
            default: { type: 'string', description: 'The answer the draft assumes.' },
            pointer: { type: 'string', description: 'JSON pointer of the part of the spec the answer affects, e.g. /tables/orders/rows.' },
          },
        },
      },
      assumptions: { type: 'array', items: { type: 'string' }, description: 'Other decisions the request left open, one sentence each.' },
    },
    definitions,
  };
  return draftSchemaCache;
}

const SYSTEM = `You write specs for synth, a synthetic-data compiler. A spec describes tables, columns, keys,
relations, constraints and output files; synth validates it and generates the data deterministically.
Reply with one JSON object { "spec", "questions", "assumptions" } matching the given JSON Schema; "spec" is the
whole spec (never a fragment or a diff).

The spec format (synth: 1):
- Column types: sequence, int, float, decimal (with scale), bool, enum (values: a list, or a map of value to
  weight), date, datetime, time (min/max as ISO strings), uuid, string (pattern: a regular expression),
  constant, or any Faker method path such as person.fullName, internet.email, location.city, company.name.
- Keys: primary_key: true on a column, or primary_key: [a, b] on the table. Foreign keys: { ref: table.column },
  pointing at a primary key or unique column. A self-reference must be nullable.
- Row counts: rows: N, or rows: { per: parent_table, count: N | { min, max } | { poisson: { mean } } }; the
  table then needs a column that refs the parent.
- Distributions for numbers: uniform, normal, lognormal, exponential, poisson, zipf, categorical.
- Derived columns: expr (a CEL expression over this row's columns and parent rows by table name); when: a CEL
  condition (null when false); table checks: CEL conditions every row meets.
- nulls: probability of null; unique: true needs a domain larger than the row count.
- outputs: [{ format: csv | json | jsonl | parquet | ..., path: "out/{table}.csv" }].

Rules:
- Keep row counts small unless asked (tens to a few thousand rows); pick realistic ranges, weights and formats.
- Put what is unclear and would change the data (row counts, relationships, value ranges, locale, formats)
  into "questions", each with the default you used in the draft; ask nothing when the request is clear, and
  never more than five questions.
- List any other decision the request left open in "assumptions".
- When synth reports problems with a draft, return the whole corrected spec, changing only what the problems
  require.`;

/** The system prompt: instructions, then the few-shot fixtures as pairs of request and reply. */
export function systemPrompt(): string {
  return SYSTEM;
}

let examplesCache: ChatMessage[] | undefined;

/**
 * Few-shot turns drawn from fixtures/ (built into the package by `pnpm author:examples`): each fixture's
 * `description` as the request, the fixture as the reply.
 */
export function fewShotMessages(): ChatMessage[] {
  examplesCache ??= FEW_SHOT_SPECS.flatMap((spec) => {
    return [
      { role: 'user' as const, content: String(spec.description) },
      { role: 'assistant' as const, content: JSON.stringify({ spec, questions: [], assumptions: [] }) },
    ];
  });
  return examplesCache;
}

/** What a sample file may tell the model: a statistical profile, or rows only with --share-samples. */
export type SampleContext = { kind: 'profile'; profile: unknown } | { kind: 'rows'; profile?: unknown; rows: unknown[] };

/** The opening request of a conversation. */
export function requestMessage(description: string, sample?: SampleContext): ChatMessage {
  let content = `Write a synth spec for: ${description}`;
  if (sample?.kind === 'profile') content += `\n\nA sample of the data, as a statistical profile (types, ranges, patterns, cardinalities):\n${JSON.stringify(sample.profile)}`;
  if (sample?.kind === 'rows') {
    if (sample.profile !== undefined) content += `\n\nA statistical profile of a sample of the data:\n${JSON.stringify(sample.profile)}`;
    content += `\n\nRows of the sample, shared by the user:\n${JSON.stringify(sample.rows)}`;
  }
  return { role: 'user', content };
}

/** The opening request of a revision (`--from`): the current spec, its problems if any, the change. */
export function revisionMessage(specYaml: string, change: string, problems: Diagnostic[]): ChatMessage {
  const issues = problems.length > 0 ? `\n\nsynth reports these problems with it now:\n${diagnosticsToJson(problems)}` : '';
  return {
    role: 'user',
    content: `Here is a synth spec (YAML):\n\n${specYaml}${issues}\n\nChange it as follows, keeping everything else as it is: ${change}`,
  };
}

/** A further request in a resumed session (`synth author --resume ID "<change>"`). */
export function followUpMessage(change: string): ChatMessage {
  return { role: 'user', content: `Change the spec as follows, keeping everything else as it is: ${change}` };
}

/** Fed back after a draft synth rejected: the same diagnostics `synth validate --format json` prints. */
export function repairMessage(problems: Diagnostic[]): ChatMessage {
  return {
    role: 'user',
    content: `synth rejected this draft. The problems, as JSON diagnostics (pointer = JSON pointer into "spec"):\n${diagnosticsToJson(problems.map(withoutSource))}\nReturn the whole corrected spec.`,
  };
}

/** Fed back after a reply that was not the JSON object asked for. */
export function malformedMessage(detail: string): ChatMessage {
  return { role: 'user', content: `Your reply could not be used: ${detail}. Reply with one JSON object { "spec", "questions", "assumptions" } matching the schema.` };
}

/** The user's answers to the model's questions, when they differ from the defaults it assumed. */
export function answersMessage(answers: Array<{ question: string; answer: string }>): ChatMessage {
  return {
    role: 'user',
    content: `Answers to your questions:\n${answers.map((a) => `- ${a.question} ${a.answer}`).join('\n')}\nReturn the whole spec with these answers applied; ask nothing further.`,
  };
}

/** One model request from a conversation: system prompt, examples, then the conversation itself. */
export function completionRequest(messages: ChatMessage[], limits: { temperature: number; maxTokens: number }): CompletionRequest {
  return {
    system: systemPrompt(),
    messages: [...fewShotMessages(), ...messages],
    schema: draftSchema(),
    schemaName: DRAFT_SCHEMA_NAME,
    temperature: limits.temperature,
    maxTokens: limits.maxTokens,
  };
}

/** Draft diagnostics name a scratch file and carry spans; the model needs only code, message, pointer, hint. */
function withoutSource(d: Diagnostic): Diagnostic {
  const { file: _f, span: _s, related: _r, ...rest } = d;
  return rest;
}
