/** The laws a spec's distributions declare, for the checker's tests of drawn columns and of child counts. */
import type { Distribution } from '@synth/spec';
import { cdfs, type Cdf } from './stats.js';

export function continuousOf(dist: Distribution): { label: string; cdf: Cdf } | undefined {
  if ('normal' in dist) return { label: `normal(${dist.normal.mean}, ${dist.normal.stddev})`, cdf: cdfs.normal(dist.normal.mean, dist.normal.stddev) };
  if ('lognormal' in dist) return { label: `lognormal(${dist.lognormal.mu}, ${dist.lognormal.sigma})`, cdf: cdfs.lognormal(dist.lognormal.mu, dist.lognormal.sigma) };
  if ('exponential' in dist) return { label: `exponential(${dist.exponential.rate})`, cdf: cdfs.exponential(dist.exponential.rate) };
  return undefined;
}

export function discreteOf(dist: Distribution): { label: string; pmf: (k: number) => number; upper: number } | undefined {
  if ('poisson' in dist) return { label: `poisson(${dist.poisson.mean})`, pmf: cdfs.poissonPmf(dist.poisson.mean), upper: Number.MAX_SAFE_INTEGER };
  if ('zipf' in dist) {
    const { n, s = 1 } = dist.zipf;
    let h = 0;
    for (let k = 1; k <= n; k++) h += 1 / k ** s;
    return { label: `zipf(${n}, ${s})`, pmf: (k) => (k >= 1 && k <= n && Number.isInteger(k) ? 1 / k ** s / h : 0), upper: n };
  }
  return undefined;
}

/** Bounds given with a distribution are enforced by redrawing: the declared law is the truncated one. */
export function truncateCdf(cdf: Cdf, lo: number | undefined, hi: number | undefined): Cdf {
  if (lo === undefined && hi === undefined) return cdf;
  const a = lo === undefined ? 0 : cdf(lo);
  const b = hi === undefined ? 1 : cdf(hi);
  const mass = b - a;
  if (!(mass > 0)) return cdf;
  return (x) => (lo !== undefined && x < lo ? 0 : hi !== undefined && x > hi ? 1 : (cdf(x) - a) / mass);
}

export function truncatePmf(pmf: (k: number) => number, lo: number | undefined, hi: number | undefined): (k: number) => number {
  if (lo === undefined && hi === undefined) return pmf;
  const inside = (k: number) => (lo === undefined || k >= lo) && (hi === undefined || k <= hi);
  let mass = 0;
  const from = lo ?? 0;
  const to = hi ?? from + 10_000;
  for (let k = from; k <= to; k++) mass += pmf(k);
  if (!(mass > 0)) return pmf;
  return (k) => (inside(k) ? pmf(k) / mass : 0);
}
