import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { compareSamples, type CompareReport } from '@synth/compiler';
import { makeSample, prng, toCsv, type Sample } from './sample-data.js';

const sample = makeSample(800, 11);

function writeTables(dir: string, s: Sample): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'customers.csv'), toCsv(s.customers));
  writeFileSync(join(dir, 'orders.csv'), toCsv(s.orders));
  return dir;
}

let root: string;
let sampleDir: string;

async function compare(output: Sample): Promise<CompareReport> {
  const out = writeTables(mkdtempSync(join(root, 'out-')), output);
  const r = await compareSamples([sampleDir], [out]);
  expect(r.diagnostics).toEqual([]);
  return r.value!;
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'synth-compare-'));
  sampleDir = writeTables(join(root, 'sample'), sample);
});

describe('compareSamples', () => {
  it('scores identical data 100%', async () => {
    const r = await compare(sample);
    expect(r.score).toBe(100);
    expect(r.parts).toEqual({ shapes: 100, pairs: 100, keys: 100 });
    expect(r.columns.every((c) => c.score === 1)).toBe(true);
  });

  it('scores an independent draw of the same laws high, and data with shifted laws measurably lower', async () => {
    const same = await compare(makeSample(800, 12));
    expect(same.score).toBeGreaterThan(90);
    const shifted = makeSample(800, 12);
    for (const c of shifted.customers) c.age = (c.age as number) + 15;
    for (const o of shifted.orders) o.status = 'pending';
    const r = await compare(shifted);
    const col = (name: string) => r.columns.find((c) => `${c.table}.${c.column}` === name)!;
    expect(col('customers.age').metric).toBe('ks');
    expect(col('customers.age').distance).toBeGreaterThan(0.5);
    expect(col('orders.status').metric).toBe('tvd');
    expect(col('orders.status').distance).toBeGreaterThan(0.8);
    expect(r.score).toBeLessThan(same.score - 5);
    expect(r.worst.slice(0, 2).map((c) => c.column).sort()).toEqual(['age', 'status']);
  });

  it('sees broken relations between columns: shuffling one column keeps its shape, not its pairs', async () => {
    // In the sample, score rises with age; the shuffled copy keeps both columns' values but not the link.
    const linked = makeSample(800, 11);
    for (const c of linked.customers) c.score = (c.age as number) / 100 + (c.score as number) / 10;
    const sampleLinked = writeTables(join(root, 'linked'), linked);
    const shuffled = structuredClone(linked);
    const r = prng(5);
    const scores = shuffled.customers.map((c) => c.score);
    for (let i = scores.length - 1; i > 0; i--) {
      const j = Math.floor(r() * (i + 1));
      [scores[i], scores[j]] = [scores[j]!, scores[i]!];
    }
    shuffled.customers.forEach((c, i) => (c.score = scores[i]!));
    const out = writeTables(join(root, 'shuffled'), shuffled);
    const rep = (await compareSamples([sampleLinked], [out])).value!;
    expect(rep.columns.find((c) => c.column === 'score')!.score).toBe(1);
    const pair = rep.pairs.find((p) => p.columns.includes('age') && p.columns.includes('score'))!;
    expect(pair.metric).toBe('correlation');
    expect(pair.sample).toBeGreaterThan(0.8);
    expect(Math.abs(pair.output!)).toBeLessThan(0.15);
    expect(pair.score).toBeLessThan(0.6);
  });

  it('reports null-rate differences', async () => {
    const nulls = structuredClone(sample);
    nulls.customers.forEach((c, i) => (c.email = i % 2 === 0 ? null : c.email));
    const col = (await compare(nulls)).columns.find((c) => c.column === 'email')!;
    expect(col).toMatchObject({ sampleNullRate: 0, outputNullRate: 0.5, metric: 'semantic' });
    expect(col.score).toBeCloseTo(0.5, 5);
  });

  it('reports foreign-key violations and duplicate primary keys', async () => {
    const broken = structuredClone(sample);
    broken.orders.slice(0, 10).forEach((o, i) => (o.customer_id = 5000 + i));
    broken.customers[1]!.id = 1;
    const r = await compare(broken);
    // Ten orders point at customers that do not exist; customer 2 is gone too (its id is now a duplicate 1).
    const orphans = 10 + (broken.orders.slice(10).some((o) => o.customer_id === 2) ? 1 : 0);
    const orphanRows = 10 + broken.orders.slice(10).filter((o) => o.customer_id === 2).length;
    const fk = r.keys.find((k) => k.kind === 'foreign')!;
    expect(fk).toMatchObject({ table: 'orders', column: 'customer_id', parent: 'customers.id', violations: orphans });
    expect(fk.score).toBeCloseTo(1 - orphanRows / broken.orders.length, 6);
    expect(r.keys.find((k) => k.kind === 'primary' && k.table === 'customers')).toMatchObject({ violations: 1 });
    expect(r.parts.keys).toBeLessThan(100);
  });

  it('counts a missing column as 0 and a table that matches nothing as a diagnostic', async () => {
    const fewer = structuredClone(sample);
    for (const c of fewer.customers) delete c.phone;
    expect((await compare(fewer)).columns.find((c) => c.column === 'phone')).toMatchObject({ metric: 'missing', score: 0 });
    const other = join(root, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'things.csv'), 'a\n1\n');
    const r = await compareSamples([sampleDir], [other]);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'SYN424', message: expect.stringContaining('output: things') });
  });

  it('checks a composite key of the sample in the output', async () => {
    const lines = (pairs: Array<[number, number]>) => toCsv(pairs.map(([o, l]) => ({ order_id: o, line: l })));
    const orders = toCsv(Array.from({ length: 30 }, (_, i) => ({ id: i + 1 })));
    const pairs: Array<[number, number]> = Array.from({ length: 30 }, (_, i) => [[i + 1, 1], [i + 1, 2]] as Array<[number, number]>).flat();
    const d = mkdtempSync(join(root, 'composite-'));
    for (const side of ['s', 'o']) mkdirSync(join(d, side));
    writeFileSync(join(d, 's/orders.csv'), orders);
    writeFileSync(join(d, 'o/orders.csv'), orders);
    writeFileSync(join(d, 's/lines.csv'), lines(pairs));
    writeFileSync(join(d, 'o/lines.csv'), lines([...pairs.slice(0, -1), [1, 1]]));
    const r = (await compareSamples([join(d, 's')], [join(d, 'o')])).value!;
    expect(r.keys.find((k) => k.table === 'lines' && k.kind === 'primary')).toMatchObject({ column: 'order_id, line', violations: 1 });
  });
});
