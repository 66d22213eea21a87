import { pointerOf, seriesWindow, type Cardinality, type Spec } from '@synth/spec';
import { compileExpression, type CompiledExpression, type RowView } from '../execute/expression.js';
import type { Shard } from '../execute/shard.js';
import type { CellValue, LogicalType, Plan, PlannedCheck, PlannedTable, RowBatch } from '../types.js';
import { valueRules, type ValueRule } from './column-rules.js';
import { sequenceParams } from '../columns/sequence.js';
import type { ColumnProfile, ConformanceFinding, ConformanceReport, FlawListing, Outcome, TableConformance } from './conformance-types.js';
import { flawOracle, type FlawOracle } from '../quality/inject-flaws.js';
import { CELL_FLAWS, type CellFlaw } from '../quality/flaw-plan.js';
import { anomalyRows } from '../timeseries/series-value.js';
import { cardinalityShape, declaredShape, type DeclaredShape } from './declared-shape.js';
import { KEY_SET_LIMIT, KeySet, SequenceKeys, type Keys } from './key-set.js';
import { compositeKeySets, singleKeyColumns } from '../plan/key-sets.js';
import { RowSample } from './row-sample.js';
import type { ChunkTally, TallyData } from './chunk-tally.js';
import { keyHashInto } from './key-set.js';
import { chiSquareTest, ksTest, rateTest, type TestResult } from './stats.js';

/** p-values below this make a statistical test warn (docs/report.md#statistics): 1 in 1,000 specs warns by chance. */
export const DEFAULT_ALPHA = 0.001;
/** Violating rows listed per rule. */
const ROWS_LISTED = 5;
/** Rows listed per declared flaw; a larger build lists the first ones and says it is truncated. */
export const FLAW_ROWS_LISTED = 100_000;
/** Bins of the report's histograms. */
const HISTOGRAM_BINS = 24;
/** Series drawn per series value column in the report, and points kept per series. */
const TRACED_SERIES = 3;
const TRACE_POINTS = 4000;

export interface ConformanceOptions {
  /** A shard's build checks its own rows: foreign keys and per-parent counts span shards and are skipped. */
  shard?: Shard;
  alpha?: number;
  /**
   * Rows a quality control made dirty on purpose (docs/quality.md): rules they break are not failures there.
   * `column` undefined: the whole row (a duplicated row).
   */
  isDirty?: (table: string, column: string | undefined, row: number) => boolean;
  /**
   * A worker thread's checker: it only tallies chunks (`tallyChunk`) for the main thread's checker to merge, so it
   * holds no keys (its key sets stay at their smallest).
   */
  worker?: boolean;
}

class Tally {
  count = 0;
  rows: number[] = [];

  add(row: number): void {
    if (this.rows.length < ROWS_LISTED) this.rows.push(row);
    this.count++;
  }

  /** Adds a later chunk's tally (the rows after every row this one saw). */
  merge(d: TallyData): void {
    for (const row of d.rows) if (this.rows.length < ROWS_LISTED) this.rows.push(row);
    this.count += d.count;
  }
}

interface ColumnCheck {
  table: string;
  name: string;
  index: number;
  type: LogicalType;
  pointer: string;
  nullable: boolean;
  nullRate?: number;
  rules: Array<{ rule: ValueRule; tally: Tally }>;
  nullTally: Tally;
  nulls: number;
  /** Values a quality control touched: left out of the statistics. */
  dirty: number;
  unique?: { keys: Keys; tally: Tally };
  /** Foreign key: the parent's key set, when the parent was checked before this table. */
  foreignKey?: { target: string; keys?: Keys; tally: Tally };
  shape?: DeclaredShape;
  /** Categorical shapes count every row (bounded by the number of categories). */
  categories?: Map<string, number>;
  sampled: boolean;
}

interface TableCheck {
  planned: PlannedTable;
  /** Whether any batch of it was written in this build. */
  observed: boolean;
  rows: number;
  /** Columns with key sets first, so a self-reference finds the keys of earlier rows of the same batch. */
  order: ColumnCheck[];
  columns: ColumnCheck[];
  byName: Map<string, ColumnCheck>;
  composites: Array<{ columns: number[]; names: string[]; keys: KeySet; tally: Tally; pointer: string }>;
  /** `analysis`: what the check reads, from the plan. */
  checks: Array<{ compiled?: CompiledExpression; analysis: PlannedCheck; source: string; pointer: string; tally: Tally; skipped?: string }>;
  /** Parent rows the checks of child tables read (`orders.placed_at >= customers.signed_up_at`), by key. */
  parentRows?: ParentRows;
  /** alias → the child's reference column and the parent table, for checks that read parent rows. */
  aliases: Map<string, { column: ColumnCheck; table: string }>;
  sample: RowSample;
  /** Declared quality controls: which rows they hit (the report lists them) and what the rules exempt. */
  flaws?: { oracle: FlawOracle; listings: FlawListing[] };
  /** Series value columns with declared anomalies: which rows they hit. */
  anomalies?: Array<{ hit: (row: number) => boolean; listing: FlawListing }>;
  /** Series tables: the first series' points, for the report's line charts. */
  traces?: { entity: number; time?: number; values: number[]; series: Map<string, Array<Array<[number, number]>>>; positions: Map<string, number> };
  family?: { column: number; count: Cardinality; previous: CellValue | undefined; run: number; runs: Map<number, number>; tally: Tally };
}

/**
 * Checks a build's output against its spec as the rows are written (docs/report.md). It reads the batches the
 * writers get, and knows only the spec and the plan's table/column layout — never the generators' state — so a
 * generator bug shows up as a failed rule rather than as agreement with itself. Memory is bounded: rules are
 * checked value by value, keys go to bounded hash sets, distributions to a fixed-size row sample.
 */
export class ConformanceChecker {
  private readonly tables = new Map<string, TableCheck>();
  private readonly alpha: number;

  constructor(private readonly plan: Plan, private readonly spec: Spec, private options: ConformanceOptions = {}) {
    this.alpha = options.alpha ?? DEFAULT_ALPHA;
    for (const t of plan.tables) this.tables.set(t.name, this.createTableCheck(t));
    if (!options.isDirty && [...this.tables.values()].some((t) => t.flaws)) {
      // The rows the spec's quality controls made dirty, from the same pure function of (seed, table, column, row).
      const tables = this.tables;
      this.options = { ...options, isDirty: (table, column, row) => tables.get(table)!.flaws?.oracle.isDirty(column, row) ?? false };
    }
    for (const t of this.tables.values()) this.linkParents(t);
  }

  /** Call with every batch of every written table, in order. */
  observe(batch: RowBatch): void {
    const t = this.tables.get(batch.table)!;
    t.observed = true;
    this.observeLocal(t, batch);
    if (t.family) this.countFamilies(t.family, batch);
    this.observeGlobal(t, batch);
    t.rows += batch.rowCount;
  }

