import { diag, pointerOf, resolveLimits, type Cardinality, type Diagnostic, type Limits, type Spec } from '@synth/spec';
import { CellRandom, streamKey } from '../random/cell-random.js';
import { poisson, samplerFor } from '../generators/distributions.js';

export interface RowCountOptions {
  /** Row count of every root table (a table with a fixed `rows:` number). */
  rows?: number;
  /** Multiplier of every fixed row count; per-parent tables follow their parents. */
  scale?: number;
  /** Raised (or lowered) limits (`--max`, docs/spec.md#limits); the rest are the defaults. */
  limits?: Partial<Limits>;
}

/**
 * How many children each parent row gets: a pure function of (seed, child table, parent row), so any worker
 * or shard can recompute any parent's count without the others.
 */
export function childCounter(seed: string, table: string, count: Cardinality): (parent: number) => number {
  if (typeof count === 'number') return () => count;
  const rng = new CellRandom(streamKey(seed, table, '#rows'));
  if ('min' in count && 'max' in count && typeof count.min === 'number') {
    const { min, max } = count as { min: number; max: number };
    return (p) => rng.at(p).int(min, max);
  }
  const dist = count as Record<string, Record<string, number>>;
  if (dist.poisson) {
    const mean = dist.poisson.mean!;
    return (p) => poisson(rng.at(p), mean);
  }
  const sample = samplerFor(count as never, 0, 0, true);
  return (p) => Math.max(0, Math.round(sample(rng.at(p))));
}

/** Parents per block of the family index: one prefix sum is kept per block, the rest recomputed on demand. */
const FAMILY_BLOCK = 1024;

/**
 * Which parent a child row belongs to, in O(parents / 1024) memory: prefix sums at block boundaries, and the
 * counts of one block at a time (children are read in order, so the block at hand is almost always the cached one).
 */
export class FamilyIndex {
  private readonly blockStarts: Float64Array;
  private cachedBlock = -1;
  private readonly cached = new Float64Array(FAMILY_BLOCK + 1);

  constructor(private readonly countOf: (parent: number) => number, readonly parents: number) {
    const blocks = Math.ceil(parents / FAMILY_BLOCK);
    this.blockStarts = new Float64Array(blocks + 1);
    let total = 0;
    for (let b = 0; b < blocks; b++) {
      this.blockStarts[b] = total;
      for (let p = b * FAMILY_BLOCK, end = Math.min(parents, p + FAMILY_BLOCK); p < end; p++) total += countOf(p);
    }
    this.blockStarts[blocks] = total;
  }

  get total(): number {
    return this.blockStarts[this.blockStarts.length - 1]!;
  }

  /** The parent whose family holds child row i (families are contiguous, in parent order). */
  familyOf(i: number): number {
    const starts = this.blockStarts;
    let lo = 0;
    let hi = starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (starts[mid]! <= i) lo = mid;
      else hi = mid - 1;
    }
    // Empty families share their start with the next one: the last block starting at or before i holds it.
    const o = this.block(lo);
    let a = 0;
    let b = Math.min(FAMILY_BLOCK, this.parents - lo * FAMILY_BLOCK) - 1;
    while (a < b) {
      const mid = (a + b + 1) >>> 1;
      if (o[mid]! <= i) a = mid;
      else b = mid - 1;
    }
    return lo * FAMILY_BLOCK + a;
  }

  /** The first child row of parent p. */
  offsetOf(p: number): number {
    return this.block(Math.floor(p / FAMILY_BLOCK))[p % FAMILY_BLOCK]!;
  }

  private block(b: number): Float64Array {
    if (b !== this.cachedBlock) {
      const o = this.cached;
      o[0] = this.blockStarts[b]!;
      const first = b * FAMILY_BLOCK;
      const n = Math.min(FAMILY_BLOCK, this.parents - first);
      for (let k = 0; k < n; k++) o[k + 1] = o[k]! + this.countOf(first + k);
      this.cachedBlock = b;
    }
    return this.cached;
  }
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
  const limits = resolveLimits(options.limits);
  // A table over the limit counts as empty from here on, so its children are not counted row by row for nothing.
  const overLimit = (name: string, rows: number, how: string): number => {
    diagnostics.push(diag('rowsPerTableLimit', { what: `Table '${name}'${how}`, rows: formatCount(rows), max: formatCount(limits.rowsPerTable) }, { pointer: pointerOf('tables', name, 'rows') }));
    counts.set(name, 0);
    return 0;
  };
  const resolve = (name: string): number => {
    const known = counts.get(name);
    if (known !== undefined) return known;
    const table = spec.tables[name]!;
    if (typeof table.rows === 'number') {
      let n = options.rows ?? table.rows;
      if (options.scale !== undefined) n = Math.round(n * options.scale);
      if (!(n <= limits.rowsPerTable)) return overLimit(name, n, options.scale !== undefined ? ` (× --scale ${options.scale})` : options.rows !== undefined ? ' (--rows)' : '');
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
    const fixed = table.rows.count;
    if (typeof fixed === 'number' && parentRows * fixed > limits.rowsPerTable) {
      return overLimit(name, parentRows * fixed, ` (${formatCount(fixed)} per row of '${table.rows.per}')`);
    }
    // A constant count (a number, or min = max) needs no walk over the parents: 10^8 of them took seconds to ask.
    const count = table.rows.count as Cardinality;
    const constant = typeof count === 'number' ? count : typeof count === 'object' && 'min' in count && 'max' in count && count.min === count.max && typeof count.min === 'number' ? count.min : undefined;
    if (constant !== undefined) {
      const total = parentRows * constant;
      if (total > limits.rowsPerTable) return overLimit(name, total, ` (${formatCount(constant)} per row of '${table.rows.per}')`);
      counts.set(name, total);
      maxFamily.set(name, parentRows > 0 ? constant : 0);
      return total;
    }
    const countOf = childCounter(seed, name, table.rows.count);
    let total = 0;
    let most = 0;
    for (let i = 0; i < parentRows; i++) {
      const c = countOf(i);
      total += c;
      if (c > most) most = c;
      // Stop counting at the limit: the plan fails anyway, and a billion parents need not all be asked.
      if (total > limits.rowsPerTable) return overLimit(name, total, ` (at least, by row ${formatCount(i + 1)} of '${table.rows.per}')`);
    }
    counts.set(name, total);
    maxFamily.set(name, most);
    return total;
  };
  for (const name of Object.keys(spec.tables)) resolve(name);
  const all = [...counts.values()].reduce((a, b) => a + b, 0);
  if (all > limits.totalRows) diagnostics.push(diag('totalRowsLimit', { rows: formatCount(all), max: formatCount(limits.totalRows) }, { pointer: '/tables' }));
  return { counts, maxFamily, diagnostics };
}

function formatCount(n: number): string {
  return Math.abs(n) < 1e21 ? Math.round(n).toLocaleString('en-US') : String(n);
}
