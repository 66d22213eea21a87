import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { crossRowReads } from '@synth/spec';
import { planOf, specOf } from './helpers.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const SHOP = readFileSync(join(REPO, 'fixtures/shop.synth.yaml'), 'utf8');

describe('the Plan carries what later stages used to work out again', () => {
  const spec = specOf(SHOP);
  const plan = planOf(spec).plan!;
  const table = (name: string) => plan.tables.find((t) => t.name === name)!;
  const column = (t: string, c: string) => table(t).columns.find((x) => x.name === c)!;

  it("each expression's reads, with the reference each parent read goes through", () => {
    expect(column('orders', 'shipped_at').analysis).toEqual({
      expr: { reads: ['placed_at'], refReads: [] },
      when: { reads: ['status'], refReads: [] },
    });
    expect(column('orders', 'placed_at').analysis!.expr!.refReads).toEqual([{ alias: 'customers', table: 'customers', via: 'customer_id', columns: ['signed_up_at'] }]);
    expect(column('orders', 'status').analysis).toBeUndefined();
    expect(table('orders').checks).toEqual([{
      expr: 'placed_at >= customers.signed_up_at',
      message: 'an order is placed after its customer signed up',
      reads: ['placed_at'],
      refReads: [{ alias: 'customers', table: 'customers', via: 'customer_id', columns: ['signed_up_at'] }],
    }]);
  });

  it('the columns read from other rows, as @synth/spec works them out', () => {
    const all = plan.tables.flatMap((t) => t.crossRowReads.map((c) => `${t.name}.${c}`));
    expect(new Set(all)).toEqual(crossRowReads(spec));
    expect(table('customers').crossRowReads).toEqual(['id', 'signed_up_at']);
    // placed_at is read by payments, and reads customer_id to find the customer it reads.
    expect(table('orders').crossRowReads).toEqual(['id', 'customer_id', 'placed_at']);
  });

  it('is plain data: printed as JSON or cloned to a worker, it is the same plan', () => {
    expect(JSON.parse(JSON.stringify(plan))).toEqual(plan);
    expect(structuredClone(plan)).toEqual(plan);
  });
});
