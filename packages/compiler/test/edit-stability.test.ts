import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { column, generate, specOf } from './helpers.js';

const shop = readFileSync(new URL('../../../fixtures/shop.synth.yaml', import.meta.url), 'utf8');

describe('edit stability (every value is a function of seed, table, column, row)', () => {
  const before = generate(specOf(shop));

  it('adding a column changes no other column', () => {
    const edited = shop.replace('      name: { type: person.fullName }\n', '      name: { type: person.fullName }\n      vip: { type: bool, probability: 0.1 }\n');
    expect(edited).not.toBe(shop);
    const after = generate(specOf(edited));
    for (const [table, rows] of before) {
      for (const col of Object.keys(rows[0] ?? {})) expect(column(after.get(table)!, col)).toEqual(column(rows, col));
    }
    expect(column(after.get('customers')!, 'vip')).toHaveLength(200);
  });

  it('adding a table changes no other table', () => {
    const edited = shop.replace('outputs:', 'tables_extra_marker:').replace('tables_extra_marker:', `  reviews:
    rows: { per: products, count: { min: 0, max: 3 } }
    columns:
      product_sku: { ref: products.sku }
      stars: { type: int, min: 1, max: 5 }
outputs:`);
    const after = generate(specOf(edited));
    expect(after.has('reviews')).toBe(true);
    for (const [table, rows] of before) expect(after.get(table)).toEqual(rows);
  });

  it('removing a column changes no other column', () => {
    const edited = shop.replace(/      phone: .*\n/, '');
    const after = generate(specOf(edited));
    const rows = before.get('customers')!;
    for (const col of ['id', 'email', 'name', 'country', 'signed_up_at']) expect(column(after.get('customers')!, col)).toEqual(column(rows, col));
  });

  it('more rows extend a table without changing its first rows, unique values drawn with retries included', () => {
    // Past the seen-filter's first layer (16,384 values), where its false positives start to matter.
    const spec = (rows: number) => specOf(`synth: 1\nseed: 3\ntables:\n  users:\n    rows: ${rows}\n    columns:\n      email: { type: internet.email, unique: true }\n      login: { type: internet.username, unique: true, nulls: 0.2 }\n`);
    const small = generate(spec(9_000)).get('users')!;
    const large = generate(spec(18_000)).get('users')!;
    expect(large.slice(0, 9_000)).toEqual(small);
    expect(new Set(column(large, 'email')).size).toBe(18_000);
  });

  it('changing the seed changes the data', () => {
    const after = generate(specOf(shop.replace('seed: 42', 'seed: 43')));
    expect(column(after.get('customers')!, 'name')).not.toEqual(column(before.get('customers')!, 'name'));
  });
});
