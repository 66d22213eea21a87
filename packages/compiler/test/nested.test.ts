import { describe, expect, it } from '@jest/globals';
import { ConformanceChecker, executePlan, type RowBatch } from '@synth/compiler';
import { generate, planOf, specOf } from './helpers.js';

const spec = (extraField = '') => specOf(`
synth: 1
seed: 4
tables:
  orders:
    rows: 300
    columns:
      id: { type: sequence, primary_key: true }
      shipping:
        type: object
        fields:
          city: { type: location.city }
          zip: { type: string, pattern: '\\d{5}' }
          express: { type: bool, probability: 0.2 }${extraField}
      line_items:
        type: array
        count: { min: 1, max: 4 }
        items:
          type: object
          fields:
            sku: { type: string, pattern: '[A-Z]{3}-\\d{3}' }
            qty: { type: int, min: 1, max: 9 }
            price: { type: decimal, min: 1, max: 100, scale: 2 }
            placed: { type: date, min: 2024-01-01, max: 2024-12-31 }
      meta:
        type: json
        schema: { type: object, required: [channel], properties: { channel: { enum: [web, app, phone] }, score: { type: integer, minimum: 0, maximum: 10 } } }
outputs: []
`);

type Item = { sku: string; qty: number; price: number; placed: string };

describe('object, array and json columns', () => {
  it('make documents of the declared shape, per-row element counts within the declared range', () => {
    const rows = generate(spec()).get('orders')!;
    const counts = new Set<number>();
    for (const r of rows) {
      const shipping = JSON.parse(r.shipping as string) as Record<string, unknown>;
      expect(Object.keys(shipping)).toEqual(['city', 'zip', 'express']);
      expect(shipping.zip).toMatch(/^\d{5}$/);
      const items = JSON.parse(r.line_items as string) as Item[];
      counts.add(items.length);
      for (const it of items) {
        expect(it.sku).toMatch(/^[A-Z]{3}-\d{3}$/);
        expect(Number.isInteger(it.qty) && it.qty >= 1 && it.qty <= 9).toBe(true);
        expect(Math.round(it.price * 100)).toBeCloseTo(it.price * 100, 6);
        expect(it.placed).toMatch(/^2024-\d\d-\d\d$/);
      }
      expect(['web', 'app', 'phone']).toContain((JSON.parse(r.meta as string) as { channel: string }).channel);
    }
    expect([...counts].sort()).toEqual([1, 2, 3, 4]);
    // json-schema-faker is seeded per cell: the documents differ from row to row.
    expect(new Set(rows.map((r) => r.meta)).size).toBeGreaterThan(5);
  });

  it('are deterministic and edit-stable: a new field changes no other field or column', () => {
    const a = generate(spec()).get('orders')!;
    const b = generate(spec('\n          note: { type: lorem.word }')).get('orders')!;
    expect(generate(spec()).get('orders')).toEqual(a);
    for (let i = 0; i < a.length; i++) {
      const sa = JSON.parse(a[i]!.shipping as string) as Record<string, unknown>;
      const sb = JSON.parse(b[i]!.shipping as string) as Record<string, unknown>;
      expect(sb).toEqual({ ...sa, note: sb.note });
      expect(b[i]!.line_items).toBe(a[i]!.line_items);
      expect(b[i]!.meta).toBe(a[i]!.meta);
    }
  });

  it('are checked against their declared shape by the conformance checker (ajv, not the generator)', () => {
    const s = spec();
    const { plan } = planOf(s);
    const batches: RowBatch[] = [...executePlan(plan!, s)[0]!.batches()];
    const k = plan!.tables[0]!.outputOrder.indexOf('line_items');
    const m = plan!.tables[0]!.outputOrder.indexOf('meta');
    const items = JSON.parse(batches[0]!.columns[k]![7] as string) as Item[];
    items[0]!.qty = 12;
    batches[0]!.columns[k]![7] = JSON.stringify(items);
    batches[0]!.columns[k]![8] = '[]';
    batches[0]!.columns[m]![9] = '{"channel":"fax"}';
    const checker = new ConformanceChecker(plan!, s);
    for (const b of batches) checker.observe(b);
    const report = checker.finish();
    const doc = (c: string) => report.findings.find((f) => f.column === c && f.rule === 'document')!;
    expect(doc('line_items')).toMatchObject({ outcome: 'fail', rows: [7, 8] });
    expect(doc('meta')).toMatchObject({ outcome: 'fail', rows: [9] });
    expect(doc('shipping').outcome).toBe('pass');
  });
});