  /**
   * A worker's part of `observe` for rows [start, end) of a table: what their own values decide, tallied afresh,
   * and what the main thread's rules need of them (key hashes, the columns checks of parent rows read). The main
   * thread's checker `merge`s the tallies of a table's chunks in row order into the same report as `observe`.
   */
  tallyChunk(table: string, batches: RowBatch[], sampleBound?: number): ChunkTally {
    const base = this.tables.get(table)!;
    const t = this.createTableCheck(base.planned);
    // Only the rows that can be in the table's sample (RowSample.bound), not a sample of the chunk's own.
    if (sampleBound !== undefined) t.sample = new RowSample(table, undefined, sampleBound);
    for (const b of batches) this.observeLocal(t, b);
    const n = batches.reduce((a, b) => a + b.rowCount, 0);
    const tally: ChunkTally = {
      table,
      startRow: batches[0]?.startRow ?? 0,
      batches: batches.map((b) => b.rowCount),
      rows: n,
      columns: t.columns.map((c) => ({ rules: c.rules.map((r) => r.tally), nullTally: c.nullTally, nulls: c.nulls, dirty: c.dirty, ...(c.categories ? { categories: c.categories } : {}) })),
      checks: t.checks.map((ch) => (ch.analysis.refReads.length === 0 ? ch.tally : undefined)),
      sample: t.sample.entries(),
      keys: [],
      composites: [],
    };
    if (t.flaws) tally.flaws = t.flaws.listings;
    if (t.anomalies) tally.anomalies = t.anomalies.map((a) => a.listing);
    if (base.family) tally.family = familySummary(batches, base.family.column);
    for (const c of t.columns) {
      if (!c.unique && !c.foreignKey) continue;
      const hashes = new Uint32Array(2 * n);
      // A sequence's keys (and a reference, which may point at one) go by value: the main thread hashes a number
      // only if it is off the sequence (Keys.addHashed), as one thread does.
      const numbers = c.foreignKey || c.unique?.keys instanceof SequenceKeys ? new Float64Array(n) : undefined;
      let i = 0;
      for (const b of batches) {
        const values = b.columns[c.index]!;
        for (let r = 0; r < b.rowCount; r++, i++) {
          const v = values[r]!;
          if (numbers && typeof v === 'number' && v === v) numbers[i] = v;
          else {
            if (numbers) numbers[i] = NaN;
            keyHashInto(v, hashes, i);
          }
        }
      }
      tally.keys.push({ column: c.index, hashes, ...(numbers ? { numbers } : {}) });
    }
    for (const u of t.composites) {
      const hashes = new Uint32Array(2 * n);
      let i = 0;
      for (const b of batches) {
        for (let r = 0; r < b.rowCount; r++, i++) {
          const tuple = u.columns.map((k) => b.columns[k]![r]!);
          keyHashInto(tuple.some((v) => v === null) ? null : JSON.stringify(tuple), hashes, i);
        }
      }
      tally.composites.push(hashes);
    }
    const wanted = this.mainColumns(base);
    if (wanted.size > 0) tally.partial = batches.map((b) => ({ ...b, columns: b.columns.map((col, k) => (wanted.has(k) ? col : [])) }));
    return tally;
  }

  /** Merges a worker's tally of the next chunk of a table (`tallyChunk`): as if its batches were `observe`d. */
  merge(d: ChunkTally): void {
    const t = this.tables.get(d.table)!;
    t.observed = true;
    d.columns.forEach((dc, i) => {
      const c = t.columns[i]!;
      dc.rules.forEach((r, j) => c.rules[j]!.tally.merge(r));
      c.nullTally.merge(dc.nullTally);
      c.nulls += dc.nulls;
      c.dirty += dc.dirty;
      if (dc.categories && c.categories) for (const [k, n] of dc.categories) c.categories.set(k, (c.categories.get(k) ?? 0) + n);
    });
    d.checks.forEach((dt, i) => dt && t.checks[i]!.tally.merge(dt));
    d.flaws?.forEach((l, i) => mergeListing(t.flaws!.listings[i]!, l));
    d.anomalies?.forEach((l, i) => mergeListing(t.anomalies![i]!.listing, l));
    if (t.family && d.family) mergeFamily(t.family, d.family);
    const keys = new Map(d.keys.map((k) => [k.column, k]));
    let offset = 0;
    let start = d.startRow;
    for (const [k, n] of d.batches.entries()) {
      this.keysFromHashes(t, keys, d.composites, offset, n, start);
      const part = d.partial?.[k];
      if (part) {
        t.parentRows?.add(part);
        this.runChecks(t, part, false);
        if (t.traces) traceSeries(t.traces, part);
      }
      offset += n;
      start += n;
    }
    // Every row of the table's sample is in its chunk's sample: offered in row order, they make the same sample.
    for (const e of d.sample) if (t.sample.wants(e.row)) t.sample.add(e.row, e.values);
    t.rows += d.rows;
  }

  /** What a batch's own values decide: nulls, value rules, categories, checks of the row alone, flaws, sample. */
  private observeLocal(t: TableCheck, batch: RowBatch): void {
    const dirty = this.options.isDirty;
    const name = batch.table;
    for (const c of t.order) {
      const values = batch.columns[c.index]!;
      if (!dirty) {
        observeClean(c, values, batch.rowCount, batch.startRow);
        continue;
      }
      for (let r = 0; r < batch.rowCount; r++) {
        const v = values[r]!;
        const row = batch.startRow + r;
        const isDirty = dirty(name, c.name, row) === true;
        if (isDirty) c.dirty++;
        if (v === null) {
          if (!isDirty) c.nulls++;
          else continue;
          if (!c.nullable) c.nullTally.add(row);
          continue;
        }
        if (isDirty) continue;
        for (const { rule, tally } of c.rules) if (!rule.holds(v, row)) tally.add(row);
        if (c.categories) c.categories.set(String(v), (c.categories.get(String(v)) ?? 0) + 1);
      }
    }
    this.runChecks(t, batch, true);
    if (t.flaws) listFlaws(t.flaws, batch);
    for (const a of t.anomalies ?? []) {
      for (let r = 0; r < batch.rowCount; r++) if (a.hit(batch.startRow + r)) record(a.listing, batch.startRow + r);
    }
    for (let r = 0; r < batch.rowCount; r++) {
      const row = batch.startRow + r;
      if (t.sample.wants(row)) t.sample.add(row, batch.columns.map((col) => col[r]!));
    }
  }

