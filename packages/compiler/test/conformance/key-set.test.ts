import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { KeySet, SequenceKeys, keyHashInto, type Keys } from '../../src/conformance/key-set.js';

const key = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constantFrom(2 ** 40, -(2 ** 40), 2 ** 53 - 1));

describe('KeySet (the keys of a unique column, as the conformance checker sees them)', () => {
  it('agrees with a Set: add reports exactly the repeats, has exactly the members (strings and numbers never share a key)', () => {
    fc.assert(
      fc.property(fc.array(key, { maxLength: 3000 }), fc.array(key, { maxLength: 200 }), fc.integer({ min: 0, max: 5000 }), (values, probes, expected) => {
        const keys = new KeySet(1_000_000, expected);
        const set = new Set<string>();
        const id = (v: string | number | boolean) => `${typeof v}:${String(v)}`;
        for (const v of values) {
          expect(keys.add(v)).toBe(!set.has(id(v)));
          set.add(id(v));
        }
        expect(keys.count).toBe(set.size);
        for (const v of [...values, ...probes]) expect(keys.has(v)).toBe(set.has(id(v)));
      }),
      { numRuns: 60 },
    );
    const keys = new KeySet();
    keys.add('1');
    expect(keys.has(1)).toBe(false);
    expect(keys.add(1)).toBe(true);
  });

  it('grows past its expected size without losing keys, and stops at its limit (overflowed, not checked)', () => {
    const keys = new KeySet(50_001, 10);
    for (let i = 0; i < 50_000; i++) expect(keys.add(`user${i}@example.com`)).toBe(true);
    for (let i = 0; i < 50_000; i += 997) expect(keys.has(`user${i}@example.com`)).toBe(true);
    expect(keys.add('user7@example.com')).toBe(false);
    expect(keys.overflowed).toBe(false);
    keys.add('one more');
    expect(keys.overflowed).toBe(false);
    keys.add('and one more');
    expect(keys.overflowed).toBe(true);
  });
});

describe('SequenceKeys (the keys of a sequence column, held as arithmetic)', () => {
  it('has exactly start + k × step for the rows written so far, for any start and step', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1000, max: 1000 }), fc.integer({ min: -7, max: 7 }).filter((s) => s !== 0), fc.integer({ min: 0, max: 300 }), (start, step, rows) => {
        const keys = new SequenceKeys(start, step);
        for (let k = 0; k < rows; k++) keys.add(start + k * step);
        const written = new Set(Array.from({ length: rows }, (_, k) => start + k * step));
        expect(keys.count).toBe(rows);
        for (let v = start - 10 * Math.abs(step) - 3; v <= start + (rows + 10) * Math.abs(step) + 3; v++) expect(keys.has(v)).toBe(written.has(v));
        for (let v = -(rows + 10) * Math.abs(step) + start; v < start; v++) expect(keys.has(v)).toBe(written.has(v));
        expect(keys.has(String(start))).toBe(false);
        expect(keys.has(start + 0.5)).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('reports a repeat like a KeySet when values leave the sequence (an earlier row\'s value, or a later one)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 60 }), { minLength: 1, maxLength: 80 }), fc.integer({ min: 0, max: 79 }), fc.integer({ min: 0, max: 79 }), (positions, at, to) => {
        // Row r holds the sequence's value r, except one row that holds the value of another position.
        const values = Array.from({ length: positions.length }, (_, r) => 10 + 3 * (r === at % positions.length ? positions[to % positions.length]! : r));
        const keys = new SequenceKeys(10, 3);
        const set = new Set<number>();
        for (const v of values) {
          expect(keys.add(v)).toBe(!set.has(v));
          set.add(v);
        }
        for (let v = 0; v < 400; v++) expect(keys.has(v)).toBe(set.has(v));
      }),
      { numRuns: 300 },
    );
  });
});

describe('keys hashed by a worker (keyHashInto, Keys.addHashed / hasHashed)', () => {
  /** As the main thread gets a worker's key: a number by value (hashed here when needed), anything else hashed. */
  const hashed = (v: string | number | boolean): [number, number, number] => {
    const out = new Uint32Array(2);
    if (typeof v === 'number') return [v, 0, 0];
    keyHashInto(v, out, 0);
    return [NaN, out[0]!, out[1]!];
  };
  const sequenceish = fc.oneof(key, fc.integer({ min: 0, max: 40 }).map((k) => 1 + 2 * k));

  it('answer as add and has do, for a KeySet and a sequence\'s keys, on and off the sequence', () => {
    fc.assert(
      fc.property(fc.array(sequenceish, { maxLength: 400 }), fc.array(sequenceish, { maxLength: 60 }), (values, probes) => {
        const pairs: Array<[Keys, Keys]> = [[new KeySet(), new KeySet()], [new SequenceKeys(1, 2), new SequenceKeys(1, 2)]];
        for (const [direct, viaHash] of pairs) {
          for (const v of values) expect(viaHash.addHashed(...hashed(v))).toBe(direct.add(v));
          expect(viaHash.count).toBe(direct.count);
          for (const v of [...values, ...probes]) expect(viaHash.hasHashed(...hashed(v))).toBe(direct.has(v));
        }
      }),
      { numRuns: 60 },
    );
  });

  it('a null key is (0, 0)', () => {
    const out = new Uint32Array([7, 7]);
    keyHashInto(null, out, 0);
    expect([...out]).toEqual([0, 0]);
  });
});
