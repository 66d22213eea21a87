/**
 * cyrb53's mixing of a string into two 32-bit words (h1 low, h2 high). Both the seen-filter (whose false
 * positives are part of the output) and sample profiling hash with it; changing it changes generated data.
 */
export function cyrb53Words(s: string): [number, number] {
  cyrb53Into(s, SCRATCH);
  return [SCRATCH[0]!, SCRATCH[1]!];
}

const SCRATCH = new Int32Array(2);

/** cyrb53 of `s` from the start words h1, h2 (cyrb53's own by default) into out[0], out[1], allocating nothing. */
export function cyrb53Into(s: string, out: Int32Array, h1 = 0xdeadbeef, h2 = 0x41c6ce57): void {
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  cyrb53Finish(h1, h2, out);
}

/** cyrb53's final avalanche of two mixed words into out[0], out[1]. */
export function cyrb53Finish(h1: number, h2: number, out: Int32Array): void {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  out[0] = h1;
  out[1] = h2;
}
