import type { Cell } from './read-samples.js';
import type { ColumnProfile, ForeignKeyProfile, TemporalRule } from './profile-types.js';
import { ksContinuous, round } from './fit-distribution.js';
import { ksTwoSample } from '../compare/fidelity-metrics.js';
import { mulberry32 } from './scan-table.js';
import { TEMPORAL_FORMATS } from './temporal-formats.js';

/**
 * Time that follows other time (docs/infer.md, "Derived columns"): a date or datetime that never comes before another
 * one — of its row (`paid_at` after `placed_at`) or of its parent row (`placed_at` after `customers.signed_up_at`) —
 * may be drawn from it instead of on its own. Three models compete on the sample by KS distance to the column's
 * values: on its own (uniform over its range), `source + uniform offset in [min, max]`, and
 * `uniform(source, latest)`; the two derived ones are simulated from the sample's own source values with a seeded
 * generator. A derived model is taken when it beats drawing on its own by at least {@link RULE_MARGIN}.
 */

export const RULE_MARGIN = 0.02;
const MIN_PAIRS = 20;

export interface TemporalSource {
  /** How an expression names it: `placed_at`, or `customers.signed_up_at` through the reference. */
  name: string;
  profile: ColumnProfile;
  /** The source value for each sampled row of the table (undefined where it is unknown). */
  values: Array<number | undefined>;
}

export function readTemporal(kind: ColumnProfile['type']): (v: Cell) => number | undefined {
  const formats = TEMPORAL_FORMATS.filter((f) => f.kind === kind || (kind === 'datetime' && f.id === 'date-iso'));
  return (v) => {
    if (v === null || v === undefined) return undefined;
    const s = String(v);
    for (const f of formats) if (f.test.test(s)) return f.parse(s);
    return undefined;
  };
}

/** Sources for a table's temporal columns: its own never-null ones, and its parents' through each foreign key. */
export function temporalSources(
  table: { columns: ColumnProfile[]; sample: Cell[][] },
  fks: ForeignKeyProfile[],
  parentOf: (name: string) => { columns: ColumnProfile[]; sample: Cell[][] } | undefined,
): TemporalSource[] {
  const sources: TemporalSource[] = [];
  const own = (c: ColumnProfile) => (c.type === 'date' || c.type === 'datetime') && c.nullRate === 0;
  table.columns.forEach((c, i) => {
    if (!own(c)) return;
    const read = readTemporal(c.type);
    sources.push({ name: c.name, profile: c, values: table.sample.map((r) => read(r[i] ?? null)) });
  });
  // A parent is named by its table in expressions, which is ambiguous when two references lead to it.
  const single = fks.filter((f) => fks.filter((g) => g.parentTable === f.parentTable).length === 1 && f.parentTable !== f.table);
  for (const fk of single) {
    const parent = parentOf(fk.parentTable);
    const child = table.columns.findIndex((c) => c.name === fk.column);
    const keyIndex = parent?.columns.findIndex((c) => c.name === fk.parentColumn) ?? -1;
    if (!parent || child < 0 || keyIndex < 0) continue;
    parent.columns.forEach((pc, pi) => {
      if (!own(pc)) return;
      const read = readTemporal(pc.type);
      const byKey = new Map<string, number | undefined>();
      for (const r of parent.sample) byKey.set(String(r[keyIndex]), read(r[pi] ?? null));
      sources.push({ name: `${fk.parentTable}.${pc.name}`, profile: pc, values: table.sample.map((r) => (r[child] === null ? undefined : byKey.get(String(r[child])))) });
    });
  }
  return sources;
}

/** The best rule for a date/datetime column among the sources, or undefined when drawing it alone is as good. */
export function findTemporalRule(column: ColumnProfile, index: number, sample: Cell[][], sources: TemporalSource[], allowed: (source: string) => boolean = () => true): TemporalRule | undefined {
  if ((column.type !== 'date' && column.type !== 'datetime') || !column.temporal) return undefined;
  const read = readTemporal(column.type);
  const own = sample.map((r) => read(r[index] ?? null));
  const values = own.filter((v): v is number => v !== undefined).sort((a, b) => a - b);
  if (values.length < MIN_PAIRS) return undefined;
  const lo = values[0]!;
  const hi = values[values.length - 1]!;
  const alone = hi > lo ? ksContinuous(values, (x) => (x - lo) / (hi - lo)) : 0;
  let best: TemporalRule | undefined;
  const step = column.type === 'date' ? 86_400_000 : 1000;
  for (const src of sources) {
    if (src.name === column.name || src.profile.type !== column.type || !allowed(src.name)) continue;
    const xs: number[] = [];
    const ys: number[] = [];
    own.forEach((y, i) => {
      const x = src.values[i];
      if (y !== undefined && x !== undefined) {
        xs.push(x);
        ys.push(y);
      }
    });
    if (xs.length < MIN_PAIRS) continue;
    const diffs = ys.map((y, i) => y - xs[i]!);
    const dmin = Math.floor(Math.min(...diffs) / step);
    const dmax = Math.ceil(Math.max(...diffs) / step);
    const sorted = [...ys].sort((a, b) => a - b);
    const random = mulberry32(0x7e4);
    const offsetSim = xs.map((x) => x + (dmin + Math.floor(random() * (dmax - dmin + 1))) * step).sort((a, b) => a - b);
    const candidates: TemporalRule[] = [{ source: src.name, model: 'offset', min: dmin, max: dmax, unit: column.type === 'date' ? 'day' : 'second', ks: round(ksTwoSample(sorted, offsetSim), 4), aloneKs: round(alone, 4) }];
    // uniform(source, latest) needs every source value, generated ones included, to come before the latest value.
    const latest = Date.parse(column.temporal.max.length === 10 ? `${column.temporal.max}T00:00:00Z` : column.temporal.max);
    const sourceMax = Date.parse(src.profile.temporal!.max.length === 10 ? `${src.profile.temporal!.max}T00:00:00Z` : src.profile.temporal!.max);
    if (dmin >= 0 && sourceMax <= latest) {
      const betweenSim = xs.map((x) => x + Math.floor(random() * ((latest - x) / step + 1)) * step).sort((a, b) => a - b);
      candidates.push({ source: src.name, model: 'between', ks: round(ksTwoSample(sorted, betweenSim), 4), aloneKs: round(alone, 4) });
    }
    for (const c of candidates) if (c.ks <= alone - RULE_MARGIN && (!best || c.ks < best.ks)) best = c;
  }
  return best;
}
