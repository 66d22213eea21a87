import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { inferSpec, profileSamples, type DatasetProfile } from '@synth/compiler';
import { loadSpec, type Spec } from '@synth/spec';
import { COUNTRY_WEIGHTS, makeSample, STATUS_WEIGHTS, writeSample } from './sample-data.js';

const sample = makeSample();
let profile: DatasetProfile;
let text: string;
let spec: Spec;

function validated(t: string): Spec {
  const r = loadSpec({ path: 'inferred.synth.yaml', text: t });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.value!.spec;
}

/** Every distinct sample value of the columns that are not categories: none may appear in the spec. */
export function privateValues(s = sample): string[] {
  const out = new Set<string>();
  for (const c of s.customers) for (const k of ['email', 'name', 'phone', 'signed_up_at', 'score'] as const) if (c[k] !== null) out.add(String(c[k]));
  for (const o of s.orders) for (const k of ['id', 'code'] as const) out.add(String(o[k]));
  return [...out];
}

beforeAll(async () => {
  const dir = writeSample(mkdtempSync(join(tmpdir(), 'synth-infer-spec-')), sample);
  profile = (await profileSamples([join(dir, 'customers.csv'), join(dir, 'orders.csv')])).value!;
  text = inferSpec(profile);
  spec = validated(text);
});

