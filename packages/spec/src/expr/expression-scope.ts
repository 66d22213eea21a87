import { Environment } from '@marcbachmann/cel-js';
import { isRefColumn, type ColumnSpec, type TableSpec } from '../types.js';

/**
 * The CEL environment of one table: its columns by name, and each referenced row (a foreign key's target,
 * which includes a per-parent table's parent row) under the reference's `as` name or the referenced table's
 * name. docs/spec.md#expressions is the reference.
 *
 * Types follow the columns: integers are CEL `int`, floats and decimals `double`, dates and datetimes
 * `timestamp`, everything else `string`/`bool`. A column that can be null is `dyn`, so `x == null` type-checks.
 */
export const TIMESTAMP = 'google.protobuf.Timestamp';

export function columnCanBeNull(c: ColumnSpec): boolean {
  return (c.nulls ?? 0) > 0 || c.nullable === true || c.when !== undefined;
}

/** A syntax-only parser: which columns an expression reads does not depend on their types. */
let syntaxOnly: Environment | undefined;
const nullableCache = new WeakMap<Record<string, TableSpec>, Set<string>>();

/**
 * Every `table.column` of a spec that can be null: its own `nulls`, `nullable` or `when`, or an expression that
 * reads such a column (of its row, or of a parent row through a reference) — an expression passes a null it reads
 * through (`b: { expr: "a" }` is null wherever `a` is), and so on along chains of expressions. Worked out once per
 * spec; the CEL environment types these columns `dyn` and the plan declares them nullable.
 */
export function nullableColumns(tables: Record<string, TableSpec>): Set<string> {
  const cached = nullableCache.get(tables);
  if (cached) return cached;
  const out = new Set<string>();
  const reads = new Map<string, string[]>();
  syntaxOnly ??= new Environment({ homogeneousAggregateLiterals: false });
  for (const [t, table] of Object.entries(tables)) {
    const aliases = referenceAliases(table);
    for (const [name, c] of Object.entries(table.columns)) {
      if (columnCanBeNull(c)) out.add(`${t}.${name}`);
      const expr = (c as { expr?: unknown }).expr;
      if (typeof expr !== 'string') continue;
      let ast: unknown;
      try {
        ast = syntaxOnly.parse(expr).ast;
      } catch {
        continue; // reported by the expression checks
      }
      const { columns, refs } = expressionReads(ast);
      const keys = [...columns].filter((n) => Object.hasOwn(table.columns, n)).map((n) => `${t}.${n}`);
      for (const r of refs) {
        const a = Object.hasOwn(table.columns, r.alias) ? undefined : aliases.get(r.alias);
        if (a) keys.push(`${a.table}.${r.column}`);
      }
      reads.set(`${t}.${name}`, keys);
    }
  }
  for (let grew = true; grew; ) {
    grew = false;
    for (const [key, keys] of reads) {
      if (out.has(key) || !keys.some((k) => out.has(k))) continue;
      out.add(key);
      grew = true;
    }
  }
  nullableCache.set(tables, out);
  return out;
}

