import { diag, normalizeColumn, pointerOf, referenceAliases, type Diagnostic, type Spec, type SpecDocument } from '@synth/spec';
import { ExpressionResultError, fromCel } from '../generators/cel-values.js';
import { createFakerSource, type FakerSource } from '../generators/faker-source.js';
import { NestedDrawError } from '../generators/nested-value.js';
import { enumerableDomain } from '../plan/column-info.js';
import { planTableFlaws } from '../quality/flaw-plan.js';
import { childCounter, FamilyIndex } from '../plan/row-counts.js';
import { CellRandom, streamKey } from '../random/cell-random.js';
import { Permutation } from '../random/permutation.js';
import { SeenFilter } from './seen-filter.js';
import type { CellValue, LogicalType, Plan, PlannedColumn, PlannedTable } from '../types.js';
import type { PluginSet } from '../plugins/plugin-set.js';
import { buildColumnSource, buildGroupSource, isAttemptFree, type ColumnSource, type GroupSource, type PluginContext } from './column-source.js';
import { compileExpression, ExpressionError, ExpressionLimitError, type CompiledExpression, type RowView } from './expression.js';

/** Check retries per row before the spec is declared unsatisfiable (docs/spec.md#checks). */
export const MAX_CHECK_ATTEMPTS = 100;
/** Redraws of a unique column before giving up (SYN404). */
export const MAX_UNIQUE_REDRAWS = 1000;
/** Parent rows kept for children that read them; families are contiguous, so hits are the rule. */
const ROW_CACHE_SIZE = 2048;

/** A problem found while generating rows: it carries the diagnostic the user sees. */
export class GenerationError extends Error {
  constructor(readonly diagnostic: Diagnostic) {
    super(diagnostic.message);
  }
}

/** A read of a value drawn with retries in a row not generated yet (only the plan-time probe does this). */
export class NotYetGenerated extends Error {}

export interface RuntimeColumn {
  planned: PlannedColumn;
  index: number;
  source: ColumnSource;
  attemptFree: boolean;
  rng: CellRandom;
  nullRng: CellRandom;
  whenRng: CellRandom;
  nullRate: number;
  when?: CompiledExpression;
  expr?: CompiledExpression;
  /** Seen values of a `retry` unique column (or tuples of its group), committed when a row is accepted. */
  seen?: SeenFilter;
  /**
   * Accepted values by row, when another row reads them. Values drawn with retries depend on every earlier
   * row, so they cannot be recomputed: they are kept (O(rows) memory) for later tables and self-references.
   */
  stored?: CellValue[];
  /** Position among the table's retry columns (the order of `candidates()` and `settle()`). */
  retrySlot?: number;
  pointer: string;
}

/** Builds and holds every table's runtime; tables look each other up to recompute parent rows. */
export class PlanRuntime {
  readonly faker: FakerSource;
  private readonly tables = new Map<string, TableRuntime>();
  private readonly rowCounts: Map<string, number>;
  /** `table.column`s read from rows other than the one being generated. */
  readonly crossRowReads: Set<string>;

  /**
   * Whether a read of a value drawn with retries beyond what was generated may generate the rows up to it.
   * The plan-time probe says no (it would generate whole tables to probe 64 rows); builds, shards and
   * previews say yes, so a table that no output wants, or a shard's rows past its range, cost only what is read.
   */
  constructor(readonly plan: Plan, readonly spec: Spec, readonly doc?: SpecDocument, readonly advanceOnRead = true, readonly plugins?: PluginSet) {
    this.faker = createFakerSource(plan.locale);
    this.rowCounts = new Map(plan.tables.map((t) => [t.name, t.rowCount]));
    this.crossRowReads = new Set(plan.tables.flatMap((t) => t.crossRowReads.map((c) => `${t.name}.${c}`)));
    for (const t of plan.tables) this.tables.set(t.name, new TableRuntime(this, t, (planTableFlaws(spec, t)?.duplicates ?? 0) > 0));
  }

  table(name: string): TableRuntime {
    return this.tables.get(name)!;
  }

  rowCount(name: string): number {
    return this.rowCounts.get(name) ?? 0;
  }

