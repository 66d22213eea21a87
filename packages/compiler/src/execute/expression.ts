import {
  buildTableEnvironment,
  EXPR_MAX_ITERATIONS,
  EXPR_MAX_LIST_LENGTH,
  EXPR_MAX_STRING_LENGTH,
  expressionParseCount,
  expressionRandom,
  expressionReads,
  parseExpression,
  referenceAliases,
  typeCheckExpression,
  type ParsedExpression,
  type RandomSlot,
  type Spec,
} from '@synth/spec';
import { toCel } from '../generators/cel-values.js';
import { BAIL, celValueAt, clearSlot, compileClosure, loadRowSlot, loadSlot, newLoadedRow, rowIsNull, type ClosureProgram, type LoadedRow } from './expression-closure.js';
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

/** An expression's run-time values went over a limit of generation-limits.ts (reported as SYN450, not SYN406). */
export class ExpressionLimitError extends ExpressionError {}

/** Compiled expressions by spec (its `tables` object, which every stage of a build shares), then table and source. */
const compiledBySpec = new WeakMap<Spec['tables'], Map<string, CompiledExpression>>();
/** Programs parsed outside the shared cache (`closures: false`, the reference path of tests). */
let uncachedParses = 0;

/**
 * How many CEL programs this process has parsed: validation, planning, the executor and the conformance checker
 * share one per (spec, table, source), so a build parses each distinct expression once (a test holds it).
 */
export function expressionCompileCount(): number {
  return expressionParseCount() + uncachedParses;
}

/**
 * Compiles a CEL expression once per spec (parse + type check) and process: every later call for the same spec,
 * table and source returns the same CompiledExpression. Sharing it is safe because one thread evaluates one
 * expression at a time: the per-call state (`rand()`'s stream, the loop budget) is set at the start of `evaluate`
 * and cleared at its end, and it never nests: the row values an evaluation reads (which may compute a parent or an
 * earlier row of the same table, evaluating this very expression) are all loaded before that state is set. Evaluation reads only the values the expression reads, so unread columns are never
 * computed. Common expressions run as closures over the raw values; the rest, and every row a closure hands back,
 * run on the interpreter with a context of CEL values.
 */
export function compileExpression(spec: Spec, table: string, source: string, options: { closures?: boolean } = {}): CompiledExpression {
  if (options.closures === false) {
    // Its own program: the interpreter-only path installs its guard on a program no closure was compiled from.
    uncachedParses++;
    const random: RandomSlot = { source: undefined };
    const env = buildTableEnvironment(table, spec.tables, () => {
      if (!random.source) throw new Error('rand() and uniform() can be used in `expr` and `when`, not in checks');
      return random.source.next();
    });
    const program = env.parse(source);
    return compileProgram(spec, table, source, program, undefined, random);
  }
  let byKey = compiledBySpec.get(spec.tables);
  if (!byKey) compiledBySpec.set(spec.tables, (byKey = new Map()));
  const key = `${table}\u0000${source}`;
  let compiled = byKey.get(key);
  if (!compiled) {
    const program = parseExpression(table, spec.tables, source);
    compiled = compileProgram(spec, table, source, program, () => typeCheckExpression(program, table, spec.tables), expressionRandom(table, spec.tables));
    byKey.set(key, compiled);
  }
  return compiled;
}

/** `check` undefined: interpreter only. */
function compileProgram(spec: Spec, table: string, source: string, program: ParsedExpression, check: (() => { valid: boolean }) | undefined, random: RandomSlot): CompiledExpression {
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
  // `closures: false` is the reference the closures are tested against.
  const closure = check === undefined ? undefined : compileRowClosure(program, check, reads, refReads);
  // After the check (which sets the handlers the guard wraps): only the interpreter loops, so only it is guarded.
  if (check === undefined) program.check();
  const budget = guardProgram(program);
  const interpret = (ctx: Record<string, unknown>, rng: CellRandom | undefined): unknown => {
    random.source = rng;
    budget.reset();
    try {
      const v = program(ctx);
      budget.throwIfExceeded();
      return checkSize(v);
    } catch (e) {
      // A limit may have been hit inside a quantifier (`exists`, `all`), which swallows its body's errors.
      budget.throwIfExceeded();
      if (e instanceof ExpressionError) throw e;
      throw limitError(e) ?? new ExpressionError((e instanceof Error ? e.message : String(e)).split('\n')[0]);
    } finally {
      random.source = undefined;
    }
  };
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
  const spare = newLoadedRow(size);
  let busy = false;
  return {
    source,
    reads,
    refReads,
    compiled: 'closure',
    evaluate(row, rng) {
      // Read in the interpreter's order, so a value that cannot be computed fails the same way on both paths.
      // One loaded row is reused (a row's worth of garbage per evaluation was a tenth of a build's GC); an
      // evaluation that starts while another is loading (a self-reference reading its parent's value of this very
      // column) gets a fresh one.
      const own = !busy;
      const loaded = own ? spare : newLoadedRow(size);
      busy = true;
      try {
        let i = 0;
        for (const c of reads) loadSlot(loaded, i++, row.get(c), row.typeOf(c));
        for (const [alias, cols] of refReads) {
          const parent = row.ref(alias);
          loadRowSlot(loaded, i++, parent !== null);
          // A null parent's fields stay unset, as in a fresh row: no value of an earlier evaluation may leak.
          if (parent === null) for (const _ of cols) clearSlot(loaded, i++);
          else for (const c of cols) loadSlot(loaded, i++, parent.get(c), parent.typeOf(c));
        }
      } finally {
        if (own) busy = false;
      }
      const drawn = rng?.drawn ?? 0;
      try {
        const v = closure.run(loaded, rng);
        // Closures do not loop, but `s + s + …` can still make a string over the limit.
        return typeof v === 'string' && v.length > EXPR_MAX_STRING_LENGTH ? checkSize(v) : v;
      } catch (e) {
        if (e !== BAIL) throw limitError(e) ?? e;
      }
      rng?.rewind(drawn);
      return interpret(contextOf(loaded, reads, refReads), rng);
    },
  };
}

