import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SeenFilter } from '../src/execute/seen-filter.js';

describe('SeenFilter (the seen values of a unique column drawn with retries)', () => {
  it('never says an added value is unseen (uniqueness stays exact), for strings, numbers and booleans', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string(), fc.double({ noNaN: true }), fc.integer(), fc.boolean()), { maxLength: 2000 }), (values) => {
        const f = new SeenFilter();
        for (const v of values) f.add(v);
        for (const v of values) expect(f.has(v)).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  it('keeps false positives near 1% a layer, with the memory of a Bloom filter, not of a Set', () => {
    const f = new SeenFilter();
    const n = 500_000;
    for (let i = 0; i < n; i++) f.add(`user${i}@example.com`);
    let fp = 0;
    const probes = 100_000;
    for (let i = 0; i < probes; i++) if (f.has(`other${i}@example.com`)) fp++;
    // Five layers of ~1% each: a query meets at most ~5% false positives; far fewer while layers are part full.
    expect(fp / probes).toBeLessThan(0.05);
    expect(fp).toBeGreaterThan(0);
    // ~10 bits a value.
    expect(f.bytes).toBeLessThan(n * 2);
    // Strings and numbers are distinct keys.
    const g = new SeenFilter();
    g.add(1);
    expect(g.has('1')).toBe(false);
  });
});