  /** What a plugin generator column gets: the plugins, and its failures as SYN432 at the column's type. */
  pluginContext(table: string, column: PlannedColumn): PluginContext | undefined {
    if (!this.plugins) return undefined;
    const n = normalizeColumn(column.spec);
    // Only plugin columns ask for it; the type names the plugin and its generator.
    const type = n.kind === 'plugin' ? n.spec.type : '';
    const pointer = pointerOf('tables', table, 'columns', column.name, 'type');
    return {
      plugins: this.plugins,
      locale: this.plan.locale,
      fail: (detail, row) => {
        throw this.error('pluginFailed', { what: 'generator', name: `'${type}'`, plugin: `'${type.split('/')[0]}'`, row, table: `'${table}'`, detail }, pointer);
      },
    };
  }

  error(id: Parameters<typeof diag>[0], args: Record<string, unknown>, pointer: string): GenerationError {
    return new GenerationError(diag(id, args, { ...(this.doc ? { doc: this.doc } : {}), pointer }));
  }
}

/**
 * One table's rows as a function of the row index. `rowAt(i)` recomputes any row (for children reading
 * their parent), `rows()` walks them in order, which is also the only place unique values drawn with
 * retries are committed.
 */
export class TableRuntime {
  readonly columns: RuntimeColumn[];
  private readonly byName = new Map<string, RuntimeColumn>();
  private readonly groups: Array<GroupSource | undefined>;
  private readonly groupPerms: Permutation[] = [];
  readonly checks: Array<{ compiled: CompiledExpression; label: string; pointer: string }>;
  private readonly aliases: Map<string, { table: string; column: string }>;
  private readonly cache = new Map<number, RowState>();
  /** Rows generated in order so far (rows below it have committed unique values). */
  frontier = 0;
  private families?: FamilyIndex;
  /** Holds values drawn with retries: generated in full before any later table reads it. */
  readonly hasRetry: boolean;
  /** Its columns drawn with retries, in column order. */
  readonly retryColumns: RuntimeColumn[];
  /**
   * Whether worker threads may draw its retry columns without knowing the values earlier rows took
   * (docs/scale-out.md#workers): a redraw then changes nothing but the redrawn cell, because no check retries the
   * row, no quality control duplicates rows, no tuple spans columns and no row of the table reads another's value.
   */
  readonly speculative: boolean;
  /** Values of retry columns settled by the main thread, for the chunk a worker is generating. */
  decided?: { start: number; end: number; values: CellValue[][] };
  /** A worker drawing candidates: retry columns take their first draw, unchecked. */
  private drawingCandidates = false;
  /** Accepted check attempt per row, kept with `stored` values so earlier rows recompute exactly. */
  private acceptedAttempts?: GrowableBytes;

  constructor(readonly rt: PlanRuntime, readonly table: PlannedTable, duplicatesRows = false) {
    const { spec, plan } = rt;
    const seed = plan.seed;
    const tp = pointerOf('tables', table.name);
    this.aliases = referenceAliases(spec.tables[table.name]!);
    const domainOf = (c: PlannedColumn) => (c.generator === 'ref' ? rt.rowCount(c.references!.split('.')[0]!) : enumerableDomain(c.spec).size!);
    this.groups = table.uniqueGroups.map((_, g) => buildGroupSource(table, g, domainOf));
    this.groups.forEach((g, i) => {
      if (g) this.groupPerms[i] = new Permutation(g.size, streamKey(seed, table.name, `#group${i}`));
    });
    this.columns = table.columns.map((planned, index) => {
      const source = buildColumnSource(seed, table, planned, rt.faker, this.groups, (t) => rt.rowCount(t), rt.pluginContext(table.name, planned), spec);
      const pointer = pointerOf('tables', table.name, 'columns', planned.name);
      const compile = (src: string | undefined, key: string) => {
        if (typeof src !== 'string') return undefined;
        try {
          return compileExpression(spec, table.name, src);
        } catch (e) {
          throw rt.error('badExpression', { detail: e instanceof Error ? e.message.split('\n')[0] : String(e) }, `${pointer}/${key}`);
        }
      };
      const rc: RuntimeColumn = {
        planned,
        index,
        source,
        attemptFree: isAttemptFree(source, planned),
        rng: new CellRandom(streamKey(seed, table.name, planned.name)),
        nullRng: new CellRandom(streamKey(seed, table.name, planned.name, '#nulls')),
        whenRng: new CellRandom(streamKey(seed, table.name, planned.name, '#when')),
        nullRate: planned.spec.nulls ?? 0,
        pointer,
      };
      const when = compile(planned.spec.when, 'when');
      if (when) rc.when = when;
      if (source.kind === 'expr') rc.expr = compile(source.source, 'expr')!;
      if (source.kind === 'retry') {
        rc.seen = new SeenFilter();
        if (rt.crossRowReads.has(`${table.name}.${planned.name}`)) rc.stored = [];
      }
      return rc;
    });
    for (const c of this.columns) this.byName.set(c.planned.name, c);
    this.hasRetry = this.columns.some((c) => c.seen);
    this.retryColumns = this.columns.filter((c) => c.seen);
    this.retryColumns.forEach((c, j) => (c.retrySlot = j));
    this.checks = table.checks.map((ch, i) => ({
      compiled: compileExpression(spec, table.name, ch.expr),
      label: ch.message ? `'${ch.message}'` : `'${ch.expr}'`,
      pointer: `${tp}/checks/${i}`,
    }));
    const readElsewhere = table.columns.some((c) => rt.crossRowReads.has(`${table.name}.${c.name}`));
    if (this.hasRetry && this.checks.length > 0 && readElsewhere) this.acceptedAttempts = new GrowableBytes();
    const selfRead = this.columns.some((c) => c.source.kind === 'ref' && c.source.table === table.name) && this.retryColumns.some((c) => rt.crossRowReads.has(`${table.name}.${c.planned.name}`));
    this.speculative =
      this.hasRetry && this.checks.length === 0 && !selfRead && !duplicatesRows && this.retryColumns.every((c) => (c.source as Extract<ColumnSource, { kind: 'retry' }>).group === undefined);
  }

