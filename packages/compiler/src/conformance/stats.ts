/// <reference path="./jstat.d.ts" />
import { createRequire } from 'node:module';
import type jStatModule from 'jstat';

/**
 * The goodness-of-fit tests of the conformance report (docs/report.md#statistics). jstat supplies the
 * distribution functions (CDFs, the chi-square survival function); the two test statistics are a few lines each,
 * written here because they must handle what synth generates: values rounded to a grid (ints, decimals, dates).
 */
let loaded: typeof jStatModule | undefined;
/** jstat is required when a test first runs: `synth validate` keeps only row rules of its probe, and runs none. */
const jStat = new Proxy({} as typeof jStatModule, {
  get: (_, key: keyof typeof jStatModule) => {
    if (!loaded) {
      const m = createRequire(import.meta.url)('jstat') as typeof jStatModule;
      loaded = m.jStat ?? m;
    }
    return loaded[key];
  },
});

export interface TestResult {
  statistic: number;
  pValue: number;
}

/** A cumulative distribution function of the declared (pre-rounding) distribution. */
export type Cdf = (x: number) => number;

/**
 * One-sample Kolmogorov–Smirnov test of `values` against `cdf`. Values rounded to a grid of width `step` (0 for
 * continuous data) are compared with the distribution of the rounded variable: P(X ≤ k) = F(k + step/2), so a
 * discrete column is not rejected for being discrete. Ties are handled by comparing only after each run of equal
 * values. p from the Kolmogorov distribution with Stephens' small-sample correction (Stephens 1970).
 */
export function ksTest(values: readonly number[], cdf: Cdf, step = 0): TestResult {
  const xs = [...values].sort((a, b) => a - b);
  const n = xs.length;
  if (n === 0) return { statistic: 0, pValue: 1 };
  const half = step / 2;
  let d = 0;
  let i = 0;
  while (i < n) {
    const x = xs[i]!;
    let j = i;
    while (j < n && xs[j] === x) j++;
    const below = clamp01(cdf(x - half));
    const upTo = clamp01(cdf(x + half));
    // The empirical CDF is i/n just below x and j/n at x.
    d = Math.max(d, Math.abs(i / n - below), Math.abs(j / n - upTo));
    i = j;
  }
  return { statistic: d, pValue: kolmogorovPValue(d, n) };
}

/** P(D_n ≥ d) for the one-sample KS statistic, by the asymptotic series with Stephens' correction. */
export function kolmogorovPValue(d: number, n: number): number {
  if (d <= 0) return 1;
  const sqrtN = Math.sqrt(n);
  const lambda = (sqrtN + 0.12 + 0.11 / sqrtN) * d;
  if (lambda < 0.2) return 1;
  let sum = 0;
  for (let k = 1; k <= 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += (k % 2 === 1 ? 1 : -1) * term;
    if (term < 1e-12) break;
  }
  return clamp01(2 * sum);
}

/**
 * Pearson's chi-square goodness-of-fit test of observed counts against expected probabilities (which need not sum
 * to 1: the rest is an implicit "other" bin with no observations). Bins expected to hold fewer than 5 values are
 * pooled (the usual validity rule), so sparse tails do not dominate the statistic.
 */
export function chiSquareTest(observed: readonly number[], probabilities: readonly number[]): TestResult {
  const n = observed.reduce((a, b) => a + b, 0);
  if (n === 0) return { statistic: 0, pValue: 1 };
  const bins: Array<[number, number]> = [];
  let pooled: [number, number] = [0, 0];
  const total = probabilities.reduce((a, b) => a + b, 0);
  const order = probabilities.map((_, i) => i);
  const rest = Math.max(0, 1 - total);
  const all: Array<[number, number]> = order.map((i) => [observed[i]!, probabilities[i]! * n]);
  if (rest > 1e-12) all.push([0, rest * n]);
  for (const [o, e] of all) {
    if (e >= 5) bins.push([o, e]);
    else pooled = [pooled[0] + o, pooled[1] + e];
  }
  if (pooled[1] > 0) {
    if (pooled[1] >= 5 || bins.length === 0) bins.push(pooled);
    else {
      const last = bins[bins.length - 1]!;
      bins[bins.length - 1] = [last[0] + pooled[0], last[1] + pooled[1]];
    }
  }
  if (bins.length < 2) return { statistic: 0, pValue: 1 };
  let chi = 0;
  for (const [o, e] of bins) chi += ((o - e) * (o - e)) / e;
  return { statistic: chi, pValue: clamp01(1 - jStat.chisquare.cdf(chi, bins.length - 1)) };
}

/** Two-sided test that `k` successes in `n` trials came from rate `p` (normal approximation to the binomial). */
export function rateTest(k: number, n: number, p: number): TestResult {
  if (n === 0) return { statistic: 0, pValue: 1 };
  if (p <= 0 || p >= 1) return { statistic: k === p * n ? 0 : Infinity, pValue: k === p * n ? 1 : 0 };
  const z = (k - n * p) / Math.sqrt(n * p * (1 - p));
  return { statistic: z, pValue: clamp01(2 * (1 - jStat.normal.cdf(Math.abs(z), 0, 1))) };
}

export const cdfs = {
  normal: (mean: number, sd: number): Cdf => (x) => jStat.normal.cdf(x, mean, sd),
  lognormal: (mu: number, sigma: number): Cdf => (x) => (x <= 0 ? 0 : jStat.lognormal.cdf(x, mu, sigma)),
  exponential: (rate: number): Cdf => (x) => (x <= 0 ? 0 : jStat.exponential.cdf(x, rate)),
  uniform: (a: number, b: number): Cdf => (x) => (x <= a ? 0 : x >= b ? 1 : (x - a) / (b - a)),
  poissonPmf: (mean: number) => (k: number) => jStat.poisson.pdf(k, mean),
};

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
