import { CellRandom } from '../random/cell-random.js';
import type { CellValue, LogicalType } from '../types.js';
import type { ColumnSource } from './column-source.js';
import type { RowView } from './expression.js';
import { GenerationError, MAX_UNIQUE_REDRAWS, RowState, type RuntimeColumn, type TableRuntime } from './table-runtime.js';

/**
 * Column-at-a-time generation of a range of rows (issue 15, engine v2): each column is filled for every row of the
 * range before the next column starts, in generation order, so a column's loop runs one kernel over many rows
 * instead of the row-at-a-time walk's lazy, memoized cell lookups.
 *
 * Values are exactly those of the row walk (TableRuntime.rows): every cell is a pure function of its column's
 * stream at (row, attempt), both paths draw attempt 0 first, and a row that a check rejects at attempt 0 is made
 * again by the row walk. That is what lets the two paths mix freely (a child reading a parent row through
 * `rowAt` gets the same value either way) and what the golden files hold the fill to.
 */

/**
 * Whether a table's rows can be filled a column at a time; the rest walk rows. A unique tuple drawn with retries
 * reads other columns of its row while it redraws, and a table with both checks and retry-drawn values commits each
 * row's unique values only once the checks accept it, so the next row's draws depend on the previous row's accepted
 * attempt.
 */
export function canFillColumns(t: TableRuntime): boolean {
  if (t.retryColumns.some((c) => (c.source as Extract<ColumnSource, { kind: 'retry' }>).group !== undefined)) return false;
  return !(t.hasRetry && t.checks.length > 0);
}

/**
 * Rows [start, end) of one table, as one array per column (indexed like `t.columns`, i.e. generation order).
 * Commits retry-drawn unique values like `rows()` does, so the table's frontier moves to `end`.
 */
export function fillColumns(t: TableRuntime, start: number, end: number): CellValue[][] {
  if (t.hasRetry && start !== t.frontier && !covered(t, start, end)) {
    throw new Error(`internal: table ${t.table.name} has unique values drawn with retries and must be generated from row ${t.frontier}`);
  }
  const n = end - start;
  const cols: CellValue[][] = t.columns.map(() => new Array<CellValue>(n));
  const parents: Array<Float64Array | undefined> = t.columns.map((c) => (c.source.kind === 'ref' ? new Float64Array(n) : undefined));
  const view = new BatchRow(t, start, cols, parents);
  try {
    for (const c of t.columns) fillColumn(t, c, start, n, cols[c.index]!, parents[c.index], view);
    if (t.checks.length > 0) redoRejectedRows(t, start, n, cols, view);
  } catch (e) {
    // The row walk reports the first failing cell in row order: say what it would have said, so a diagnostic does
    // not depend on the path. With retry-drawn values the walk cannot start over (their values are committed).
    if (!(e instanceof GenerationError) || t.hasRetry) throw e;
    for (const _ of t.rows(start, end)) void _;
    throw e;
  }
  if (!covered(t, start, end)) t.frontier = Math.max(t.frontier, end);
  return cols;
}

/** The range's retry values were settled by the main thread (a worker's chunk): nothing is committed here. */
function covered(t: TableRuntime, start: number, end: number): boolean {
  const d = t.decided;
  return d !== undefined && start >= d.start && end <= d.end;
}

/** One column over the range, at attempt 0 (the attempt every row is first drawn at). */
function fillColumn(t: TableRuntime, c: RuntimeColumn, start: number, n: number, out: CellValue[], parents: Float64Array | undefined, view: BatchRow): void {
  const s = c.source;
  const nullRng = c.nullRate > 0 ? c.nullRng : undefined;
  const whenRng = c.when ? new CellRandom(c.whenRng.key) : undefined;
  const exprRng = c.expr ? new CellRandom(c.rng.key) : undefined;
  for (let r = 0; r < n; r++) {
    const i = start + r;
    if (nullRng && nullRng.at(i, 0).next() < c.nullRate) {
      out[r] = null;
      if (parents) parents[r] = -1;
      continue;
    }
    if (c.when) {
      view.r = r;
      if (t.evaluate(c.when, view, `${c.pointer}/when`, whenRng!.at(i, 0)) !== true) {
        out[r] = null;
        if (parents) parents[r] = -1;
        continue;
      }
    }
    switch (s.kind) {
      case 'sequence':
        out[r] = s.start + i * s.step;
        break;
      case 'draw':
        out[r] = t.draw(c, s.draw, i, 0);
        break;
      case 'permutation':
        out[r] = s.value(s.perm.at(i));
        break;
      case 'group':
        out[r] = s.value(t.groupDigit(i, s.group, s.digit));
        break;
      case 'ref': {
        const p = t.parentIndex(c, s, i, 0);
        parents![r] = p;
        out[r] = p < 0 ? null : cellAt(t.rt.table(s.table), s.column, p);
        break;
      }
      case 'expr':
        view.r = r;
        out[r] = t.exprValue(c, view, exprRng!.at(i, 0));
        break;
      case 'retry':
        out[r] = drawUnique(t, c, s, i);
        break;
      case 'series':
        out[r] = s.value(t.seriesPosition(i));
        break;
    }
  }
}

