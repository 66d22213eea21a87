/**
 * Counter-based randomness: every value is a pure function of (seed, table, column, row, attempt, draw).
 * DESIGN.md "Determinism": no shared sequential stream, so adding, removing or reordering a column or table
 * changes no other column's values, and rows can be made in any order or on any machine.
 *
 * The mixing is MurmurHash3's 32-bit round and finaliser over the counter words, keyed by two 32-bit hashes of
 * (seed, table, column, purpose). It is part of the output contract: changing it changes every fixture, so it
 * may only change with a major version.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixWord(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** MurmurHash3 (x86, 32-bit) of a string's UTF-16 code units; stable across platforms. */
export function hashString(s: string, seed = 0): number {
  let h = seed | 0;
  for (let i = 0; i < s.length; i++) h = mixWord(h, s.charCodeAt(i));
  h ^= s.length;
  return fmix(h);
}

/** The identity of one random stream: which (seed, table, column, purpose) it belongs to. */
export interface StreamKey {
  k0: number;
  k1: number;
}

export function streamKey(seed: string, ...names: string[]): StreamKey {
  const s = [seed, ...names].join('\u0000');
  return { k0: hashString(s, 0x9e3779b9), k1: hashString(s, 0x7f4a7c15) };
}

/** One 32-bit output for (key, row, attempt, draw). */
export function hash32(key: number, row: number, attempt: number, draw: number): number {
  let h = key;
  h = mixWord(h, row >>> 0);
  h = mixWord(h, Math.floor(row / 4294967296) >>> 0);
  h = mixWord(h, attempt);
  h = mixWord(h, draw);
  return fmix(h ^ 16);
}

const TWO_POW_26 = 67108864;
const TWO_POW_53 = 9007199254740992;

/**
 * The random source for one cell: positioned at (row, attempt) and advanced one draw at a time. A cell may
 * take as many draws as it needs (a normal takes two, a Faker method several) without touching any other cell.
 */
export class CellRandom {
  private row = 0;
  private attempt = 0;
  private draw = 0;
  /** hash32's state after (key, row, attempt) for each of the two keys: a draw then mixes in only its number. */
  private h0 = 0;
  private h1 = 0;
  private ready = false;

  constructor(readonly key: StreamKey) {}

  at(row: number, attempt = 0): this {
    this.row = row;
    this.attempt = attempt;
    this.draw = 0;
    this.ready = false;
    return this;
  }

  /** Mixes (key, row, attempt) once per cell, at its first draw (many cells are positioned and never drawn). */
  private prepare(): void {
    const lo = this.row >>> 0;
    const hi = Math.floor(this.row / 4294967296) >>> 0;
    this.h0 = mixWord(mixWord(mixWord(this.key.k0, lo), hi), this.attempt);
    this.h1 = mixWord(mixWord(mixWord(this.key.k1, lo), hi), this.attempt);
    this.ready = true;
  }

  /** Draws taken so far; `rewind` returns to such a count (an evaluation that starts over on the same cell). */
  get drawn(): number {
    return this.draw;
  }

  rewind(drawn: number): void {
    this.draw = drawn;
  }

  /** The row this cell belongs to (plugin generators are told it). */
  get currentRow(): number {
    return this.row;
  }

  /** hash32(key.k0, row, attempt, draw), from the state `at` keeps. */
  uint32(): number {
    if (!this.ready) this.prepare();
    return fmix(mixWord(this.h0, this.draw++) ^ 16);
  }

  /** A double in [0, 1) with 53 random bits. */
  next(): number {
    if (!this.ready) this.prepare();
    const d = this.draw++;
    const a = fmix(mixWord(this.h0, d) ^ 16) >>> 5;
    const b = fmix(mixWord(this.h1, d) ^ 16) >>> 6;
    return (a * TWO_POW_26 + b) / TWO_POW_53;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Index into a cumulative weight table (last element is the total). */
  weighted(cumulative: readonly number[]): number {
    const total = cumulative[cumulative.length - 1]!;
    const x = this.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}
