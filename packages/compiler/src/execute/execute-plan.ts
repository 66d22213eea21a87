import type { Diagnostic, Spec, SpecDocument } from '@synth/spec';
import type { CellValue, Plan, PlannedTable, RowBatch, TableInfo } from '../types.js';
import { planBuild, type PlanOptions } from '../plan/plan-build.js';
import { shardRange, type Shard } from './shard.js';
import { GenerationError, NotYetGenerated, PlanRuntime } from './table-runtime.js';

/** Rows per batch: large enough to amortize per-batch work, small enough that memory stays flat. */
export const BATCH_ROWS = 4096;
/** Rows of each table generated at plan time to surface unsatisfiable checks and failing expressions early. */
export const PROBE_ROWS = 64;

export interface TableStream {
  info: TableInfo;
  /** The table's rows in order, as columnar batches in the spec's column order. */
  batches(): Generator<RowBatch>;
}

export interface ExecuteOptions {
  doc?: SpecDocument;
  batchRows?: number;
  /** Only this shard's rows of every table (`info.rowCount` is the shard's count). */
  shard?: Shard;
}

export function tableInfo(t: PlannedTable, spec?: Spec): TableInfo {
  const byName = new Map(t.columns.map((c) => [c.name, c]));
  const info: TableInfo = { name: t.name, rowCount: t.rowCount, columns: t.outputOrder.map((n) => byName.get(n)!.info) };
  const ts = spec?.tables[t.name];
  if (!ts) return info;
  const pk = ts.primary_key ?? t.outputOrder.filter((n) => ts.columns[n]!.primary_key === true);
  if (pk.length) info.primaryKey = pk;
  const unique = [...(ts.unique ?? []), ...t.outputOrder.filter((n) => ts.columns[n]!.unique === true).map((n) => [n])];
  if (unique.length) info.unique = unique;
  const fks = t.columns.filter((c) => c.references).map((c) => ({ column: c.name, table: c.references!.split('.')[0]!, references: c.references!.split('.')[1]! }));
  if (fks.length) info.foreignKeys = t.outputOrder.map((n) => fks.find((f) => f.column === n)).filter((f): f is NonNullable<typeof f> => f !== undefined);
  return info;
}

/**
 * Plan → row batches, one table after another in plan order. Tables are independent streams (a child
 * recomputes the parent rows it needs), so memory stays flat whatever the row counts. A generation problem
 * is thrown as a GenerationError carrying its diagnostic.
 */
export function executePlan(plan: Plan, spec: Spec, options: ExecuteOptions = {}): TableStream[] {
  const runtime = new PlanRuntime(plan, spec, options.doc);
  const batchRows = options.batchRows ?? BATCH_ROWS;
  return plan.tables.map((t) => {
    const [start, end] = shardRange(t.rowCount, options.shard);
    return {
      info: { ...tableInfo(t, spec), rowCount: end - start },
      *batches() {
        const table = runtime.table(t.name);
        // Unique values drawn with retries depend on every earlier row: a shard generates the rows before its own.
        if (table.hasRetry) table.advanceTo(start);
        const order = t.outputOrder.map((n) => table.column(n).index);
        let columns: CellValue[][] = order.map(() => []);
        let startRow = start;
        let n = 0;
        for (const row of table.rows(start, end)) {
          for (let k = 0; k < order.length; k++) columns[k]!.push(row.valueAt(order[k]!));
          if (++n === batchRows) {
            yield { table: t.name, startRow, rowCount: n, columns };
            startRow += n;
            n = 0;
            columns = order.map(() => []);
          }
        }
        if (n > 0) yield { table: t.name, startRow, rowCount: n, columns };
      },
    };
  });
}

/** Generates the first rows of every table and reports what fails, before any output is opened. */
export function probePlan(plan: Plan, spec: Spec, doc?: SpecDocument, rows = PROBE_ROWS): Diagnostic[] {
  try {
    const runtime = new PlanRuntime(plan, spec, doc, false);
    for (const t of plan.tables) {
      try {
        for (const _ of runtime.table(t.name).rows(0, Math.min(rows, t.rowCount))) void _;
      } catch (e) {
        // The probe generated only the first rows of the tables this one reads; the build generates them all.
        if (!(e instanceof NotYetGenerated)) throw e;
      }
    }
    return [];
  } catch (e) {
    if (e instanceof GenerationError) return [e.diagnostic];
    throw e;
  }
}

/** Every row of one table as objects (for `synth preview`, tests and the Node API). */
export function* tableRows(stream: TableStream): Generator<Record<string, CellValue>> {
  const names = stream.info.columns.map((c) => c.name);
  for (const b of stream.batches()) {
    for (let r = 0; r < b.rowCount; r++) {
      const row: Record<string, CellValue> = {};
      names.forEach((n, k) => (row[n] = b.columns[k]![r]!));
      yield row;
    }
  }
}

/**
 * Plan, then probe the first rows: everything a spec can get wrong is reported before any output is opened.
 * `plan` is absent when planning failed; the diagnostics hold every problem found.
 */
export function planAndProbe(spec: Spec, options: PlanOptions = {}): { plan?: Plan; diagnostics: Diagnostic[] } {
  const planned = planBuild(spec, options);
  if (!planned.value) return { diagnostics: planned.diagnostics };
  return { plan: planned.value, diagnostics: [...planned.diagnostics, ...probePlan(planned.value, spec, options.doc)] };
}
