import type { CellRandom } from '../random/cell-random.js';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/** RFC 9562 version 4 UUID from four draws; 122 random bits, so collisions are not a practical concern. */
export function drawUuid(rng: CellRandom): string {
  const w = [rng.uint32(), rng.uint32(), rng.uint32(), rng.uint32()];
  const b = new Array<number>(16);
  for (let i = 0; i < 4; i++) {
    const x = w[i]!;
    b[i * 4] = x >>> 24;
    b[i * 4 + 1] = (x >>> 16) & 0xff;
    b[i * 4 + 2] = (x >>> 8) & 0xff;
    b[i * 4 + 3] = x & 0xff;
  }
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = b.map((x) => HEX[x]);
  return `${h.slice(0, 4).join('')}-${h.slice(4, 6).join('')}-${h.slice(6, 8).join('')}-${h.slice(8, 10).join('')}-${h.slice(10).join('')}`;
}
