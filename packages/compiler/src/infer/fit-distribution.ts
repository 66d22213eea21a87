import type { CountFit, DistributionFit } from './profile-types.js';

/**
 * Distribution fitting (docs/infer.md, "Numbers"): each candidate the spec supports (docs/spec.md, "Distributions")
 * is fitted by moments, truncated to the observed [min, max] (the spec keeps draws inside given bounds by redrawing,
 * so the generated values follow the truncated law), and scored by its Kolmogorov–Smirnov distance to the values:
 * the largest gap between the empirical and the fitted cumulative distribution. The lowest distance wins.
 * Whole-number columns are compared as the generator makes them: a continuous draw rounded to the nearest integer,
 * so P(X ≤ k) = F(k + ½).
 */

/** Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7): plenty for a KS distance read to three digits. */
export function erf(x: number): number {
  const s = x < 0 ? -1 : 1;
  const a = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * a);
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-a * a);
  return s * y;
}

const normalCdf = (x: number, mean: number, sd: number) => 0.5 * (1 + erf((x - mean) / (sd * Math.SQRT2)));

function poissonCdf(mean: number): (x: number) => number {
  if (mean > 200) return (x) => normalCdf(Math.floor(x) + 0.5, mean, Math.sqrt(mean));
  const table: number[] = [];
  let p = Math.exp(-mean);
  let acc = 0;
  for (let k = 0; acc < 1 - 1e-12 && k < 10_000; k++) {
    acc += p;
    table.push(Math.min(acc, 1));
    p *= mean / (k + 1);
  }
  return (x) => (x < 0 ? 0 : Math.floor(x) >= table.length ? 1 : table[Math.floor(x)]!);
}

interface Moments {
  n: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

function moments(sorted: number[]): Moments {
  const n = sorted.length;
  let sum = 0;
  for (const v of sorted) sum += v;
  const mean = sum / n;
  let sq = 0;
  for (const v of sorted) sq += (v - mean) ** 2;
  return { n, mean, sd: Math.sqrt(sq / Math.max(1, n - 1)), min: sorted[0]!, max: sorted[n - 1]! };
}

/** `cdf` restricted to [lo, hi] and renormalised; flat 0/1 when the range holds no mass. */
function truncate(cdf: (x: number) => number, lo: number, hi: number): (x: number) => number {
  const a = cdf(lo);
  const mass = cdf(hi) - a;
  if (!(mass > 1e-12)) return (x) => (x < lo ? 0 : 1);
  return (x) => (x <= lo ? 0 : x >= hi ? 1 : (cdf(x) - a) / mass);
}

/** KS distance between sorted values and a continuous CDF. */
export function ksContinuous(sorted: number[], cdf: (x: number) => number): number {
  const n = sorted.length;
  let d = 0;
  for (let i = 0; i < n; i++) {
    const f = cdf(sorted[i]!);
    d = Math.max(d, Math.abs((i + 1) / n - f), Math.abs(f - i / n));
  }
  return d;
}

/** KS distance between sorted whole numbers and a CDF over whole numbers (evaluated at each step). */
export function ksDiscrete(sorted: number[], cdf: (k: number) => number): number {
  const n = sorted.length;
  let d = 0;
  let i = 0;
  while (i < n) {
    const k = sorted[i]!;
    const before = i / n;
    while (i < n && sorted[i] === k) i++;
    d = Math.max(d, Math.abs(i / n - cdf(k)), Math.abs(before - cdf(k - 1)));
  }
  return d;
}

/**
 * Fits every candidate that applies to the values (sorted ascending, at least one) and returns them best first.
 * `whole` marks int columns (adds Poisson, and compares rounded draws).
 */
export function fitDistributions(sorted: number[], whole: boolean): DistributionFit[] {
  const m = moments(sorted);
  const lo = whole ? m.min - 0.5 : m.min;
  const hi = whole ? m.max + 0.5 : m.max;
  const score = (cdf: (x: number) => number) => {
    const t = truncate(cdf, lo, hi);
    return round(whole ? ksDiscrete(sorted, (k) => t(k + 0.5)) : ksContinuous(sorted, t), 4);
  };
  const fits: DistributionFit[] = [];
  if (m.max > m.min) {
    fits.push({ name: 'uniform', params: {}, ks: score((x) => (x - lo) / (hi - lo)) });
  }
  if (m.sd > 0) {
    fits.push({ name: 'normal', params: { mean: round(m.mean, 6), stddev: round(m.sd, 6) }, ks: score((x) => normalCdf(x, m.mean, m.sd)) });
  }
  if (m.min > 0 && m.max > m.min) {
    const logs = sorted.map(Math.log);
    const lm = moments(logs);
    if (lm.sd > 0) {
      fits.push({ name: 'lognormal', params: { mu: round(lm.mean, 6), sigma: round(lm.sd, 6) }, ks: score((x) => (x <= 0 ? 0 : normalCdf(Math.log(x), lm.mean, lm.sd))) });
    }
  }
  if (m.min >= 0 && m.mean > 0) {
    const rate = 1 / m.mean;
    fits.push({ name: 'exponential', params: { rate: round(rate, 8) }, ks: score((x) => (x <= 0 ? 0 : 1 - Math.exp(-rate * x))) });
  }
  if (whole && m.min >= 0 && m.mean > 0) {
    const cdf = poissonCdf(m.mean);
    const t = truncate(cdf, m.min - 1, m.max);
    fits.push({ name: 'poisson', params: { mean: round(m.mean, 6) }, ks: round(ksDiscrete(sorted, t), 4) });
  }
  // Ties go to the simpler law: uniform, then normal, … (the order above), as sort is stable.
  return fits.sort((a, b) => a.ks - b.ks);
}

/** Fits the spec's `count` forms to children-per-parent counts (sorted ascending), best first. */
export function fitCounts(sorted: number[]): CountFit[] {
  const m = moments(sorted);
  if (m.min === m.max) return [{ name: 'constant', params: { value: m.min }, ks: 0 }];
  const fits: CountFit[] = [];
  const range = (k: number) => (k < m.min ? 0 : k >= m.max ? 1 : (Math.floor(k) - m.min + 1) / (m.max - m.min + 1));
  fits.push({ name: 'range', params: { min: m.min, max: m.max }, ks: round(ksDiscrete(sorted, range), 4) });
  if (m.mean > 0) fits.push({ name: 'poisson', params: { mean: round(m.mean, 4) }, ks: round(ksDiscrete(sorted, poissonCdf(m.mean)), 4) });
  if (m.sd > 0) {
    // The generator rounds a normal draw and turns negatives into 0.
    const cdf = (k: number) => (k < 0 ? 0 : normalCdf(Math.floor(k) + 0.5, m.mean, m.sd));
    fits.push({ name: 'normal', params: { mean: round(m.mean, 4), stddev: round(m.sd, 4) }, ks: round(ksDiscrete(sorted, cdf), 4) });
  }
  return fits.sort((a, b) => a.ks - b.ks);
}

export function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