/**
 * A unique value drawn again until unseen, committed at once: rows are filled in order, and without checks a row
 * is never made again, so committing per cell is what `rows()` does per row.
 */
function drawUnique(t: TableRuntime, c: RuntimeColumn, s: Extract<ColumnSource, { kind: 'retry' }>, i: number): CellValue {
  const d = t.decided;
  if (d && i >= d.start && i < d.end) return d.values[c.retrySlot!]![i - d.start]!;
  for (let k = 0; k < MAX_UNIQUE_REDRAWS; k++) {
    const v = t.draw(c, s.draw, i, k);
    if (v === null) {
      if (c.stored) c.stored[i] = v;
      return v;
    }
    if (!c.seen!.has(v)) {
      c.seen!.add(v);
      if (c.stored) c.stored[i] = v;
      return v;
    }
  }
  throw t.rt.error('uniqueExhausted', { what: `'${t.table.name}.${c.planned.name}'`, row: i, attempts: MAX_UNIQUE_REDRAWS }, c.pointer);
}

/**
 * Rows whose attempt-0 values a check rejects are made again by the row walk, which retries the attempts in the
 * same order; only these rows ever get a per-row state.
 */
function redoRejectedRows(t: TableRuntime, start: number, n: number, cols: CellValue[][], view: BatchRow): void {
  for (let r = 0; r < n; r++) {
    view.r = r;
    let pass = true;
    for (const ch of t.checks) {
      if (t.evaluate(ch.compiled, view, ch.pointer) !== true) {
        pass = false;
        break;
      }
    }
    if (pass) continue;
    const row = new RowState(t, start + r, true);
    row.resolveAttempt();
    for (const c of t.columns) cols[c.index]![r] = row.getAt(c.index);
  }
}

/** Row r of a batch being filled, as expressions see it; it reads only columns already filled (dependencies first). */
class BatchRow implements RowView {
  r = 0;

  constructor(
    private readonly t: TableRuntime,
    private readonly start: number,
    private readonly cols: CellValue[][],
    private readonly parents: Array<Float64Array | undefined>,
  ) {}

  /** The table row (for diagnostics). */
  get index(): number {
    return this.start + this.r;
  }

  get(column: string): CellValue {
    return this.cols[this.t.column(column).index]![this.r]!;
  }

  typeOf(column: string): LogicalType {
    return this.t.column(column).planned.info.type;
  }

  ref(alias: string): RowView | null {
    const name = this.t.aliasColumn(alias);
    if (name === undefined) return null;
    const c = this.t.column(name);
    const p = this.parents[c.index]![this.r]!;
    if (p < 0) return null;
    const s = c.source as Extract<ColumnSource, { kind: 'ref' }>;
    // One view per alias, moved to the row: an expression reads its parent's values as soon as it has the view.
    let view = this.parentViews.get(alias);
    if (!view) this.parentViews.set(alias, (view = new ParentRow(this.t.rt.table(s.table))));
    view.index = p;
    return view;
  }

  private readonly parentViews = new Map<string, ParentRow>();
}

/** A parent row as a child's expression reads it: cells computed straight from their columns where they can be. */
class ParentRow implements RowView {
  index = 0;

  constructor(private readonly t: TableRuntime) {}

  get(column: string): CellValue {
    return cellAt(this.t, column, this.index);
  }

  typeOf(column: string): LogicalType {
    return this.t.column(column).planned.info.type;
  }

  ref(alias: string): RowView | null {
    return this.t.rowAt(this.index).ref(alias);
  }
}

/**
 * Row i's value of a column of table t, as the row walk would give it. A cell that reads nothing of its row and is
 * drawn at attempt 0 (the table has no checks, or the column keeps its value across them) is computed directly;
 * any other goes through the table's row cache. Children read their parents this way: a RowState per parent row
 * was most of what a child table left for the garbage collector.
 */
export function cellAt(t: TableRuntime, column: string, i: number): CellValue {
  const c = t.column(column);
  const s = c.source;
  const direct = s.kind === 'sequence' || s.kind === 'draw' || s.kind === 'permutation';
  if (!direct || c.when || (t.checks.length > 0 && !c.attemptFree)) return t.rowAt(i).getAt(c.index);
  if (c.nullRate > 0 && c.nullRng.at(i, 0).next() < c.nullRate) return null;
  return s.kind === 'sequence' ? s.start + i * s.step : s.kind === 'draw' ? t.draw(c, s.draw, i, 0) : s.value(s.perm.at(i));
}
