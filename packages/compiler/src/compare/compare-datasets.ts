import type { Diagnostic } from '@synth/spec';
import { diag } from '@synth/spec';
import type { Cell } from '../infer/read-samples.js';
import { identifier } from '../infer/read-samples.js';
import { profileScans, scanSamples, type ProfileOptions } from '../infer/profile-samples.js';
import type { ColumnProfile, DatasetProfile, TableProfile } from '../infer/profile-types.js';
import type { ColumnScan, TableScan } from '../infer/scan-table.js';
import { TEMPORAL_FORMATS } from '../infer/temporal-formats.js';
import { semanticMatchRate } from '../infer/semantic-types.js';
import { binOf, frequencies, ksTwoSample, pearson, quantileEdges, totalVariation } from './fidelity-metrics.js';

/**
 * Fidelity of generated data to a sample (docs/infer.md, "Compare"). Tables are matched by name, columns by name.
 * - Column shapes: 1 − KS statistic for numbers, dates and times; 1 − total variation distance for categories and
 *   booleans; for other text, whose values are meant to differ, 1 − the difference of the shares of values that
 *   have the sample's semantic type (e-mail, name, …) or match its induced pattern, else 1 − KS of the lengths.
 *   Multiplied by 1 − the
 *   difference of the null rates. Key columns are judged under keys instead.
 * - Column pairs: numbers both sides: 1 − |Δ correlation| / 2; otherwise 1 − TVD of the joint distribution
 *   (numbers cut into 10 bins at the sample's deciles).
 * - Keys: the sample's primary keys must be unique and non-null in the output, its foreign keys included in their
 *   parent; each scores the share that holds.
 * The score is the mean of the three parts that apply, as a percentage. Statistics are computed on a seeded uniform
 * sample of RESERVOIR_ROWS rows of each table (all of a smaller one), keys on every row.
 */

export interface ColumnScore {
  table: string;
  column: string;
  metric: 'ks' | 'tvd' | 'semantic' | 'pattern' | 'length-ks' | 'nulls-only' | 'missing';
  /** The distance the metric measured (KS or TVD), when it measured one. */
  distance?: number;
  sampleNullRate: number;
  outputNullRate?: number;
  /** 0–1. */
  score: number;
}

export interface PairScore {
  table: string;
  columns: [string, string];
  metric: 'correlation' | 'contingency';
  sample?: number;
  output?: number;
  score: number;
}

export interface KeyScore {
  table: string;
  column: string;
  kind: 'primary' | 'foreign';
  parent?: string;
  /** Duplicates or nulls (primary), values missing from the parent (foreign), in the output. */
  violations: number;
  score: number;
}

export interface CompareReport {
  /** 0–100. */
  score: number;
  parts: { shapes: number; pairs?: number; keys?: number };
  tables: Array<{ name: string; sampleRows: number; outputRows?: number }>;
  columns: ColumnScore[];
  pairs: PairScore[];
  keys: KeyScore[];
  /** The lowest-scoring columns, worst first. */
  worst: ColumnScore[];
}

export interface CompareOptions extends Omit<ProfileOptions, 'categories'> {
  /** Columns per table taken into pair trends (the first N that qualify; default 20). */
  maxPairColumns?: number;
}

const PAIR_BINS = 10;

/** Reads both sides and scores the output's fidelity to the sample. */
export async function compareSamples(samplePaths: string[], outputPaths: string[], options: CompareOptions = {}): Promise<{ value?: CompareReport; diagnostics: Diagnostic[]; usage?: boolean }> {
  const sample = await scanSamples(samplePaths, options);
  if (!sample.value) return { diagnostics: sample.diagnostics, ...(sample.usage ? { usage: true } : {}) };
  const output = await scanSamples(outputPaths, options);
  if (!output.value) return { diagnostics: output.diagnostics, ...(output.usage ? { usage: true } : {}) };
  const byName = new Map(output.value.map((t) => [t.name, t]));
  if (!sample.value.some((t) => byName.has(t.name))) {
    const detail = `sample: ${sample.value.map((t) => t.name).join(', ')}; output: ${output.value.map((t) => t.name).join(', ')}`;
    return { diagnostics: [diag('compareNoMatch', { detail })] };
  }
  return { value: compareScans(sample.value, output.value, options.maxPairColumns ?? 20), diagnostics: [] };
}