  /** What needs the rows before: keys, foreign keys, parent rows and the checks that read them, series traces. */
  private observeGlobal(t: TableCheck, batch: RowBatch): void {
    const dirty = this.options.isDirty;
    const name = batch.table;
    for (const c of t.order) {
      if (!c.unique && !c.foreignKey?.keys) continue;
      const values = batch.columns[c.index]!;
      if (!dirty) {
        observeKeysClean(c, values, batch.rowCount, batch.startRow);
        continue;
      }
      for (let r = 0; r < batch.rowCount; r++) {
        const v = values[r]!;
        if (v === null) continue;
        const row = batch.startRow + r;
        if (dirty(name, c.name, row) === true) {
          // Keys of a duplicated row are still keys (a child may point at either copy).
          c.unique?.keys.add(v);
          continue;
        }
        if (c.unique && !c.unique.keys.add(v)) c.unique.tally.add(row);
        const fk = c.foreignKey;
        if (fk?.keys && !fk.keys.overflowed && !fk.keys.has(v)) fk.tally.add(row);
      }
    }
    for (const u of t.composites) {
      for (let r = 0; r < batch.rowCount; r++) {
        const tuple = u.columns.map((k) => batch.columns[k]![r]!);
        if (tuple.some((v) => v === null)) continue;
        if (!u.keys.add(JSON.stringify(tuple)) && !dirty?.(name, undefined, batch.startRow + r)) u.tally.add(batch.startRow + r);
      }
    }
    t.parentRows?.add(batch);
    this.runChecks(t, batch, false);
    if (t.traces) traceSeries(t.traces, batch);
  }

  /** `observeGlobal`'s keys for a batch of a chunk a worker hashed (`tallyChunk`): rows [offset, offset + n) of it. */
  private keysFromHashes(t: TableCheck, keys: Map<number, ChunkTally['keys'][number]>, composites: Uint32Array[], offset: number, n: number, start: number): void {
    const dirty = this.options.isDirty;
    const name = t.planned.name;
    for (const c of t.order) {
      const p = keys.get(c.index);
      const fk = c.foreignKey;
      if (!p || (!c.unique && !fk?.keys)) continue;
      const { hashes, numbers } = p;
      for (let r = 0; r < n; r++) {
        const i = offset + r;
        const a = hashes[2 * i]!;
        const b = hashes[2 * i + 1]!;
        const x = numbers ? numbers[i]! : NaN;
        // Neither a number nor a hash: null.
        if (b === 0 && x !== x) continue;
        const row = start + r;
        if (dirty?.(name, c.name, row) === true) {
          c.unique?.keys.addHashed(x, a, b);
          continue;
        }
        if (c.unique && !c.unique.keys.addHashed(x, a, b)) c.unique.tally.add(row);
        if (fk?.keys && !fk.keys.overflowed && !fk.keys.hasHashed(x, a, b)) fk.tally.add(row);
      }
    }
    t.composites.forEach((u, k) => {
      const hashes = composites[k]!;
      for (let r = 0; r < n; r++) {
        const i = offset + r;
        const b = hashes[2 * i + 1]!;
        if (b === 0) continue;
        if (!u.keys.addHash(hashes[2 * i]!, b) && !dirty?.(name, undefined, start + r)) u.tally.add(start + r);
      }
    });
  }

  /** The columns of a table the main thread's rules read: parent rows kept for children, checks of parent rows, traces. */
  private mainColumns(t: TableCheck): Set<number> {
    const out = new Set<number>(t.parentRows?.columns() ?? []);
    for (const ch of t.checks) {
      if (!ch.compiled || ch.skipped || ch.analysis.refReads.length === 0) continue;
      for (const n of [...ch.analysis.reads, ...ch.analysis.refReads.map((r) => r.via)]) {
        const c = t.byName.get(n);
        if (c) out.add(c.index);
      }
    }
    if (t.traces) for (const k of [t.traces.entity, ...(t.traces.time === undefined ? [] : [t.traces.time]), ...t.traces.values]) out.add(k);
    return out;
  }

  /** Runs the checks of the row alone (`local`) or those that read parent rows over a batch. */
  private runChecks(t: TableCheck, batch: RowBatch, local: boolean): void {
    const dirty = this.options.isDirty;
    const name = batch.table;
    // A check whose parent rows are not held (too many, or not written) is reported as not checked at the end;
    // evaluating it would only throw on every row (an exception a row made a 4M-row build 3.4× slower).
    const runnable = t.checks.filter((ch) => ch.compiled && !ch.skipped && (ch.analysis.refReads.length === 0) === local && !this.parentsUnavailable(t, ch));
    if (runnable.length === 0) return;
    const view = new BatchRow(batch, t, (alias) => {
      const a = t.aliases.get(alias);
      const parent = a && this.tables.get(a.table);
      return a && parent?.parentRows ? { key: a.column.index, parent } : undefined;
    });
    for (let r = 0; r < batch.rowCount; r++) {
      view.r = r;
      const row = batch.startRow + r;
      for (const ch of runnable) {
        let ok: boolean;
        try {
          ok = ch.compiled!.evaluate(view) === true;
        } catch {
          ok = false;
        }
        if (!ok && !dirty?.(name, undefined, row) && !this.dirtyInRow(t, ch.analysis, row)) ch.tally.add(row);
      }
    }
  }

  /** The report over every table observed. */
  finish(): ConformanceReport {
    const findings: ConformanceFinding[] = [];
    const tables: TableConformance[] = [];
    for (const t of this.plan.tables) {
      const check = this.tables.get(t.name)!;
      if (!check.observed) continue;
      const entries = check.sample.entries();
      tables.push({ name: t.name, rows: check.rows, columns: check.columns.map((c) => this.profile(c, check.rows, entries, check.traces)) });
      findings.push(...this.tableFindings(check, entries));
    }
    const flaws = [...this.tables.values()].filter((t) => t.observed).flatMap((t) => [...(t.flaws?.listings ?? []), ...(t.anomalies ?? []).map((a) => a.listing)]);
    for (const f of flaws) {
      const rows = this.tables.get(f.table)!.rows;
      const what = f.kind === 'duplicates' ? 'duplicated rows' : `${f.kind}`;
      const rule = f.kind === 'anomalies' ? 'anomalies' : 'flaw';
      const test = rateTest(f.count, rows, f.rate);
      const pointer = this.flawPointer(f);
      findings.push(this.statistical(f.table, f.column, rule, `${percent(f.rate)} ${what}`, `${f.count.toLocaleString('en-US')} rows, ${percent(rows ? f.count / rows : 0)}`, test, pointer));
    }
    return { ok: !findings.some((f) => f.outcome === 'fail'), alpha: this.alpha, tables, findings, flaws };
  }

