import type { Cell, SampleTable } from './read-samples.js';
import { MAX_TRACKED_DISTINCT } from './profile-types.js';
import { TEMPORAL_FORMATS } from './temporal-formats.js';
import { cyrb53Words } from '../random/cyrb53.js';

/**
 * One streaming pass over a table: per column exact counts, ranges and moments, a hash of every distinct value
 * (for uniqueness, keys and foreign keys), counts of the first few labels, and one seeded reservoir of whole rows
 * that later stages fit distributions, induce patterns and compare pairs of columns on. The scan holds raw values
 * (in the reservoir and the labels); it stays inside the compiler: the profile made from it does not.
 */

/** Rows kept for fitting and comparison: a uniform sample (Algorithm R, fixed seed, so the same file gives the same sample). */
export const RESERVOIR_ROWS = 20_000;
/** Labels counted per column before the column is deemed high-cardinality. */
export const MAX_TRACKED_LABELS = 1_000;

export interface TemporalCount {
  count: number;
  min: number;
  max: number;
}

export interface ColumnScan {
  header: string;
  nonNull: number;
  bools: number;
  trues: number;
  ints: number;
  numbers: number;
  min: number;
  max: number;
  sum: number;
  sumSquares: number;
  /** Largest count of digits after the point among non-integral numbers, and whether they all had that many. */
  maxDecimals: number;
  sameDecimals: boolean;
  /** Whole numbers so far form `first + i·step` in file order. */
  arithmetic: boolean;
  first?: number;
  step?: number;
  last?: number;
  uuids: number;
  temporal: Map<string, TemporalCount>;
  minLength: number;
  maxLength: number;
  sumLength: number;
  /** Hash of each distinct value → occurrences; undefined once a non-unique column passes MAX_TRACKED_DISTINCT. */
  hashes?: Map<number, number>;
  duplicates: boolean;
  distinctSeen: number;
  /** Label → occurrences and typed value; undefined once past MAX_TRACKED_LABELS distinct. */
  labels?: Map<string, { value: Cell; count: number }>;
}

export interface TableScan {
  name: string;
  source: string;
  format: SampleTable['format'];
  rows: number;
  truncated: boolean;
  columns: ColumnScan[];
  /** Reservoir of rows (cells in column order; short rows are padded with null). */
  sample: Cell[][];
}

const INT = /^-?(0|[1-9]\d{0,15})$/;
const NUMBER = /^-?(0|[1-9]\d*)(\.(\d+))?$/;
const BOOL = /^(true|false)$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function newColumn(header: string): ColumnScan {
  return {
    header, nonNull: 0, bools: 0, trues: 0, ints: 0, numbers: 0, min: Infinity, max: -Infinity, sum: 0, sumSquares: 0,
    maxDecimals: 0, sameDecimals: true, arithmetic: true, uuids: 0, temporal: new Map(), minLength: Infinity, maxLength: 0,
    sumLength: 0, hashes: new Map(), duplicates: false, distinctSeen: 0, labels: new Map(),
  };
}

/** A type can still reach the type threshold only while its misses stay below 2% (plus slack for small starts). */
const stillPossible = (hits: number, nonNull: number) => nonNull - hits <= 0.02 * nonNull + 50;

