import { afterEach, beforeEach, describe, expect, test } from '@jest/globals';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { parse, stringify } from 'yaml';
import { AUTHOR_ENV, type SampleProfiler } from '@synth/llm-author';
import { ENV_NOT_OPTIONS, type MainOptions } from '../src/main.js';
import { FakeLlmServer } from '../../llm-author/test/support/fake-llm-server.js';
import { envelope, UNKNOWN_COLUMN_SPEC, VALID_SPEC } from '../../llm-author/test/support/drafts.js';
import { listFiles, runCli, tempDir } from './run-cli.js';

const KEY = 'sk-cli-SECRET-9876543210';
let server: FakeLlmServer;
let dir: string;
let env: NodeJS.ProcessEnv;
const fast = { retry: { baseDelayMs: 5 } };

beforeEach(async () => {
  server = await new FakeLlmServer().start();
  dir = tempDir('synth-author-cli-');
  env = { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: server.openaiUrl, SYNTH_STATE_FILE: join(dir, 'state.sqlite') };
});
afterEach(async () => server.stop());

const author = (args: string[], extra: { env?: NodeJS.ProcessEnv; author?: MainOptions['author'] } = {}) =>
  runCli(['author', ...args], { cwd: dir, env: { ...env, ...extra.env }, author: { ...fast, ...extra.author } });