  /** The nearest `quality:` that declares the flaw. */
  private flawPointer(f: FlawListing): string {
    const tp = pointerOf('tables', f.table);
    const key = f.kind;
    if (key === 'anomalies') return `${pointerOf('tables', f.table, 'columns', f.column!)}/series/anomalies`;
    if (f.column !== undefined && (this.spec.tables[f.table]!.columns[f.column]!.quality as Record<string, unknown> | undefined)?.[key] !== undefined) {
      return `${pointerOf('tables', f.table, 'columns', f.column)}/quality/${key}`;
    }
    if ((this.spec.tables[f.table]!.quality as Record<string, unknown> | undefined)?.[key] !== undefined) return `${tp}/quality/${key}`;
    return `/quality/${key}`;
  }

  private dirtyInRow(t: TableCheck, e: PlannedCheck, row: number): boolean {
    const dirty = this.options.isDirty;
    return dirty !== undefined && e.reads.some((c) => dirty(t.planned.name, c, row));
  }

  /** The parent table a check reads whose rows are not held (not written in this build, or too many). */
  private unavailableParent(t: TableCheck, ch: TableCheck['checks'][number]): TableCheck | undefined {
    const parents = ch.analysis.refReads.map((r) => this.tables.get(r.table));
    return parents.find((p): p is TableCheck => p !== undefined && (!p.observed || p.parentRows?.overflowed === true));
  }

  private parentsUnavailable(t: TableCheck, ch: TableCheck['checks'][number]): boolean {
    return this.unavailableParent(t, ch) !== undefined;
  }

  private countFamilies(f: NonNullable<TableCheck['family']>, batch: RowBatch): void {
    const values = batch.columns[f.column]!;
    for (let r = 0; r < batch.rowCount; r++) {
      const v = values[r]!;
      if (f.run > 0 && v === f.previous) {
        f.run++;
        continue;
      }
      if (f.run > 0) f.runs.set(f.run, (f.runs.get(f.run) ?? 0) + 1);
      f.previous = v;
      f.run = 1;
    }
  }

  private createTableCheck(planned: PlannedTable): TableCheck {
    const name = planned.name;
    const tableSpec = this.spec.tables[name]!;
    const byPlanned = new Map(planned.columns.map((c) => [c.name, c]));
    const tp = pointerOf('tables', name);
    const window = tableSpec.series ? seriesWindow(tableSpec.series) : undefined;
    // Keys as the plan normalized them: `unique: [[slug]]` is checked exactly like `slug: { unique: true }`.
    const singleKeys = singleKeyColumns(planned);
    const columns: ColumnCheck[] = planned.outputOrder.map((n, index) => {
      const pc = byPlanned.get(n)!;
      const spec = pc.spec;
      const pointer = pointerOf('tables', name, 'columns', n);
      // A unique column's values are each used once: no declared distribution applies to them.
      const shape = singleKeys.has(n) ? undefined : declaredShape(spec);
      const c: ColumnCheck = {
        table: name,
        name: n,
        index,
        type: pc.info.type,
        pointer,
        nullable: pc.info.nullable,
        rules: valueRules(spec, pc.info, window).map((rule) => ({ rule, tally: new Tally() })),
        nullTally: new Tally(),
        nulls: 0,
        dirty: 0,
        sampled: pc.info.type !== 'string' && pc.info.type !== 'uuid' && pc.info.type !== 'bool' && pc.info.type !== 'json',
      };
      if ((spec.nulls ?? 0) > 0 && spec.when === undefined) c.nullRate = spec.nulls!;
      if (singleKeys.has(n)) {
        const sequence = sequenceParams(spec);
        c.unique = { keys: sequence ? new SequenceKeys(sequence.start, sequence.step) : new KeySet(KEY_SET_LIMIT, this.options.worker ? 0 : planned.rowCount), tally: new Tally() };
      }
      if (pc.references) c.foreignKey = { target: pc.references, tally: new Tally() };
      if (shape) c.shape = shape;
      if (shape?.kind === 'categorical') c.categories = new Map();
      return c;
    });
    const byName = new Map(columns.map((c) => [c.name, c]));
    const composites = compositeKeySets(planned).map((names) => ({
      names,
      columns: names.map((n) => byName.get(n)!.index),
      keys: new KeySet(KEY_SET_LIMIT, this.options.worker ? 0 : planned.rowCount),
      tally: new Tally(),
      pointer: names === planned.primaryKey ? `${tp}/primary_key` : `${tp}/unique/${Math.max(0, (tableSpec.unique ?? []).findIndex((u) => u.join() === names.join()))}`,
    }));
    const checks = planned.checks.map((ch, i) => ({ compiled: compileExpression(this.spec, name, ch.expr), analysis: ch, source: ch.expr, pointer: `${tp}/checks/${i}`, tally: new Tally() }));
    // The referenced rows the checks read, as the plan resolved them.
    const aliases = new Map(planned.checks.flatMap((ch) => ch.refReads).map((r) => [r.alias, { column: byName.get(r.via)!, table: r.table }]));
    const order = [...columns.filter((c) => c.unique), ...columns.filter((c) => !c.unique)];
    const t: TableCheck = { planned, observed: false, rows: 0, order, columns, byName, composites, checks, aliases, sample: new RowSample(name) };
    const oracle = flawOracle(this.plan, this.spec, planned);
    // Series anomalies are declared deviations too: listed by row, tested against their rate, exempt from nothing.
    for (const c of columns) {
      const model = tableSpec.columns[c.name]!.series;
      if (typeof model !== 'object' || !model.anomalies || model.anomalies.rate <= 0) continue;
      const hit = anomalyRows(this.plan.seed, name, c.name, model.anomalies.rate);
      (t.anomalies ??= []).push({ hit, listing: { table: name, column: c.name, kind: 'anomalies', rate: model.anomalies.rate, count: 0, rows: [] } });
    }
    if (oracle) {
      const listings: FlawListing[] = [];
      if (oracle.flaws.duplicates > 0) listings.push({ table: name, kind: 'duplicates', rate: oracle.flaws.duplicates, count: 0, rows: [] });
      for (const c of oracle.flaws.columns) for (const f of CELL_FLAWS) if (c.rates[f] !== undefined) listings.push({ table: name, column: c.column, kind: f, rate: c.rates[f]!, count: 0, rows: [] });
      t.flaws = { oracle, listings };
    }
    // Duplicated rows repeat another row's parent, so families are no longer contiguous runs: counts are not checked.
    if (tableSpec.series) {
      const entity = columns.find((c) => c.foreignKey?.target.split('.')[0] === tableSpec.series!.per);
      const time = columns.find((c) => tableSpec.columns[c.name]!.series === 'time');
      const values = columns.filter((c) => typeof tableSpec.columns[c.name]!.series === 'object').map((c) => c.index);
      if (entity && values.length) t.traces = { entity: entity.index, ...(time ? { time: time.index } : {}), values, series: new Map(), positions: new Map() };
    }
    if (planned.perParent && !this.options.shard && typeof tableSpec.rows === 'object' && !(t.flaws?.oracle.flaws.duplicates ?? 0)) {
      t.family = { column: byName.get(planned.perParent.column)!.index, count: tableSpec.rows.count, previous: undefined, run: 0, runs: new Map(), tally: new Tally() };
    }
    return t;
  }

