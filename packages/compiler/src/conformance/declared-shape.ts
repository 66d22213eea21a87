import { columnKind, isRefColumn, type Cardinality, type ColumnSpec, type Distribution } from '@synth/spec';
import { DECIMAL_DEFAULT_SCALE, numericBounds, temporalBounds, temporalStep } from '../generators/defaults.js';
import { cdfs, type Cdf } from './stats.js';

/**
 * What the spec declares about the spread of a column's values, read from the spec alone (docs/report.md): the
 * checker compares the written values with this, never with the generator's state.
 */
export type DeclaredShape =
  /** Continuous (before rounding to `step`): tested with Kolmogorov–Smirnov. */
  | { kind: 'continuous'; label: string; cdf: Cdf; step: number }
  /** Integer-valued: tested with chi-square over the values. */
  | { kind: 'discrete'; label: string; pmf: (k: number) => number; support: [number, number] }
  /** Weighted categories: tested with chi-square over exact counts. */
  | { kind: 'categorical'; label: string; weights: Map<string, number> };

/** The declared shape of a drawn column, or undefined when the spec declares none (faker, expr, patterns…). */
export function declaredShape(c: ColumnSpec): DeclaredShape | undefined {
  // Series values follow their model, not a distribution of their own (the report charts them over time).
  if (isRefColumn(c) || c.series !== undefined) return undefined;
  const x = c as unknown as Record<string, unknown>;
  if (x.expr !== undefined || c.unique === true || c.primary_key === true) return undefined;
  const kind = columnKind(c);
  switch (kind) {
    case 'int':
    case 'float':
    case 'decimal': {
      const b = numericBounds(x as { type: string });
      const integer = kind === 'int';
      const scale = kind === 'decimal' ? ((x.scale as number | undefined) ?? DECIMAL_DEFAULT_SCALE) : (x.scale as number | undefined);
      const step = integer ? 1 : scale !== undefined ? 10 ** -scale : 0;
      const dist = x.distribution as Distribution | undefined;
      const lo = integer ? Math.ceil(b.min) : b.min;
      const hi = integer ? Math.floor(b.max) : b.max;
      if (!dist || 'uniform' in dist) {
        if (integer) return { kind: 'continuous', label: `uniform[${lo}, ${hi}]`, cdf: cdfs.uniform(lo - 0.5, hi + 0.5), step: 1 };
        return { kind: 'continuous', label: `uniform[${lo}, ${hi}]`, cdf: cdfs.uniform(lo, hi), step };
      }
      const discrete = discreteOf(dist);
      if (discrete) {
        const pmf = truncatePmf(discrete.pmf, b.hasMin ? lo : undefined, b.hasMax ? hi : undefined);
        return { kind: 'discrete', label: discrete.label, pmf, support: [b.hasMin ? lo : 0, b.hasMax ? hi : discrete.upper] };
      }
      const base = continuousOf(dist)!;
      return { kind: 'continuous', label: base.label, cdf: truncateCdf(base.cdf, b.hasMin ? lo : undefined, b.hasMax ? hi : undefined), step };
    }
    case 'date':
    case 'datetime':
    case 'time': {
      const b = temporalBounds(kind, x);
      const step = temporalStep(kind);
      return { kind: 'continuous', label: 'uniform over [min, max]', cdf: cdfs.uniform(b.min - step / 2, b.max + step / 2), step };
    }
    case 'enum': {
      const values = x.values as Array<string | number | boolean> | Record<string, number>;
      const weights = new Map<string, number>();
      if (Array.isArray(values)) for (const v of values) weights.set(String(v), (weights.get(String(v)) ?? 0) + 1);
      else for (const [k, w] of Object.entries(values)) weights.set(k, w);
      return { kind: 'categorical', label: 'enum weights', weights };
    }
    case 'bool': {
      const p = (x.probability as number | undefined) ?? 0.5;
      return { kind: 'categorical', label: `true with probability ${p}`, weights: new Map([['true', p], ['false', 1 - p]]) };
    }
    default:
      return undefined;
  }
}

/** The distribution of per-parent child counts a `rows: { per, count }` declares (counts are rounded, at least 0). */
export function cardinalityShape(count: Cardinality): { exact?: number; range?: [number, number]; shape?: DeclaredShape } {
  if (typeof count === 'number') return { exact: count };
  if ('min' in count && 'max' in count && typeof count.min === 'number') return { range: [count.min, count.max as number] };
  const dist = count as Distribution;
  const discrete = discreteOf(dist);
  if (discrete) return { shape: { kind: 'discrete', label: discrete.label, pmf: discrete.pmf, support: [0, discrete.upper] } };
  const base = continuousOf(dist);
  if (!base) return {};
  // Counts are max(0, round(x)): P(0) takes the whole left tail.
  const pmf = (k: number) => (k === 0 ? base.cdf(0.5) : base.cdf(k + 0.5) - base.cdf(k - 0.5));
  return { shape: { kind: 'discrete', label: base.label, pmf, support: [0, Number.MAX_SAFE_INTEGER] } };
}

function continuousOf(dist: Distribution): { label: string; cdf: Cdf } | undefined {
  if ('normal' in dist) return { label: `normal(${dist.normal.mean}, ${dist.normal.stddev})`, cdf: cdfs.normal(dist.normal.mean, dist.normal.stddev) };
  if ('lognormal' in dist) return { label: `lognormal(${dist.lognormal.mu}, ${dist.lognormal.sigma})`, cdf: cdfs.lognormal(dist.lognormal.mu, dist.lognormal.sigma) };
  if ('exponential' in dist) return { label: `exponential(${dist.exponential.rate})`, cdf: cdfs.exponential(dist.exponential.rate) };
  return undefined;
}

function discreteOf(dist: Distribution): { label: string; pmf: (k: number) => number; upper: number } | undefined {
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
function truncateCdf(cdf: Cdf, lo: number | undefined, hi: number | undefined): Cdf {
  if (lo === undefined && hi === undefined) return cdf;
  const a = lo === undefined ? 0 : cdf(lo);
  const b = hi === undefined ? 1 : cdf(hi);
  const mass = b - a;
  if (!(mass > 0)) return cdf;
  return (x) => (lo !== undefined && x < lo ? 0 : hi !== undefined && x > hi ? 1 : (cdf(x) - a) / mass);
}

function truncatePmf(pmf: (k: number) => number, lo: number | undefined, hi: number | undefined): (k: number) => number {
  if (lo === undefined && hi === undefined) return pmf;
  const inside = (k: number) => (lo === undefined || k >= lo) && (hi === undefined || k <= hi);
  let mass = 0;
  const from = lo ?? 0;
  const to = hi ?? from + 10_000;
  for (let k = from; k <= to; k++) mass += pmf(k);
  if (!(mass > 0)) return pmf;
  return (k) => (inside(k) ? pmf(k) / mass : 0);
}