describe('synth author end to end', () => {
  test('writes a spec that synth validate accepts and synth build builds', async () => {
    server.script({ draft: envelope(UNKNOWN_COLUMN_SPEC) }, { draft: envelope(VALID_SPEC, { assumptions: ['Amounts in euros.'] }) });
    const r = await author(['customers and their orders', '-o', 'shop.synth.yaml']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^assumption: Amounts in euros\.\nwrote shop\.synth\.yaml \(session [0-9a-f]{8}\); next: synth build shop\.synth\.yaml\n$/);
    const validate = await runCli(['validate', 'shop.synth.yaml'], { cwd: dir });
    expect([validate.code, validate.stdout]).toEqual([0, 'shop.synth.yaml: valid (2 tables)\n']);
    const build = await runCli(['build', 'shop.synth.yaml'], { cwd: dir });
    expect(build.code).toBe(0);
    expect(listFiles(dir).filter((f) => f.startsWith('out/'))).toEqual(['out/customers.csv', 'out/orders.csv']);
    expect(readFileSync(join(dir, 'out/customers.csv'), 'utf8').split('\n')[0]).toBe('id,name,country');
  });

  test('a draft that never compiles: exit 1, the remaining diagnostics with code frames, no file written', async () => {
    server.script(...Array.from({ length: 3 }, () => ({ draft: envelope(UNKNOWN_COLUMN_SPEC) })));
    const r = await author(['customers and orders', '-o', 'bad.synth.yaml', '--rounds', '3']);
    expect(r.code).toBe(1);
    expect(server.requests).toHaveLength(3);
    expect(r.stderr).toContain('error SYN509: No valid spec after 3 rounds; nothing was written');
    expect(r.stderr).toMatch(/bad\.synth\.yaml:\d+:\d+ - error SYN302: Unknown column 'uid'/);
    expect(r.stderr).toContain('customer_id: { ref: customers.uid }');
    expect(r.stderr).not.toMatch(/\bat .+\.(ts|js):\d+/);
    expect(existsSync(join(dir, 'bad.synth.yaml'))).toBe(false);
    expect(listFiles(dir)).toEqual(['state.sqlite']);
  });

  test('--yes: the defaults of the questions become # assumption: comments', async () => {
    server.script({ draft: envelope(VALID_SPEC, { questions: [{ question: 'Which currency?', default: 'USD' }] }) });
    const r = await author(['orders', '--yes', '-o', 'o.synth.yaml']);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'o.synth.yaml'), 'utf8')).toMatch(/^# assumption: Which currency\? → USD$/m);
  });

  test('questions on a terminal: the answer given is sent back', async () => {
    server.script({ draft: envelope(VALID_SPEC, { questions: [{ question: 'Which currency?', default: 'USD' }] }) }, { draft: envelope(VALID_SPEC) });
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = false;
    output.on('data', (c: Buffer) => {
      if (!asked && c.toString().includes('Which currency?')) {
        asked = true;
        setTimeout(() => input.write('EUR\n'), 20);
      }
    });
    const r = await author(['orders', '-o', 'o.synth.yaml'], { author: { terminal: { input, output } } });
    expect(r.code).toBe(0);
    expect(String(server.messagesOf(1).at(-1)?.content)).toContain('- Which currency? EUR');
  });

  test('closing the terminal at a question cancels: exit 1, nothing written, the session kept for --resume', async () => {
    server.script({ draft: envelope(VALID_SPEC, { questions: [{ question: 'Which currency?', default: 'USD' }] }) });
    const input = new PassThrough();
    const output = new PassThrough();
    output.on('data', (c: Buffer) => {
      if (c.toString().includes('Which currency?')) setTimeout(() => input.end(), 20);
    });
    const r = await author(['orders', '-o', 'o.synth.yaml'], { author: { terminal: { input, output } } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^cancelled; nothing was written\. Continue with: synth author --resume [0-9a-f]{8}\n$/);
    expect(existsSync(join(dir, 'o.synth.yaml'))).toBe(false);
    expect((await runCli(['sessions'], { cwd: dir, env })).stdout).toContain('in-progress');
  });

  test('fault: 429 with Retry-After then success; the key appears in no output, even at debug level', async () => {
    server.script({ status: 429, headers: { 'retry-after': '1' }, body: { error: { message: 'Rate limit reached' } } }, { draft: envelope(VALID_SPEC) });
    const started = Date.now();
    const r = await author(['orders', '-o', 'o.synth.yaml', '--log-level', 'debug']);
    expect(r.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(r.stderr).toMatch(/warn: .*HTTP 429: Rate limit reached; retry 1 in 1 s/);
    expect(r.stderr).toContain('debug: request to http://127.0.0.1');
    expect(r.stdout + r.stderr).not.toContain(KEY);
    expect(server.requests[0]!.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  test('fault: a truncated reply ends in exit 1 with a clear message, no stack trace', async () => {
    server.script({ draft: envelope(VALID_SPEC), finish: 'length' });
    const r = await author(['orders', '-o', 'o.synth.yaml', '--max-tokens', '1000']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error SYN508: The model reply was cut off: the reply was cut off at the token limit (1000)');
    expect(r.stderr).toContain('Raise --max-tokens');
    expect(existsSync(join(dir, 'o.synth.yaml'))).toBe(false);
  });

  test('cache: the same request twice reaches the server once; --no-cache asks again', async () => {
    server.script({ draft: envelope(VALID_SPEC) }, { draft: envelope(VALID_SPEC) });
    expect((await author(['orders', '-o', 'a.synth.yaml'])).code).toBe(0);
    expect((await author(['orders', '-o', 'b.synth.yaml'])).code).toBe(0);
    expect(server.requests).toHaveLength(1);
    expect(readFileSync(join(dir, 'b.synth.yaml'), 'utf8')).toBe(readFileSync(join(dir, 'a.synth.yaml'), 'utf8'));
    expect((await author(['orders', '-o', 'c.synth.yaml', '--no-cache'])).code).toBe(0);
    expect(server.requests).toHaveLength(2);
  });

  test('sessions: listed, shown, and resumed after a failure', async () => {
    server.script({ draft: envelope(UNKNOWN_COLUMN_SPEC) }, { status: 503 }, { status: 503 });
    const failed = await author(['orders', '-o', 'o.synth.yaml', '--rounds', '2'], { author: { retry: { baseDelayMs: 1, maxRetries: 1 } } });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('error SYN506: The model endpoint failed 2 times');
    const id = /session ([0-9a-f]{8}): nothing was written/.exec(failed.stderr)![1]!;
    const none = await runCli(['sessions'], { cwd: dir, env: { SYNTH_STATE_FILE: join(dir, 'none.sqlite') } });
    expect(none.stdout).toBe(`no author sessions in ${join(dir, 'none.sqlite')}\n`);
    expect(existsSync(join(dir, 'none.sqlite'))).toBe(false);
    const list = await runCli(['sessions'], { cwd: dir, env });
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`^${id}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  failed       o\\.synth\\.yaml  orders\\n$`));
    const shown = await runCli(['sessions', id], { cwd: dir, env });
    expect(shown.stdout).toContain(`continue  synth author --resume ${id}`);
    server.script({ draft: envelope(VALID_SPEC) });
    const resumed = await author(['--resume', id]);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toContain(`wrote o.synth.yaml (session ${id})`);
    expect(String(server.messagesOf(3).at(-1)?.content)).toContain('SYN302');
    expect((await runCli(['sessions', '--json'], { cwd: dir, env })).stdout).toContain('"status": "written"');
    const missing = await author(['--resume', 'deadbeef']);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining("error SYN513: No author session 'deadbeef'")]);
  });

  test('--offline refuses a remote endpoint before any request; a loopback one is fine', async () => {
    const r = await author(['orders', '--offline', '--base-url', 'https://llm.example.com/v1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error SYN511: --offline refuses llm.example.com: it is not on this machine');
    const d = await author(['orders', '--offline'], { env: { OPENAI_BASE_URL: '' } });
    expect(d.stderr).toContain('error SYN511: --offline refuses the public openai API');
    // Refused before anything was stored.
    expect(existsSync(join(dir, 'state.sqlite'))).toBe(false);
    server.script({ draft: envelope(VALID_SPEC) });
    expect((await author(['orders', '--offline', '-o', 'o.synth.yaml'])).code).toBe(0);
    expect(server.requests).toHaveLength(1);
  });

  test('--from: revises a spec, shows the diff; writes with --yes, not without a terminal', async () => {
    const original = readFileSync(new URL('../../../fixtures/shop.synth.yaml', import.meta.url), 'utf8');
    writeFileSync(join(dir, 'shop.synth.yaml'), original);
    const revised = parse(original) as { tables: Record<string, unknown> };
    revised.tables.refunds = { rows: { per: 'payments', count: { min: 0, max: 1 } }, columns: { id: { type: 'uuid', primary_key: true }, payment_id: { ref: 'payments.id' } } };
    server.script({ draft: envelope(revised) });
    const refused = await author(['--from', 'shop.synth.yaml', 'add refunds linked to payments']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toContain('+  refunds:\n+    rows: { per: payments, count: { min: 0, max: 1 } }');
    expect(refused.stderr).toContain('not written: pass --yes');
    expect(readFileSync(join(dir, 'shop.synth.yaml'), 'utf8')).toBe(original);
    // The request carried the current spec; the same request again is a cache hit.
    expect(String(server.messagesOf(0).at(-1)?.content)).toContain('Change it as follows, keeping everything else as it is: add refunds linked to payments');
    const written = await author(['--from', 'shop.synth.yaml', 'add refunds linked to payments', '--yes']);
    expect(written.code).toBe(0);
    expect(server.requests).toHaveLength(1);
    const text = readFileSync(join(dir, 'shop.synth.yaml'), 'utf8');
    // Only the addition: the fixture's comments and layout survive.
    expect(text.startsWith(original.replace(/\noutputs:[\s\S]*$/, ''))).toBe(true);
    expect((await runCli(['validate', 'shop.synth.yaml'], { cwd: dir })).code).toBe(0);
  });

  test.each([['y', 0, true], ['n', 0, false]] as const)('--from on a terminal: the diff, then the question; answer %s', async (answer, code, written) => {
    writeFileSync(join(dir, 'shop.synth.yaml'), `# mine\n${stringify(VALID_SPEC)}`);
    const revised = { ...VALID_SPEC, seed: 8 };
    server.script({ draft: envelope(revised) });
    const input = new PassThrough();
    const output = new PassThrough();
    let asked = false;
    output.on('data', (c: Buffer) => {
      if (!asked && c.toString().includes('Write these changes to shop.synth.yaml?')) {
        asked = true;
        setTimeout(() => input.write(`${answer}\n`), 20);
      }
    });
    const r = await author(['--from', 'shop.synth.yaml', 'another seed'], { author: { terminal: { input, output } } });
    expect(r.code).toBe(code);
    expect(r.stdout).toMatch(/^-{3} shop\.synth\.yaml\n\+{3} shop\.synth\.yaml\n/m);
    expect(readFileSync(join(dir, 'shop.synth.yaml'), 'utf8').includes('seed: 8')).toBe(written);
    if (!written) expect(r.stderr).toMatch(/not written; the draft is kept: synth author --resume [0-9a-f]{8}/);
  });

  test('usage errors: no description; an existing output without --force; an unreadable --sample', async () => {
    expect((await author([])).code).toBe(2);
    writeFileSync(join(dir, 'taken.synth.yaml'), 'synth: 1\n');
    const taken = await author(['x', '-o', 'taken.synth.yaml']);
    expect([taken.code, taken.stderr]).toEqual([2, expect.stringContaining('already exists; pass --force')]);
    const missing = await author(['x', '-o', 'n.synth.yaml', '--sample', 'rows.csv']);
    expect([missing.code, missing.stderr]).toEqual([1, expect.stringContaining("error SYN401: Cannot read 'rows.csv'")]);
    const failing: SampleProfiler = { profile: async () => Promise.reject(new Error('no such file')) };
    const unreadable = await author(['x', '-o', 'n.synth.yaml', '--sample', 'gone.csv'], { author: { sampleProfiler: failing } });
    expect([unreadable.code, unreadable.stderr]).toEqual([1, expect.stringContaining("gone.csv - error SYN401: Cannot read 'gone.csv': no such file")]);
    writeFileSync(join(dir, 'a.synth.yaml'), stringify(VALID_SPEC));
    const other = await author(['--from', 'a.synth.yaml', 'x', '-o', 'taken.synth.yaml', '--yes']);
    expect([other.code, other.stderr]).toEqual([2, expect.stringContaining('taken.synth.yaml already exists')]);
    expect(server.requests).toHaveLength(0);
  });

  test('--sample goes through the profiler: raw rows reach the model only with --share-samples', async () => {
    const SECRET = 'raw-row-SECRET-42';
    const profiler: SampleProfiler = { profile: async (_f, o) => ({ profile: { rows: 1, columns: { x: { type: 'string' } } }, ...(o.includeRows ? { rows: [{ x: SECRET }] } : {}) }) };
    server.script({ draft: envelope(VALID_SPEC) }, { draft: envelope(VALID_SPEC) });
    const plain = await author(['x', '-o', 'a.synth.yaml', '--sample', 's.csv', '--log-level', 'debug'], { author: { sampleProfiler: profiler } });
    expect(plain.code).toBe(0);
    expect(server.requests[0]!.text).not.toContain(SECRET);
    const shared = await author(['x', '-o', 'b.synth.yaml', '--sample', 's.csv', '--share-samples', '--log-level', 'debug'], { author: { sampleProfiler: profiler } });
    expect(shared.code).toBe(0);
    expect(server.requests[1]!.text).toContain(SECRET);
    expect(plain.stderr + shared.stderr).not.toContain(SECRET);
  });
});

test('--sample with the infer profiler: the request carries the profile, no raw value unless --share-samples', async () => {
  const rows = Array.from({ length: 300 }, (_, i) => `${i + 1},user${i}.x${(i * 7919) % 10007}@mail-${i}.example,${['gold', 'silver', 'bronze'][i % 3]},${(1000 + i * 3.17).toFixed(2)}`);
  writeFileSync(join(dir, 'customers.csv'), `id,email,tier,balance\n${rows.join('\n')}\n`);
  const emails = rows.map((r) => r.split(',')[1]!);
  server.script({ draft: envelope(VALID_SPEC) }, { draft: envelope(VALID_SPEC) });
  const plain = await author(['customers', '-o', 'a.synth.yaml', '--sample', 'customers.csv', '--yes', '--no-cache']);
  expect(plain.code).toBe(0);
  const body = server.requests[0]!.text;
  // The profile: column names, the category labels, statistics; not one e-mail.
  expect(body).toContain('tier');
  expect(body).toContain('gold');
  for (const e of emails) expect(body.includes(e)).toBe(false);
  const shared = await author(['customers', '-o', 'b.synth.yaml', '--sample', 'customers.csv', '--share-samples', '--yes', '--no-cache']);
  expect(shared.code).toBe(0);
  expect(server.requests[1]!.text).toContain(emails[0]);
  // At most 20 rows are shared.
  expect(server.requests[1]!.text).not.toContain(emails[25]);
  expect(plain.stderr + shared.stderr).not.toContain(emails[0]);
});

test('every SYNTH_* setting of synth author is kept away from yargs (which would refuse it as an unknown option)', async () => {
  for (const v of Object.values(AUTHOR_ENV)) expect([v, ENV_NOT_OPTIONS.has(v)]).toEqual([v, true]);
  const r = await runCli(['validate', 'fixtures/shop.synth.yaml'], { cwd: new URL('../../../', import.meta.url).pathname, env: { SYNTH_MODEL: 'x', SYNTH_OFFLINE: '1' } });
  expect(r.code).toBe(0);
});
