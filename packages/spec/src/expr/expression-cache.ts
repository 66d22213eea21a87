import type { Environment, TypeCheckResult } from '@marcbachmann/cel-js';
import type { TableSpec } from '../types.js';
import { buildTableEnvironment } from './expression-scope.js';

/** A parsed CEL program of one table: call it with a context to evaluate; `ast` and `check()` as cel-js gives them. */
export type ParsedExpression = ReturnType<Environment['parse']>;

/**
 * Where `rand()`/`uniform()` of a table's expressions draw from while one of them is evaluated: the evaluator sets
 * `source` for the call and clears it after (one thread evaluates one expression at a time). Unset, they fail: the
 * validator only type-checks, and checks have no stream of their own.
 */
export interface RandomSlot {
  source: { next(): number } | undefined;
}

interface TableExpressions {
  env: Environment;
  random: RandomSlot;
  programs: Map<string, ParsedExpression>;
  checked: WeakMap<ParsedExpression, TypeCheckResult>;
}

/**
 * Every expression of a spec is parsed and type-checked once per process, whichever stage asks first (validation,
 * planning, the executor, the conformance checker): the cache is keyed by the spec's `tables` object (the Spec the
 * validator returns is the one every later stage gets), then by table and source.
 */
const caches = new WeakMap<Record<string, TableSpec>, Map<string, TableExpressions>>();
let parses = 0;

function tableExpressions(tableName: string, tables: Record<string, TableSpec>): TableExpressions {
  let byTable = caches.get(tables);
  if (!byTable) caches.set(tables, (byTable = new Map()));
  let t = byTable.get(tableName);
  if (!t) {
    const random: RandomSlot = { source: undefined };
    const env = buildTableEnvironment(tableName, tables, () => {
      if (!random.source) throw new Error('rand() and uniform() can be used in `expr` and `when`, not in checks');
      return random.source.next();
    });
    t = { env, random, programs: new Map(), checked: new WeakMap() };
    byTable.set(tableName, t);
  }
  return t;
}

/** The parsed program of an expression of `tableName` (shared: callers must not change it); throws a parse error. */
export function parseExpression(tableName: string, tables: Record<string, TableSpec>, source: string): ParsedExpression {
  const t = tableExpressions(tableName, tables);
  let program = t.programs.get(source);
  if (!program) {
    parses++;
    program = t.env.parse(source);
    t.programs.set(source, program);
  }
  return program;
}

/** The program's type check, run once (it also annotates the AST with the types the closures compile from). */
export function typeCheckExpression(program: ParsedExpression, tableName: string, tables: Record<string, TableSpec>): TypeCheckResult {
  const { checked } = tableExpressions(tableName, tables);
  let result = checked.get(program);
  if (!result) checked.set(program, (result = program.check()));
  return result;
}

/** The slot the table's `rand()`/`uniform()` read while an expression of it is evaluated. */
export function expressionRandom(tableName: string, tables: Record<string, TableSpec>): RandomSlot {
  return tableExpressions(tableName, tables).random;
}

/** How many expressions this process has parsed: each distinct (spec, table, source) once (tests read it). */
export function expressionParseCount(): number {
  return parses;
}
