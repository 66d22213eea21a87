import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isoDateTime } from '../../src/writers/format-value.js';

/** The definition the fast path must match: toISOString, without milliseconds when they are zero. */
const reference = (ms: number) => {
  const s = new Date(ms).toISOString();
  return ms % 1000 === 0 ? `${s.slice(0, 19)}Z` : s;
};

describe('isoDateTime', () => {
  it('equals the toISOString form for any instant, including the ends of the four-digit years and before 1970', () => {
    const edges = [0, 999, 1000, 86_399_999, 86_400_000, 951_782_400_000, 253_402_300_799_999, 253_402_300_800_000, -1, -62_167_219_200_000, 8.64e15, -8.64e15];
    for (const ms of edges) expect(isoDateTime(ms)).toBe(reference(ms));
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => expect(isoDateTime(ms)).toBe(reference(ms))),
      { numRuns: 20_000 },
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 253_402_300_799_999 }), (ms) => expect(isoDateTime(ms)).toBe(reference(ms))),
      { numRuns: 20_000 },
    );
  });
});
