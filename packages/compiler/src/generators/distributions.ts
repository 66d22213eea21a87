import type { Distribution } from '@synth/spec';
import type { CellRandom } from '../random/cell-random.js';

/**
 * Samplers for the spec's distributions (docs/spec.md#distributions), each drawing from one cell's stream.
 * Math.log/exp/cos are V8's fdlibm ports, identical on every platform Node runs on.
 */
export type Sampler = (rng: CellRandom) => number;

export function standardNormal(rng: CellRandom): number {
  // Box–Muller; 1 - u keeps log away from 0.
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

export function poisson(rng: CellRandom, mean: number): number {
  if (mean < 30) {
    // Knuth: exact, and fast for small means.
    const limit = Math.exp(-mean);
    let k = 0;
    let p = rng.next();
    while (p > limit) {
      k++;
      p *= rng.next();
    }
    return k;
  }
  // For large means the normal approximation is within a fraction of a percent and takes two draws.
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * standardNormal(rng)));
}

const zipfTables = new Map<string, Float64Array>();

/** Zipf over 1..n with exponent s, by inverse CDF over a cached cumulative table. */
export function zipfSampler(n: number, s = 1): Sampler {
  const key = `${n}:${s}`;
  let cdf = zipfTables.get(key);
  if (!cdf) {
    cdf = new Float64Array(n);
    let total = 0;
    for (let k = 1; k <= n; k++) {
      total += 1 / k ** s;
      cdf[k - 1] = total;
    }
    zipfTables.set(key, cdf);
  }
  const table = cdf;
  return (rng) => {
    const x = rng.next() * table[table.length - 1]!;
    let lo = 0;
    let hi = table.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (table[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo + 1;
  };
}

/** A sampler for the distribution, or a uniform one over [min, max] when none is given. */
export function samplerFor(dist: Distribution | undefined, min: number, max: number, integer: boolean): Sampler {
  const name = dist ? Object.keys(dist)[0] : 'uniform';
  const p = dist ? (dist as Record<string, Record<string, number> | null>)[name!] ?? {} : {};
  switch (name) {
    case 'normal':
      return (rng) => p.mean! + p.stddev! * standardNormal(rng);
    case 'lognormal':
      return (rng) => Math.exp(p.mu! + p.sigma! * standardNormal(rng));
    case 'exponential':
      return (rng) => -Math.log(1 - rng.next()) / p.rate!;
    case 'poisson':
      return (rng) => poisson(rng, p.mean!);
    case 'zipf':
      return zipfSampler(p.n!, p.s ?? 1);
    default:
      return integer ? (rng) => rng.int(min, max) : (rng) => min + rng.next() * (max - min);
  }
}
