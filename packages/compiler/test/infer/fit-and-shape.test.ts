import { describe, expect, it } from '@jest/globals';
import { isFakerMethod } from '@synth/spec';
import { fitCounts, fitDistributions, ksContinuous } from '../../src/infer/fit-distribution.js';
import { fallbackPattern, inducePattern } from '../../src/infer/induce-pattern.js';
import { detectSemanticType, SEMANTIC_FAKER_METHODS } from '../../src/infer/semantic-types.js';
import { gaussian, prng } from './sample-data.js';

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const draw = (n: number, f: (r: () => number) => number, seed = 3) => {
  const r = prng(seed);
  return sorted(Array.from({ length: n }, () => f(r)));
};

describe('fitDistributions picks the law the values were drawn from', () => {
  const cases: Array<[string, number[], boolean, Record<string, number>]> = [
    ['uniform', draw(3000, (r) => 10 + 90 * r()), false, {}],
    ['normal', draw(3000, (r) => 50 + 5 * gaussian(r)), false, { mean: 50, stddev: 5 }],
    ['lognormal', draw(3000, (r) => Math.exp(2 + 0.5 * gaussian(r))), false, { mu: 2, sigma: 0.5 }],
    ['exponential', draw(3000, (r) => -Math.log(1 - r()) / 0.2), false, { rate: 0.2 }],
  ];
  it.each(cases)('%s', (name, values, whole, params) => {
    const fits = fitDistributions(values, whole);
    expect(fits[0]!.name).toBe(name);
    for (const [k, v] of Object.entries(params)) expect(fits[0]!.params[k]).toBeCloseTo(v, v >= 10 ? 0 : 1);
    // The winner is close; the runner-up measurably further.
    expect(fits[0]!.ks).toBeLessThan(0.03);
    expect(fits[1]!.ks).toBeGreaterThan(fits[0]!.ks);
  });

  it('Poisson for small whole-number counts, compared as whole numbers', () => {
    const r = prng(9);
    const poisson = (mean: number) => {
      let k = 0;
      let p = 1;
      const l = Math.exp(-mean);
      do {
        k++;
        p *= r();
      } while (p > l);
      return k - 1;
    };
    const values = sorted(Array.from({ length: 3000 }, () => poisson(3)));
    const fits = fitDistributions(values, true);
    expect(fits[0]).toMatchObject({ name: 'poisson' });
    expect(fits[0]!.params.mean).toBeCloseTo(3, 1);
    const counts = fitCounts(values);
    expect(counts[0]!.name).toBe('poisson');
  });

  it('a constant count is a constant', () => {
    expect(fitCounts([2, 2, 2])).toEqual([{ name: 'constant', params: { value: 2 }, ks: 0 }]);
  });

  it('KS distance is 0 for a perfect fit and near 1 for a disjoint one', () => {
    const values = Array.from({ length: 1000 }, (_, i) => (i + 0.5) / 1000);
    expect(ksContinuous(values, (x) => x)).toBeLessThan(0.001);
    expect(ksContinuous(values, (x) => (x < 5 ? 0 : 1))).toBeGreaterThan(0.99);
  });
});

describe('inducePattern', () => {
  const table: Array<[string[], string | undefined]> = [
    [['AB-1234', 'XY-0042', 'QQ-9999'], '[A-Z]{2}-\\d{4}'],
    [['Alice', 'Bo', 'Christina'], '[A-Z][a-z]{1,8}'],
    [['+1 (555) 010-2030', '+1 (555) 301-0001'], '\\+\\d \\(\\d{3}\\) \\d{3}-\\d{4}'],
    [['a1B2', 'z9Y8'], '[a-z]\\d[A-Z]\\d'],
    // Mixed shapes fall back to coarser classes: any letters, then letters and digits.
    [['abc', 'ABC', 'aBc'], '[A-Za-z]{3}'],
    [['a1', 'B2c', '9z'], '[A-Za-z0-9]{2,3}'],
    [['one two', 'x', '12 ab cd', 'end.'], undefined],
  ];
  it.each(table)('%j → %s', (values, want) => {
    const got = inducePattern(values);
    expect(got?.regex).toBe(want);
    if (got) {
      expect(got.matchRate).toBe(1);
      // The pattern is valid with the `u` flag, as the spec requires, and matches every value.
      for (const v of values) expect(new RegExp(`^(?:${got.regex})$`, 'u').test(v)).toBe(true);
    }
  });

  it('never copies letters or digits, only classes and punctuation', () => {
    expect(inducePattern(['SECRET-42', 'HIDDEN-17'])!.regex).toBe('[A-Z]{6}-\\d{2}');
  });

  it('a fallback pattern spans the character classes and lengths', () => {
    expect(fallbackPattern('A-Za-z ', 3, 12)).toBe('[A-Za-z ]{3,12}');
    expect(fallbackPattern('0-9', 4, 4)).toBe('[0-9]{4}');
  });
});

describe('detectSemanticType', () => {
  const table: Array<[string, string[], string | undefined, string]> = [
    ['contact', ['a@b.io', 'x.y+z@mail.example.org'], 'internet.email', ''],
    ['homepage', ['https://example.org/a', 'http://x.io'], 'internet.url', ''],
    ['ip', ['10.0.0.1', '192.168.1.254'], 'internet.ipv4', ''],
    ['currency', ['EUR', 'USD', 'JPY'], 'finance.currencyCode', ''],
    ['country', ['US', 'DE', 'FR'], 'location.countryCode', ''],
    ['country', ['Germany', 'France', 'Japan'], 'location.country', ''],
    ['city', ['Berlin', 'New York', 'Lyon'], 'location.city', ''],
    ['first_name', ['Ann', 'Bob'], 'person.firstName', ''],
    ['name', ['Ann Lee', 'Bob Stone'], 'person.fullName', 'customers'],
    ['full_name', ['Ann Lee', 'Bob Stone'], 'person.fullName', 'orders'],
    // The table says what a bare `name` is.
    ['name', ['Ergonomic Steel Chair', 'Small Wooden Hat'], 'commerce.productName', 'products'],
    ['name', ['Ann Lee', 'Bob Stone'], undefined, 'things'],
    // A capitalised word is a city, a name or a brand: without a telling column name it is none of them.
    ['label', ['Berlin', 'Ann', 'Acme'], undefined, ''],
    ['code', ['AB-1', 'CD-2'], undefined, ''],
  ];
  it.each(table)('%s %j → %s (table %s)', (column, values, faker, tableName) => {
    expect(detectSemanticType(column, values, tableName)?.faker).toBe(faker);
  });

  it('needs 90% of the values to match', () => {
    const values = [...Array.from({ length: 8 }, (_, i) => `u${i}@x.io`), 'n/a', 'unknown'];
    expect(detectSemanticType('email', values)).toBeUndefined();
    expect(detectSemanticType('email', [...values.slice(0, 8), 'u8@x.io', 'n/a'])?.matchRate).toBe(0.9);
  });

  it('every Faker method it emits exists', () => {
    for (const m of SEMANTIC_FAKER_METHODS) expect(isFakerMethod(m)).toBe(true);
  });
});