  column(name: string): RuntimeColumn {
    return this.byName.get(name)!;
  }

  /** Row i as the build wrote it (or will write it). */
  rowAt(i: number): RowState {
    let row = this.cache.get(i);
    if (row) return row;
    row = new RowState(this, i, false);
    if (this.cache.size >= ROW_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(i, row);
    return row;
  }

  /** Rows [start, end) in order, each accepted by the checks, with their unique values committed. */
  *rows(start = 0, end = this.table.rowCount): Generator<RowState> {
    if (this.hasRetry && start !== this.frontier) {
      throw new Error(`internal: table ${this.table.name} has unique values drawn with retries and must be generated from row ${this.frontier}`);
    }
    for (let i = start; i < end; i++) {
      const row = new RowState(this, i, true);
      row.resolveAttempt();
      for (const c of this.columns) row.getAt(c.index);
      if (this.hasRetry) this.commit(row);
      this.acceptedAttempts?.set(i, row.attempt);
      this.frontier = i + 1;
      yield row;
    }
  }

  /**
   * Worker side of a speculative table: each retry column's first draw for rows [start, end), unchecked against
   * earlier rows (null where the cell is null). The main thread settles them (`settle`).
   */
  candidates(start: number, end: number): CellValue[][] {
    const out = this.retryColumns.map(() => new Array<CellValue>(end - start));
    this.drawingCandidates = true;
    try {
      for (let i = start; i < end; i++) {
        const row = new RowState(this, i, true);
        for (const c of this.retryColumns) out[c.retrySlot!]![i - start] = row.getAt(c.index);
      }
    } finally {
      this.drawingCandidates = false;
    }
    return out;
  }

  /**
   * Main-thread side: the candidates for the rows from the frontier on become the values one thread would have
   * drawn. A candidate an earlier row took (or the Bloom filter says so) is drawn again here, exactly as `rows()`
   * would; the rest are committed as they are. Replaces the candidates in place.
   */
  settle(start: number, values: CellValue[][]): void {
    if (start !== this.frontier) throw new Error(`internal: ${this.table.name} settles row ${start}, expected ${this.frontier}`);
    const n = values[0]?.length ?? 0;
    for (let r = 0; r < n; r++) {
      const i = start + r;
      let row: RowState | undefined;
      for (const c of this.retryColumns) {
        const v = values[c.retrySlot!]![r]!;
        if (v !== null && c.seen!.has(v)) values[c.retrySlot!]![r] = (row ??= new RowState(this, i, true)).getAt(c.index);
      }
      for (const c of this.retryColumns) {
        const v = values[c.retrySlot!]![r]!;
        if (c.stored) c.stored[i] = v;
        if (v !== null) c.seen!.add(v);
      }
      this.frontier = i + 1;
    }
  }

  /** Worker side: rows [start, end) with the retry values the main thread settled; nothing is committed. */
  *settledRows(start: number, end: number, values: CellValue[][]): Generator<RowState> {
    this.decided = { start, end, values };
    try {
      for (let i = start; i < end; i++) {
        const row = new RowState(this, i, true);
        row.resolveAttempt();
        for (const c of this.columns) row.getAt(c.index);
        yield row;
      }
    } finally {
      this.decided = undefined;
    }
  }

  /** Generates (and discards) rows until `n` rows have committed their unique values. */
  advanceTo(n: number): void {
    for (const _ of this.rows(this.frontier, Math.min(n, this.table.rowCount))) void _;
  }

  private commit(row: RowState): void {
    for (const c of this.columns) {
      if (!c.seen) continue;
      const v = row.valueAt(c.index);
      if (c.stored) c.stored[row.index] = v;
      const source = c.source as Extract<ColumnSource, { kind: 'retry' }>;
      if (v === null) continue;
      c.seen.add(source.group === undefined ? v : this.tupleKey(row, source.group));
    }
  }

  tupleKey(row: RowState, group: number): string {
    return this.table.uniqueGroups[group]!.columns.map((n) => JSON.stringify(row.get(n))).join('\u0001');
  }

  /** The attempt at which row i passes every check (0 when the table has none). */
  resolveAttempt(row: RowState): void {
    if (this.acceptedAttempts && !row.current && row.index >= this.frontier && this.rt.advanceOnRead) this.advanceTo(row.index + 1);
    const known = row.current ? undefined : this.acceptedAttempts?.get(row.index);
    if (known !== undefined) {
      row.attempt = known;
      return;
    }
    if (this.checks.length === 0) {
      row.attempt = 0;
      return;
    }
    for (let a = 0; a < MAX_CHECK_ATTEMPTS; a++) {
      row.reset(a);
      if (this.checks.every((ch) => this.evalCheck(ch, row))) return;
    }
    const failing = this.checks.find((ch) => !this.evalCheck(ch, row))!;
    throw this.rt.error('checkUnsatisfiable', { check: failing.label, row: row.index, table: `'${this.table.name}'`, attempts: MAX_CHECK_ATTEMPTS }, failing.pointer);
  }

  private evalCheck(ch: { compiled: CompiledExpression; pointer: string }, row: RowState): boolean {
    return this.evaluate(ch.compiled, row, ch.pointer) === true;
  }

  evaluate(e: CompiledExpression, row: RowView & { readonly index: number }, pointer: string, rng?: CellRandom): unknown {
    try {
      return e.evaluate(row, rng);
    } catch (err) {
      if (err instanceof GenerationError || err instanceof NotYetGenerated) throw err;
      const detail = err instanceof Error ? err.message : String(err);
      if (err instanceof ExpressionLimitError) throw this.rt.error('exprTooLarge', { expr: `'${e.source}'`, row: row.index, table: `'${this.table.name}'`, detail }, pointer);
      throw this.rt.error('exprRuntime', { expr: `'${e.source}'`, row: row.index, table: `'${this.table.name}'`, detail }, pointer);
    }
  }

  /** Computes column `c` of `row` (its dependencies are computed on demand through the row). */
  compute(c: RuntimeColumn, row: RowState): CellValue {
    const i = row.index;
    const attempt = c.attemptFree ? 0 : row.attempt;
    if (c.nullRate > 0 && c.nullRng.at(i, attempt).next() < c.nullRate) return null;
    // Expressions get a cursor of their own: computing their inputs may recompute other rows of this very
    // column (a self-reference reading its parent's value), which repositions the column's shared cursor.
    if (c.when && this.evaluate(c.when, row, `${c.pointer}/when`, new CellRandom(c.whenRng.key).at(i, attempt)) !== true) return null;
    const s = c.source;
    switch (s.kind) {
      case 'sequence':
        return s.start + i * s.step;
      case 'draw':
        return this.draw(c, s.draw, i, attempt);
      case 'permutation':
        return s.value(s.perm.at(i));
      case 'group':
        return s.value(this.groupDigit(i, s.group, s.digit));
      case 'ref': {
        const p = this.parentIndex(c, s, i, attempt);
        row.parents[c.index] = p;
        if (p < 0) return null;
        return this.rt.table(s.table).rowAt(p).get(s.column);
      }
      case 'expr':
        return this.exprValue(c, row, new CellRandom(c.rng.key).at(i, attempt));
      case 'retry':
        return this.drawUnique(c, s, row, attempt);
      case 'series':
        return s.value(this.seriesPosition(i));
    }
  }

  /** An `expr` column's value in `row`, drawn from `rng` positioned at the cell, as its logical type. */
  exprValue(c: RuntimeColumn, row: RowView & { readonly index: number }, rng: CellRandom): CellValue {
    const v = this.evaluate(c.expr!, row, `${c.pointer}/expr`, rng);
    try {
      return fromCel(v, c.planned.info.type, c.planned.info.scale);
    } catch (e) {
      if (!(e instanceof ExpressionResultError)) throw e;
      throw this.rt.error('exprRuntime', { expr: `'${c.expr!.source}'`, row: row.index, table: `'${this.table.name}'`, detail: e.message }, `${c.pointer}/expr`);
    }
  }

  draw(c: RuntimeColumn, draw: (rng: CellRandom) => CellValue, row: number, attempt: number): CellValue {
    try {
      return draw(c.rng.at(row, attempt));
    } catch (e) {
      if (e instanceof GenerationError) throw e;
      // A document's field names its own method and place (e.g. helpers.shuffle at …/fields/x), not 'object'.
      if (e instanceof NestedDrawError) throw this.rt.error('badFakerArgs', { type: `'${e.type}'`, detail: e.message }, `${c.pointer}${e.pointer}`);
      throw this.rt.error('badFakerArgs', { type: `'${c.planned.generator}'`, detail: e instanceof Error ? e.message : String(e) }, c.pointer);
    }
  }

  private drawUnique(c: RuntimeColumn, s: Extract<ColumnSource, { kind: 'retry' }>, row: RowState, attempt: number): CellValue {
    const d = this.decided;
    if (d && row.index >= d.start && row.index < d.end) return d.values[c.retrySlot!]![row.index - d.start]!;
    if (this.drawingCandidates && row.current) return this.draw(c, s.draw, row.index, attempt * 1024);
    if (!row.current) {
      if (row.index >= this.frontier && this.rt.advanceOnRead) this.advanceTo(row.index + 1);
      if (row.index < this.frontier && c.stored) return c.stored[row.index]!;
      if (!c.stored) throw new Error(`internal: ${this.table.name}.${c.planned.name} is read from another row but its values are not kept`);
      throw new NotYetGenerated(`internal: ${this.table.name}.${c.planned.name} is drawn with retries and is read at row ${row.index} before it was generated`);
    }
    for (let k = 0; k < MAX_UNIQUE_REDRAWS; k++) {
      const v = this.draw(c, s.draw, row.index, attempt * 1024 + k);
      if (v === null) return v;
      if (s.group === undefined) {
        if (!c.seen!.has(v)) return v;
        continue;
      }
      row.values[c.index] = v; // the tuple key reads this column through the row
      row.state[c.index] = DONE;
      const key = this.tupleKey(row, s.group);
      row.state[c.index] = COMPUTING;
      if (!c.seen!.has(key)) return v;
    }
    const what = s.group === undefined ? `'${this.table.name}.${c.planned.name}'` : `(${this.table.uniqueGroups[s.group]!.columns.join(', ')}) of '${this.table.name}'`;
    throw this.rt.error('uniqueExhausted', { what, row: row.index, attempts: MAX_UNIQUE_REDRAWS }, c.pointer);
  }

  /** The parent row a reference column of row i points at (-1: none). */
  parentIndex(c: RuntimeColumn, s: Extract<ColumnSource, { kind: 'ref' }>, i: number, attempt: number): number {
    const n = this.rt.rowCount(s.table);
    switch (s.strategy) {
      case 'per-parent':
        return this.familyOf(i);
      case 'self':
        return i === 0 ? -1 : c.rng.at(i, attempt).int(0, i - 1);
      case 'random':
        return n === 0 ? -1 : c.rng.at(i, attempt).int(0, n - 1);
      case 'permutation':
        return s.perm!.at(i);
      case 'group':
        return this.groupDigit(i, s.group!, s.digit!);
    }
  }

  /** Row i's series (its parent row), its position in it and the series' length (docs/timeseries.md). */
  seriesPosition(i: number): { row: number; series: number; position: number; size: number } {
    const series = this.familyOf(i);
    const index = this.familyIndex();
    const offset = index.offsetOf(series);
    return { row: i, series, position: i - offset, size: (series + 1 < index.parents ? index.offsetOf(series + 1) : index.total) - offset };
  }

  /** The parent row whose family row i belongs to (rows per parent are contiguous). */
  familyOf(i: number): number {
    return this.familyIndex().familyOf(i);
  }

  private familyIndex(): FamilyIndex {
    if (!this.families) {
      const pp = this.table.perParent!;
      const count = (this.rt.spec.tables[this.table.name]!.rows as { count: Parameters<typeof childCounter>[2] }).count;
      this.families = new FamilyIndex(childCounter(this.rt.plan.seed, this.table.name, count), this.rt.rowCount(pp.table));
    }
    return this.families;
  }

  /** Row i's digit of its unique group's permuted index: the member's position in its own domain. */
  groupDigit(i: number, group: number, digit: number): number {
    const g = this.groups[group]!;
    let index: number;
    if (g.strategy === 'per-parent') {
      const p = this.familyOf(i);
      const perm = new Permutation(g.size, streamKey(this.rt.plan.seed, this.table.name, `#group${group}`), p);
      index = perm.at(i - this.familyIndex().offsetOf(p));
    } else {
      index = this.groupPerms[group]!.at(i);
    }
    for (let d = 0; d < digit; d++) index = Math.floor(index / g.radices[d]!);
    return index % g.radices[digit]!;
  }

  /** alias → the reference column that holds it. */
  aliasColumn(alias: string): string | undefined {
    return this.aliases.get(alias)?.column;
  }
}

const PENDING = 0;
const COMPUTING = 1;
const DONE = 2;

/** One row's values, computed lazily and memoized; what expressions see as `RowView`. */
export class RowState implements RowView {
  readonly values: CellValue[];
  readonly state: Uint8Array;
  /** Parent row index chosen by each reference column (-1: null). */
  readonly parents: Float64Array;
  /** The check attempt this row was accepted at; -1 until resolved. */
  attempt = -1;

