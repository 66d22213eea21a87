import { cyrb53Words } from '../random/cyrb53.js';

/**
 * The set of values a unique column drawn with retries has taken: a scalable Bloom filter (layers of doubling
 * capacity, ~1% false positives each) instead of a Set of every value, so 20M e-mails cost ~25 MB, not gigabytes.
 *
 * A Bloom filter has no false negatives: a value it says is unseen is unseen, so uniqueness stays exact. A false
 * positive only makes the column draw again. Which values are false positives is part of the output: the hash and
 * the layer sizes are fixed here (no library whose update could change them) and depend only on the values added so
 * far, so a build's first n rows are the same whatever the row count.
 */
export class SeenFilter {
  private readonly layers: Layer[] = [];
  private inLast = 0;

  has(value: string | number | boolean): boolean {
    if (this.layers.length === 0) return false;
    const [h1, h2] = hash(value);
    for (const layer of this.layers) if (layer.has(h1, h2)) return true;
    return false;
  }

  add(value: string | number | boolean): void {
    let last = this.layers[this.layers.length - 1];
    if (!last || this.inLast >= last.capacity) {
      last = new Layer(FIRST_CAPACITY * 2 ** this.layers.length);
      this.layers.push(last);
      this.inLast = 0;
    }
    const [h1, h2] = hash(value);
    last.add(h1, h2);
    this.inLast++;
  }

  /** Bytes held (for the benchmark's notes). */
  get bytes(): number {
    return this.layers.reduce((n, l) => n + l.bits.byteLength, 0);
  }
}

const FIRST_CAPACITY = 1 << 14;
/** Per layer: 1% false positives at capacity → 9.6 bits and 7 probes an entry. */
const BITS_PER_ENTRY = 9.6;
const PROBES = 7;

class Layer {
  readonly bits: Uint32Array;
  private readonly size: number;

  constructor(readonly capacity: number) {
    this.size = Math.ceil((capacity * BITS_PER_ENTRY) / 32) * 32;
    this.bits = new Uint32Array(this.size / 32);
  }

  has(h1: number, h2: number): boolean {
    for (let i = 0; i < PROBES; i++) {
      const b = (h1 + Math.imul(i, h2)) >>> 0;
      const k = b % this.size;
      if ((this.bits[k >>> 5]! & (1 << (k & 31))) === 0) return false;
    }
    return true;
  }

  add(h1: number, h2: number): void {
    for (let i = 0; i < PROBES; i++) {
      const k = ((h1 + Math.imul(i, h2)) >>> 0) % this.size;
      this.bits[k >>> 5]! |= 1 << (k & 31);
    }
  }
}

/** Two 32-bit hashes of a value (cyrb53's mixing), for double hashing. Strings and numbers never share a key. */
export function hash(value: string | number | boolean): [number, number] {
  const s = typeof value === 'string' ? `s${value}` : typeof value === 'number' ? `n${value}` : value ? 't' : 'f';
  const [h1, h2] = cyrb53Words(s);
  // An odd step visits distinct bits for every probe whatever the layer size's factors.
  return [h1 >>> 0, (h2 | 1) >>> 0];
}
