import { keyColumns, type ColumnQuality, type Spec } from '@synth/spec';
import type { ColumnInfo, PlannedTable } from '../types.js';

/** The flaws a quality control can inject (docs/quality.md). */
export const CELL_FLAWS = ['nulls', 'outliers', 'typos', 'whitespace', 'case'] as const;
export type CellFlaw = (typeof CELL_FLAWS)[number];
export type FlawKind = CellFlaw | 'duplicates';

/** Outliers are this many times larger (or smaller) when the spec gives no magnitude. */
export const DEFAULT_OUTLIER_MAGNITUDE = 10;

export interface ColumnFlaws {
  column: string;
  /** Index in the table's output order (the batch's column index). */
  index: number;
  type: ColumnInfo['type'];
  scale?: number;
  rates: Partial<Record<CellFlaw, number>>;
  magnitude: number;
}

export interface TableFlaws {
  table: string;
  duplicates: number;
  columns: ColumnFlaws[];
}

const STRING_FLAWS: CellFlaw[] = ['typos', 'whitespace', 'case'];

/**
 * The flaws of one table, resolved from the spec's three levels (spec, table, column: the nearest wins). Spec- and
 * table-level flaws reach only the columns they fit — never keys, string flaws only strings, outliers only numbers —
 * while a column's own `quality` is taken as written (the validator has rejected what cannot apply).
 * Undefined when the table has none.
 */
export function planTableFlaws(spec: Spec, t: PlannedTable): TableFlaws | undefined {
  const tableSpec = spec.tables[t.name]!;
  const inherited: ColumnQuality = { ...withoutDuplicates(spec.quality), ...withoutDuplicates(tableSpec.quality) };
  const keys = keyColumns(spec);
  const byName = new Map(t.columns.map((c) => [c.name, c]));
  const columns: ColumnFlaws[] = [];
  t.outputOrder.forEach((name, index) => {
    const planned = byName.get(name)!;
    const own = planned.spec.quality ?? {};
    const type = planned.info.type;
    const rates: Partial<Record<CellFlaw, number>> = {};
    let magnitude = DEFAULT_OUTLIER_MAGNITUDE;
    const key = keys.has(`${t.name}.${name}`) || planned.generator === 'sequence';
    for (const f of CELL_FLAWS) {
      const explicit = own[f] !== undefined;
      const value = explicit ? own[f] : inherited[f];
      if (value === undefined) continue;
      if (!explicit && (key || !fits(f, type))) continue;
      const rate = typeof value === 'number' ? value : value.rate;
      if (typeof value === 'object' && value.magnitude !== undefined) magnitude = value.magnitude;
      if (rate > 0) rates[f] = rate;
    }
    if (Object.keys(rates).length === 0) return;
    columns.push({ column: name, index, type, ...(planned.info.scale !== undefined ? { scale: planned.info.scale } : {}), rates, magnitude });
  });
  const duplicates = tableSpec.quality?.duplicates ?? spec.quality?.duplicates ?? 0;
  if (columns.length === 0 && duplicates === 0) return undefined;
  return { table: t.name, duplicates, columns };
}

/** A column that may hold injected nulls is nullable in the written schema (parquet, arrow, sql). */
export function flawedInfo(info: ColumnInfo, flaws: TableFlaws | undefined): ColumnInfo {
  if (info.nullable || !flaws?.columns.some((c) => c.column === info.name && c.rates.nulls !== undefined)) return info;
  return { ...info, nullable: true };
}

function fits(f: CellFlaw, type: ColumnInfo['type']): boolean {
  if (f === 'nulls') return true;
  if (f === 'outliers') return type === 'int' || type === 'float' || type === 'decimal';
  return STRING_FLAWS.includes(f) && type === 'string';
}

function withoutDuplicates(q: (ColumnQuality & { duplicates?: number }) | undefined): ColumnQuality {
  if (!q) return {};
  const { duplicates: _d, ...rest } = q;
  return rest;
}