/** The scores of output scans against sample scans (pure). */
export function compareScans(sampleScans: TableScan[], outputScans: TableScan[], maxPairColumns = 20): CompareReport {
  const profile = profileScans(sampleScans, true);
  const outputs = new Map(outputScans.map((t) => [t.name, t]));
  const columns: ColumnScore[] = [];
  const pairs: PairScore[] = [];
  const keys: KeyScore[] = [];
  const keyColumns = keyColumnSet(profile);
  for (const [i, tp] of profile.tables.entries()) {
    const s = sampleScans[i]!;
    const o = outputs.get(tp.name);
    const comparable: Array<{ profile: ColumnProfile; sampleIndex: number; outputIndex: number }> = [];
    for (const [ci, cp] of tp.columns.entries()) {
      const oi = o ? columnIndex(o, cp.name) : -1;
      if (!o || oi < 0) {
        columns.push({ table: tp.name, column: cp.name, metric: 'missing', sampleNullRate: cp.nullRate, score: 0 });
        continue;
      }
      const score = columnScore(tp.name, cp, column(s, ci), column(o, oi), o.rows, keyColumns.has(`${tp.name}.${cp.name}`));
      if (score) columns.push(score);
      if (score && (score.metric === 'ks' || score.metric === 'tvd')) comparable.push({ profile: cp, sampleIndex: ci, outputIndex: oi });
    }
    if (o) pairs.push(...pairScores(tp.name, comparable.slice(0, maxPairColumns), s, o));
    if (o) keys.push(...keyScores(tp, profile, o, outputs));
  }
  const mean = (xs: number[]) => (xs.length === 0 ? undefined : xs.reduce((a, b) => a + b, 0) / xs.length);
  const shapes = mean(columns.map((c) => c.score)) ?? 0;
  const pairPart = mean(pairs.map((p) => p.score));
  const keyPart = mean(keys.map((k) => k.score));
  const parts = [shapes, pairPart, keyPart].filter((x): x is number => x !== undefined);
  const pctOf = (x: number) => Math.round(x * 1000) / 10;
  return {
    score: pctOf(mean(parts)!),
    parts: { shapes: pctOf(shapes), ...(pairPart !== undefined ? { pairs: pctOf(pairPart) } : {}), ...(keyPart !== undefined ? { keys: pctOf(keyPart) } : {}) },
    tables: profile.tables.map((t) => ({ name: t.name, sampleRows: t.rows, ...(outputs.has(t.name) ? { outputRows: outputs.get(t.name)!.rows } : {}) })),
    columns,
    pairs,
    keys,
    worst: [...columns].sort((a, b) => a.score - b.score).slice(0, 5),
  };
}

function keyColumnSet(profile: DatasetProfile): Set<string> {
  const s = new Set<string>();
  for (const t of profile.tables) if (t.primaryKey) s.add(`${t.name}.${t.primaryKey}`);
  for (const fk of profile.foreignKeys) s.add(`${fk.table}.${fk.column}`);
  return s;
}

function columnIndex(t: TableScan, name: string): number {
  return t.columns.findIndex((c) => identifier(c.header) === name);
}

interface ColumnView {
  scan: ColumnScan;
  cells: Cell[];
  rows: number;
}

function column(t: TableScan, i: number): ColumnView {
  return { scan: t.columns[i]!, cells: t.sample.map((r) => r[i] ?? null), rows: t.rows };
}

const nullRate = (v: ColumnView) => (v.rows === 0 ? 0 : (v.rows - v.scan.nonNull) / v.rows);

