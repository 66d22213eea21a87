import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { isUuid } from '../../src/conformance/column-rules.js';

describe('isUuid (the uuid type rule)', () => {
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  it('agrees with the regular expression it replaces, on uuids, near-uuids and any text', () => {
    const near = fc.uuid().chain((u) => fc.tuple(fc.nat(35), fc.constantFrom('-', 'g', 'G', 'A', 'f', '0', '/', ':', '@', '`', ' ', 'é')).map(([i, ch]) => u.slice(0, i) + ch + u.slice(i + 1)));
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), near, fc.string(), fc.string({ minLength: 36, maxLength: 36 })), (s) => {
        expect(isUuid(s)).toBe(UUID.test(s));
      }),
      { numRuns: 3000 },
    );
  });
});
