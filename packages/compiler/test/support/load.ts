import { executePlan, planBuild, tableRows, type CellValue, type RowBatch, type TableInfo } from '@synth/compiler';
import { loadSpec } from '@synth/spec';
import type { Destination } from '../../src/destinations/types.js';

export type Rows = Array<Record<string, CellValue>>;

/** A spec's tables, generated in memory (small specs): what a build would hand a destination, batch by batch. */
export interface Generated {
  tables: TableInfo[];
  batches: Map<string, RowBatch[]>;
  /** Every row as an object, for comparing with what an independent reader gets back. */
  rows: Map<string, Rows>;
}

export function generateTables(specText: string, options: { batchRows?: number } = {}): Generated {
  const r = loadSpec({ path: 'test.synth.yaml', text: specText });
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const spec = r.value.spec;
  const planned = planBuild(spec);
  if (!planned.value) throw new Error(planned.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const streams = executePlan(planned.value, spec, options.batchRows ? { batchRows: options.batchRows } : {});
  const rows = new Map(executePlan(planned.value, spec).map((s) => [s.info.name, [...tableRows(s)]]));
  return { tables: streams.map((s) => s.info), batches: new Map(streams.map((s) => [s.info.name, [...s.batches()]])), rows };
}

/** Drives a destination as the build does: open, each table's batches, finish; abort on any failure, then rethrow. */
export async function loadInto(dest: Destination, tables: TableInfo[], batches: Map<string, RowBatch[]>): Promise<Array<{ name: string; rows: number }>> {
  try {
    await dest.open(tables);
    for (const t of tables) {
      await dest.startTable(t);
      for (const b of batches.get(t.name) ?? []) await dest.writeBatch(b);
      await dest.endTable();
    }
    return (await dest.finish()).tables;
  } catch (e) {
    await dest.abort();
    throw e;
  }
}

/** A batch of one table from rows given as objects (a hand-made batch: a duplicate key, a dangling reference). */
export function batchOf(table: TableInfo, rows: Rows, startRow = 0): RowBatch {
  return { table: table.name, startRow, rowCount: rows.length, columns: table.columns.map((c) => rows.map((r) => r[c.name] ?? null)) };
}

/** Awkward text: quotes, backslashes, COPY's own escapes and markers, SQL-looking text, line breaks, NUL, non-ASCII. */
export const AWKWARD = [
  "it's",
  "''",
  'back\\slash',
  "\\'",
  'trailing\\',
  '\\N',
  '\\.',
  '\\n not a newline',
  '-- not a comment',
  "'); DROP TABLE x; --",
  'two\nlines\r\n',
  'tab\tinside',
  'nul\u0000byte',
  '😀 ünïcödé',
  '',
  ' ',
  '$$ dollar $$',
  '"double"',
  'a,b;c|d',
  'tab\t',
  '`tick`',
];

/**
 * Reserved words as names, a cycle between two tables (order.captain points at group, created after it), a
 * self-reference, awkward strings and an empty table.
 */
export const CYCLE_SPEC = `synth: 1
seed: 11
tables:
  order:
    rows: 6
    columns:
      id: { type: sequence }
      select: { type: enum, values: [${AWKWARD.map((v) => JSON.stringify(v)).join(', ')}], unique: true }
      captain: { ref: group.id, nulls: 0.3 }
  group:
    rows: ${AWKWARD.length}
    columns:
      id: { type: sequence, primary_key: true }
      from: { type: enum, unique: true, values: [${AWKWARD.map((v) => JSON.stringify(v)).join(', ')}] }
      order_id: { ref: order.id }
      parent_id: { ref: group.id, nullable: true }
      CamelCase: { type: bool }
  nothing:
    rows: 0
    columns:
      id: { type: sequence, primary_key: true }
      label: { type: string, pattern: '[a-z]{4}' }
`;
