import type { Cell } from './read-samples.js';
import type { ColumnScan } from './scan-table.js';
import { fitDistributions, round } from './fit-distribution.js';
import { characterClasses, inducePattern } from './induce-pattern.js';
import { detectSemanticType } from './semantic-types.js';
import { TEMPORAL_FORMATS, temporalLiteral } from './temporal-formats.js';
import {
  MAX_CATEGORIES,
  MAX_NUMERIC_CATEGORIES,
  MIN_LABEL_COUNT,
  MIN_PER_CATEGORY,
  TYPE_MATCH_RATE,
  type CategoryProfile,
  type ColumnProfile,
  type InferredType,
  type NumericProfile,
  type TemporalProfile,
  type TextProfile,
} from './profile-types.js';

/** Decimal columns have at most this many digits after the point; more is a float. */
const MAX_DECIMAL_SCALE = 4;

export interface ColumnInput {
  name: string;
  /** The table's name: a hint for semantic types (`name` in `products` is a product). */
  table: string;
  scan: ColumnScan;
  /** The column's cells in the table's reservoir sample. */
  sample: Cell[];
  rows: number;
  categories: boolean;
}

/** Turns one column's scan into its profile: type, statistics, fits, pattern, semantic type, categories. */
export function profileColumn({ name, table, scan: c, sample, rows, categories }: ColumnInput): ColumnProfile {
  const { type, hits } = decideType(c);
  const nonNull = c.nonNull;
  const profile: ColumnProfile = {
    name,
    ...(name !== c.header ? { header: c.header } : {}),
    type,
    typeMatchRate: nonNull === 0 ? 1 : round(hits / nonNull, 4),
    count: nonNull,
    nullRate: rows === 0 ? 0 : round((rows - nonNull) / rows, 4),
    distinct: c.hashes ? c.hashes.size : c.distinctSeen,
    distinctExact: c.hashes !== undefined,
    unique: c.hashes !== undefined && !c.duplicates && nonNull > 1,
  };
  if (type === 'bool') profile.bool = { trueRate: round(c.trues / Math.max(1, c.bools), 4) };
  if (type === 'int' || type === 'float' || type === 'decimal') profile.numeric = numericProfile(c, type, sample, rows);
  if (type === 'date' || type === 'datetime' || type === 'time') profile.temporal = temporalProfile(c, type);
  if (type === 'string') profile.text = textProfile(name, table, c, sample);
  const cat = categoryProfile(c, type, categories);
  if (cat) profile.categories = cat;
  return profile;
}

function decideType(c: ColumnScan): { type: InferredType; hits: number } {
  const n = c.nonNull;
  if (n === 0) return { type: 'empty', hits: 0 };
  const enough = (hits: number) => hits >= TYPE_MATCH_RATE * n;
  if (enough(c.bools)) return { type: 'bool', hits: c.bools };
  if (enough(c.ints)) return { type: 'int', hits: c.ints };
  if (enough(c.numbers)) return { type: c.maxDecimals <= MAX_DECIMAL_SCALE ? 'decimal' : 'float', hits: c.numbers };
  const best = bestTemporal(c);
  if (best && enough(best.hits)) return { type: best.kind, hits: best.hits };
  if (enough(c.uuids)) return { type: 'uuid', hits: c.uuids };
  return { type: 'string', hits: n };
}

/** The temporal format most values have; ISO dates count towards ISO datetimes (times at midnight are dropped). */
function bestTemporal(c: ColumnScan): { id: string; kind: 'date' | 'datetime' | 'time'; hits: number } | undefined {
  let best: { id: string; kind: 'date' | 'datetime' | 'time'; hits: number } | undefined;
  const dates = c.temporal.get('date-iso')?.count ?? 0;
  for (const f of TEMPORAL_FORMATS) {
    const s = c.temporal.get(f.id);
    if (!s) continue;
    const hits = s.count + (f.id === 'datetime-iso' ? dates : 0);
    if (!best || hits > best.hits) best = { id: f.id, kind: f.kind, hits };
  }
  return best;
}

function numbersOf(sample: Cell[], whole: boolean): number[] {
  const out: number[] = [];
  for (const v of sample) {
    if (v === null || typeof v === 'boolean') continue;
    const x = typeof v === 'number' ? v : Number(v);
    if (Number.isFinite(x) && (!whole || Number.isInteger(x))) out.push(x);
  }
  return out.sort((a, b) => a - b);
}

