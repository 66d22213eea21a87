import { pointerOf, type TableSpec } from '@synth/spec';

/** One key or unique constraint of a table, normalized: where it is declared no longer matters. */
export interface KeyConstraint {
  columns: string[];
  primary: boolean;
  /** Where the spec declares it (for diagnostics). */
  pointer: string;
}

/**
 * Every key and unique constraint of a table, worked out once at plan time (the Plan carries the result): a column's
 * `primary_key: true`/`unique: true` and the table's `primary_key: [..]`/`unique: [[..]]` become column sets, so
 * `unique: [[slug]]` and `slug: { unique: true }` are the same constraint to every later stage (docs/spec.md).
 * The primary key comes first, then table-level sets in declared order, then column-level ones in column order;
 * a set declared twice is kept once.
 */
export function keyConstraints(tableName: string, table: TableSpec): KeyConstraint[] {
  const tp = pointerOf('tables', tableName);
  const out: KeyConstraint[] = [];
  const seen = new Set<string>();
  const add = (columns: string[], primary: boolean, pointer: string) => {
    const id = JSON.stringify(columns);
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ columns, primary, pointer });
  };
  const columnPk = Object.keys(table.columns).filter((n) => table.columns[n]!.primary_key === true);
  if (table.primary_key?.length) add(table.primary_key, true, `${tp}/primary_key`);
  else if (columnPk.length) add(columnPk, true, `${tp}/columns/${columnPk[0]}/primary_key`);
  (table.unique ?? []).forEach((s, i) => add(s, false, `${tp}/unique/${i}`));
  for (const [n, c] of Object.entries(table.columns)) if (c.unique === true) add([n], false, `${tp}/columns/${n}/unique`);
  return out;
}

/** The Plan's normalized form: the primary key's columns ([] without one) and every unique set beside it. */
export function plannedKeys(tableName: string, table: TableSpec): { primaryKey: string[]; uniqueSets: string[][] } {
  const all = keyConstraints(tableName, table);
  return { primaryKey: all.find((k) => k.primary)?.columns ?? [], uniqueSets: all.filter((k) => !k.primary).map((k) => k.columns) };
}

/** Columns that are unique by themselves: members of a one-column key or unique set. */
export function singleKeyColumns(t: { primaryKey: string[]; uniqueSets: string[][] }): Set<string> {
  return new Set([t.primaryKey, ...t.uniqueSets].filter((s) => s.length === 1).map((s) => s[0]!));
}

/** The key and unique sets of two or more columns (each checked as a tuple). */
export function compositeKeySets(t: { primaryKey: string[]; uniqueSets: string[][] }): string[][] {
  return [t.primaryKey, ...t.uniqueSets].filter((s) => s.length > 1);
}