describe('inferSpec', () => {
  it('emits a spec that validates, with the constructs of docs/spec.md that fit each column', () => {
    const c = spec.tables.customers!.columns;
    const o = spec.tables.orders!.columns;
    const raw = parse(text) as { tables: Record<string, { rows: unknown; columns: Record<string, Record<string, unknown>> }> };
    expect(raw.tables.customers!.rows).toBe(sample.customers.length);
    expect(raw.tables.customers!.columns.id).toEqual({ type: 'sequence', primary_key: true });
    expect(raw.tables.customers!.columns.email).toEqual({ type: 'internet.email', unique: true });
    expect(raw.tables.customers!.columns.name).toEqual({ type: 'person.fullName' });
    expect(raw.tables.customers!.columns.country).toEqual({ type: 'enum', values: Object.fromEntries(profile.tables[0]!.columns[3]!.categories!.labels!.map((l, i) => [l, profile.tables[0]!.columns[3]!.categories!.counts[i]])) });
    expect(raw.tables.customers!.columns.age).toMatchObject({ type: 'int', min: 18, distribution: { normal: {} } });
    expect(raw.tables.customers!.columns.phone).toMatchObject({ type: 'string', pattern: '\\+\\d-\\d{3}-\\d{3}-\\d{4}' });
    expect(raw.tables.customers!.columns.phone!.nulls).toBeGreaterThan(0.03);
    expect(raw.tables.orders!.rows).toEqual({ per: 'customers', count: { poisson: { mean: profile.foreignKeys[0]!.perParent.mean } } });
    expect(raw.tables.orders!.columns.id).toEqual({ type: 'uuid', primary_key: true });
    expect(raw.tables.orders!.columns.customer_id).toEqual({ ref: 'customers.id' });
    expect(raw.tables.orders!.columns.amount).toMatchObject({ type: 'decimal', scale: 2, distribution: { lognormal: {} } });
    expect(Object.keys(raw.tables.orders!.columns.status!.values as object)).toEqual(['delivered', 'shipped', 'pending', 'cancelled']);
    expect(raw.tables.orders!.columns.code).toEqual({ type: 'string', pattern: '[A-Z]{3}-\\d{5}', unique: true });
    expect(raw.tables.orders!.columns.placed_on).toEqual({ type: 'date', min: '2024-01-01', max: '2024-12-31' });
    expect(c.signed_up_at).toBeDefined();
    expect(o.customer_id).toBeDefined();
  });

  it('writes the evidence as comments', () => {
    expect(text).toMatch(/code: \{ type: string, pattern: '\[A-Z\]\{3\}-\\d\{5\}', unique: true \} # unique; 100\.0% match \^\[A-Z\]\{3\}-\\d\{5\}\$/);
    expect(text).toMatch(/phone: .* # unique; phone number; 100\.0% match .*; \d+\.\d% null/);
    expect(text).toMatch(/amount: .* # lognormal fits best \(KS 0\.0\d\d; /);
    expect(text).toMatch(/rows: \{ per: customers, .* # 0–\d+ per customers row, mean 2\.\d+; poisson fits best/);
    expect(text).toMatch(/email: .* # unique; email: 100\.0% match/);
  });

  it('copies no sample value except category labels', () => {
    for (const v of privateValues()) expect(text).not.toContain(v);
    for (const label of [...Object.keys(COUNTRY_WEIGHTS), ...Object.keys(STATUS_WEIGHTS)]) expect(text).toContain(label);
  });

  it('with categories: false, copies none at all: enums get made-up labels with the same weights', async () => {
    const bare = inferSpec({ ...profile, categories: false, tables: profile.tables.map((t) => ({ ...t, columns: t.columns.map((c) => (c.categories ? { ...c, categories: { counts: c.categories.counts, rareCount: c.categories.rareCount } } : c)) })) });
    validated(bare);
    for (const label of Object.keys(STATUS_WEIGHTS)) expect(bare).not.toMatch(new RegExp(`\\b${label}\\b`));
    for (const label of Object.keys(COUNTRY_WEIGHTS)) expect(bare).not.toMatch(new RegExp(`\\b${label}\\b:`));
    const raw = parse(bare) as { tables: Record<string, { columns: Record<string, { values?: Record<string, number> }> }> };
    const counts = profile.tables[1]!.columns.find((c) => c.name === 'status')!.categories!.counts;
    expect(raw.tables.orders!.columns.status!.values).toEqual(Object.fromEntries(counts.map((n, i) => [`status_${i + 1}`, n])));
  });

  it('is a pure function: the same profile gives the same text and stays untouched', () => {
    const before = JSON.stringify(profile);
    expect(inferSpec(profile)).toBe(text);
    expect(JSON.stringify(profile)).toBe(before);
  });
});

describe('inferSpec on other shapes of data', () => {
  it('self-references, booleans, empty columns, times, day-first dates, free text and numeric categories give a valid spec', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synth-infer-shapes-'));
    const rows = Array.from({ length: 200 }, (_, i) => ({
      emp_id: 1000 + i,
      manager_id: i === 0 ? null : 1000 + Math.floor(i / 3),
      remote: i % 3 === 0,
      note: null,
      opens: `${String(6 + (i % 4)).padStart(2, '0')}:${String((i * 7) % 60).padStart(2, '0')}:00`,
      hired: `${String(1 + (i % 28)).padStart(2, '0')}/${String(1 + (i % 12)).padStart(2, '0')}/20${String(10 + (i % 10))}`,
      bio: ['quick brown fox jumps', 'lazy dog sleeps all day long', 'a b c'][i % 3]! + ` w${i}`,
      floor: [1, 2, 2, 3, 3, 3][i % 6],
      state: i % 4 === 0 ? 'closed' : 'open',
      created_at: new Date(Date.UTC(2024, 0, 1) + i * 7_777_000).toISOString().replace('.000Z', 'Z'),
      closed_at: i % 4 === 0 ? new Date(Date.UTC(2024, 0, 1) + i * 7_777_000 + 48 * 3_600_000).toISOString().replace('.000Z', 'Z') : null,
    }));
    writeFileSync(join(dir, 'staff.json'), JSON.stringify(rows));
    const p = (await profileSamples([join(dir, 'staff.json')])).value!;
    const t = inferSpec(p);
    validated(t);
    const cols = (parse(t) as { tables: { staff: { columns: Record<string, Record<string, unknown>> } } }).tables.staff.columns;
    expect(cols.emp_id).toEqual({ type: 'sequence', start: 1000, primary_key: true });
    expect(cols.manager_id).toMatchObject({ ref: 'staff.emp_id', nullable: true });
    expect(cols.remote).toEqual({ type: 'bool', probability: 0.335 });
    expect(cols.note).toEqual({ type: 'constant', value: null, nullable: true });
    expect(cols.opens).toMatchObject({ type: 'time', min: '06:00:00', max: rows.map((r) => r.opens).sort().at(-1) });
    expect(cols.hired).toMatchObject({ type: 'date', format: 'dd/MM/yyyy', min: '2010-01-01' });
    expect(cols.bio).toMatchObject({ type: 'lorem.words' });
    // Numbers stay numbers: a list whose repetitions carry the weights (1 : 2 : 3 here).
    expect(cols.floor!.type).toBe('enum');
    const floors = cols.floor!.values as number[];
    expect(floors.filter((f) => f === 3).length / floors.length).toBeCloseTo(0.5, 2);
    // A timestamp always 48 h after another, set only for one state: derived, with a condition.
    expect(cols.closed_at).toEqual({ type: 'datetime', expr: "created_at + duration('48h')", when: "state == 'closed'" });
    expect(t).toContain(`closed_at: { type: datetime, expr: "created_at + duration('48h')", when: "state == 'closed'" }`);
  });
});

describe('composite keys', () => {
  it('a reference and a line number whose pairs never repeat become primary_key: [order_id, line]', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synth-infer-composite-'));
    const r = (await import('./sample-data.js')).prng(4);
    const orders = Array.from({ length: 150 }, (_, i) => ({ id: i + 1, total: Math.round(r() * 10_000) / 100 }));
    const lines = orders.flatMap((o) => {
      const n = 1 + Math.floor(r() * 4);
      const taken = [1, 2, 3, 4].sort(() => r() - 0.5).slice(0, n);
      return taken.map((line) => ({ order_id: o.id, line, qty: 1 + Math.floor(r() * 3) }));
    });
    writeFileSync(join(dir, 'orders.jsonl'), orders.map((o) => JSON.stringify(o)).join('\n'));
    writeFileSync(join(dir, 'lines.jsonl'), lines.map((o) => JSON.stringify(o)).join('\n'));
    const p = (await profileSamples([dir])).value!;
    expect(p.tables.find((t) => t.name === 'lines')).toMatchObject({ compositeKey: ['order_id', 'line'] });
    expect(p.tables.find((t) => t.name === 'lines')!.primaryKey).toBeUndefined();
    const t = inferSpec(p);
    const s = validated(t);
    expect(s.tables.lines!.primary_key).toEqual(['order_id', 'line']);
    const raw = parse(t) as { tables: { lines: { rows: unknown; columns: Record<string, unknown> } } };
    expect(raw.tables.lines.rows).toEqual({ per: 'orders', count: { min: 1, max: 4 } });
    expect(raw.tables.lines.columns.line).toEqual({ type: 'int', min: 1, max: 4 });
  });
});

describe('time that follows other time', () => {
  it('draws a timestamp from an earlier one of its row when that fits better, without a cycle between them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synth-infer-after-'));
    const r = (await import('./sample-data.js')).prng(8);
    const rows = Array.from({ length: 400 }, (_, i) => {
      const start = Date.UTC(2024, 0, 1) + Math.floor(r() * 300 * 86_400) * 1000;
      const end = start + (3600 + Math.floor(r() * 3600)) * 1000;
      const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
      return { id: i + 1, start_at: iso(start), end_at: iso(end) };
    });
    writeFileSync(join(dir, 'visits.json'), JSON.stringify(rows));
    const p = (await profileSamples([dir])).value!;
    const cols = p.tables[0]!.columns;
    const end = cols.find((c) => c.name === 'end_at')!;
    const start = cols.find((c) => c.name === 'start_at')!;
    // One of the two is drawn from the other; never both (that would be a cycle, SYN311).
    expect([end.after?.source, start.after?.source].filter(Boolean)).toHaveLength(1);
    const rule = (end.after ?? start.after)!;
    expect(rule).toMatchObject({ model: 'offset', unit: 'second' });
    expect(Math.abs(rule.min!)).toBeGreaterThanOrEqual(3600);
    expect(Math.abs(rule.max!)).toBeLessThanOrEqual(7200);
    expect(rule.ks).toBeLessThan(rule.aloneKs - 0.02);
    validated(inferSpec(p));
  });

  it('leaves a timestamp drawn on its own when no other explains it better', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synth-infer-alone-'));
    const r = (await import('./sample-data.js')).prng(9);
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const rows = Array.from({ length: 400 }, () => ({ a: iso(Date.UTC(2024, 0, 1) + Math.floor(r() * 1e7) * 1000), b: iso(Date.UTC(2024, 0, 1) + Math.floor(r() * 1e7) * 1000) }));
    writeFileSync(join(dir, 'pairs.json'), JSON.stringify(rows));
    const p = (await profileSamples([dir])).value!;
    expect(p.tables[0]!.columns.map((c) => c.after)).toEqual([undefined, undefined]);
  });
});