  /** Foreign keys find their parent's key set; checks reading parent rows ask the parent to keep those columns. */
  private linkParents(t: TableCheck): void {
    if (this.options.shard) {
      // The parent rows a shard's children point at are mostly in other shards.
      for (const ch of t.checks) if (ch.analysis.refReads.length > 0) skipCheck(ch, 'reads parent rows, which are spread over shards');
      return;
    }
    for (const c of t.columns) {
      if (!c.foreignKey) continue;
      const [target, column] = c.foreignKey.target.split('.') as [string, string];
      const keys = this.tables.get(target)?.byName.get(column)?.unique?.keys;
      if (keys) c.foreignKey.keys = keys;
    }
    for (const ch of t.checks) {
      for (const { alias, columns: cols } of ch.analysis.refReads) {
        const a = t.aliases.get(alias);
        const parent = a && this.tables.get(a.table);
        const key = a?.column.foreignKey?.target.split('.')[1];
        if (!parent || key === undefined) {
          skipCheck(ch, `reads ${alias}, which is not a parent row`);
          continue;
        }
        const keySpec = parent.planned.columns.find((c) => c.name === key)?.spec;
        const sequence = keySpec && sequenceParams(keySpec);
        parent.parentRows ??= new ParentRows(parent.byName.get(key)!.index, sequence);
        parent.parentRows.want(cols.map((n) => parent.byName.get(n)!));
      }
    }
  }

  private tableFindings(t: TableCheck, entries: Array<{ row: number; values: CellValue[] }>): ConformanceFinding[] {
    const out: ConformanceFinding[] = [];
    const table = t.planned.name;
    const hard = (column: string | undefined, rule: string, expected: string, tally: Tally, pointer: string, what = 'rows'): ConformanceFinding => ({
      table,
      ...(column !== undefined ? { column } : {}),
      rule,
      outcome: tally.count === 0 ? 'pass' : 'fail',
      expected,
      detail: tally.count === 0 ? `all ${t.rows.toLocaleString('en-US')} ${what} hold` : `${tally.count.toLocaleString('en-US')} of ${t.rows.toLocaleString('en-US')} ${what} break it`,
      violations: tally.count,
      ...(tally.rows.length ? { rows: tally.rows } : {}),
      pointer,
    });
    for (const c of t.columns) {
      for (const { rule, tally } of c.rules) out.push(hard(c.name, rule.rule, rule.expected, tally, rule.key ? `${c.pointer}/${rule.key}` : c.pointer));
      if (!c.nullable) out.push(hard(c.name, 'not-null', 'no nulls', c.nullTally, c.pointer));
      if (c.unique) {
        if (c.unique.keys.overflowed) out.push(skip(table, c.name, 'unique', 'no repeated value', `more than ${c.unique.keys.count.toLocaleString('en-US')} keys: not checked`, c.pointer));
        else out.push(hard(c.name, 'unique', 'no repeated value', c.unique.tally, c.pointer));
      }
      if (c.foreignKey) {
        const fk = c.foreignKey;
        const expected = `a value of ${fk.target}`;
        const parent = this.tables.get(fk.target.split('.')[0]!)!;
        if (!fk.keys || !parent.observed) out.push(skip(table, c.name, 'foreign-key', expected, this.options.shard ? 'the parent rows are spread over shards' : `${parent.planned.name} was not written in this build`, c.pointer));
        else if (fk.keys.overflowed) out.push(skip(table, c.name, 'foreign-key', expected, 'the parent has too many keys to hold', c.pointer));
        else out.push(hard(c.name, 'foreign-key', expected, fk.tally, `${c.pointer}/ref`));
      }
      if (c.nullRate !== undefined) {
        const clean = t.rows - c.dirty;
        const test = rateTest(c.nulls, clean, c.nullRate);
        out.push(this.statistical(table, c.name, 'null-rate', `${percent(c.nullRate)} nulls`, `${percent(clean ? c.nulls / clean : 0)} nulls`, test, `${c.pointer}/nulls`));
      }
      const stat = this.shapeFinding(t, c, entries);
      if (stat) out.push(stat);
    }
    for (const u of t.composites) {
      const cols = u.names.join(', ');
      if (u.keys.overflowed) out.push(skip(table, cols, 'unique', `unique (${cols})`, 'too many keys to hold: not checked', u.pointer));
      else out.push(hard(cols, 'unique', `unique (${cols})`, u.tally, u.pointer));
    }
    for (const ch of t.checks) {
      const notKept = this.unavailableParent(t, ch);
      if (ch.skipped) out.push(skip(table, undefined, 'check', ch.source, `${ch.skipped}: enforced while generating, not re-checked`, ch.pointer));
      else if (notKept) out.push(skip(table, undefined, 'check', ch.source, `${notKept.planned.name} ${notKept.observed ? 'has too many rows to hold' : 'was not written in this build'}: enforced while generating, not re-checked`, ch.pointer));
      else out.push(hard(undefined, 'check', ch.source, ch.tally, ch.pointer));
    }
    if (t.family) out.push(...this.familyFindings(t, t.family));
    return out;
  }

  private familyFindings(t: TableCheck, f: NonNullable<TableCheck['family']>): ConformanceFinding[] {
    const table = t.planned.name;
    const pointer = `${pointerOf('tables', table)}/rows/count`;
    const runs = new Map(f.runs);
    if (f.run > 0) runs.set(f.run, (runs.get(f.run) ?? 0) + 1);
    const parents = this.plan.tables.find((p) => p.name === t.planned.perParent!.table)!.rowCount;
    const withChildren = [...runs.values()].reduce((a, b) => a + b, 0);
    runs.set(0, (runs.get(0) ?? 0) + Math.max(0, parents - withChildren));
    const declared = cardinalityShape(f.count);
    const parent = t.planned.perParent!.table;
    const counts = [...runs.entries()].sort((a, b) => a[0] - b[0]);
    const seen = counts.filter(([, n]) => n > 0).map(([k]) => k);
    const range = seen.length ? `${seen[0]}–${seen[seen.length - 1]} per ${parent} row` : 'none';
    if (declared.exact !== undefined || declared.range) {
      const [lo, hi] = declared.exact !== undefined ? [declared.exact, declared.exact] : declared.range!;
      const bad = counts.filter(([k, n]) => n > 0 && (k < lo || k > hi)).reduce((a, [, n]) => a + n, 0);
      return [{
        table,
        rule: 'cardinality',
        outcome: bad === 0 ? 'pass' : 'fail',
        expected: lo === hi ? `${lo} per ${parent} row` : `${lo}–${hi} per ${parent} row`,
        detail: bad === 0 ? `${range}` : `${bad.toLocaleString('en-US')} of ${parents.toLocaleString('en-US')} ${parent} rows have a count outside it (${range})`,
        violations: bad,
        pointer,
      }];
    }
    if (!declared.shape || declared.shape.kind !== 'discrete') return [];
    const shape = declared.shape;
    const max = seen.length ? seen[seen.length - 1]! : 0;
    const observed: number[] = [];
    const probabilities: number[] = [];
    for (let k = 0; k <= max; k++) {
      observed.push(runs.get(k) ?? 0);
      probabilities.push(shape.pmf(k));
    }
    return [this.statistical(table, undefined, 'cardinality', `${shape.label} per ${parent} row`, `${range}, mean ${(t.rows / Math.max(1, parents)).toFixed(2)}`, chiSquareTest(observed, probabilities), pointer)];
  }