/** The closure for a type-checked program, with slots laid out as `evaluate` loads them. */
function compileRowClosure(program: { ast: unknown }, check: () => { valid: boolean }, reads: string[], refReads: Map<string, string[]>): ClosureProgram | undefined {
  // The check annotates the AST with the types the interpreter would give it on its first evaluation.
  if (!check().valid) return undefined;
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

/**
 * The run-time limits of one evaluation (docs/spec.md "Generation limits"): loop iterations, and the size of
 * every string and list the interpreter computes. cel-js has parse-time limits only, so nested `map()`s over
 * literal lists looped 10^9 times and `join()`s ran out of memory. The guard wraps the evaluators of the nodes
 * that loop (comprehensions, which every macro becomes) and of those that build strings and lists (`+`, calls).
 */
interface Budget {
  reset(): void;
  throwIfExceeded(): void;
}

interface CelNode {
  op: string;
  args: unknown;
  handle?: (iterable: unknown, ...rest: unknown[]) => unknown;
  evaluate?: (...a: unknown[]) => unknown;
  meta: { evaluate?: (...a: unknown[]) => unknown; alternate?: CelNode; macro?: unknown };
}

const SIZED_OPS = new Set(['+', 'call', 'rcall', 'list']);

function guardProgram(program: { ast: unknown }): Budget {
  let iterations = 0;
  let exceeded: string | undefined;
  const fail = (detail: string): never => {
    exceeded ??= detail;
    throw new ExpressionLimitError(exceeded);
  };
  const sized = (v: unknown): unknown => {
    const problem = sizeProblem(v);
    return problem ? fail(problem) : v;
  };
  const seen = new Set<unknown>();
  const stack: unknown[] = [program.ast];
  while (stack.length > 0) {
    const n = stack.pop();
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    if (!n || typeof n !== 'object' || typeof (n as CelNode).op !== 'string' || seen.has(n)) continue;
    seen.add(n);
    const node = n as CelNode;
    stack.push(node.args);
    if (node.op === 'comprehension' && node.args && typeof node.args === 'object') {
      const a = node.args as Record<string, unknown>;
      stack.push(a.iterable, a.init, a.step, a.condition, a.result);
    }
    const meta = node.meta;
    if (meta?.alternate) stack.push(meta.alternate);
    if (node.op === 'comprehension' && typeof node.handle === 'function') {
      const handle = node.handle;
      node.handle = function (this: unknown, iterable: unknown, ...rest: unknown[]) {
        if (exceeded) fail(exceeded);
        iterations += sizeOf(iterable);
        if (iterations > EXPR_MAX_ITERATIONS) fail(`its loops ran more than ${EXPR_MAX_ITERATIONS.toLocaleString('en-US')} iterations for one row`);
        return sized(handle.call(this, iterable, ...rest));
      };
    } else if (SIZED_OPS.has(node.op) && !meta?.alternate && !meta?.macro && typeof meta?.evaluate === 'function') {
      // cel-js's node.evaluate replaces itself with meta.evaluate on first use; the guard takes that place.
      const inner = meta.evaluate;
      node.evaluate = function (this: unknown, ...a: unknown[]) {
        if (exceeded) fail(exceeded);
        return sized(inner.apply(this, a));
      };
    }
  }
  return {
    reset() {
      iterations = 0;
      exceeded = undefined;
    },
    throwIfExceeded() {
      if (exceeded) throw new ExpressionLimitError(exceeded);
    },
  };
}

function sizeOf(v: unknown): number {
  if (Array.isArray(v)) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (v && typeof v === 'object') return Object.keys(v).length;
  return 0;
}

function sizeProblem(v: unknown): string | undefined {
  if (typeof v === 'string' && v.length > EXPR_MAX_STRING_LENGTH) {
    return `it computed a string of ${v.length.toLocaleString('en-US')} characters; the limit is ${EXPR_MAX_STRING_LENGTH.toLocaleString('en-US')}`;
  }
  if (Array.isArray(v) && v.length > EXPR_MAX_LIST_LENGTH) {
    return `it computed a list of ${v.length.toLocaleString('en-US')} elements; the limit is ${EXPR_MAX_LIST_LENGTH.toLocaleString('en-US')}`;
  }
  return undefined;
}

function checkSize(v: unknown): unknown {
  const problem = sizeProblem(v);
  if (problem) throw new ExpressionLimitError(problem);
  return v;
}

/** JavaScript's own limits hit by a value: the same kind of problem as ours, reported the same way. */
function limitError(e: unknown): ExpressionLimitError | undefined {
  if (!(e instanceof RangeError)) return undefined;
  if (/Invalid string length/.test(e.message)) return new ExpressionLimitError(`it computed a string longer than JavaScript allows (the limit is ${EXPR_MAX_STRING_LENGTH.toLocaleString('en-US')} characters)`);
  if (/Invalid array length|Array buffer allocation/.test(e.message)) return new ExpressionLimitError(`it computed a list longer than JavaScript allows (the limit is ${EXPR_MAX_LIST_LENGTH.toLocaleString('en-US')} elements)`);
  if (/call stack/.test(e.message)) return new ExpressionLimitError('it nests too deeply to evaluate');
  return undefined;
}
