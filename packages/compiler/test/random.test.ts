import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CellRandom, hash32, streamKey } from '../src/random/cell-random.js';
import { Permutation } from '../src/random/permutation.js';

describe('counter-based randomness', () => {
  it('is a pure function of (stream, row, attempt, draw)', () => {
    fc.assert(fc.property(fc.string(), fc.nat(1e9), fc.nat(50), (seed, row, attempt) => {
      const a = new CellRandom(streamKey(seed, 't', 'c')).at(row, attempt);
      const b = new CellRandom(streamKey(seed, 't', 'c')).at(row, attempt);
      expect([a.next(), a.next(), a.uint32()]).toEqual([b.next(), b.next(), b.uint32()]);
    }));
  });

  it('draws exactly hash32(key, row, attempt, draw), whatever was drawn and rewound before (the output contract)', () => {
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: 0, max: 200_000 }), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 2 ** 45 }), (name, row, attempt, draws, otherRow) => {
        const key = streamKey('s', 't', name);
        const rng = new CellRandom(key).at(otherRow, 3);
        rng.next();
        rng.at(row, attempt);
        for (let d = 0; d < draws; d++) {
          const expected = ((hash32(key.k0, row, attempt, d) >>> 5) * 2 ** 26 + (hash32(key.k1, row, attempt, d) >>> 6)) / 2 ** 53;
          expect(rng.next()).toBe(expected);
        }
        rng.rewind(1);
        expect(rng.uint32()).toBe(hash32(key.k0, row, attempt, 1));
      }),
      { numRuns: 500 },
    );
  });

  it('gives different streams to different columns', () => {
    const a = new CellRandom(streamKey('1', 't', 'a'));
    const b = new CellRandom(streamKey('1', 't', 'b'));
    const same = Array.from({ length: 1000 }, (_, i) => a.at(i).uint32() === b.at(i).uint32()).filter(Boolean).length;
    expect(same).toBeLessThan(3);
  });

  it('is uniform: int(0, 9) over 100k rows passes a chi-square test (9 dof, p = 0.001)', () => {
    for (const seed of ['uniformity', '42', '']) {
      const r = new CellRandom(streamKey(seed, 't', 'c'));
      const counts = new Array<number>(10).fill(0);
      for (let i = 0; i < 100_000; i++) counts[r.at(i).int(0, 9)]!++;
      const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
      expect(chi2).toBeLessThan(27.88);
    }
  });
});

describe('Permutation', () => {
  it('is a bijection of [0, n) for any n and key', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 5000 }), fc.string(), fc.nat(1000), (n, seed, salt) => {
      const p = new Permutation(n, streamKey(seed, 'perm'), salt);
      const seen = new Uint8Array(n);
      let bad = 0;
      for (let i = 0; i < n; i++) {
        const v = p.at(i);
        if (!(v >= 0 && v < n) || seen[v]) bad++;
        else seen[v] = 1;
      }
      expect(bad).toBe(0);
    }), { numRuns: 60 });
  });

  it('works on domains far larger than memory', () => {
    const p = new Permutation(2 ** 50, streamKey('big', 'perm'));
    const xs = Array.from({ length: 1000 }, (_, i) => p.at(i));
    expect(new Set(xs).size).toBe(1000);
    for (const x of xs) expect(x).toBeLessThan(2 ** 50);
  });
});
