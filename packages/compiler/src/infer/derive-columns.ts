import type { Cell } from './read-samples.js';
import type { ColumnProfile } from './profile-types.js';
import { TEMPORAL_FORMATS } from './temporal-formats.js';

/**
 * Derived columns (docs/infer.md, "Derived columns"): a date or datetime that is always the same time after another
 * column of its row (`shipped_at` = `placed_at` + 36 h) is written as that expression, so the relation survives.
 * Found on the table's reservoir sample; the offset is a statistic, not a value.
 */

/** Rows where both columns are set, needed before a constant offset counts as a rule. */
export const MIN_DERIVED_ROWS = 20;

/** For each temporal column, the earlier column of the row it is a constant offset from (first match wins). */
export function findTemporalOffsets(columns: ColumnProfile[], sample: Cell[][]): Map<string, { column: string; offsetMs: number }> {
  const found = new Map<string, { column: string; offsetMs: number }>();
  const temporal = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.type === 'datetime' || c.type === 'date');
  const read = (c: ColumnProfile) => {
    const formats = TEMPORAL_FORMATS.filter((f) => f.kind === c.type || (c.type === 'datetime' && f.id === 'date-iso'));
    return (v: Cell): number | undefined => {
      if (v === null) return undefined;
      const s = String(v);
      for (const f of formats) if (f.test.test(s)) return f.parse(s);
      return undefined;
    };
  };
  for (const b of temporal) {
    for (const a of temporal) {
      // The source must never be null (an expression over null fails) and must not itself be derived.
      if (a === b || a.c.nullRate > 0 || found.has(a.c.name) || a.c.type !== b.c.type) continue;
      const ra = read(a.c);
      const rb = read(b.c);
      let offset: number | undefined;
      let rows = 0;
      let constant = true;
      for (const row of sample) {
        const x = ra(row[a.i] ?? null);
        const y = rb(row[b.i] ?? null);
        if (x === undefined || y === undefined) continue;
        rows++;
        if (offset === undefined) offset = y - x;
        else if (y - x !== offset) {
          constant = false;
          break;
        }
      }
      if (constant && offset !== undefined && offset > 0 && rows >= MIN_DERIVED_ROWS) {
        found.set(b.c.name, { column: a.c.name, offsetMs: offset });
        break;
      }
    }
  }
  return found;
}

/** A CEL duration literal for the offset: whole hours when it is, else seconds (CEL has no day unit). */
export function durationLiteral(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/**
 * A column that is null exactly when a category column has some of its values (`shipped_at` is set only for shipped
 * and delivered orders): the indexes, in the category's `counts` order, of the values under which it is set.
 */
export function findNullConditions(columns: ColumnProfile[], sample: Cell[][], labelsOf: (column: string) => string[] | undefined): Map<string, { column: string; setFor: number[] }> {
  const found = new Map<string, { column: string; setFor: number[] }>();
  for (const [bi, b] of columns.entries()) {
    if (b.nullRate === 0 || b.nullRate === 1) continue;
    for (const [ci, c] of columns.entries()) {
      const labels = c.categories && ci !== bi ? labelsOf(c.name) : undefined;
      if (!labels || c.nullRate > 0) continue;
      const index = new Map(labels.map((l, i) => [l, i]));
      // Per label: 1 = always set, 0 = always null, -1 = both.
      const state = new Map<number, number>();
      let rows = 0;
      for (const row of sample) {
        const li = index.get(String(row[ci]));
        if (li === undefined) continue;
        rows++;
        const set = row[bi] !== null ? 1 : 0;
        const was = state.get(li);
        state.set(li, was === undefined || was === set ? set : -1);
      }
      const values = [...state.values()];
      if (rows >= MIN_DERIVED_ROWS && values.every((v) => v !== -1) && values.includes(0) && values.includes(1)) {
        found.set(b.name, { column: c.name, setFor: [...state].filter(([, v]) => v === 1).map(([i]) => i).sort((x, y) => x - y) });
        break;
      }
    }
  }
  return found;
}
