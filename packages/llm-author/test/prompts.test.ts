import { expect, test } from '@jest/globals';
import { stringify } from 'yaml';
import { loadSpec, synthJsonSchema } from '@synth/spec';
import { completionRequest, draftSchema, fewShotMessages, readEnvelope } from '@synth/llm-author';

test('the draft schema embeds the spec schema, and every $ref in it resolves at its root', () => {
  const schema = draftSchema() as { properties: { spec: Record<string, unknown> }; definitions: Record<string, unknown> };
  const refs: string[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) (k === '$ref' ? refs.push(String(x)) : walk(x));
    }
  };
  walk(schema);
  expect(refs.length).toBeGreaterThan(3);
  for (const r of refs) expect([r, r.startsWith('#/definitions/') && r.slice(14) in schema.definitions]).toEqual([r, true]);
  const spec = synthJsonSchema() as { properties: unknown; required: unknown };
  expect(schema.properties.spec.properties).toEqual(spec.properties);
  expect(schema.properties.spec.required).toEqual(spec.required);
});

test('the few-shot examples are valid fixtures, each a request and the envelope the model should answer', () => {
  const shots = fewShotMessages();
  expect(shots.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant']);
  for (const reply of shots.filter((m) => m.role === 'assistant')) {
    const envelope = readEnvelope(JSON.parse(reply.content));
    expect(envelope.questions).toEqual([]);
    expect(loadSpec({ path: 'shot', text: stringify(envelope.spec) }).diagnostics).toEqual([]);
  }
});

test('a request is system prompt + examples + the conversation, with the limits given', () => {
  const r = completionRequest([{ role: 'user', content: 'hi' }], { temperature: 0.5, maxTokens: 999 });
  expect(r.messages.at(-1)).toEqual({ role: 'user', content: 'hi' });
  expect(r.messages).toHaveLength(5);
  expect(r.system).toContain('"spec", "questions", "assumptions"');
  expect([r.temperature, r.maxTokens]).toEqual([0.5, 999]);
});

test('the built-in few-shot examples match fixtures/ (regenerate with `pnpm author:examples`)', async () => {
  const { readFileSync } = await import('node:fs');
  const { fewShotCode } = await import('../scripts/few-shot-code.js');
  expect(readFileSync(new URL('../src/few-shot.generated.ts', import.meta.url), 'utf8')).toBe(fewShotCode());
});
