import { roundTo } from '../generators/cel-values.js';
import { CellRandom, streamKey } from '../random/cell-random.js';
import type { Spec } from '@synth/spec';
import type { CellValue, Plan, PlannedTable, RowBatch } from '../types.js';
import { CELL_FLAWS, planTableFlaws, type CellFlaw, type ColumnFlaws, type TableFlaws } from './flaw-plan.js';

/**
 * Which cells and rows a table's quality controls hit, and what they become (docs/quality.md). Every decision is
 * a pure function of (seed, table, column, row, flaw), like every generated value, so any worker or shard injects
 * the same flaws, and the report can list them without remembering anything.
 */
export class FlawOracle {
  private readonly streams: CellRandom[];
  private readonly duplicateStream: CellRandom;

  constructor(seed: string, readonly flaws: TableFlaws) {
    this.streams = flaws.columns.map((c) => new CellRandom(streamKey(seed, flaws.table, c.column, '#flaws')));
    this.duplicateStream = new CellRandom(streamKey(seed, flaws.table, '#duplicates'));
  }

  /** Whether row `row` repeats an earlier row (row 0 never does: it has none). */
  isDuplicate(row: number): boolean {
    return row > 0 && this.flaws.duplicates > 0 && this.duplicateStream.at(row).next() < this.flaws.duplicates;
  }

  /** Whether flaw `f` hits column number `k` (of `flaws.columns`) in `row`. */
  hits(k: number, f: CellFlaw, row: number): boolean {
    const rate = this.flaws.columns[k]!.rates[f];
    // Each flaw decides on its own draw (the attempt slot of the stream), so rates do not interact.
    return rate !== undefined && this.streams[k]!.at(row, CELL_FLAWS.indexOf(f)).next() < rate;
  }

  /** Whether any flaw touched column `name` of `row` (a duplicated row counts for every column). */
  isDirty(name: string | undefined, row: number): boolean {
    if (this.isDuplicate(row)) return true;
    if (name === undefined) return false;
    const k = this.flaws.columns.findIndex((c) => c.column === name);
    return k >= 0 && CELL_FLAWS.some((f) => this.hits(k, f, row));
  }

  /** The value of column number `k` in `row` after its cell flaws. */
  flawed(k: number, row: number, value: CellValue): CellValue {
    if (value === null) return value;
    const c = this.flaws.columns[k]!;
    if (this.hits(k, 'nulls', row)) return null;
    // The flaw's details (which letters, which case) come from the draws after its decision.
    const rng = (f: CellFlaw) => {
      const r = this.streams[k]!.at(row, CELL_FLAWS.indexOf(f));
      r.next();
      return r;
    };
    let v = value;
    if (typeof v === 'number' && this.hits(k, 'outliers', row)) v = outlier(v, c, rng('outliers'));
    if (typeof v === 'string') {
      if (this.hits(k, 'typos', row)) v = typo(v, rng('typos'));
      if (this.hits(k, 'whitespace', row)) v = strayWhitespace(v, rng('whitespace'));
      if (this.hits(k, 'case', row)) v = otherCase(v, rng('case'));
    }
    return v;
  }
}

/**
 * Injects a table's flaws into its batches, in row order. A duplicated row repeats the nearest earlier row that is
 * not itself a duplicate, as written (with that row's own cell flaws); `rowValues(k)` recomputes that row when it
 * lies before the first batch (a shard's or a worker chunk's first rows).
 */
export class FlawInjector {
  private previous?: { row: number; values: CellValue[] };

  constructor(readonly oracle: FlawOracle, private readonly rowValues: (row: number) => CellValue[]) {}