function columnScore(table: string, cp: ColumnProfile, s: ColumnView, o: ColumnView, outputRows: number, isKey: boolean): ColumnScore | undefined {
  if (isKey) return undefined;
  const base = { table, column: cp.name, sampleNullRate: round4(cp.nullRate), outputNullRate: round4(outputRows === 0 ? 0 : nullRate(o)) };
  const nullScore = 1 - Math.abs(base.sampleNullRate - base.outputNullRate);
  const kind = comparisonKind(cp);
  if (kind === 'none') return { ...base, metric: 'nulls-only', score: nullScore };
  let distance: number;
  const text = cp.text;
  if (kind === 'length' && (text?.semantic || text?.pattern)) {
    const sv = strings(s.cells);
    const ov = strings(o.cells);
    const rate = text.semantic ? (v: string[]) => semanticMatchRate(text.semantic!.kind, v) : (v: string[]) => patternMatchRate(text.pattern!.regex, v);
    distance = Math.abs(rate(sv) - rate(ov));
    return { ...base, metric: text.semantic ? 'semantic' : 'pattern', distance: round4(distance), score: (1 - distance) * nullScore };
  }
  if (kind === 'numeric' || kind === 'temporal' || kind === 'length') {
    const read = kind === 'numeric' ? toNumber : kind === 'temporal' ? temporalReader(cp.type) : (v: Cell) => String(v).length;
    distance = ksTwoSample(numbers(s.cells, read), numbers(o.cells, read));
  } else {
    distance = totalVariation(frequencies(labels(s.cells, cp.type)), frequencies(labels(o.cells, cp.type)));
  }
  return { ...base, metric: kind === 'category' ? 'tvd' : kind === 'length' ? 'length-ks' : 'ks', distance: round4(distance), score: (1 - distance) * nullScore };
}

type Kind = 'numeric' | 'temporal' | 'category' | 'length' | 'none';

function comparisonKind(cp: ColumnProfile): Kind {
  if (cp.type === 'empty' || cp.type === 'uuid') return 'none';
  if (cp.type === 'bool' || cp.categories) return 'category';
  if (cp.type === 'int' || cp.type === 'float' || cp.type === 'decimal') return 'numeric';
  if (cp.type === 'date' || cp.type === 'datetime' || cp.type === 'time') return 'temporal';
  return 'length';
}

const toNumber = (v: Cell) => (typeof v === 'number' ? v : Number(v));

function temporalReader(kind: ColumnProfile['type']): (v: Cell) => number {
  const formats = TEMPORAL_FORMATS.filter((f) => f.kind === kind || (kind === 'datetime' && f.id === 'date-iso'));
  return (v) => {
    const s = String(v);
    for (const f of formats) if (f.test.test(s)) return f.parse(s) ?? NaN;
    return NaN;
  };
}

function strings(cells: Cell[]): string[] {
  const out: string[] = [];
  for (const c of cells) if (c !== null) out.push(String(c));
  return out;
}

function patternMatchRate(regex: string, values: string[]): number {
  const re = new RegExp(`^(?:${regex})$`, 'u');
  let hits = 0;
  for (const v of values) if (re.test(v)) hits++;
  return values.length === 0 ? 0 : hits / values.length;
}

function numbers(cells: Cell[], read: (v: Cell) => number): number[] {
  const out: number[] = [];
  for (const c of cells) {
    if (c === null) continue;
    const x = read(c);
    if (Number.isFinite(x)) out.push(x);
  }
  return out.sort((a, b) => a - b);
}

/** Labels as text, booleans and numbers normalised (`TRUE` = `true`, `1.50` = `1.5`). */
function labels(cells: Cell[], type: ColumnProfile['type']): string[] {
  const out: string[] = [];
  for (const c of cells) {
    if (c === null) continue;
    out.push(type === 'bool' ? String(c).toLowerCase() : type === 'int' || type === 'decimal' || type === 'float' ? String(Number(c)) : String(c));
  }
  return out;
}

function pairScores(table: string, cols: Array<{ profile: ColumnProfile; sampleIndex: number; outputIndex: number }>, s: TableScan, o: TableScan): PairScore[] {
  const out: PairScore[] = [];
  const readers = cols.map((c) => valueReader(c.profile));
  for (let a = 0; a < cols.length; a++) {
    for (let b = a + 1; b < cols.length; b++) {
      const [ca, cb] = [cols[a]!, cols[b]!];
      const [ra, rb] = [readers[a]!, readers[b]!];
      const names: [string, string] = [ca.profile.name, cb.profile.name];
      if (ra.numeric && rb.numeric) {
        const cs = correlation(s.sample, ca.sampleIndex, cb.sampleIndex, ra.read, rb.read);
        const co = correlation(o.sample, ca.outputIndex, cb.outputIndex, ra.read, rb.read);
        out.push({ table, columns: names, metric: 'correlation', sample: round4(cs), output: round4(co), score: 1 - Math.abs(cs - co) / 2 });
      } else {
        const binA = binner(ra, s.sample, ca.sampleIndex);
        const binB = binner(rb, s.sample, cb.sampleIndex);
        const joint = (rows: Cell[][], ia: number, ib: number) => {
          const keys: string[] = [];
          for (const r of rows) if (r[ia] !== null && r[ib] !== null) keys.push(`${binA(r[ia]!)}\u0000${binB(r[ib]!)}`);
          return frequencies(keys);
        };
        const d = totalVariation(joint(s.sample, ca.sampleIndex, cb.sampleIndex), joint(o.sample, ca.outputIndex, cb.outputIndex));
        out.push({ table, columns: names, metric: 'contingency', score: 1 - d });
      }
    }
  }
  return out;
}