  private shapeFinding(t: TableCheck, c: ColumnCheck, entries: Array<{ row: number; values: CellValue[] }>): ConformanceFinding | undefined {
    const shape = c.shape;
    if (!shape) return undefined;
    const table = t.planned.name;
    const pointer = c.pointer;
    if (shape.kind === 'categorical') {
      const keys = [...shape.weights.keys()].filter((k) => shape.weights.get(k)! > 0);
      const total = keys.reduce((a, k) => a + shape.weights.get(k)!, 0);
      const observed = keys.map((k) => c.categories!.get(k) ?? 0);
      const test = chiSquareTest(observed, keys.map((k) => shape.weights.get(k)! / total));
      return this.statistical(table, c.name, 'distribution', shape.label, `${keys.length} categories, chi-square ${test.statistic.toFixed(1)}`, test, pointer);
    }
    const values = this.sampledNumbers(c, entries);
    if (values.length < 20) return skip(table, c.name, 'distribution', shape.label, `only ${values.length} values: too few to test`, pointer);
    if (shape.kind === 'continuous') {
      const test = ksTest(values, shape.cdf, shape.step);
      return this.statistical(table, c.name, 'distribution', shape.label, `KS D=${test.statistic.toFixed(4)} over ${values.length} sampled values`, test, pointer);
    }
    const counts = new Map<number, number>();
    for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
    const ks = [...counts.keys()].sort((a, b) => a - b);
    const lo = Math.min(ks[0]!, shape.support[0]);
    const hi = ks[ks.length - 1]!;
    const observed: number[] = [];
    const probabilities: number[] = [];
    for (let k = lo; k <= hi; k++) {
      observed.push(counts.get(k) ?? 0);
      probabilities.push(shape.pmf(k));
    }
    const test = chiSquareTest(observed, probabilities);
    return this.statistical(table, c.name, 'distribution', shape.label, `chi-square ${test.statistic.toFixed(1)} over ${values.length} sampled values`, test, pointer);
  }

  private sampledNumbers(c: ColumnCheck, entries: Array<{ row: number; values: CellValue[] }>): number[] {
    const out: number[] = [];
    for (const e of entries) {
      const v = e.values[c.index];
      // Values a quality control made outliers on purpose are not the declared distribution's.
      if (typeof v === 'number' && !this.options.isDirty?.(c.table, c.name, e.row)) out.push(v);
    }
    return out;
  }

  private statistical(table: string, column: string | undefined, rule: string, expected: string, detail: string, test: TestResult, pointer: string): ConformanceFinding {
    const outcome: Outcome = test.pValue < this.alpha ? 'warn' : 'pass';
    return { table, ...(column !== undefined ? { column } : {}), rule, outcome, expected, detail: `${detail} (p=${formatP(test.pValue)})`, pValue: test.pValue, statistic: test.statistic, pointer };
  }

  private profile(c: ColumnCheck, rows: number, entries: Array<{ row: number; values: CellValue[] }>, traces?: TableCheck['traces']): ColumnProfile {
    const p: ColumnProfile = { name: c.name, type: c.type, rows, nulls: c.nulls };
    if (c.shape) p.declared = c.shape.label;
    if (c.categories) {
      const weights = c.shape?.kind === 'categorical' ? c.shape.weights : new Map<string, number>();
      const total = [...weights.values()].reduce((a, b) => a + b, 0);
      const keys = new Set([...weights.keys(), ...c.categories.keys()]);
      p.categories = [...keys].map((value) => ({ value, count: c.categories!.get(value) ?? 0, ...(weights.has(value) ? { expected: weights.get(value)! / total } : {}) }));
    } else if (c.sampled) {
      const sample = entries.map((e) => e.values[c.index]).filter((v): v is number => typeof v === 'number').sort((x, y) => x - y);
      if (sample.length > 0) p.histogram = histogram(sample, c.type === 'int' ? 'integer' : 'value', c.shape);
      const tr = traces?.values.indexOf(c.index) ?? -1;
      if (traces && tr >= 0) p.series = [...traces.series.entries()].map(([entity, lines]) => ({ entity, points: lines[tr]! }));
    } else if (c.type === 'string' || c.type === 'bool') {
      // Low-cardinality strings (faker categories, booleans) get a bar chart from the sample; the rest, their lengths.
      const counts = new Map<string, number>();
      for (const e of entries) {
        const v = e.values[c.index];
        if (v !== null && v !== undefined) counts.set(String(v), (counts.get(String(v)) ?? 0) + 1);
      }
      // Bars only for values that repeat; unique-ish strings (names, codes) are drawn by length.
      const sampled = [...counts.values()].reduce((a, b) => a + b, 0);
      if (counts.size > 0 && counts.size <= 30 && counts.size * 2 <= sampled) p.categories = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([value, count]) => ({ value, count }));
      else if (counts.size > 0) p.histogram = histogram([...counts.entries()].flatMap(([v, n]) => Array<number>(n).fill([...v].length)).sort((x, y) => x - y), 'length');
    } else if (c.type === 'json') {
      // Documents: arrays by their number of elements (the per-row cardinality), others by their size in characters.
      const docs = entries.map((e) => e.values[c.index]).filter((v): v is string => typeof v === 'string');
      const arrays = docs.length > 0 && docs.every((d) => d.startsWith('['));
      const sizes = docs.map((d) => (arrays ? (JSON.parse(d) as unknown[]).length : d.length)).sort((x, y) => x - y);
      if (sizes.length) p.histogram = histogram(sizes, arrays ? 'elements' : 'length');
    } else if (c.type === 'uuid') {
      const n = entries.filter((e) => e.values[c.index] !== null).length;
      if (n > 0) p.histogram = { of: 'length', edges: [35.5, 36.5], counts: [n] };
    }
    return p;
  }
}

