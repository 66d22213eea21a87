import type { ColumnProfile, ForeignKeyProfile, KeyCandidate } from './profile-types.js';
import type { ColumnScan } from './scan-table.js';
import type { Cell } from './read-samples.js';
import { fitCounts } from './fit-distribution.js';

/**
 * Keys across tables (docs/infer.md, "Keys"): primary-key candidates are columns that are unique and never null;
 * a foreign key is a column whose distinct values are (nearly) all keys of another table's candidate, found by
 * comparing the hashes of their values. Whole-number columns overlap by chance (ages fall inside any id range), so
 * those also need a name that points at the parent (`customer_id` → customers); text and uuid keys do not.
 */

/** Share of a child's distinct values that must be keys of the parent (a little slack for dirty samples). */
export const FK_INCLUSION = 0.99;

export interface ScannedTable {
  name: string;
  rows: number;
  columns: Array<{ profile: ColumnProfile; scan: ColumnScan }>;
}

const KIND_RANK: Record<KeyCandidate['kind'], number> = { sequence: 0, uuid: 1, other: 2 };

/** Unique, never-null columns, best first: sequences, then uuids, then columns named like ids. */
export function keyCandidates(table: ScannedTable): KeyCandidate[] {
  const out: Array<KeyCandidate & { rank: number }> = [];
  for (const { profile: p } of table.columns) {
    if (!p.unique || p.nullRate > 0 || p.count !== table.rows || !['int', 'uuid', 'string', 'decimal', 'date', 'datetime'].includes(p.type)) continue;
    const kind: KeyCandidate['kind'] = p.numeric?.sequence ? 'sequence' : p.type === 'uuid' ? 'uuid' : 'other';
    const named = /^id$/i.test(p.name) ? 0 : /(_id|Id|_key|_code)$/.test(p.name) ? 1 : 2;
    out.push({ column: p.name, kind, rank: KIND_RANK[kind] * 10 + named + (p.type === 'date' || p.type === 'datetime' ? 30 : 0) });
  }
  return out.sort((a, b) => a.rank - b.rank).map(({ column, kind }) => ({ column, kind }));
}

const singular = (s: string) => s.toLowerCase().replace(/ies$/, 'y').replace(/(ss|x|ch|sh)es$/, '$1').replace(/s$/, '');
const stemOf = (column: string) => column.toLowerCase().replace(/(_?id|_?key|_?code|_?ref)$/, '');

/** Does the column's name point at the parent table or its key? `customer_id` → customers.id, `sku` → products.sku. */
function namePoints(column: string, parent: string, key: string): boolean {
  const stem = stemOf(column);
  if (column.toLowerCase() === key.toLowerCase() && key.toLowerCase() !== 'id') return true;
  if (stem === '') return false;
  const p = singular(parent);
  return stem === p || stem === parent.toLowerCase() || stem.endsWith(`_${p}`) || (p.length >= 4 && stem.startsWith(p));
}

const compatible = (a: ColumnProfile['type'], b: ColumnProfile['type']) => a === b || (a === 'string' && b === 'uuid') || (a === 'uuid' && b === 'string');

