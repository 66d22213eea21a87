import { describe, expect, it } from '@jest/globals';
import { chiSquareTest, cdfs, kolmogorovPValue, ksTest, rateTest } from '../../src/conformance/stats.js';

/** A fixed, evenly spread "sample": quantiles of the distribution (the ideal sample, D ≈ 1/2n). */
function quantiles(n: number, inverse: (p: number) => number): number[] {
  return Array.from({ length: n }, (_, i) => inverse((i + 0.5) / n));
}

describe('kolmogorovPValue', () => {
  it('matches the Kolmogorov distribution at its classic critical values', () => {
    // Asymptotic critical values: λ = 1.358 at 5%, 1.628 at 1%, 1.949 at 0.1%.
    const n = 1_000_000;
    expect(kolmogorovPValue(1.358 / Math.sqrt(n), n)).toBeCloseTo(0.05, 3);
    expect(kolmogorovPValue(1.628 / Math.sqrt(n), n)).toBeCloseTo(0.01, 3);
    expect(kolmogorovPValue(1.949 / Math.sqrt(n), n)).toBeCloseTo(0.001, 4);
    expect(kolmogorovPValue(0, 10)).toBe(1);
  });
});

describe('ksTest', () => {
  it('accepts an ideal sample and rejects a shifted one', () => {
    const ideal = quantiles(2000, (p) => p * 10);
    expect(ksTest(ideal, cdfs.uniform(0, 10)).pValue).toBeGreaterThan(0.99);
    const shifted = ideal.map((x) => x + 1);
    const r = ksTest(shifted, cdfs.uniform(0, 10));
    expect(r.statistic).toBeCloseTo(0.1, 2);
    expect(r.pValue).toBeLessThan(1e-10);
  });

  it('compares values rounded to a grid with the rounded distribution, not the continuous one', () => {
    // Dice: 1..6 equally often, i.e. uniform over [0.5, 6.5] rounded to integers.
    const dice = Array.from({ length: 600 }, (_, i) => (i % 6) + 1);
    const cdf = cdfs.uniform(0.5, 6.5);
    expect(ksTest(dice, cdf, 1).pValue).toBe(1);
    // Without the grid correction the same values look far from uniform.
    expect(ksTest(dice, cdf, 0).pValue).toBeLessThan(0.001);
  });

  it('tests a normal sample against its declared parameters', () => {
    const inv = (p: number) => {
      // Bisection on the CDF: exact enough for the test and independent of the code under test's sampler.
      let lo = -10;
      let hi = 10;
      for (let k = 0; k < 60; k++) {
        const mid = (lo + hi) / 2;
        if (cdfs.normal(0, 1)(mid) < p) lo = mid;
        else hi = mid;
      }
      return 50 + 10 * ((lo + hi) / 2);
    };
    const xs = quantiles(1000, inv);
    expect(ksTest(xs, cdfs.normal(50, 10)).pValue).toBeGreaterThan(0.99);
    expect(ksTest(xs, cdfs.normal(50, 5)).pValue).toBeLessThan(1e-6);
  });
});

describe('chiSquareTest', () => {
  it('gives the textbook p-value for one degree of freedom', () => {
    // 60 heads in 100 tosses of a fair coin: χ² = 4, p = 0.0455.
    const r = chiSquareTest([60, 40], [0.5, 0.5]);
    expect(r.statistic).toBeCloseTo(4, 10);
    expect(r.pValue).toBeCloseTo(0.0455, 4);
  });

  it('pools sparse bins and counts probability outside the listed bins', () => {
    // Expected 1 in the last two bins: pooled with each other into the previous one.
    expect(chiSquareTest([50, 48, 1, 1], [0.5, 0.48, 0.01, 0.01]).pValue).toBeGreaterThan(0.9);
    // Probabilities summing to 0.5: half the expected mass is in an empty "other" bin.
    expect(chiSquareTest([50, 50], [0.25, 0.25]).pValue).toBeLessThan(1e-10);
  });
});

describe('rateTest', () => {
  it('accepts the declared rate and rejects another', () => {
    expect(rateTest(100, 1000, 0.1).pValue).toBe(1);
    expect(rateTest(150, 1000, 0.1).pValue).toBeLessThan(1e-6);
    expect(rateTest(0, 1000, 0).pValue).toBe(1);
    expect(rateTest(1, 1000, 0).pValue).toBe(0);
  });
});
