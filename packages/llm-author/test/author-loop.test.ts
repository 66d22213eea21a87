import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { PassThrough } from 'node:stream';
import { parse } from 'yaml';
import { loadSpec } from '@synth/spec';
import { DRAFT_SCHEMA_NAME, PROMPT_VERSION, StateStore, terminalAsker, defaultsAsker, type SampleProfiler, sampleContext } from '@synth/llm-author';
import { FakeLlmServer } from './support/fake-llm-server.js';
import { envelope, TOO_SMALL_UNIQUE_SPEC, UNKNOWN_COLUMN_SPEC, VALID_SPEC } from './support/drafts.js';
import { captureLog, runAuthor, settingsFor, tempDir, TEST_KEY } from './support/author-harness.js';

let server: FakeLlmServer;
let dir: string;
beforeEach(async () => {
  server = await new FakeLlmServer().start();
  dir = tempDir();
});
afterEach(async () => server.stop());

const codes = (ds: Array<{ code: string }>) => ds.map((d) => d.code);
const lastUserText = (i: number) => String(server.messagesOf(i).at(-1)?.content);

describe('draft, compile, repair (OpenAI wire format, real SDK)', () => {
  test('a first draft that compiles is returned after one request, as YAML that synth validate accepts', async () => {
    server.script({ draft: envelope(VALID_SPEC) });
    const r = await runAuthor(server, dir);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(server.requests).toHaveLength(1);
    expect(loadSpec({ path: 'out.synth.yaml', text: r.text }).diagnostics).toEqual([]);
    expect(parse(r.text)).toEqual(VALID_SPEC);
    // Columns on one line, as in the fixtures; the header says who drafted it.
    expect(r.text).toMatch(/^ {6}id: \{ type: sequence, primary_key: true \}$/m);
    expect(r.text).toMatch(/^# Drafted by synth author \(openai test-model, prompt v1\)/);
    const body = server.requests[0]!.body;
    expect(server.requests[0]!.path).toBe('/v1/chat/completions');
    expect(body.model).toBe('test-model');
    const format = body.response_format as { type: string; json_schema: { name: string; schema: { properties: Record<string, unknown> } } };
    expect(format.type).toBe('json_schema');
    expect(format.json_schema.name).toBe(DRAFT_SCHEMA_NAME);
    expect(Object.keys(format.json_schema.schema.properties)).toEqual(['spec', 'questions', 'assumptions']);
    const messages = server.messagesOf(0);
    expect(messages[0]!.role).toBe('system');
    // Few-shot examples come from fixtures/: the shop fixture's description is the first example request.
    expect(messages[1]).toEqual({ role: 'user', content: 'E-commerce shop with customers, products, orders, order items and payments' });
    expect(lastUserText(0)).toBe('Write a synth spec for: customers and their orders');
  });

  test('a draft with a semantic error is repaired in round two, the diagnostics fed back as JSON', async () => {
    server.script({ draft: envelope(UNKNOWN_COLUMN_SPEC) }, { draft: envelope(VALID_SPEC) });
    const r = await runAuthor(server, dir);
    expect(r.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
    const feedback = lastUserText(1);
    expect(feedback).toContain('synth rejected this draft');
    const json = JSON.parse(feedback.slice(feedback.indexOf('['), feedback.lastIndexOf(']') + 1)) as Array<{ code: string; message: string }>;
    expect(codes(json)).toEqual(['SYN302']);
    expect(json[0]!.message).toMatch(/uid/);
    // The rejected draft stays in the conversation, so the model sees what it is correcting.
    expect(server.messagesOf(1).at(-2)).toEqual({ role: 'assistant', content: JSON.stringify(envelope(UNKNOWN_COLUMN_SPEC)) });
  });

  test('plan-time impossibilities (a unique column over too small a domain) count as errors too', async () => {
    server.script({ draft: envelope(TOO_SMALL_UNIQUE_SPEC) }, { draft: envelope(VALID_SPEC) });
    const r = await runAuthor(server, dir);
    expect(r.ok).toBe(true);
    expect(lastUserText(1)).toContain('SYN307');
  });

  test('output paths that would leave the spec directory are refused as synth build refuses them', async () => {
    server.script({ draft: envelope({ ...VALID_SPEC, outputs: [{ format: 'csv', path: '../../elsewhere/{table}.csv' }] }) }, { draft: envelope(VALID_SPEC) });
    const r = await runAuthor(server, dir, { outputDir: dir });
    expect(r.ok).toBe(true);
    expect(lastUserText(1)).toContain('SYN316');
  });

  test('a draft that never compiles stops after the bounded rounds with the remaining diagnostics', async () => {
    server.script(...Array.from({ length: 5 }, () => ({ draft: envelope(UNKNOWN_COLUMN_SPEC) })));
    const r = await runAuthor(server, dir, { settings: { rounds: 2 } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(server.requests).toHaveLength(2);
    expect(codes(r.diagnostics)).toEqual(['SYN509', 'SYN302']);
    // The last draft's text comes along, so the diagnostics print with code frames.
    expect(r.sources.get('out.synth.yaml')).toContain('customers.uid');
    expect(r.session.status).toBe('failed');
  });

  test('a reply that is not JSON costs a round and is answered with what was wrong', async () => {
    server.script({ content: 'Sure! Here is your spec: {"spec": ' }, { draft: envelope(VALID_SPEC) });
    const r = await runAuthor(server, dir);
    expect(r.ok).toBe(true);
    expect(lastUserText(1)).toMatch(/^Your reply could not be used: the reply is not valid JSON/);
  });

  test('only malformed replies: a clear SYN507 after the rounds', async () => {
    server.script({ content: 'no' }, { content: '{"questions": []}' });
    const r = await runAuthor(server, dir, { settings: { rounds: 2 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.code).toBe('SYN507');
  });
});

describe('Anthropic wire format (real SDK)', () => {
  test('the draft arrives as the forced tool call; the tool schema is the draft schema', async () => {
    server.script({ draft: envelope(UNKNOWN_COLUMN_SPEC) }, { draft: envelope(VALID_SPEC) });
    const r = await runAuthor(server, dir, { settings: { provider: 'anthropic' } });
    expect(r.ok).toBe(true);
    const req = server.requests[0]!;
    expect(req.path).toBe('/v1/messages');
    expect(req.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    const tools = req.body.tools as Array<{ name: string; input_schema: { required: string[] } }>;
    expect(tools[0]!.name).toBe(DRAFT_SCHEMA_NAME);
    expect(tools[0]!.input_schema.required).toEqual(['spec', 'questions', 'assumptions']);
    expect(req.body.tool_choice).toEqual({ type: 'tool', name: DRAFT_SCHEMA_NAME });
    expect(typeof req.body.system).toBe('string');
    expect(String(server.messagesOf(1).at(-1)?.content)).toContain('SYN302');
  });

  test('stop_reason max_tokens is a truncated reply: SYN508, not retried', async () => {
    server.script({ draft: envelope(VALID_SPEC), finish: 'length' }, { draft: envelope(VALID_SPEC) });
    const r = await runAuthor(server, dir, { settings: { provider: 'anthropic' } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics.map((d) => [d.code, d.hint])).toEqual([['SYN508', expect.stringMatching(/--max-tokens/)]]);
    expect(server.requests).toHaveLength(1);
  });
});

describe('clarifying questions', () => {
  const asking = envelope(VALID_SPEC, {
    questions: [{ question: 'How many customers?', default: '20', pointer: '/tables/customers/rows' }],
    assumptions: ['Amounts are in US dollars.'],
  });

  test('non-interactive: the defaults are taken and each assumption is a comment in the spec', async () => {
    server.script({ draft: asking });
    const r = await runAuthor(server, dir, { asker: defaultsAsker({ yes: true }) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(server.requests).toHaveLength(1);
    // At the key the question was about…
    expect(r.text).toMatch(/\n {4}# assumption: How many customers\? → 20\n {4}rows: 20\n/);
    // …and the model's other assumptions at the top.
    expect(r.text).toMatch(/^# assumption: Amounts are in US dollars\.$/m);
    expect(loadSpec({ path: 'x', text: r.text }).diagnostics).toEqual([]);
  });

  test('interactive: a person answers through the terminal streams; a different answer gets a new draft', async () => {
    const bigger = { ...VALID_SPEC, tables: { ...VALID_SPEC.tables, customers: { ...VALID_SPEC.tables.customers, rows: 500 } } };
    server.script({ draft: asking }, { draft: envelope(bigger) });
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (c: Buffer) => {
      shown += c.toString();
      if (shown.includes('How many customers?') && !shown.includes('answered')) {
        shown += 'answered';
        // Typed a moment after the prompt is drawn, as a person would (the prompt reads keypresses).
        setTimeout(() => input.write('500\n'), 20);
      }
    });
    const r = await runAuthor(server, dir, { asker: terminalAsker({ input, output }) });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(server.requests).toHaveLength(2);
    expect(lastUserText(1)).toBe('Answers to your questions:\n- How many customers? 500\nReturn the whole spec with these answers applied; ask nothing further.');
    expect((parse(r.text) as typeof VALID_SPEC).tables.customers.rows).toBe(500);
    // A person answered: no assumption comment for that question.
    expect(r.text).not.toContain('How many customers');
  });
});

describe('transport faults, retried with backoff (base delay shortened)', () => {
  test('429 with Retry-After: the wait honours the header, then the draft arrives', async () => {
    server.script({ status: 429, headers: { 'retry-after': '3' }, body: { error: { message: 'Rate limit reached', type: 'requests' } } }, { draft: envelope(VALID_SPEC) });
    const sleeps: number[] = [];
    const r = await runAuthor(server, dir, { sleeps });
    expect(r.ok).toBe(true);
    expect(sleeps).toEqual([3000]);
    expect(server.requests).toHaveLength(2);
  });

  test('500s: retried on a doubling schedule; after 4 retries a clear SYN506', async () => {
    server.script(...Array.from({ length: 6 }, () => ({ status: 500 })));
    const sleeps: number[] = [];
    const r = await runAuthor(server, dir, { sleeps });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]!.code).toBe('SYN506');
      expect(r.diagnostics[0]!.message).toMatch(/failed 5 times: .*HTTP 500/);
      expect(r.diagnostics[0]!.hint).toContain(`--resume ${r.session.id}`);
    }
    expect(sleeps).toEqual([5, 10, 20, 40]);
    expect(server.requests).toHaveLength(5);
  });

  test('a request that times out is retried, and the next answer is used', async () => {
    server.script({ hang: true }, { draft: envelope(VALID_SPEC) });
    const r = await runAuthor(server, dir, { settings: { timeoutMs: 300 } });
    expect(r.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
  });

  test('a server that never answers ends in SYN505 naming the timeout, not a hang', async () => {
    server.script(...Array.from({ length: 5 }, () => ({ hang: true as const })));
    const r = await runAuthor(server, dir, { settings: { timeoutMs: 200 } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toBe('The model endpoint did not answer within 0.2 s (5 attempts)');
  });

  test.each([
    [401, { error: { message: 'Incorrect API key provided' } }, 'SYN501', /OPENAI_API_KEY/],
    [404, { error: { message: 'The model `test-model` does not exist' } }, 'SYN503', /--model/],
    [429, { error: { message: 'You exceeded your current quota', code: 'insufficient_quota' } }, 'SYN502', /billing/],
    [400, { error: { message: "response_format 'json_schema' is not supported" } }, 'SYN512', /JSON Schema output/],
  ])('HTTP %i is not retried: %s → %s', async (status, body, code, hint) => {
    server.script({ status, body }, { draft: envelope(VALID_SPEC) });
    const r = await runAuthor(server, dir);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]!.code).toBe(code);
      expect(r.diagnostics[0]!.hint).toMatch(hint);
      expect(JSON.stringify(r.diagnostics)).not.toContain(TEST_KEY);
    }
    expect(server.requests).toHaveLength(1);
  });

  test('nothing listening (ECONNREFUSED): SYN504 says so', async () => {
    const port = server.port;
    await server.stop();
    const r = await runAuthor(server, dir, { settings: { baseUrl: `http://127.0.0.1:${port}/v1` } });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.diagnostics[0]!.message).toMatch(/Cannot reach the model endpoint: cannot reach http:\/\/127\.0\.0\.1:\d+\/v1 \(connection refused: is the server running\?\) \(5 attempts\)/);
  });
});

describe('cache and sessions', () => {
  test('an identical request is answered from the cache: the server sees one request', async () => {
    server.script({ draft: envelope(VALID_SPEC) }, { draft: envelope(VALID_SPEC) });
    const first = await runAuthor(server, dir, { useCache: true });
    const second = await runAuthor(server, dir, { useCache: true });
    expect(first.ok && second.ok).toBe(true);
    expect(server.requests).toHaveLength(1);
    if (first.ok && second.ok) expect(second.text).toBe(first.text);
    // --no-cache asks again.
    await runAuthor(server, dir, { useCache: false });
    expect(server.requests).toHaveLength(2);
  });

  test('a failed session is resumed with its whole conversation and a fresh round budget', async () => {
    server.script({ draft: envelope(UNKNOWN_COLUMN_SPEC) }, { status: 401 });
    const failed = await runAuthor(server, dir);
    expect(failed.ok).toBe(false);
    const id = failed.session.id;
    const store = await StateStore.open(settingsFor(server, dir).stateFile);
    const saved = await store.getSession(id);
    const listed = await store.listSessions();
    await store.close();
    expect(saved?.status).toBe('failed');
    expect(listed.map((s) => s.id)).toEqual([id]);
    // request, draft, repair request: the conversation up to the failure.
    expect(saved!.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);

    server.script({ draft: envelope(VALID_SPEC) });
    const resumed = await runAuthor(server, dir, { resume: saved!, request: undefined });
    expect(resumed.ok).toBe(true);
    expect(resumed.session.id).toBe(id);
    const sent = server.messagesOf(2).slice(-3);
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(String(sent[2]!.content)).toContain('SYN302');
    // Replies received: the draft before the failure and the one after it.
    expect(resumed.session.calls).toBe(2);
  });

  test('a resumed session with a follow-up request sends it after the conversation so far', async () => {
    server.script({ draft: envelope(VALID_SPEC) }, { draft: envelope({ ...VALID_SPEC, seed: 9 }) });
    const first = await runAuthor(server, dir);
    const more = await runAuthor(server, dir, { resume: first.session, request: 'use seed 9' });
    expect(more.ok && more.text.includes('seed: 9')).toBe(true);
    const sent = server.messagesOf(1).slice(-3);
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(sent[2]!.content).toBe('Change the spec as follows, keeping everything else as it is: use seed 9');
  });

  test('a reply that is valid JSON but holds no spec is not cached', async () => {
    server.script({ content: '{"questions": []}' }, { draft: envelope(VALID_SPEC) }, { draft: envelope(VALID_SPEC) });
    const first = await runAuthor(server, dir, { useCache: true });
    expect(first.ok).toBe(true);
    expect(server.requests).toHaveLength(2);
    // The same opening request again: its unusable reply was not kept, so the model is asked.
    const second = await runAuthor(server, dir, { useCache: true });
    expect(second.ok).toBe(true);
    expect(server.requests).toHaveLength(3);
  });

  test('a resumed session whose last draft is valid needs no model call', async () => {
    server.script({ draft: envelope(VALID_SPEC) });
    const first = await runAuthor(server, dir);
    const again = await runAuthor(server, dir, { resume: first.session, request: undefined });
    expect(again.ok && first.ok && again.text === first.text).toBe(true);
    expect(server.requests).toHaveLength(1);
  });
});

describe('privacy', () => {
  const SECRET_ROW = 'ROW-SECRET-4711@example.com';
  const profiler: SampleProfiler = {
    profile: async (_file, { includeRows }) => ({
      profile: { columns: { email: { type: 'string', pattern: 'email', distinct: 100 } } },
      ...(includeRows ? { rows: [{ email: SECRET_ROW }] } : {}),
    }),
  };

  test.each([false, true])('sample rows reach the model only with --share-samples (shareSamples=%s)', async (share) => {
    server.script({ draft: envelope(VALID_SPEC) });
    const sample = await sampleContext(profiler, 'sample.csv', share);
    const r = await runAuthor(server, dir, { sample });
    expect(r.ok).toBe(true);
    const body = server.requests[0]!.text;
    expect(body).toContain('statistical profile');
    expect(body.includes(SECRET_ROW)).toBe(share);
  });

  test('the API key is sent to the endpoint but never logged, even at debug level', async () => {
    server.script({ status: 500 }, { draft: envelope(UNKNOWN_COLUMN_SPEC) }, { draft: envelope(VALID_SPEC) });
    const lines: string[] = [];
    const r = await runAuthor(server, dir, { log: captureLog(lines) });
    expect(r.ok).toBe(true);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(lines.some((l) => l.startsWith('debug: request to'))).toBe(true);
    expect(lines.some((l) => l.startsWith('warn: ') && l.includes('retry 1'))).toBe(true);
    expect(lines.join('\n')).not.toContain(TEST_KEY);
    expect(lines.join('\n')).not.toContain('SECRET');
  });
});

test('the prompt version is part of every session', async () => {
  server.script({ draft: envelope(VALID_SPEC) });
  const r = await runAuthor(server, dir);
  expect(r.session.promptVersion).toBe(PROMPT_VERSION);
});
