import { cyrb53Finish, cyrb53Into } from '../random/cyrb53.js';

/** Keys a KeySet holds before it stops (and reports that it could not check): 2M keys ≈ 32 MB. */
export const KEY_SET_LIMIT = 2_000_000;

/** What the uniqueness and foreign-key rules need of a column's keys. */
export interface Keys {
  /** Adds the key; false when it was already there. */
  add(key: string | number | boolean): boolean;
  /** Whether the key was added (meaningless once overflowed: check `overflowed` first). */
  has(key: string | number | boolean): boolean;
  /**
   * `add` and `has` for a key hashed elsewhere (a worker thread, `keyHashInto`): `n` is the key when it is a number
   * (then `b` may be 0: hashed here if needed), NaN otherwise; `a`/`b` its hash.
   */
  addHashed(n: number, a: number, b: number): boolean;
  hasHashed(n: number, a: number, b: number): boolean;
  readonly overflowed: boolean;
  readonly count: number;
}

/**
 * The keys of a unique column (or column set) as written, for the uniqueness and foreign-key checks: an
 * open-addressing table of 64-bit hashes (8 bytes a key, not a Set of strings). Two different keys share a hash with
 * probability ~n²/2⁶⁵ (1e-7 at 2M keys), the only way it can report a false duplicate. Past `limit` keys it stops
 * adding and says so (`overflowed`), so memory stays bounded whatever the row count. Sized up front for the rows
 * the plan expects, so it never rehashes on the way.
 */
export class KeySet implements Keys {
  private lo: Uint32Array;
  private hi: Uint32Array;
  private size = 0;
  overflowed = false;

  constructor(private readonly limit = KEY_SET_LIMIT, expected = 512) {
    let slots = 1024;
    while (slots < 2 * Math.min(expected, limit)) slots *= 2;
    this.lo = new Uint32Array(slots);
    this.hi = new Uint32Array(slots);
  }

  add(key: string | number | boolean): boolean {
    if (this.overflowed) return true;
    keyHash(key);
    return this.addHash(HA, HB);
  }

  addHashed(n: number, a: number, b: number): boolean {
    if (b !== 0) return this.addHash(a, b);
    if (this.overflowed) return true;
    keyHash(n);
    return this.addHash(HA, HB);
  }

  hasHashed(n: number, a: number, b: number): boolean {
    if (b !== 0) return this.hasHash(a, b);
    keyHash(n);
    return this.hasHash(HA, HB);
  }

  /** Adds the key whose hash is (a, b) (`keyHashInto`); false when it was already there. */
  addHash(a: number, b: number): boolean {
    if (this.overflowed) return true;
    if (this.size >= this.limit) {
      this.overflowed = true;
      return true;
    }
    if ((this.size + 1) * 2 > this.lo.length) this.grow();
    const slot = this.find(a, b);
    if (this.lo[slot] === a && this.hi[slot] === b) return false;
    this.lo[slot] = a;
    this.hi[slot] = b;
    this.size++;
    return true;
  }

  has(key: string | number | boolean): boolean {
    keyHash(key);
    return this.hasHash(HA, HB);
  }

  hasHash(a: number, b: number): boolean {
    const slot = this.find(a, b);
    return this.lo[slot] === a && this.hi[slot] === b;
  }

  get count(): number {
    return this.size;
  }

  private find(a: number, b: number): number {
    const mask = this.lo.length - 1;
    let i = a & mask;
    while (this.hi[i] !== 0 && !(this.lo[i] === a && this.hi[i] === b)) i = (i + 1) & mask;
    return i;
  }

  private grow(): void {
    const { lo, hi } = this;
    this.lo = new Uint32Array(lo.length * 2);
    this.hi = new Uint32Array(hi.length * 2);
    for (let i = 0; i < lo.length; i++) {
      if (hi[i] === 0) continue;
      const slot = this.find(lo[i]!, hi[i]!);
      this.lo[slot] = lo[i]!;
      this.hi[slot] = hi[i]!;
    }
  }
}

/**
 * The keys of a `sequence` column: `start + row × step`. While every value is its row's (what the sequence rule
 * checks) they are distinct without holding any: the keys are the first `next` values of the sequence, and a
 * reference is a key when it is one of them. A value off that track (a build that breaks the sequence rule) and
 * every value after it go to a KeySet, so a repeat is still reported.
 */
export class SequenceKeys implements Keys {
  /** Rows 0 … next−1 held start + k × step. */
  private next = 0;
  private readonly others: KeySet;

  constructor(private readonly start: number, private readonly step: number, limit = KEY_SET_LIMIT) {
    this.others = new KeySet(limit);
  }

  add(key: string | number | boolean): boolean {
    const k = this.position(key);
    if (k !== undefined && k < this.next) return false;
    if (k === this.next && this.others.count === 0) {
      this.next++;
      return true;
    }
    return this.others.add(key);
  }

  has(key: string | number | boolean): boolean {
    const k = this.position(key);
    return (k !== undefined && k < this.next) || (this.others.count > 0 && this.others.has(key));
  }

  addHashed(n: number, a: number, b: number): boolean {
    const k = this.position(n);
    if (k !== undefined && k < this.next) return false;
    if (k === this.next && this.others.count === 0) {
      this.next++;
      return true;
    }
    return this.others.addHashed(n, a, b);
  }

  hasHashed(n: number, a: number, b: number): boolean {
    const k = this.position(n);
    return (k !== undefined && k < this.next) || (this.others.count > 0 && this.others.hasHashed(n, a, b));
  }

  get overflowed(): boolean {
    return this.others.overflowed;
  }

  get count(): number {
    return this.next + this.others.count;
  }

  private position(key: string | number | boolean): number | undefined {
    if (typeof key !== 'number') return undefined;
    const k = (key - this.start) / this.step;
    return Number.isInteger(k) && k >= 0 ? k : undefined;
  }
}

/** The last key's 64-bit hash, high word never 0 (0 marks an empty slot): module state, so hashing allocates nothing. */
let HA = 0;
let HB = 0;

/**
 * A key's hash: cyrb53's mixing, seeded by the key's type so strings and numbers never share a key; whole numbers
 * are mixed from their two 32-bit halves without being printed. Internal to the checker (never in any output).
 */
function keyHash(key: string | number | boolean): void {
  if (typeof key === 'number' && Number.isSafeInteger(key)) {
    const low = key >>> 0;
    const high = Math.floor(key / 4294967296) >>> 0;
    const h1 = Math.imul(0x9e3779b1 ^ low, 2654435761);
    const h2 = Math.imul(0x85ebca77 ^ high, 1597334677);
    cyrb53Finish(Math.imul(h1 ^ high, 2654435761), Math.imul(h2 ^ low, 1597334677), WORDS);
  } else {
    cyrb53Into(typeof key === 'string' ? key : String(key), WORDS, typeof key === 'string' ? 0xdeadbeef : typeof key === 'number' ? 0x1b873593 : 0x27d4eb2f);
  }
  HA = WORDS[0]! >>> 0;
  HB = WORDS[1]! >>> 0 || 1;
}

const WORDS = new Int32Array(2);

/**
 * Writes the key's hash as `KeySet.addHash` takes it to out[2i], out[2i + 1]; a null key is (0, 0) (a real key's
 * second word is never 0). Worker threads hash the keys of their chunks, the main thread only probes.
 */
export function keyHashInto(key: string | number | boolean | null, out: Uint32Array, i: number): void {
  if (key === null) {
    out[2 * i] = 0;
    out[2 * i + 1] = 0;
    return;
  }
  keyHash(key);
  out[2 * i] = HA;
  out[2 * i + 1] = HB;
}
