import { buildTableEnvironment, expressionReads, referenceAliases, type Spec } from '@synth/spec';
import { toCel } from '../generators/cel-values.js';
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
}

export class ExpressionError extends Error {}

/**
 * Compiles a CEL expression once per spec (parse + type check); evaluation builds a context holding only the
 * values the expression reads, so unread columns are never computed.
 */
export function compileExpression(spec: Spec, table: string, source: string): CompiledExpression {
  let current: CellRandom | undefined;
  const env = buildTableEnvironment(table, spec.tables, () => {
    if (!current) throw new Error('rand() and uniform() can be used in `expr` and `when`, not in checks');
    return current.next();
  });
  const program = env.parse(source);
  const { columns, refs } = expressionReads(program.ast);
  const tableSpec = spec.tables[table]!;
  const aliases = referenceAliases(tableSpec);
  const reads = [...columns].filter((c) => c in tableSpec.columns);
  const refReads = new Map<string, string[]>();
  for (const r of refs) {
    if (r.alias in tableSpec.columns || !aliases.has(r.alias)) continue;
    const target = spec.tables[aliases.get(r.alias)!.table]!;
    if (!(r.column in target.columns)) continue;
    const list = refReads.get(r.alias) ?? [];
    if (!list.includes(r.column)) list.push(r.column);
    refReads.set(r.alias, list);
  }
  return {
    source,
    reads,
    refReads,
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
      current = rng;
      try {
        return program(ctx);
      } catch (e) {
        throw new ExpressionError((e instanceof Error ? e.message : String(e)).split('\n')[0]);
      } finally {
        current = undefined;
      }
    },
  };
}