  apply(batch: RowBatch): RowBatch {
    const cols = batch.columns;
    const flawed = this.oracle.flaws.columns;
    for (let r = 0; r < batch.rowCount; r++) {
      const row = batch.startRow + r;
      if (this.oracle.isDuplicate(row)) {
        const source = this.sourceOf(row, r > 0 ? { row: row - 1, values: cols.map((c) => c[r - 1]!) } : this.previous);
        for (let k = 0; k < cols.length; k++) cols[k]![r] = source[k]!;
        continue;
      }
      for (let k = 0; k < flawed.length; k++) {
        const index = flawed[k]!.index;
        cols[index]![r] = this.oracle.flawed(k, row, cols[index]![r]!);
      }
    }
    if (batch.rowCount > 0) this.previous = { row: batch.startRow + batch.rowCount - 1, values: cols.map((c) => c[batch.rowCount - 1]!) };
    return batch;
  }

  /** The written values of the row a duplicate at `row` repeats; `before` is row - 1 as written, when known. */
  private sourceOf(row: number, before: { row: number; values: CellValue[] } | undefined): CellValue[] {
    if (before && before.row === row - 1) return before.values;
    let k = row - 1;
    while (this.oracle.isDuplicate(k)) k--;
    const values = this.rowValues(k);
    const flawed = this.oracle.flaws.columns;
    for (let j = 0; j < flawed.length; j++) values[flawed[j]!.index] = this.oracle.flawed(j, k, values[flawed[j]!.index]!);
    return values;
  }
}

function outlier(v: number, c: ColumnFlaws, rng: CellRandom): number {
  const m = c.magnitude;
  // Zero scaled by anything is still zero: it becomes ±magnitude instead.
  let x = v === 0 ? m : rng.next() < 0.5 ? v * m : v / m;
  if (rng.next() < 0.5 && v === 0) x = -x;
  if (c.type === 'int') {
    const rounded = Math.round(x);
    return rounded === v ? v + (v >= 0 ? 1 : -1) * m : rounded;
  }
  return c.scale !== undefined ? roundTo(x, c.scale) : x;
}

/** Two adjacent, different characters swapped (a one-character string gets its character doubled). */
export function typo(s: string, rng: CellRandom): string {
  const chars = [...s];
  if (chars.length >= 2) {
    const start = rng.int(0, chars.length - 2);
    for (let d = 0; d < chars.length - 1; d++) {
      const i = (start + d) % (chars.length - 1);
      if (chars[i] === chars[i + 1]) continue;
      [chars[i], chars[i + 1]] = [chars[i + 1]!, chars[i]!];
      return chars.join('');
    }
  }
  return chars.length ? chars[0]! + chars.join('') : s;
}

/** A leading, trailing or doubled space. */
export function strayWhitespace(s: string, rng: CellRandom): string {
  const where = rng.int(0, 2);
  const space = s.indexOf(' ');
  if (where === 2 && space >= 0) return `${s.slice(0, space)} ${s.slice(space)}`;
  return where === 0 ? ` ${s}` : `${s} `;
}

/** UPPER, lower or Title case, whichever differs from the value (strings without letters stay as they are). */
export function otherCase(s: string, rng: CellRandom): string {
  const forms = [s.toUpperCase(), s.toLowerCase(), s.toLowerCase().replace(/(^|\s)(\p{L})/gu, (_, a: string, b: string) => a + b.toUpperCase())];
  const start = rng.int(0, 2);
  for (let d = 0; d < 3; d++) {
    const f = forms[(start + d) % 3]!;
    if (f !== s) return f;
  }
  return s;
}

const oracles = new WeakMap<object, Map<string, FlawOracle | undefined>>();

/** The flaw oracle of table `t` of a plan (undefined when it has no flaws), built once per plan. */
export function flawOracle(plan: Plan, spec: Spec, t: PlannedTable): FlawOracle | undefined {
  let byTable = oracles.get(plan);
  if (!byTable) oracles.set(plan, (byTable = new Map()));
  if (!byTable.has(t.name)) {
    const flaws = planTableFlaws(spec, t);
    byTable.set(t.name, flaws ? new FlawOracle(plan.seed, flaws) : undefined);
  }
  return byTable.get(t.name);
}
