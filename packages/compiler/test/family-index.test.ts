import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { FamilyIndex } from '../src/plan/row-counts.js';

describe('FamilyIndex (which parent a child row belongs to, in sparse memory)', () => {
  it('agrees with full prefix sums for any counts, across block boundaries and runs of empty families', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant(0), fc.nat(4)), { minLength: 1, maxLength: 5000, size: 'max' }), fc.boolean(), (counts, reversed) => {
        const offsets = [0];
        for (const c of counts) offsets.push(offsets.at(-1)! + c);
        const index = new FamilyIndex((p) => counts[p]!, counts.length);
        expect(index.total).toBe(offsets.at(-1));
        const rows = [...Array(index.total).keys()];
        // Out of order too: a random parent lookup (a check reading another family) must not depend on the cache.
        for (const i of reversed ? rows.reverse() : rows) {
          const p = index.familyOf(i);
          expect(offsets[p]! <= i && i < offsets[p + 1]!).toBe(true);
        }
        for (let p = 0; p < counts.length; p += 97) expect(index.offsetOf(p)).toBe(offsets[p]);
      }),
      { numRuns: 60 },
    );
  });
});
