import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { profileSamples, type ColumnProfile, type DatasetProfile } from '@synth/compiler';
import { AGE, AMOUNT, COUNTRY_WEIGHTS, makeSample, ORDERS_PER_CUSTOMER, STATUS_WEIGHTS, writeSample } from './sample-data.js';

const sample = makeSample();
let dir: string;
let profile: DatasetProfile;

const column = (p: DatasetProfile, table: string, name: string): ColumnProfile => p.tables.find((t) => t.name === table)!.columns.find((c) => c.name === name)!;

beforeAll(async () => {
  dir = writeSample(mkdtempSync(join(tmpdir(), 'synth-profile-')), sample);
  const r = await profileSamples([join(dir, 'customers.csv'), join(dir, 'orders.csv')]);
  expect(r.diagnostics).toEqual([]);
  profile = r.value!;
});

describe('profileSamples on customers and orders with known laws', () => {
  it('counts rows and infers each column type', () => {
    expect(profile.tables.map((t) => [t.name, t.rows])).toEqual([['customers', sample.customers.length], ['orders', sample.orders.length]]);
    const types = Object.fromEntries(profile.tables.flatMap((t) => t.columns.map((c) => [`${t.name}.${c.name}`, c.type])));
    expect(types).toEqual({
      'customers.id': 'int', 'customers.email': 'string', 'customers.name': 'string', 'customers.country': 'string', 'customers.age': 'int',
      'customers.signed_up_at': 'datetime', 'customers.score': 'float', 'customers.phone': 'string',
      'orders.id': 'uuid', 'orders.customer_id': 'int', 'orders.amount': 'decimal', 'orders.status': 'string', 'orders.code': 'string', 'orders.placed_on': 'date',
    });
    expect(column(profile, 'orders', 'amount').numeric!.scale).toBe(2);
  });

  it('recognises semantic types and patterns', () => {
    expect(column(profile, 'customers', 'email').text!.semantic).toMatchObject({ kind: 'email', faker: 'internet.email', matchRate: 1 });
    expect(column(profile, 'customers', 'name').text!.semantic).toMatchObject({ kind: 'person name', faker: 'person.fullName', byName: true });
    expect(column(profile, 'customers', 'phone').text!.semantic).toMatchObject({ kind: 'phone number', preferPattern: true });
    expect(column(profile, 'customers', 'phone').text!.pattern).toEqual({ regex: '\\+\\d-\\d{3}-\\d{3}-\\d{4}', matchRate: 1 });
    expect(column(profile, 'orders', 'code').text!.pattern).toEqual({ regex: '[A-Z]{3}-\\d{5}', matchRate: 1 });
  });

  it('measures null rates and uniqueness', () => {
    const phoneNulls = sample.customers.filter((c) => c.phone === null).length / sample.customers.length;
    expect(column(profile, 'customers', 'phone').nullRate).toBeCloseTo(phoneNulls, 3);
    expect(column(profile, 'customers', 'email').unique).toBe(true);
    expect(column(profile, 'customers', 'country').unique).toBe(false);
    expect(column(profile, 'customers', 'country').distinct).toBe(4);
  });

  it('fits the distribution each column was drawn from, by the lowest KS distance', () => {
    const age = column(profile, 'customers', 'age').numeric!;
    expect(age.fits[0]!.name).toBe('normal');
    expect(age.fits[0]!.params.mean).toBeCloseTo(AGE.mean, 0);
    expect(age.fits[0]!.params.stddev).toBeGreaterThan(AGE.stddev * 0.9);
    expect(age.fits[0]!.params.stddev).toBeLessThan(AGE.stddev * 1.1);
    const amount = column(profile, 'orders', 'amount').numeric!;
    expect(amount.fits[0]!.name).toBe('lognormal');
    expect(amount.fits[0]!.params.mu).toBeCloseTo(AMOUNT.mu, 1);
    expect(amount.fits[0]!.params.sigma).toBeCloseTo(AMOUNT.sigma, 1);
    // Every candidate is kept, best first, with its distance as evidence.
    expect(amount.fits.map((f) => f.ks)).toEqual([...amount.fits.map((f) => f.ks)].sort((a, b) => a - b));
    expect(column(profile, 'customers', 'score').numeric!.fits[0]!.name).toBe('normal');
  });

  it('finds the categories with their weights', () => {
    const country = column(profile, 'customers', 'country').categories!;
    expect(country.labels).toEqual(Object.keys(COUNTRY_WEIGHTS));
    const shares = country.counts.map((c) => c / sample.customers.length);
    expect(shares[0]).toBeCloseTo(0.5, 1);
    const status = column(profile, 'orders', 'status').categories!;
    expect(new Set(status.labels)).toEqual(new Set(Object.keys(STATUS_WEIGHTS)));
    expect(status.labels![0]).toBe('delivered');
    expect(column(profile, 'customers', 'email').categories).toBeUndefined();
  });

  it('finds primary keys and the foreign key with its per-parent distribution', () => {
    const customers = profile.tables[0]!;
    const orders = profile.tables[1]!;
    expect(customers.primaryKey).toBe('id');
    expect(customers.keyCandidates[0]).toEqual({ column: 'id', kind: 'sequence' });
    expect(column(profile, 'customers', 'id').numeric!.sequence).toEqual({ start: 1, step: 1 });
    expect(orders.primaryKey).toBe('id');
    expect(orders.keyCandidates[0]).toEqual({ column: 'id', kind: 'uuid' });
    expect(profile.foreignKeys).toHaveLength(1);
    const fk = profile.foreignKeys[0]!;
    expect(fk).toMatchObject({ table: 'orders', column: 'customer_id', parentTable: 'customers', parentColumn: 'id', inclusion: 1 });
    expect(fk.perParent.fits[0]!.name).toBe('poisson');
    expect(fk.perParent.mean).toBeCloseTo(ORDERS_PER_CUSTOMER, 0);
    // Customers without orders count: the mean is over every customer.
    expect(fk.perParent.mean).toBeCloseTo(sample.orders.length / sample.customers.length, 3);
  });

  it('does not take whole-number columns for foreign keys by chance (age ⊆ 1…600 is no key)', () => {
    expect(profile.foreignKeys.some((f) => f.column === 'age')).toBe(false);
  });

  it('holds no sample value in the profile other than category labels; none at all without categories', async () => {
    const text = JSON.stringify(profile);
    for (const c of sample.customers) for (const k of ['email', 'name', 'phone', 'signed_up_at'] as const) if (c[k] !== null && c[k] !== undefined) expect(text).not.toContain(String(c[k]));
    for (const o of sample.orders) {
      expect(text).not.toContain(String(o.id));
      expect(text).not.toContain(String(o.code));
    }
    const without = (await profileSamples([dir], { categories: false })).value!;
    const bare = JSON.stringify(without);
    for (const label of [...Object.keys(COUNTRY_WEIGHTS), ...Object.keys(STATUS_WEIGHTS)]) expect(bare).not.toContain(`"${label}"`);
    expect(column(without, 'customers', 'country').categories!.counts).toEqual(column(profile, 'customers', 'country').categories!.counts);
  });

  it('reads a directory as its files in name order, and --max-rows as the first N rows', async () => {
    const r = (await profileSamples([dir], { maxRows: 100 })).value!;
    expect(r.tables.map((t) => [t.name, t.rows, t.truncated])).toEqual([['customers', 100, true], ['orders', 100, true]]);
    expect(column(r, 'customers', 'id').numeric).toMatchObject({ min: 1, max: 100 });
  });

  it('is deterministic: the same files give the same profile', async () => {
    const again = (await profileSamples([join(dir, 'customers.csv'), join(dir, 'orders.csv')])).value!;
    expect(JSON.stringify(again)).toBe(JSON.stringify(profile));
  });
});