/** 53-bit string hash (cyrb53): collisions are negligible at millions of values. */
export function hashString(s: string): number {
  const [h1, h2] = cyrb53Words(s);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** Small seeded PRNG (mulberry32) for the reservoir: deterministic, independent of Math.random. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function observe(c: ColumnScan, v: Cell): void {
  c.nonNull++;
  const text = typeof v === 'string' ? v : String(v);
  // Keyed by text, so 12 in a JSON file and "12" in a CSV file are the same key.
  const key = text;
  if (c.hashes) {
    const h = hashString(key);
    const seen = c.hashes.get(h);
    if (seen === undefined) {
      c.distinctSeen++;
      c.hashes.set(h, 1);
      // Unique columns are key candidates and stay tracked; others stop here to bound memory.
      if (c.hashes.size > MAX_TRACKED_DISTINCT && c.duplicates) c.hashes = undefined;
    } else {
      c.hashes.set(h, seen + 1);
      if (!c.duplicates) {
        c.duplicates = true;
        if (c.hashes.size > MAX_TRACKED_DISTINCT) c.hashes = undefined;
      }
    }
  }
  if (c.labels) {
    const l = c.labels.get(key);
    if (l) l.count++;
    else if (c.labels.size < MAX_TRACKED_LABELS) c.labels.set(key, { value: v, count: 1 });
    else c.labels = undefined;
  }
  c.minLength = Math.min(c.minLength, text.length);
  c.maxLength = Math.max(c.maxLength, text.length);
  c.sumLength += text.length;

  if (typeof v === 'boolean' || (typeof v === 'string' && text.length <= 5 && BOOL.test(text))) {
    c.bools++;
    if (v === true || (typeof v === 'string' && text.toLowerCase() === 'true')) c.trues++;
    return;
  }
  let num: number | undefined;
  let decimals = 0;
  if (typeof v === 'number') {
    num = v;
    if (!Number.isInteger(v)) decimals = (String(v).split('.')[1] ?? '').length;
  } else if (stillPossible(c.numbers, c.nonNull)) {
    if (INT.test(text)) num = Number(text);
    else {
      const m = NUMBER.exec(text);
      if (m) {
        num = Number(text);
        decimals = m[3]!.length;
      }
    }
  }
  if (num !== undefined && Number.isFinite(num)) {
    c.numbers++;
    if (c.min > num) c.min = num;
    if (c.max < num) c.max = num;
    c.sum += num;
    c.sumSquares += num * num;
    if (decimals === 0 && Number.isInteger(num)) {
      c.ints++;
      if (c.arithmetic) {
        if (c.first === undefined) c.first = num;
        else if (c.step === undefined) c.step = num - c.first;
        else if (num - c.last! !== c.step) c.arithmetic = false;
        c.last = num;
      }
    } else {
      c.arithmetic = false;
      if (c.maxDecimals !== 0 && decimals !== c.maxDecimals) c.sameDecimals = false;
      c.maxDecimals = Math.max(c.maxDecimals, decimals);
    }
    return;
  }
  if (typeof v !== 'string') return;
  if (text.length === 36 && UUID.test(text)) {
    c.uuids++;
    return;
  }
  if (text.length >= 5 && text.length <= 35 && /^\d/.test(text) && stillPossible(temporalHits(c), c.nonNull)) {
    for (const f of TEMPORAL_FORMATS) {
      if (!f.test.test(text)) continue;
      const t = f.parse(text);
      if (t === undefined) continue;
      const s = c.temporal.get(f.id);
      if (s) {
        s.count++;
        if (t < s.min) s.min = t;
        if (t > s.max) s.max = t;
      } else c.temporal.set(f.id, { count: 1, min: t, max: t });
    }
  }
}

function temporalHits(c: ColumnScan): number {
  let best = 0;
  for (const s of c.temporal.values()) best = Math.max(best, s.count);
  // Dates count as datetimes too (a datetime column whose times are all midnight).
  return best + (c.temporal.get('date-iso')?.count ?? 0);
}

/** Scans every row of the table (the reader stops at maxRows). */
export async function scanTable(table: SampleTable): Promise<TableScan> {
  const columns: ColumnScan[] = [];
  const sample: Cell[][] = [];
  const random = mulberry32(0x5eed);
  let rows = 0;
  for await (const row of table.rows) {
    while (columns.length < table.headers.length) columns.push(newColumn(table.headers[columns.length]!));
    for (let i = 0; i < row.length; i++) {
      const v = row[i];
      if (v !== null && v !== undefined) observe(columns[i]!, v);
    }
    if (rows < RESERVOIR_ROWS) sample.push(row);
    else {
      const j = Math.floor(random() * (rows + 1));
      if (j < RESERVOIR_ROWS) sample[j] = row;
    }
    rows++;
  }
  while (columns.length < table.headers.length) columns.push(newColumn(table.headers[columns.length]!));
  for (const r of sample) while (r.length < columns.length) r.push(null);
  return { name: table.name, source: table.source, format: table.format, rows, truncated: table.truncated, columns, sample };
}
