import type { ColumnInfo, LogicalType, Plan } from '../types.js';

/**
 * Bytes of one value as text, on the generous side (docs/spec.md#limits): an int of 12 digits, a datetime with its
 * milliseconds and zone, a uuid with quotes, a string of a long name or address, a small JSON document. The estimate
 * guards the disk against a typo (`rows: 1e12`), so it errs towards too much: the real file is usually smaller.
 */
export const VALUE_BYTES: Readonly<Record<LogicalType, number>> = {
  int: 12,
  float: 24,
  decimal: 20,
  bool: 5,
  string: 40,
  date: 12,
  datetime: 28,
  time: 14,
  uuid: 38,
  json: 200,
};

/**
 * How a format's bytes compare with the text values: `perValue` is the separator or markup around one value (for
 * json, jsonl and xml its name is added too), `perRow` the row's own, `factor` scales the whole (binary and zipped
 * formats are smaller than their text, pdf and docx larger). Unknown formats (plugins) count like csv.
 */
const FORMAT_COST: Record<string, { perValue: number; perRow: number; factor: number; named?: 1 | 2 }> = {
  csv: { perValue: 1, perRow: 1, factor: 1 },
  tsv: { perValue: 1, perRow: 1, factor: 1 },
  json: { perValue: 4, perRow: 4, factor: 1, named: 1 },
  jsonl: { perValue: 4, perRow: 3, factor: 1, named: 1 },
  xml: { perValue: 5, perRow: 16, factor: 1, named: 2 },
  sql: { perValue: 2, perRow: 8, factor: 1 },
  parquet: { perValue: 0, perRow: 0, factor: 0.6 },
  arrow: { perValue: 0, perRow: 0, factor: 0.8 },
  xlsx: { perValue: 30, perRow: 20, factor: 0.5 },
  pdf: { perValue: 10, perRow: 10, factor: 2 },
  docx: { perValue: 40, perRow: 40, factor: 1.5 },
};

/** Estimated bytes of one row of these columns in this format. */
export function estimateRowBytes(columns: readonly ColumnInfo[], format: string): number {
  const cost = FORMAT_COST[format] ?? FORMAT_COST.csv!;
  let bytes = cost.perRow;
  for (const c of columns) bytes += VALUE_BYTES[c.type] + cost.perValue + (cost.named ?? 0) * c.name.length;
  return bytes * cost.factor;
}

/**
 * Estimated bytes of every file a build writes: for each output, each of its tables' rows × the row estimate. With
 * a shard, `rowsOf` gives the rows of the part. Made from the plan alone, before a file is opened.
 */
export function estimateOutputBytes(plan: Plan, targets: ReadonlyArray<{ format: string; tables: readonly string[] }>, rowsOf: (table: string, rowCount: number) => number = (_t, n) => n): number {
  const byName = new Map(plan.tables.map((t) => [t.name, t]));
  let total = 0;
  for (const target of targets) {
    for (const name of target.tables) {
      const t = byName.get(name);
      if (!t) continue;
      total += rowsOf(name, t.rowCount) * estimateRowBytes(t.columns.map((c) => c.info), target.format);
    }
  }
  return Math.ceil(total);
}

/** 10737418240 → "10.0 GiB". */
export function formatSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(n)} B` : `${n.toFixed(1)} ${units[u]}`;
}
