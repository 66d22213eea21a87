import { diag, pointerOf, type Cardinality, type Diagnostic, type Spec } from '@synth/spec';
import { CellRandom, streamKey } from '../random/cell-random.js';
import { poisson, samplerFor } from '../generators/distributions.js';

export interface RowCountOptions {
  /** Row count of every root table (a table with a fixed `rows:` number). */
  rows?: number;
  /** Multiplier of every fixed row count; per-parent tables follow their parents. */
  scale?: number;
}

/**
 * How many children each parent row gets: a pure function of (seed, child table, parent row), so any worker
 * can recompute it. The counts array is O(parent rows) memory (4 bytes a parent).
 */
export function childCounts(seed: string, table: string, count: Cardinality, parentRows: number): Uint32Array {
  const out = new Uint32Array(parentRows);
  if (typeof count === 'number') return out.fill(count);
  const rng = new CellRandom(streamKey(seed, table, '#rows'));
  if ('min' in count && 'max' in count && typeof count.min === 'number') {
    const { min, max } = count as { min: number; max: number };
    for (let i = 0; i < parentRows; i++) out[i] = rng.at(i).int(min, max);
    return out;
  }
  const dist = count as Record<string, Record<string, number>>;
  if (dist.poisson) {
    const mean = dist.poisson.mean!;
    for (let i = 0; i < parentRows; i++) out[i] = poisson(rng.at(i), mean);
    return out;
  }
  const sample = samplerFor(count as never, 0, 0, true);
  for (let i = 0; i < parentRows; i++) out[i] = Math.max(0, Math.round(sample(rng.at(i))));
  return out;
}

/** Prefix sums: children of parent p are rows offsets[p] .. offsets[p + 1] - 1. */
export function childOffsets(counts: Uint32Array): Float64Array {
  const offsets = new Float64Array(counts.length + 1);
  for (let i = 0; i < counts.length; i++) offsets[i + 1] = offsets[i]! + counts[i]!;
  return offsets;
}

/** Resolves every table's row count, parents before children; per-parent cycles are reported. */
export function resolveRowCounts(
  spec: Spec,
  seed: string,
  options: RowCountOptions,
): { counts: Map<string, number>; maxFamily: Map<string, number>; diagnostics: Diagnostic[] } {
  const counts = new Map<string, number>();
  /** The most children any one parent row gets, per child table (for unique-within-parent keys). */
  const maxFamily = new Map<string, number>();
  const diagnostics: Diagnostic[] = [];
  const visiting = new Set<string>();
  const resolve = (name: string): number => {
    const known = counts.get(name);
    if (known !== undefined) return known;
    const table = spec.tables[name]!;
    if (typeof table.rows === 'number') {
      let n = options.rows ?? table.rows;
      if (options.scale !== undefined) n = Math.round(n * options.scale);
      counts.set(name, n);
      return n;
    }
    if (visiting.has(name)) {
      diagnostics.push(diag('perParentInvalid', { detail: `Tables are each other's per-parent: ${[...visiting, name].join(' → ')}` }, { pointer: pointerOf('tables', name, 'rows', 'per') }));
      counts.set(name, 0);
      return 0;
    }
    visiting.add(name);
    const parentRows = resolve(table.rows.per);
    visiting.delete(name);
    const c = childCounts(seed, name, table.rows.count, parentRows);
    let total = 0;
    let most = 0;
    for (let i = 0; i < c.length; i++) {
      total += c[i]!;
      if (c[i]! > most) most = c[i]!;
    }
    counts.set(name, total);
    maxFamily.set(name, most);
    return total;
  };
  for (const name of Object.keys(spec.tables)) resolve(name);
  return { counts, maxFamily, diagnostics };
}