interface Reader {
  numeric: boolean;
  read: (v: Cell) => number;
  label: (v: Cell) => string;
}

function valueReader(cp: ColumnProfile): Reader {
  const kind = comparisonKind(cp);
  if (kind === 'numeric') return { numeric: true, read: toNumber, label: String };
  if (kind === 'temporal') return { numeric: true, read: temporalReader(cp.type), label: String };
  return { numeric: false, read: () => NaN, label: (v) => labels([v], cp.type)[0]! };
}

/** Categories as they are; numbers into the sample's decile bins. */
function binner(r: Reader, rows: Cell[][], index: number): (v: Cell) => string {
  if (!r.numeric) return r.label;
  const values = numbers(rows.map((row) => row[index] ?? null), r.read);
  const edges = quantileEdges(values, PAIR_BINS);
  return (v) => {
    const x = r.read(v);
    return Number.isFinite(x) ? String(binOf(x, edges)) : 'NaN';
  };
}

function correlation(rows: Cell[][], ia: number, ib: number, ra: (v: Cell) => number, rb: (v: Cell) => number): number {
  const xs: number[] = [];
  const ys: number[] = [];
  for (const r of rows) {
    if (r[ia] === null || r[ib] === null) continue;
    const x = ra(r[ia]!);
    const y = rb(r[ib]!);
    if (Number.isFinite(x) && Number.isFinite(y)) {
      xs.push(x);
      ys.push(y);
    }
  }
  return pearson(xs, ys);
}

function keyScores(tp: TableProfile, profile: DatasetProfile, o: TableScan, outputs: Map<string, TableScan>): KeyScore[] {
  const out: KeyScore[] = [];
  if (tp.primaryKey) {
    const i = columnIndex(o, tp.primaryKey);
    const c = o.columns[i];
    if (c) {
      const nulls = o.rows - c.nonNull;
      const duplicates = c.hashes ? c.nonNull - c.hashes.size : c.duplicates ? 1 : 0;
      const violations = nulls + duplicates;
      out.push({ table: tp.name, column: tp.primaryKey, kind: 'primary', violations, score: o.rows === 0 ? 1 : 1 - violations / o.rows });
    }
  }
  // Pairs are checked where the output's row sample is the whole table (as they were found in the sample).
  if (tp.compositeKey && o.sample.length === o.rows) {
    const [ia, ib] = tp.compositeKey.map((c) => columnIndex(o, c));
    if (ia! >= 0 && ib! >= 0) {
      const seen = new Set<string>();
      let violations = 0;
      for (const row of o.sample) {
        const key = `${String(row[ia!])}\u0000${String(row[ib!])}`;
        if (row[ia!] === null || row[ib!] === null || seen.has(key)) violations++;
        seen.add(key);
      }
      out.push({ table: tp.name, column: tp.compositeKey.join(', '), kind: 'primary', violations, score: o.rows === 0 ? 1 : 1 - violations / o.rows });
    }
  }
  for (const fk of profile.foreignKeys.filter((f) => f.table === tp.name)) {
    const child = o.columns[columnIndex(o, fk.column)];
    const parentTable = outputs.get(fk.parentTable);
    const parent = parentTable?.columns[columnIndex(parentTable, fk.parentColumn)];
    if (!child?.hashes) continue;
    let missing = 0;
    let missingRows = 0;
    for (const [h, n] of child.hashes) {
      if (!parent?.hashes?.has(h)) {
        missing++;
        missingRows += n;
      }
    }
    out.push({ table: tp.name, column: fk.column, kind: 'foreign', parent: `${fk.parentTable}.${fk.parentColumn}`, violations: missing, score: child.nonNull === 0 ? 1 : 1 - missingRows / child.nonNull });
  }
  return out;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
