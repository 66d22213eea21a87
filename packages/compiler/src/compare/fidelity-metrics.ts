/**
 * The statistics `synth compare` scores with (docs/infer.md, "Compare"); each returns a distance or a similarity in
 * [0, 1].
 */

/** Two-sample Kolmogorov–Smirnov statistic: the largest gap between the two empirical CDFs (inputs sorted ascending). */
export function ksTwoSample(a: number[], b: number[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : 1;
  let i = 0;
  let j = 0;
  let d = 0;
  while (i < a.length && j < b.length) {
    const x = Math.min(a[i]!, b[j]!);
    while (i < a.length && a[i]! <= x) i++;
    while (j < b.length && b[j]! <= x) j++;
    d = Math.max(d, Math.abs(i / a.length - j / b.length));
  }
  return d;
}

/** Total variation distance between two frequency tables: half the sum of the absolute differences of the shares. */
export function totalVariation(a: Map<string, number>, b: Map<string, number>): number {
  const na = sum(a.values());
  const nb = sum(b.values());
  if (na === 0 || nb === 0) return na === nb ? 0 : 1;
  let d = 0;
  for (const [k, v] of a) d += Math.abs(v / na - (b.get(k) ?? 0) / nb);
  for (const [k, v] of b) if (!a.has(k)) d += v / nb;
  return d / 2;
}

/** Pearson correlation of paired values; 0 when either side is constant. */
export function pearson(xs: number[], ys: number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? 0 : sxy / Math.sqrt(sxx * syy);
}

/** Counts of each value. */
export function frequencies(values: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

/** Upper edges of `bins` equal-count bins of sorted values (for discretising numbers into categories). */
export function quantileEdges(sorted: number[], bins: number): number[] {
  const edges: number[] = [];
  for (let k = 1; k < bins; k++) {
    const e = sorted[Math.min(sorted.length - 1, Math.floor((k * sorted.length) / bins))];
    if (e !== undefined && edges[edges.length - 1] !== e) edges.push(e);
  }
  return edges;
}

/** Index of the bin of x given upper edges (binary search). */
export function binOf(x: number, edges: number[]): number {
  let lo = 0;
  let hi = edges.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < edges[mid]!) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function sum(values: Iterable<number>): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}