export function celTypeOf(c: ColumnSpec, tables: Record<string, TableSpec>, seen = new Set<ColumnSpec>()): string {
  if (columnCanBeNull(c)) return 'dyn';
  if (isRefColumn(c)) {
    const [t, col] = c.ref.split('.');
    const target = tables[t ?? '']?.columns[col ?? ''];
    if (!target || seen.has(target)) return 'dyn';
    seen.add(target);
    return celTypeOf(target, tables, seen);
  }
  switch (c.type) {
    case 'sequence':
    case 'int':
      return 'int';
    case 'float':
    case 'decimal':
      return 'double';
    case 'bool':
      return 'bool';
    case 'date':
    case 'datetime':
      return TIMESTAMP;
    case 'time':
    case 'uuid':
    case 'string':
      return 'string';
    case 'enum': {
      const values = Array.isArray((c as { values: unknown }).values)
        ? ((c as { values: unknown[] }).values)
        : Object.keys((c as { values: Record<string, number> }).values);
      if (values.every((v) => typeof v === 'boolean')) return 'bool';
      if (values.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'int';
      if (values.every((v) => typeof v === 'number')) return 'double';
      return 'string';
    }
    case 'constant': {
      const v = (c as { value: unknown }).value;
      if (typeof v === 'boolean') return 'bool';
      if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'double';
      if (v === null) return 'dyn';
      return 'string';
    }
    default:
      return 'dyn'; // Faker methods return strings, numbers or dates depending on the method
  }
}

/** Names under which a table's expressions see referenced rows: alias → referenced table. */
export function referenceAliases(table: TableSpec): Map<string, { table: string; column: string }> {
  const byAlias = new Map<string, { table: string; column: string }>();
  const ambiguous = new Set<string>();
  for (const [name, c] of Object.entries(table.columns)) {
    if (!isRefColumn(c)) continue;
    const refTable = c.ref.split('.')[0] ?? '';
    const alias = c.as ?? refTable;
    if (byAlias.has(alias) && c.as === undefined) ambiguous.add(alias);
    else byAlias.set(alias, { table: refTable, column: name });
  }
  for (const a of ambiguous) if (![...Object.values(table.columns)].some((c) => isRefColumn(c) && c.as === a)) byAlias.delete(a);
  return byAlias;
}

/** A uniform double in [0, 1) from the cell being computed; the spec package only type-checks, never calls it. */
export type ExpressionRandom = () => number;

const noRandom: ExpressionRandom = () => {
  throw new Error('rand() and uniform() are not available here');
};

/**
 * synth's functions on top of standard CEL (docs/spec.md#functions). They draw from the cell's own random
 * stream, so a derived value can vary row to row and still be a pure function of (seed, table, column, row).
 */
function registerRandomFunctions(env: Environment, random: ExpressionRandom): void {
  env.registerFunction('rand(): double', () => random());
  // Results are dyn: with a nullable parent's value (dyn) as argument, the checker cannot pick an overload,
  // and a fixed return type would be the wrong one for two of them.
  env.registerFunction('uniform(int, int): dyn', (lo: bigint, hi: bigint) => {
    if (hi < lo) throw new Error(`uniform(${lo}, ${hi}): the low bound is above the high bound`);
    return lo + BigInt(Math.floor(random() * Number(hi - lo + 1n)));
  });
  env.registerFunction('uniform(double, double): dyn', (lo: number, hi: number) => {
    if (hi < lo) throw new Error(`uniform(${lo}, ${hi}): the low bound is above the high bound`);
    return lo + random() * (hi - lo);
  });
  env.registerFunction(`uniform(${TIMESTAMP}, ${TIMESTAMP}): dyn`, (lo: Date, hi: Date) => {
    const a = lo.getTime();
    const b = hi.getTime();
    if (b < a) throw new Error(`uniform(${lo.toISOString()}, ${hi.toISOString()}): the low bound is after the high bound`);
    // Whole seconds, like generated datetimes.
    return new Date(a + Math.floor(random() * (Math.floor((b - a) / 1000) + 1)) * 1000);
  });
}

export function buildTableEnvironment(tableName: string, tables: Record<string, TableSpec>, random: ExpressionRandom = noRandom): Environment {
  const table = tables[tableName]!;
  const env = new Environment({ homogeneousAggregateLiterals: false });
  registerRandomFunctions(env, random);
  const nullable = nullableColumns(tables);
  for (const [name, c] of Object.entries(table.columns)) env.registerVariable(name, nullable.has(`${tableName}.${name}`) ? 'dyn' : celTypeOf(c, tables));
  for (const [alias, { table: refTable, column }] of referenceAliases(table)) {
    if (Object.hasOwn(table.columns, alias)) continue; // a column of the same name wins; `as:` can rename the row
    const target = tables[refTable];
    if (!target) continue;
    if (columnCanBeNull(table.columns[column]!)) {
      // A nullable reference may have no row: `manager == null ? … : manager.hired_at` needs a dyn.
      env.registerVariable(alias, 'dyn');
      continue;
    }
    const schema: Record<string, string> = {};
    for (const [n, c] of Object.entries(target.columns)) schema[n] = nullable.has(`${refTable}.${n}`) ? 'dyn' : celTypeOf(c, tables);
    env.registerVariable({ name: alias, schema });
  }
  return env;
}

interface AstNode {
  op: string;
  args: unknown;
}

/**
 * The row values an expression reads: bare identifiers (this row's columns) and `alias.column` pairs
 * (a referenced row's columns). Comprehension variables are filtered out by the caller, which knows the names.
 */
export function expressionReads(ast: unknown): { columns: Set<string>; refs: Array<{ alias: string; column: string }> } {
  const columns = new Set<string>();
  const refs: Array<{ alias: string; column: string }> = [];
  const visit = (n: unknown): void => {
    if (Array.isArray(n)) {
      n.forEach(visit);
      return;
    }
    if (!n || typeof n !== 'object' || !('op' in n)) return;
    const node = n as AstNode;
    if (node.op === 'id' && typeof node.args === 'string') {
      columns.add(node.args);
      return;
    }
    if (node.op === '.' && Array.isArray(node.args)) {
      const [obj, field] = node.args as [AstNode, unknown];
      if (obj?.op === 'id' && typeof obj.args === 'string' && typeof field === 'string') {
        refs.push({ alias: obj.args, column: field });
        columns.add(obj.args);
        return;
      }
    }
    visit(node.args);
  };
  visit(ast);
  return { columns, refs };
}