/** Keeps the points of the first series of a series table, for the report's line charts (bounded). */
function traceSeries(tr: NonNullable<TableCheck['traces']>, batch: RowBatch): void {
  for (let r = 0; r < batch.rowCount; r++) {
    const entity = String(batch.columns[tr.entity]![r]);
    let lines = tr.series.get(entity);
    if (!lines) {
      if (tr.series.size >= TRACED_SERIES) continue;
      tr.series.set(entity, (lines = tr.values.map(() => [])));
    }
    if (lines[0]!.length >= TRACE_POINTS) continue;
    const position = tr.positions.get(entity) ?? 0;
    tr.positions.set(entity, position + 1);
    const time = tr.time === undefined ? position : batch.columns[tr.time]![r];
    tr.values.forEach((k, j) => {
      const v = batch.columns[k]![r];
      if (typeof v === 'number' && typeof time === 'number') lines![j]!.push([time, v]);
    });
  }
}

/** Records the rows of a batch each declared flaw hit. */
function listFlaws(flaws: NonNullable<TableCheck['flaws']>, batch: RowBatch): void {
  const { oracle, listings } = flaws;
  for (const l of listings) {
    const k = l.column === undefined ? -1 : oracle.flaws.columns.findIndex((c) => c.column === l.column);
    for (let r = 0; r < batch.rowCount; r++) {
      const row = batch.startRow + r;
      // A duplicated row replaces the whole row: its cell flaws are those of the row it repeats.
      const hit = l.kind === 'duplicates' ? oracle.isDuplicate(row) : !oracle.isDuplicate(row) && oracle.hits(k, l.kind as CellFlaw, row);
      if (hit) record(l, row);
    }
  }
}

function record(l: FlawListing, row: number): void {
  l.count++;
  if (l.rows.length < FLAW_ROWS_LISTED) l.rows.push(row);
  else l.truncated = true;
}

