import { buildTableEnvironment, expressionReads, referenceAliases, type Spec } from '@synth/spec';
import { toCel } from '../generators/cel-values.js';
import { BAIL, celValueAt, compileClosure, loadRowSlot, loadSlot, newLoadedRow, rowIsNull, type ClosureProgram, type LoadedRow } from './expression-closure.js';
import type { CellRandom } from '../random/cell-random.js';
import type { LogicalType } from '../types.js';

/** The part of a row an expression can see; implemented by RowState. */
export interface RowView {
  get(column: string): import('../types.js').CellValue;
  /** The referenced row under `alias`, or null when the reference is null. */
  ref(alias: string): RowView | null;
  typeOf(column: string): LogicalType;
}

export interface CompiledExpression {
  source: string;
  /** Columns of this row it reads (for dependency order). */
  reads: string[];
  /** alias → columns of the referenced row it reads. */
  refReads: Map<string, string[]>;
  /** `rng` feeds rand()/uniform(); without it those functions fail (checks have no stream of their own). */
  evaluate(row: RowView, rng?: CellRandom): unknown;
  /** How rows are evaluated: compiled closures (expression-closure.ts) with the interpreter behind them, or the interpreter alone. */
  compiled: 'closure' | 'interpreter';
}

export class ExpressionError extends Error {}

/**
 * Compiles a CEL expression once per spec (parse + type check); evaluation reads only the values the expression
 * reads, so unread columns are never computed. Common expressions run as closures over the raw values; the rest,
 * and every row a closure hands back, run on the interpreter with a context of CEL values.
 */
export function compileExpression(spec: Spec, table: string, source: string, options: { closures?: boolean } = {}): CompiledExpression {
  let current: CellRandom | undefined;
  const env = buildTableEnvironment(table, spec.tables, () => {
    if (!current) throw new Error('rand() and uniform() can be used in `expr` and `when`, not in checks');
    return current.next();
  });
  const program = env.parse(source);
  const { columns, refs } = expressionReads(program.ast);
  const tableSpec = spec.tables[table]!;
  const aliases = referenceAliases(tableSpec);
  const reads = [...columns].filter((c) => Object.hasOwn(tableSpec.columns, c));
  const refReads = new Map<string, string[]>();
  for (const r of refs) {
    if (Object.hasOwn(tableSpec.columns, r.alias) || !aliases.has(r.alias)) continue;
    const target = spec.tables[aliases.get(r.alias)!.table]!;
    if (!Object.hasOwn(target.columns, r.column)) continue;
    const list = refReads.get(r.alias) ?? [];
    if (!list.includes(r.column)) list.push(r.column);
    refReads.set(r.alias, list);
  }
  const interpret = (ctx: Record<string, unknown>, rng: CellRandom | undefined): unknown => {
    current = rng;
    try {
      return program(ctx);
    } catch (e) {
      throw new ExpressionError((e instanceof Error ? e.message : String(e)).split('\n')[0]);
    } finally {
      current = undefined;
    }
  };
  // `closures: false` is the reference the closures are tested against.
  const closure = options.closures === false ? undefined : compileRowClosure(program, reads, refReads);
  if (!closure) {
    return {
      source,
      reads,
      refReads,
      compiled: 'interpreter',
      evaluate(row, rng) {
        const ctx: Record<string, unknown> = {};
        for (const c of reads) ctx[c] = toCel(row.get(c), row.typeOf(c));
        for (const [alias, cols] of refReads) {
          const parent = row.ref(alias);
          if (parent === null) {
            ctx[alias] = null;
            continue;
          }
          const obj: Record<string, unknown> = {};
          for (const c of cols) obj[c] = toCel(parent.get(c), parent.typeOf(c));
          ctx[alias] = obj;
        }
        return interpret(ctx, rng);
      },
    };
  }
  const size = reads.length + [...refReads.values()].reduce((n, cols) => n + 1 + cols.length, 0);
  return {
    source,
    reads,
    refReads,
    compiled: 'closure',
    evaluate(row, rng) {
      // Read in the interpreter's order, so a value that cannot be computed fails the same way on both paths.
      const loaded = newLoadedRow(size);
      let i = 0;
      for (const c of reads) loadSlot(loaded, i++, row.get(c), row.typeOf(c));
      for (const [alias, cols] of refReads) {
        const parent = row.ref(alias);
        loadRowSlot(loaded, i++, parent !== null);
        if (parent === null) i += cols.length;
        else for (const c of cols) loadSlot(loaded, i++, parent.get(c), parent.typeOf(c));
      }
      const drawn = rng?.drawn ?? 0;
      try {
        return closure.run(loaded, rng);
      } catch (e) {
        if (e !== BAIL) throw e;
      }
      rng?.rewind(drawn);
      return interpret(contextOf(loaded, reads, refReads), rng);
    },
  };
}

/** The closure for a type-checked program, with slots laid out as `evaluate` loads them. */
function compileRowClosure(program: { ast: unknown; check(): { valid: boolean } }, reads: string[], refReads: Map<string, string[]>): ClosureProgram | undefined {
  // The check annotates the AST with the types the interpreter would give it on its first evaluation.
  if (!program.check().valid) return undefined;
  const columns = new Map(reads.map((c, i) => [c, i]));
  const aliases = new Map<string, number>();
  const fields = new Map<string, number>();
  let i = reads.length;
  for (const [alias, cols] of refReads) {
    aliases.set(alias, i++);
    for (const c of cols) fields.set(`${alias}\u0000${c}`, i++);
  }
  return compileClosure(program.ast, {
    column: (name) => columns.get(name),
    alias: (name) => aliases.get(name),
    field: (alias, column) => fields.get(`${alias}\u0000${column}`),
  });
}

/** The interpreter's context for a loaded row: what the plain path builds from the row itself. */
function contextOf(loaded: LoadedRow, reads: string[], refReads: Map<string, string[]>): Record<string, unknown> {
  const ctx: Record<string, unknown> = {};
  let i = 0;
  for (const c of reads) ctx[c] = celValueAt(loaded, i++);
  for (const [alias, cols] of refReads) {
    if (rowIsNull(loaded, i++)) {
      ctx[alias] = null;
      i += cols.length;
      continue;
    }
    const obj: Record<string, unknown> = {};
    for (const c of cols) obj[c] = celValueAt(loaded, i++);
    ctx[alias] = obj;
  }
  return ctx;
}
