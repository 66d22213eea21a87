import { hash } from '../execute/seen-filter.js';

/** Keys a KeySet holds before it stops (and reports that it could not check): 2M keys ≈ 32 MB. */
export const KEY_SET_LIMIT = 2_000_000;

/**
 * The keys of a unique column (or column set) as written, for the uniqueness and foreign-key checks: an
 * open-addressing table of 64-bit hashes (8 bytes a key, not a Set of strings). Two different keys share a hash with
 * probability ~n²/2⁶⁵ (1e-7 at 2M keys), the only way it can report a false duplicate. Past `limit` keys it stops
 * adding and says so (`overflowed`), so memory stays bounded whatever the row count.
 */
export class KeySet {
  private lo = new Uint32Array(1024);
  private hi = new Uint32Array(1024);
  private size = 0;
  overflowed = false;

  constructor(private readonly limit = KEY_SET_LIMIT) {}

  /** Adds the key; false when it was already there. */
  add(key: string | number | boolean): boolean {
    if (this.overflowed) return true;
    if (this.size >= this.limit) {
      this.overflowed = true;
      return true;
    }
    if ((this.size + 1) * 2 > this.lo.length) this.grow();
    const [a, b] = slotHash(key);
    const slot = this.find(a, b);
    if (this.lo[slot] === a && this.hi[slot] === b) return false;
    this.lo[slot] = a;
    this.hi[slot] = b;
    this.size++;
    return true;
  }

  /** Whether the key was added (meaningless once overflowed: check `overflowed` first). */
  has(key: string | number | boolean): boolean {
    const [a, b] = slotHash(key);
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

/** The value hash, with the high word never 0 (0 marks an empty slot). */
function slotHash(key: string | number | boolean): [number, number] {
  const [a, b] = hash(key);
  return [a, b === 0 ? 1 : b];
}
