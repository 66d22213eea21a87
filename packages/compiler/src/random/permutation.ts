import { hash32, type StreamKey } from './cell-random.js';

/**
 * A seeded bijection of [0, n): the source of unique values over a finite domain (DESIGN.md: "Unique values
 * over a finite domain come from a seeded bijection"). A balanced Feistel network over the smallest even
 * power of two ≥ n, with cycle-walking back into range, so memory is O(1) whatever n is.
 */
export class Permutation {
  private readonly halfBits: number;
  private readonly halfMask: number;
  private static readonly ROUNDS = 4;

  constructor(readonly size: number, private readonly key: StreamKey, private readonly salt = 0) {
    if (!Number.isSafeInteger(size) || size < 0) throw new RangeError(`Permutation size ${size}`);
    let bits = 2;
    while (2 ** bits < size) bits += 2;
    this.halfBits = bits / 2;
    this.halfMask = 2 ** this.halfBits - 1;
  }

  /** The image of i (0 ≤ i < size). */
  at(i: number): number {
    if (this.size <= 1) return 0;
    let x = i;
    do x = this.encrypt(x);
    while (x >= this.size);
    return x;
  }

  private encrypt(x: number): number {
    const m = 2 ** this.halfBits;
    let left = Math.floor(x / m);
    let right = x % m;
    for (let r = 0; r < Permutation.ROUNDS; r++) {
      const f = (hash32(this.key.k0, right, this.salt, r) & this.halfMask) >>> 0;
      const next = (left ^ f) & this.halfMask;
      left = right;
      right = next >>> 0;
    }
    return left * m + right;
  }
}
