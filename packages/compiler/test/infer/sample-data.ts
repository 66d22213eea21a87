import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../../src/infer/scan-table.js';

/**
 * Sample files with known distributions and keys, made from a seeded PRNG (no Faker, so generated output cannot
 * share values with them by construction of the same generator): customers and their orders.
 */

/** The same small seeded PRNG the scanner samples with (mulberry32). */
export const prng = mulberry32;

export function gaussian(r: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}

function poisson(r: () => number, mean: number): number {
  const l = Math.exp(-mean);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= r();
  } while (p > l);
  return k - 1;
}

function weighted<T extends string>(r: () => number, weights: Record<T, number>): T {
  const total = Object.values<number>(weights).reduce((a, b) => a + b, 0);
  let x = r() * total;
  for (const [k, w] of Object.entries<number>(weights)) {
    x -= w;
    if (x < 0) return k as T;
  }
  return Object.keys(weights)[0] as T;
}

const SYLLABLES = ['zor', 'qua', 'vex', 'lim', 'tra', 'nox', 'bel', 'kri', 'dun', 'mar', 'sol', 'fen', 'gav', 'hul', 'jor', 'pel'];
const word = (r: () => number, n: number) => Array.from({ length: n }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join('');
const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const digits = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const letters = (r: () => number, n: number) => Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(r() * 26))).join('');
const hex = (r: () => number, n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');

export const COUNTRY_WEIGHTS = { US: 50, DE: 20, FR: 15, JP: 15 };
export const STATUS_WEIGHTS = { pending: 10, shipped: 30, delivered: 55, cancelled: 5 };
export const AGE = { mean: 41, stddev: 9 };
export const AMOUNT = { mu: 3.5, sigma: 0.6 };
export const ORDERS_PER_CUSTOMER = 2.5;

export interface Sample {
  customers: Array<Record<string, string | number | null>>;
  orders: Array<Record<string, string | number | null>>;
}

export function makeSample(customers = 600, seed = 7): Sample {
  const r = prng(seed);
  const cs: Sample['customers'] = [];
  const os: Sample['orders'] = [];
  const start = Date.UTC(2022, 0, 1);
  const end = Date.UTC(2024, 5, 30);
  for (let i = 1; i <= customers; i++) {
    const first = cap(word(r, 2));
    const last = cap(word(r, 3));
    cs.push({
      id: i,
      email: `${first.toLowerCase()}.${last.toLowerCase()}${digits(r, 3)}@${word(r, 2)}.test`,
      name: `${first} ${last}`,
      country: weighted(r, COUNTRY_WEIGHTS),
      age: Math.min(90, Math.max(18, Math.round(AGE.mean + AGE.stddev * gaussian(r)))),
      signed_up_at: new Date(start + Math.floor(r() * (end - start) / 1000) * 1000).toISOString().replace('.000Z', 'Z'),
      score: 0.6 + 0.1 * gaussian(r),
      phone: r() < 0.05 ? null : `+1-555-${digits(r, 3)}-${digits(r, 4)}`,
    });
    const n = poisson(r, ORDERS_PER_CUSTOMER);
    for (let k = 0; k < n; k++) {
      os.push({
        id: `${hex(r, 8)}-${hex(r, 4)}-4${hex(r, 3)}-a${hex(r, 3)}-${hex(r, 12)}`,
        customer_id: i,
        amount: Math.exp(AMOUNT.mu + AMOUNT.sigma * gaussian(r)).toFixed(2),
        status: weighted(r, STATUS_WEIGHTS),
        code: `${letters(r, 3)}-${digits(r, 5)}`,
        placed_on: new Date(Date.UTC(2024, 0, 1) + Math.floor(r() * 366) * 86_400_000).toISOString().slice(0, 10),
      });
    }
  }
  return { customers: cs, orders: os };
}

export function toCsv(rows: Array<Record<string, unknown>>, delimiter = ','): string {
  const headers = Object.keys(rows[0]!);
  const esc = (v: unknown) => (v === null || v === undefined ? '' : /[",\n\t]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  return `${[headers.join(delimiter), ...rows.map((r) => headers.map((h) => esc(r[h])).join(delimiter))].join('\n')}\n`;
}

/** Writes customers.csv and orders.csv under dir/samples and returns that directory. */
export function writeSample(dir: string, sample = makeSample()): string {
  const d = join(dir, 'samples');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'customers.csv'), toCsv(sample.customers));
  writeFileSync(join(d, 'orders.csv'), toCsv(sample.orders));
  return d;
}