  constructor(readonly runtime: TableRuntime, readonly index: number, readonly current: boolean) {
    const n = runtime.columns.length;
    this.values = new Array<CellValue>(n);
    this.state = new Uint8Array(n);
    this.parents = new Float64Array(n);
  }

  resolveAttempt(): void {
    if (this.attempt < 0) this.runtime.resolveAttempt(this);
  }

  /** Starts over at another attempt, keeping the values that do not depend on it. */
  reset(attempt: number): void {
    this.attempt = attempt;
    for (const c of this.runtime.columns) if (!c.attemptFree) this.state[c.index] = PENDING;
  }

  get(column: string): CellValue {
    return this.getAt(this.runtime.column(column).index);
  }

  getAt(k: number): CellValue {
    const s = this.state[k];
    if (s === DONE) return this.values[k]!;
    const c = this.runtime.columns[k]!;
    if (s === COMPUTING) throw new Error(`internal: column ${c.planned.name} depends on itself`);
    if (!c.attemptFree) this.resolveAttempt();
    this.state[k] = COMPUTING;
    this.parents[k] = -1;
    try {
      this.values[k] = this.runtime.compute(c, this);
    } catch (e) {
      this.state[k] = PENDING;
      throw e;
    }
    this.state[k] = DONE;
    return this.values[k]!;
  }

  /** The value already computed (rows() computes every column before committing). */
  valueAt(k: number): CellValue {
    return this.values[k]!;
  }

  typeOf(column: string): LogicalType {
    return this.runtime.column(column).planned.info.type;
  }

  ref(alias: string): RowView | null {
    const col = this.runtime.aliasColumn(alias);
    if (col === undefined) return null;
    const c = this.runtime.column(col);
    this.getAt(c.index);
    const p = this.parents[c.index]!;
    if (p < 0) return null;
    const s = c.source as Extract<ColumnSource, { kind: 'ref' }>;
    return this.runtime.rt.table(s.table).rowAt(p);
  }
}

/** One byte a row (check attempts are < MAX_CHECK_ATTEMPTS), grown by doubling: 1 byte a row instead of 8. */
class GrowableBytes {
  private bytes = new Uint8Array(1024);
  private length = 0;

  set(i: number, v: number): void {
    if (i >= this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, i + 1));
      next.set(this.bytes);
      this.bytes = next;
    }
    this.bytes[i] = v;
    if (i >= this.length) this.length = i + 1;
  }

  get(i: number): number | undefined {
    return i < this.length ? this.bytes[i] : undefined;
  }
}
