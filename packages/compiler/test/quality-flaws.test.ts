import { describe, expect, it } from '@jest/globals';
import { otherCase, strayWhitespace, typo } from '../src/quality/inject-flaws.js';
import { CellRandom, streamKey } from '../src/random/cell-random.js';

const rngs = (n: number) => Array.from({ length: n }, (_, i) => new CellRandom(streamKey('t', 'flaws')).at(i));

describe('string flaws', () => {
  it('typo swaps two different adjacent characters, so the value always changes', () => {
    for (const rng of rngs(50)) {
      const out = typo('aab', rng);
      expect(out).not.toBe('aab');
      expect([...out].sort().join('')).toBe('aab');
    }
    expect(typo('x', rngs(1)[0]!)).toBe('xx');
    expect(typo('zz', rngs(1)[0]!)).toBe('zzz');
  });

  it('whitespace adds exactly one space', () => {
    for (const rng of rngs(50)) {
      const out = strayWhitespace('New York', rng);
      expect(out.length).toBe('New York'.length + 1);
      expect(out.replace(/\s+/g, ' ').trim()).toBe('New York');
    }
  });

  it('case picks a form that differs, and leaves strings without letters alone', () => {
    for (const rng of rngs(50)) {
      const out = otherCase('Gold', rng);
      expect(out).not.toBe('Gold');
      expect(out.toLowerCase()).toBe('gold');
    }
    expect(otherCase('1234', rngs(1)[0]!)).toBe('1234');
  });
});