/** Foreign keys between the tables (each child column points at most at one parent key), with children per parent. */
export function discoverForeignKeys(tables: ScannedTable[], primaryKeys: Map<string, string | undefined>, candidates: Map<string, KeyCandidate[]>): ForeignKeyProfile[] {
  const found: ForeignKeyProfile[] = [];
  for (const child of tables) {
    for (const { profile: cp, scan: cs } of child.columns) {
      if (cp.name === primaryKeys.get(child.name) || !cs.hashes || cp.count === 0 || !['int', 'uuid', 'string'].includes(cp.type)) continue;
      let best: { fk: ForeignKeyProfile; named: boolean; rank: number } | undefined;
      for (const parent of tables) {
        for (const cand of candidates.get(parent.name) ?? []) {
          const self = parent === child;
          if (self && (cand.column === cp.name || cand.column !== primaryKeys.get(parent.name))) continue;
          const pk = parent.columns.find((c) => c.profile.name === cand.column)!;
          if (!compatible(cp.type, pk.profile.type) || !pk.scan.hashes) continue;
          const named = namePoints(cp.name, parent.name, cand.column);
          // Whole numbers meet any id range by chance: they need the name; self-references need an id-like name.
          if ((cp.type === 'int' && !named && !self) || (self && !/(_id|Id)$/.test(cp.name))) continue;
          const inclusion = includedShare(cs.hashes, pk.scan.hashes);
          if (inclusion < FK_INCLUSION) continue;
          const option = {
            fk: { table: child.name, column: cp.name, parentTable: parent.name, parentColumn: cand.column, inclusion: Math.round(inclusion * 10_000) / 10_000, perParent: perParent(cs.hashes, pk.scan.hashes) },
            named,
            rank: KIND_RANK[cand.kind],
          };
          if (!best || better(option, best)) best = option;
        }
      }
      if (best) found.push(best.fk);
    }
  }
  return found;
}

/** A parent the name points at beats one it does not; then the higher inclusion; then the better key kind. */
function better(a: { fk: ForeignKeyProfile; named: boolean; rank: number }, b: { fk: ForeignKeyProfile; named: boolean; rank: number }): boolean {
  if (a.named !== b.named) return a.named;
  if (a.fk.inclusion !== b.fk.inclusion) return a.fk.inclusion > b.fk.inclusion;
  return a.rank < b.rank;
}

function includedShare(child: Map<number, number>, parent: Map<number, number>): number {
  let hits = 0;
  for (const h of child.keys()) if (parent.has(h)) hits++;
  return hits / Math.max(1, child.size);
}

/** Children per parent row: every parent key counts, those no child points at as 0. */
function perParent(child: Map<number, number>, parent: Map<number, number>): ForeignKeyProfile['perParent'] {
  const counts: number[] = [];
  for (const h of parent.keys()) counts.push(child.get(h) ?? 0);
  counts.sort((a, b) => a - b);
  let sum = 0;
  for (const c of counts) sum += c;
  return { min: counts[0] ?? 0, max: counts[counts.length - 1] ?? 0, mean: Math.round((sum / Math.max(1, counts.length)) * 10_000) / 10_000, fits: counts.length > 0 ? fitCounts(counts) : [] };
}

/**
 * A two-column key for a table without a one-column one: a reference (a foreign-key column) and another never-null
 * column whose pairs never repeat, such as `(order_id, line)`. Only judged when the reservoir holds every row, so
 * "never repeat" is exact; whole numbers and categories are preferred as the second member.
 */
export function findCompositeKey(table: ScannedTable, sample: Cell[][], references: string[]): [string, string] | undefined {
  if (sample.length !== table.rows || table.rows < 2) return undefined;
  const index = new Map(table.columns.map((c, i) => [c.profile.name, i]));
  const nonNull = (name: string) => table.columns[index.get(name)!]!.profile.nullRate === 0;
  const rank = (c: ColumnProfile) => (c.type === 'int' ? 0 : c.categories ? 1 : 2);
  const others = table.columns.map((c) => c.profile).filter((c) => c.nullRate === 0 && c.type !== 'empty').sort((a, b) => rank(a) - rank(b));
  for (const a of references.filter(nonNull)) {
    for (const b of others) {
      if (b.name === a) continue;
      const [ia, ib] = [index.get(a)!, index.get(b.name)!];
      const seen = new Set<string>();
      let unique = true;
      for (const row of sample) {
        const key = `${String(row[ia])}\u0000${String(row[ib])}`;
        if (seen.has(key)) {
          unique = false;
          break;
        }
        seen.add(key);
      }
      if (unique) return [a, b.name];
    }
  }
  return undefined;
}
