import { columnExpr, isRefColumn, normalizeColumn, type Cardinality, type ColumnSpec, type Distribution } from '@synth/spec';
import { columnModule } from '../columns/registry.js';
import { continuousOf, discreteOf } from './distribution-laws.js';
import type { Cdf } from './stats.js';

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
  if (columnExpr(c) !== undefined || c.unique === true || c.primary_key === true) return undefined;
  const n = normalizeColumn(c);
  return columnModule(n).shape?.(n);
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
