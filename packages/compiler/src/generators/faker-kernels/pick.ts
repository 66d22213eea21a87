import type { CellRandom } from '../../random/cell-random.js';

/** A fast draw of one Faker method's value from the cell's stream. */
export type Kernel = (rng: CellRandom) => string;

const TWO_POW_32 = 4294967296;

/**
 * An index in [0, n) from one 32-bit draw. n is a list length (thousands at most), so the bias (n / 2^32) is far
 * below anything a test or a user could see, and it costs one hash where `next()` costs two.
 */
export function indexOf(rng: CellRandom, n: number): number {
  return Math.floor((rng.uint32() * n) / TWO_POW_32);
}

/** Faker's `helpers.arrayElement`: a list of one is returned without a draw, as Faker does. */
export function pick(list: readonly string[]): Kernel | undefined {
  if (list.length === 0) return undefined;
  if (list.length === 1) {
    const only = list[0]!;
    return () => only;
  }
  const n = list.length;
  return (rng) => list[Math.floor((rng.uint32() * n) / TWO_POW_32)]!;
}

/** Cumulative weights, the last element the total (Faker's `helpers.weightedArrayElement` over their weights). */
export function cumulative(weights: readonly number[]): Float64Array {
  const cum = new Float64Array(weights.length);
  let total = 0;
  weights.forEach((w, i) => (cum[i] = total += w));
  return cum;
}

/** An index drawn by weight; the lists are short (patterns, sexes), so a scan beats a binary search. */
export function weightedIndex(rng: CellRandom, cum: Float64Array): number {
  const x = (rng.uint32() / TWO_POW_32) * cum[cum.length - 1]!;
  const last = cum.length - 1;
  let i = 0;
  while (i < last && cum[i]! <= x) i++;
  return i;
}

/** Weighted choice among kernels (weighted patterns); one kernel needs no draw. */
export function weighted(kernels: readonly Kernel[], weights: readonly number[]): Kernel | undefined {
  if (kernels.length === 0 || weights.some((w) => !(w > 0))) return undefined;
  if (kernels.length === 1) return kernels[0];
  const cum = cumulative(weights);
  return (rng) => kernels[weightedIndex(rng, cum)]!(rng);
}

/** A list chosen with a probability (Faker's choice between sex-specific and generic lists). */
export interface Bucket<T> {
  weight: number;
  value: readonly T[];
}

/**
 * Several weighted lists flattened into one array, and a draw of an index into it: one 32-bit draw picks the list
 * by weight and, scaled within the list's share, the element. `values` lets a caller keep a parallel array of the
 * same values transformed once (e-mail's user name spelling of a first name).
 */
export interface Mixture<T> {
  values: readonly T[];
  index(rng: CellRandom): number;
}

export function mixture<T>(buckets: ReadonlyArray<Bucket<T>>): Mixture<T> | undefined {
  // Faker picks a list, then an element; the same list offered twice (generic for either sex) is one list here.
  const merged: Array<Bucket<T>> = [];
  for (const b of buckets) {
    if (!(b.weight > 0)) continue;
    const same = merged.find((m) => m.value === b.value);
    if (same) same.weight += b.weight;
    else merged.push({ weight: b.weight, value: b.value });
  }
  if (merged.length === 0 || merged.some((b) => b.value.length === 0)) return undefined;
  const values = merged.flatMap((b) => b.value);
  if (merged.length === 1) {
    const n = values.length;
    return { values, index: n === 1 ? () => 0 : (rng) => Math.floor((rng.uint32() * n) / TWO_POW_32) };
  }
  const total = merged.reduce((s, b) => s + b.weight, 0);
  const k = merged.length;
  const upper = new Float64Array(k); // each list's share of [0, 1), cumulative
  const offset = new Int32Array(k);
  const length = new Int32Array(k);
  let acc = 0;
  let at = 0;
  merged.forEach((b, i) => {
    acc += b.weight / total;
    upper[i] = i === k - 1 ? 1 : acc;
    offset[i] = at;
    length[i] = b.value.length;
    at += b.value.length;
  });
  return {
    values,
    index(rng) {
      // 32 bits are plenty: a list of 3,000 names still gets over a million steps of u per name.
      const u = rng.uint32() / TWO_POW_32;
      let i = 0;
      while (i < k - 1 && upper[i]! <= u) i++;
      const lo = i === 0 ? 0 : upper[i - 1]!;
      const j = Math.floor(((u - lo) / (upper[i]! - lo)) * length[i]!);
      return offset[i]! + Math.min(j, length[i]! - 1);
    },
  };
}

export function mixtureKernel(m: Mixture<string> | undefined): Kernel | undefined {
  if (!m) return undefined;
  const { values, index } = m;
  return (rng) => values[index(rng)]!;
}