/** Equal-width bins over the sample's range; with a continuous declared shape, the counts it expects per bin. */
function histogram(sorted: number[], of: 'value' | 'integer' | 'length' | 'elements', shape?: DeclaredShape): NonNullable<ColumnProfile['histogram']> {
  const lo = sorted[0]!;
  const hi = sorted[sorted.length - 1]!;
  // Whole numbers get no more bins than values, so no bin is empty just for falling between two integers.
  const bins = lo === hi ? 1 : Math.min(HISTOGRAM_BINS, of === 'value' ? HISTOGRAM_BINS : hi - lo + 1);
  const width = lo === hi ? 1 : (hi - lo) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (lo === hi ? lo - 0.5 + i : lo + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (const v of sorted) counts[Math.min(bins - 1, Math.floor((v - lo) / width))]!++;
  const h: NonNullable<ColumnProfile['histogram']> = { of: of === 'integer' ? 'value' : of, edges, counts };
  if (shape?.kind === 'continuous') {
    const half = shape.step / 2;
    // The bins cover the sample's range only: expected counts are scaled to the mass the declared law puts there.
    const mass = (a: number, b: number) => Math.max(0, shape.cdf(b + half) - shape.cdf(a - half));
    const inside = mass(lo, hi) || 1;
    h.expected = counts.map((_, i) => (sorted.length * mass(edges[i]!, edges[i + 1]!)) / inside);
  }
  return h;
}

function skip(table: string, column: string | undefined, rule: string, expected: string, detail: string, pointer: string): ConformanceFinding {
  return { table, ...(column !== undefined ? { column } : {}), rule, outcome: 'skip', expected, detail, pointer };
}

function percent(x: number): string {
  return `${(x * 100).toFixed(x * 100 < 10 ? 2 : 1)}%`;
}

function formatP(p: number): string {
  return p < 1e-4 ? p.toExponential(1) : p.toFixed(4);
}

/**
 * One column of a batch no quality control touched: the same tallies as the general loop, one concern at a time
 * (nulls, then each rule, then keys), so each loop calls one rule and its call site stays monomorphic. Row order
 * within each tally is the same. A third of the checker's time was the general loop's per-cell dispatch.
 */
function observeClean(c: ColumnCheck, values: CellValue[], n: number, start: number): void {
  let nulls = 0;
  for (let r = 0; r < n; r++) {
    if (values[r] !== null) continue;
    nulls++;
    if (!c.nullable) c.nullTally.add(start + r);
  }
  c.nulls += nulls;
  for (const { rule, tally } of c.rules) {
    const holds = rule.holds;
    for (let r = 0; r < n; r++) {
      const v = values[r]!;
      if (v !== null && !holds(v, start + r)) tally.add(start + r);
    }
  }
  const categories = c.categories;
  if (categories) {
    for (let r = 0; r < n; r++) {
      const v = values[r]!;
      if (v === null) continue;
      const k = String(v);
      categories.set(k, (categories.get(k) ?? 0) + 1);
    }
  }
}

/** `observeClean`'s keys: unique values and foreign keys of a batch no quality control touched. */
function observeKeysClean(c: ColumnCheck, values: CellValue[], n: number, start: number): void {
  const unique = c.unique;
  if (unique) {
    const keys = unique.keys;
    for (let r = 0; r < n; r++) {
      const v = values[r]!;
      if (v !== null && !keys.add(v)) unique.tally.add(start + r);
    }
  }
  const fk = c.foreignKey;
  if (fk?.keys) {
    const keys = fk.keys;
    for (let r = 0; r < n && !keys.overflowed; r++) {
      const v = values[r]!;
      if (v !== null && !keys.has(v)) fk.tally.add(start + r);
    }
  }
}

/** A chunk's runs of equal parent keys; the first and the last are kept apart, as they may go on across chunks. */
function familySummary(batches: RowBatch[], column: number): NonNullable<ChunkTally['family']> {
  let first: CellValue = null;
  let firstRun = 0;
  let previous: CellValue = null;
  let run = 0;
  let single = true;
  const runs = new Map<number, number>();
  for (const b of batches) {
    const values = b.columns[column]!;
    for (let r = 0; r < b.rowCount; r++) {
      const v = values[r]!;
      if (run > 0 && v === previous) {
        run++;
        continue;
      }
      if (run === 0) first = v;
      else if (single) {
        firstRun = run;
        single = false;
      } else runs.set(run, (runs.get(run) ?? 0) + 1);
      previous = v;
      run = 1;
    }
  }
  if (single) firstRun = run;
  return { first, firstRun, last: previous, lastRun: run, single, runs };
}

/** `countFamilies` over a chunk, from its summary. */
function mergeFamily(f: NonNullable<TableCheck['family']>, s: NonNullable<ChunkTally['family']>): void {
  if (s.firstRun === 0) return;
  if (f.run > 0 && s.first === f.previous) f.run += s.firstRun;
  else {
    if (f.run > 0) f.runs.set(f.run, (f.runs.get(f.run) ?? 0) + 1);
    f.previous = s.first;
    f.run = s.firstRun;
  }
  if (s.single) return;
  f.runs.set(f.run, (f.runs.get(f.run) ?? 0) + 1);
  for (const [k, n] of s.runs) f.runs.set(k, (f.runs.get(k) ?? 0) + n);
  f.previous = s.last;
  f.run = s.lastRun;
}

/** Adds a later chunk's listing of a flaw. */
function mergeListing(l: FlawListing, d: { count: number; rows: number[]; truncated?: boolean }): void {
  l.count += d.count;
  for (const row of d.rows) {
    if (l.rows.length < FLAW_ROWS_LISTED) l.rows.push(row);
    else l.truncated = true;
  }
  if (d.truncated) l.truncated = true;
}

function skipCheck(ch: TableCheck['checks'][number], why: string): void {
  ch.skipped = why;
}

/**
 * Parent rows kept for child checks: a Map entry with its row costs ~100 bytes, so 250k rows ≈ 25 MB. (At 2M, a
 * 20M-row users-orders build peaked at 808 MB and ran at 48k rows/s against 117k at 1M rows, from this Map alone.)
 */
export const PARENT_ROWS_LIMIT = 250_000;

/**
 * The columns of a parent table that child checks read, by the parent's key: O(parent rows) memory, so it stops
 * past PARENT_ROWS_LIMIT rows and the checks that need it are reported as not checked.
 *
 * The kept values are columns: per wanted column, one array of the rows whose key is its row's value of a
 * `sequence` (`start + k × step`, what nearly every parent key is: such a key is its own slot, k, with no Map at
 * all), and one of the rows with any other key, whose slot a Map gives. (A Map of key → row array was a tenth of
 * a users-orders build's conformance time and most of its memory.)
 */
class ParentRows {
  /** column name → [index in the batch, position among the kept columns]. */
  private readonly wanted = new Map<string, [number, number]>();
  /** Per kept column, the values of rows with a sequence key, at slot k. */
  private dense: CellValue[][] = [];
  /** Whether slot k holds a row. */
  private present: boolean[] = [];
  /** Per kept column, the values of rows with other keys, at the slot `slots` gives. */
  private other: CellValue[][] = [];
  private readonly slots = new Map<CellValue, number>();
  private kept = 0;
  overflowed = false;

  constructor(
    private readonly keyIndex: number,
    private readonly sequence?: { start: number; step: number },
  ) {}

  /** The batch columns it keeps: the key and the wanted ones. */
  columns(): number[] {
    return [this.keyIndex, ...[...this.wanted.values()].map(([k]) => k)];
  }

  want(columns: ColumnCheck[]): void {
    for (const c of columns) {
      if (this.wanted.has(c.name)) continue;
      this.wanted.set(c.name, [c.index, this.wanted.size]);
      this.dense.push([]);
      this.other.push([]);
    }
  }

  add(batch: RowBatch): void {
    if (this.overflowed) return;
    const indexes = [...this.wanted.values()].map(([k]) => k);
    const keys = batch.columns[this.keyIndex]!;
    for (let r = 0; r < batch.rowCount; r++) {
      if (this.kept >= PARENT_ROWS_LIMIT) {
        this.overflowed = true;
        this.slots.clear();
        this.dense = [];
        this.other = [];
        this.present = [];
        return;
      }
      const key = keys[r]!;
      const k = this.sequenceSlot(key);
      if (k !== undefined) {
        for (let j = 0; j < indexes.length; j++) this.dense[j]![k] = batch.columns[indexes[j]!]![r]!;
        if (this.present[k] !== true) this.kept++;
        this.present[k] = true;
      } else {
        let slot = this.slots.get(key);
        if (slot === undefined) {
          slot = this.slots.size;
          this.slots.set(key, slot);
          this.kept++;
        }
        for (let j = 0; j < indexes.length; j++) this.other[j]![slot] = batch.columns[indexes[j]!]![r]!;
      }
    }
  }

  /** The row keyed `key` (≥ 0: a sequence slot; < 0: −1 − a Map slot), or undefined when no such row was written. */
  slotOf(key: CellValue): number | undefined {
    const k = this.sequenceSlot(key);
    if (k !== undefined) return this.present[k] === true ? k : undefined;
    const slot = this.slots.get(key);
    return slot === undefined ? undefined : -1 - slot;
  }

  value(slot: number, column: string): CellValue {
    const j = this.wanted.get(column)![1];
    return slot >= 0 ? this.dense[j]![slot]! : this.other[j]![-1 - slot]!;
  }

  private sequenceSlot(key: CellValue): number | undefined {
    if (!this.sequence || typeof key !== 'number') return undefined;
    const k = (key - this.sequence.start) / this.sequence.step;
    return Number.isInteger(k) && k >= 0 && k < PARENT_ROWS_LIMIT ? k : undefined;
  }
}

/** A kept parent row, as a child's check reads it. */
class ParentRowView implements RowView {
  slot = 0;

  constructor(private readonly parent: TableCheck) {}

  get(column: string): CellValue {
    return this.parent.parentRows!.value(this.slot, column);
  }

  ref(): RowView | null {
    return null;
  }

  typeOf(column: string): LogicalType {
    return this.parent.byName.get(column)!.type;
  }
}

/** One written row, as the checks' expressions see it; parent rows come from the parents' `ParentRows`. */
class BatchRow implements RowView {
  r = 0;

  constructor(
    private readonly batch: RowBatch,
    private readonly t: TableCheck,
    private readonly parentOf: (alias: string) => { key: number; parent: TableCheck } | undefined,
  ) {}

  get(column: string): CellValue {
    return this.batch.columns[this.t.byName.get(column)!.index]![this.r]!;
  }

  ref(alias: string): RowView | null {
    let p = this.parents.get(alias);
    if (p === undefined) {
      const found = this.parentOf(alias);
      p = found ? { ...found, view: new ParentRowView(found.parent) } : null;
      this.parents.set(alias, p);
    }
    if (!p) return null;
    const key = this.batch.columns[p.key]![this.r]!;
    if (key === null) return null;
    const slot = p.parent.parentRows!.slotOf(key);
    // A dangling key is the foreign-key rule's failure; the check then reads no parent.
    if (slot === undefined) return null;
    // One view per alias, moved to the row: a check reads the parent's values as soon as it has the view (an
    // object and three closures per row and check were most of the checker's garbage).
    p.view.slot = slot;
    return p.view;
  }

  private readonly parents = new Map<string, { key: number; parent: TableCheck; view: ParentRowView } | null>();

  typeOf(column: string): LogicalType {
    return this.t.byName.get(column)!.type;
  }
}