function numericProfile(c: ColumnScan, type: 'int' | 'float' | 'decimal', sample: Cell[], rows: number): NumericProfile {
  const mean = c.sum / c.numbers;
  const variance = Math.max(0, c.sumSquares / c.numbers - mean * mean) * (c.numbers / Math.max(1, c.numbers - 1));
  // A float's extremes are rounded outwards to 6 significant digits: the same range, without a sample value in it.
  const [min, max] = type === 'float' ? [outward(c.min, Math.floor), outward(c.max, Math.ceil)] : [c.min, c.max];
  const p: NumericProfile = { min, max, mean: round(mean, 6), stddev: round(Math.sqrt(variance), 6), fits: [] };
  if (type === 'decimal') p.scale = c.maxDecimals;
  if (type === 'int' && c.nonNull === rows && c.hashes && !c.duplicates && rows > 1) {
    if (c.arithmetic && c.step !== undefined && c.step !== 0 && c.ints === rows) p.sequence = { start: c.first!, step: c.step };
    else if (c.max - c.min + 1 === rows) p.sequence = { start: c.min, step: 1 };
  }
  const values = numbersOf(sample, type === 'int');
  if (values.length > 0) p.fits = fitDistributions(values, type === 'int');
  return p;
}

function outward(x: number, direction: (v: number) => number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const f = 10 ** (5 - Math.floor(Math.log10(Math.abs(x))));
  return direction(x * f) / f;
}

function temporalProfile(c: ColumnScan, kind: 'date' | 'datetime' | 'time'): TemporalProfile {
  const best = bestTemporal(c)!;
  const stats = [c.temporal.get(best.id)!];
  if (best.id === 'datetime-iso' && c.temporal.has('date-iso')) stats.push(c.temporal.get('date-iso')!);
  // A datetime's extremes widen to whole hours: the same range, without a sample's exact timestamp in it.
  const HOUR = 3_600_000;
  const min = kind === 'datetime' ? Math.floor(Math.min(...stats.map((s) => s.min)) / HOUR) * HOUR : Math.min(...stats.map((s) => s.min));
  const max = kind === 'datetime' ? Math.ceil(Math.max(...stats.map((s) => s.max)) / HOUR) * HOUR : Math.max(...stats.map((s) => s.max));
  const format = TEMPORAL_FORMATS.find((f) => f.id === best.id)!.format;
  return { min: temporalLiteral(kind, min), max: temporalLiteral(kind, max), format, formatMatchRate: round(best.hits / c.nonNull, 4) };
}

function textProfile(name: string, table: string, c: ColumnScan, sample: Cell[]): TextProfile {
  const values: string[] = [];
  for (const v of sample) if (v !== null) values.push(String(v));
  const p: TextProfile = { minLength: c.minLength, maxLength: c.maxLength, meanLength: round(c.sumLength / Math.max(1, c.nonNull), 2), characters: characterClasses(values) };
  const pattern = inducePattern(values);
  if (pattern) p.pattern = { regex: pattern.regex, matchRate: round(pattern.matchRate, 4) };
  const semantic = detectSemanticType(name, values, table);
  if (semantic) p.semantic = { ...semantic, matchRate: round(semantic.matchRate, 4) };
  let minWords = Infinity;
  let maxWords = 0;
  for (const v of values) {
    const w = v.trim() === '' ? 0 : v.trim().split(/\s+/).length;
    minWords = Math.min(minWords, w);
    maxWords = Math.max(maxWords, w);
  }
  if (values.length > 0) p.words = { min: minWords, max: maxWords };
  return p;
}

function categoryProfile(c: ColumnScan, type: InferredType, keepLabels: boolean): CategoryProfile | undefined {
  if (!c.labels || !['string', 'int', 'bool', 'decimal'].includes(type)) return undefined;
  const distinct = c.labels.size;
  // Numbers with more than a handful of values are measurements (ages, prices): a distribution fits them better.
  if (distinct > (type === 'string' ? MAX_CATEGORIES : MAX_NUMERIC_CATEGORIES) || c.nonNull < MIN_PER_CATEGORY * distinct || distinct < 1) return undefined;
  const entries = orderedLabels(c);
  const kept = entries.filter((e) => e.count >= MIN_LABEL_COUNT);
  const rareCount = entries.reduce((s, e) => s + (e.count < MIN_LABEL_COUNT ? e.count : 0), 0);
  if (kept.length === 0) return undefined;
  return {
    counts: kept.map((e) => e.count),
    ...(keepLabels ? { labels: kept.map((e) => typedLabel(e.value!, type)) } : {}),
    rareCount,
  };
}

/** A column's labels, most frequent first (ties by text): the order of `categories.counts`. */
function orderedLabels(c: ColumnScan): Array<{ value: Cell; count: number }> {
  return [...(c.labels?.values() ?? [])].sort((a, b) => b.count - a.count || String(a.value).localeCompare(String(b.value)));
}

/** The kept labels' text in `categories.counts` order (for relating other columns to them inside the compiler). */
export function categoryKeys(c: ColumnScan): string[] {
  return orderedLabels(c).filter((e) => e.count >= MIN_LABEL_COUNT).map((e) => String(e.value));
}

function typedLabel(v: string | number | boolean, type: InferredType): string | number | boolean {
  if (type === 'int' || type === 'decimal') return typeof v === 'number' ? v : Number(v);
  if (type === 'bool') return typeof v === 'boolean' ? v : String(v).toLowerCase() === 'true';
  return String(v);
}
