import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { build, loadSpec, plan, rows, synthFixtures, SynthError, validate, type Row, type SynthPlugin } from '@synth/compiler';

const REPO = new URL('../../../', import.meta.url).pathname;
const SHOP = join(REPO, 'fixtures/shop.synth.yaml');
const tmp = () => mkdtempSync(join(tmpdir(), 'synth-api-'));

async function collect(input: Parameters<typeof rows>[0], settings: Parameters<typeof rows>[1] = {}): Promise<Record<string, Row[]>> {
  const tables = await rows(input, settings);
  const out: Record<string, Row[]> = {};
  for (const [name, it] of Object.entries(tables)) {
    out[name] = [];
    for await (const r of it) out[name]!.push(r);
  }
  return out;
}

/** An API value as the jsonl writer writes it (dates as ISO text, second precision). */
function asJson(v: Row[string], type: string | undefined): unknown {
  if (v instanceof Date) return type === 'date' ? v.toISOString().slice(0, 10) : `${v.toISOString().slice(0, 19)}Z`;
  return v;
}

describe('rows() and synthFixtures()', () => {
  it('give exactly the rows synth build writes, for every table of the shop fixture', async () => {
    const dir = tmp();
    const built = await build(SHOP, { seed: 9, rows: 30, format: 'jsonl', outDir: dir, allowOutside: true });
    const fixtures = await synthFixtures(SHOP, { seed: 9, rows: 30 });
    const streamed = await collect(SHOP, { seed: 9, rows: 30 });
    expect(Object.keys(fixtures.tables)).toEqual(['customers', 'products', 'orders', 'order_items', 'payments']);
    for (const t of built.plan.tables) {
      const types = new Map(t.columns.map((c) => [c.name, c.info.type]));
      const written = readFileSync(join(dir, `${t.name}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      const fromApi = fixtures.tables[t.name]!.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asJson(v, types.get(k))])));
      expect(fromApi).toEqual(written);
      expect(streamed[t.name]).toEqual(fixtures.tables[t.name]);
      expect(written.length).toBe(t.rowCount);
    }
  });

  it('types values by column: Date for datetimes, numbers, booleans, strings, HH:MM:SS times, null', async () => {
    const { tables } = await synthFixtures(`synth: 1
tables:
  t:
    rows: 50
    columns:
      d: { type: date, format: dd/MM/yyyy }
      at: { type: datetime }
      clock: { type: time }
      ok: { type: bool }
      n: { type: decimal, scale: 2 }
      maybe: { type: int, nulls: 0.5 }
`);
    const r = tables.t![0]!;
    expect(r.d).toBeInstanceOf(Date);
    expect((r.d as Date).getUTCHours()).toBe(0);
    expect(r.at).toBeInstanceOf(Date);
    expect(r.clock).toMatch(/^\d{2}:\d{2}:\d{2}$/);
    expect(typeof r.ok).toBe('boolean');
    expect(typeof r.n).toBe('number');
    expect(tables.t!.some((x) => x.maybe === null)).toBe(true);
  });

  it('table iterables can be walked in any order, again and again, with the same rows', async () => {
    const tables = await rows(SHOP, { rows: 10 });
    const walk = async (name: string) => {
      const out: Row[] = [];
      for await (const r of tables[name]!) out.push(r);
      return out;
    };
    const paymentsFirst = await walk('payments');
    const customers = await walk('customers');
    expect(await walk('payments')).toEqual(paymentsFirst);
    expect((await collect(SHOP, { rows: 10 })).customers).toEqual(customers);
  });

  it('synthFixtures refuses more rows than maxRows instead of filling the memory', async () => {
    await expect(synthFixtures(SHOP, { maxRows: 100 })).rejects.toMatchObject({ code: 'SYN317', message: expect.stringMatching(/synthFixtures holds at most 100/) });
  });
});

describe('build()', () => {
  it('with check reports each file as same, changed or missing, without throwing for drift', async () => {
    const dir = tmp();
    const spec = await loadSpec(SHOP);
    const settings = { rows: 5, format: 'csv' as const, outDir: dir, allowOutside: true };
    await build(spec, settings);
    expect((await build(spec, { ...settings, check: true })).files.map((f) => f.status)).toEqual(['same', 'same', 'same', 'same', 'same']);
    writeFileSync(join(dir, 'orders.csv'), 'edited\n');
    const checked = await build(spec, { ...settings, check: true });
    expect(checked.files.find((f) => f.path.endsWith('orders.csv'))!.status).toBe('changed');
  });
});

describe('errors', () => {
  it('are SynthErrors with the diagnostics, file:line:col and a code frame in the message', async () => {
    const err = await plan('synth: 1\ntables:\n  t:\n    rows: 3\n    columns:\n      a: { type: int, min: 5, max: 1 }\n').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SynthError);
    const e = err as SynthError;
    expect(e.code).toBe('SYN306');
    expect(e.diagnostics[0]).toMatchObject({ code: 'SYN306', line: 6, pointer: '/tables/t/columns/a/min' });
    expect(e.message).toContain('<spec text>:6:');
    expect(e.message).toContain('a: { type: int, min: 5, max: 1 }');
  });

  it('outDir may be anywhere, but not a URL (SYN460), and nothing is written for one', async () => {
    const cwd = tmp();
    const elsewhere = tmp();
    const built = await build(SHOP, { rows: 3, format: 'csv', outDir: join(elsewhere, 'exports'), cwd });
    expect(built.files.length).toBe(5);
    expect(readdirSync(join(elsewhere, 'exports')).length).toBe(5);
    await expect(build(SHOP, { rows: 3, format: 'csv', outDir: 'gs://bucket/x', cwd })).rejects.toMatchObject({ name: 'SynthError', code: 'SYN460' });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('a missing file is SYN401 from loadSpec (thrown) and from validate (returned)', async () => {
    await expect(loadSpec('nope.synth.yaml', { cwd: tmp() })).rejects.toMatchObject({ name: 'SynthError', code: 'SYN401' });
    const v = await validate('nope.synth.yaml', { cwd: tmp() });
    expect(v.ok).toBe(false);
    expect(v.diagnostics[0]!.file).toBe('nope.synth.yaml');
  });

  it('a plugin writer that throws is SYN432 naming it and the table; nothing is left behind', async () => {
    const out = tmp();
    const broken: SynthPlugin = { apiVersion: 1, name: 'broken', writers: { out: { extension: 'txt', create: () => ({
      startTable: async () => undefined,
      writeBatch: async (b) => { if (b.table === 'orders') throw new TypeError('disk on fire'); },
      endTable: async () => undefined,
      finish: async () => undefined,
    }) } } };
    const err = await build(SHOP, { rows: 2, format: 'broken/out', outDir: out, allowOutside: true, plugins: [broken] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SynthError);
    expect((err as SynthError).code).toBe('SYN432');
    expect((err as SynthError).diagnostics[0]!.message).toBe("Plugin writer 'broken/out' failed at row 0 of 'orders': disk on fire");
    expect(readdirSync(out)).toEqual([]);
  });

  it('a bug still reaches the caller as a SynthError, SYN499, with the original error as cause', async () => {
    const { asSynthError } = await import('../src/api/synth-error.js');
    const err = await asSynthError(() => Promise.reject(new TypeError('x is undefined'))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SynthError);
    expect((err as SynthError).code).toBe('SYN499');
    expect(((err as SynthError).cause as Error).message).toBe('x is undefined');
  });

  it('a plugin object of another API version is refused with SYN431', async () => {
    const future = { apiVersion: 2, name: 'future' } as SynthPlugin;
    await expect(rows(SHOP, { plugins: [future] })).rejects.toMatchObject({ code: 'SYN431' });
  });
});
