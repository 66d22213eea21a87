import { formatClock, toCel } from '../generators/cel-values.js';
import type { CellRandom } from '../random/cell-random.js';
import type { CellValue, LogicalType } from '../types.js';

/**
 * A fast path for the common CEL expressions: the type-checked AST compiled into JavaScript closures over the raw
 * cell values, so a row needs no context object, no BigInt or Date per value and no interpreter dispatch.
 *
 * Exactness is the contract (the interpreter's results are in every golden file), so the closures cover only a
 * subset whose semantics are reproduced from @marcbachmann/cel-js 8 (operators.js, overloads.js, registry.js) and
 * expression-scope.ts, and everything unusual is *not* reproduced: a closure throws BAIL and the caller runs the
 * interpreter on the same row instead. So a null where a typed value is expected, a value of another type, an
 * operand that is not a bool, a bad uniform() range or a missing random stream give exactly the interpreter's
 * result or error, because they are the interpreter's. Closures never read the row (the caller loads every value
 * the interpreter would read, in the same order), so bailing only has to rewind the cell's random draws.
 */

/** Thrown by a closure to hand the row to the interpreter; a constant, not an Error, so it costs no stack trace. */
export const BAIL: unique symbol = Symbol('cel-closure-bail');

/** CEL value kinds. Values of a static kind are raw cell values: ints are numbers, timestamps epoch ms. */
const N = 0; // null
const I = 1; // int
const D = 2; // double
const S = 3; // string
const B = 4; // bool
const T = 5; // google.protobuf.Timestamp
const R = 6; // a referenced row (only as an operand of == / !=)
const X = 7; // a value the closures do not handle: the row goes to the interpreter
/** A kind known only at run time: such values are in the interpreter's representation (bigint, Date, …). */
const Y = 8;
type Kind = number;

const MAX_TIME = 8.64e15;

/** The row as loaded for a closure: slot i holds a raw value, its kind and the column's logical type. */
export interface LoadedRow {
  values: unknown[];
  kinds: Kind[];
  types: LogicalType[];
}

export function newLoadedRow(size: number): LoadedRow {
  return { values: new Array<unknown>(size), kinds: new Array<Kind>(size), types: new Array<LogicalType>(size) };
}

type Fn = (row: LoadedRow, rng: CellRandom | undefined) => unknown;
interface Node {
  kind: Kind;
  fn: Fn;
}

/**
 * Slot i: the kind of a cell value as toCel() would present it to the interpreter, and the raw value a closure
 * works on (a time is the 'HH:MM:SS' string CEL sees). X for values toCel would not turn into a plain scalar.
 */
export function loadSlot(row: LoadedRow, i: number, value: CellValue, type: LogicalType): void {
  let kind: Kind = X;
  let raw: unknown = value;
  if (value === null) kind = N;
  else {
    switch (type) {
      case 'int':
        if (typeof value === 'number' && Number.isInteger(value)) kind = I;
        break;
      case 'date':
      case 'datetime':
        // new Date() truncates fractions and rejects out-of-range values; only whole in-range ms are taken as is.
        if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= MAX_TIME) kind = T;
        break;
      case 'time':
        if (typeof value === 'number') {
          kind = S;
          raw = formatClock(value);
        }
        break;
      case 'json':
        break;
      default:
        if (typeof value === 'number') kind = D;
        else if (typeof value === 'string') kind = S;
        else if (typeof value === 'boolean') kind = B;
    }
  }
  // toCel() throws for some of these (BigInt(1.5), bad JSON): throw here, where the interpreter's path would.
  if (kind === X) toCel(value, type);
  row.values[i] = raw;
  row.kinds[i] = kind;
  row.types[i] = type;
}

/** Slot i as a fresh row has it (unset), for a row that is reused. */
export function clearSlot(row: LoadedRow, i: number): void {
  row.values[i] = undefined;
  row.kinds[i] = undefined as unknown as Kind;
  row.types[i] = undefined as unknown as LogicalType;
}

/** Slot i as the interpreter's context holds it (toCel of the cell). */
export function celValueAt(row: LoadedRow, i: number): unknown {
  const type = row.types[i]!;
  return type === 'time' && row.kinds[i] === S ? row.values[i] : toCel(row.values[i] as CellValue, type);
}

/** Whether the referenced row of slot i (a loadRowSlot) is null. */
export function rowIsNull(row: LoadedRow, i: number): boolean {
  return row.kinds[i] === N;
}

/** Marks slot i as a referenced row (present or null) for `alias == null`. */
export function loadRowSlot(row: LoadedRow, i: number, present: boolean): void {
  row.values[i] = present ? ROW : null;
  row.kinds[i] = present ? R : N;
}

const ROW = Object.freeze({ row: true });

/** Where each value an expression reads sits in a LoadedRow. */
export interface SlotMap {
  column(name: string): number | undefined;
  /** The slot of a referenced row itself, and of its columns. */
  alias(name: string): number | undefined;
  field(alias: string, column: string): number | undefined;
}

export interface ClosureProgram {
  run(row: LoadedRow, rng: CellRandom | undefined): unknown;
}

/**
 * Compiles a type-checked cel-js AST (every node carries `checkedType`), or returns undefined when any node is
 * outside the subset.
 */
export function compileClosure(ast: unknown, slots: SlotMap): ClosureProgram | undefined {
  const root = compileNode(ast as AstNode, slots, false);
  if (!root || root.kind === R) return undefined;
  const { fn, kind } = root;
  if (kind === I) return { run: (row, rng) => BigInt(fn(row, rng) as number) };
  if (kind === T) return { run: (row, rng) => new Date(fn(row, rng) as number) };
  return { run: fn };
}

interface AstNode {
  op: string;
  args: unknown;
  checkedType?: { name: string };
  meta?: { macro?: unknown; alternate?: unknown };
}

function isNode(n: unknown): n is AstNode {
  return typeof n === 'object' && n !== null && typeof (n as AstNode).op === 'string';
}

/** The kind of a checked type; undefined for types outside the subset. */
function kindOfType(name: string | undefined): Kind | undefined {
  switch (name) {
    case 'int':
      return I;
    case 'double':
      return D;
    case 'string':
      return S;
    case 'bool':
      return B;
    case 'google.protobuf.Timestamp':
      return T;
    case 'dyn':
      return Y;
    default:
      return undefined;
  }
}

function bail(): never {
  throw BAIL;
}

/** A static-kind value in the interpreter's representation (where the checker typed the result `dyn`). */
function toCelForm(kind: Kind, raw: unknown): unknown {
  if (kind === I) return BigInt(raw as number);
  if (kind === T) return new Date(raw as number);
  return raw;
}

/** The kind of a value in the interpreter's representation. */
function celKind(v: unknown): Kind {
  switch (typeof v) {
    case 'bigint':
      return I;
    case 'number':
      return D;
    case 'string':
      return S;
    case 'boolean':
      return B;
    case 'object':
      if (v === null) return N;
      if (v instanceof Date) return T;
      if (v === ROW) return R;
      return X;
    default:
      return X;
  }
}

function celRaw(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (v instanceof Date) return v.getTime();
  return v;
}

function compileNode(n: AstNode, slots: SlotMap, rowAllowed: boolean): Node | undefined {
  if (!isNode(n) || n.meta?.macro || n.meta?.alternate || !n.checkedType) return undefined;
  const args = n.args;
  switch (n.op) {
    case 'value':
      return literal(args);
    case 'id':
      return typeof args === 'string' ? identifier(args, kindOfType(n.checkedType.name), slots, rowAllowed) : undefined;
    case '.': {
      const [obj, field] = args as [AstNode, unknown];
      if (!isNode(obj) || obj.op !== 'id' || typeof obj.args !== 'string' || typeof field !== 'string') return undefined;
      const alias = slots.alias(obj.args);
      const slot = slots.field(obj.args, field);
      const kind = kindOfType(n.checkedType.name);
      if (alias === undefined || slot === undefined || kind === undefined) return undefined;
      // A null referenced row is an error in the interpreter (no such key / not of the row's type).
      return readSlot(slot, kind, alias);
    }
    case '==':
    case '!=':
    case '<':
    case '<=':
    case '>':
    case '>=': {
      const eq = n.op === '==' || n.op === '!=';
      const [l, r] = args as [AstNode, AstNode];
      const a = compileNode(l, slots, eq);
      const b = compileNode(r, slots, eq);
      const fn = a && b ? (eq ? equality(a, b, n.op === '!=') : ordering(n.op, a, b)) : undefined;
      return fn ? { kind: B, fn } : undefined;
    }
    case '&&':
    case '||': {
      const [l, r] = args as [AstNode, AstNode];
      const a = compileNode(l, slots, false);
      const b = compileNode(r, slots, false);
      if (!a || !b) return undefined;
      return { kind: B, fn: logical(n.op === '&&', a.fn, b.fn) };
    }
    case '!_': {
      const a = compileNode(args as AstNode, slots, false);
      if (!a) return undefined;
      const f = a.fn;
      return {
        kind: B,
        fn: (row, rng) => {
          const v = f(row, rng);
          return typeof v === 'boolean' ? !v : bail();
        },
      };
    }
    case '-_': {
      const a = compileNode(args as AstNode, slots, false);
      if (!a) return undefined;
      const f = a.fn;
      if (a.kind === I || a.kind === D) return { kind: a.kind, fn: (row, rng) => -(f(row, rng) as number) };
      if (a.kind !== Y) return undefined;
      return {
        kind: Y,
        fn: (row, rng) => {
          const v = f(row, rng);
          return typeof v === 'number' || typeof v === 'bigint' ? -v : bail();
        },
      };
    }
    case '?:': {
      const [c, l, r] = args as [AstNode, AstNode, AstNode];
      const cond = compileNode(c, slots, false);
      const a = compileNode(l, slots, false);
      const b = compileNode(r, slots, false);
      if (!cond || !a || !b) return undefined;
      return ternary(cond.fn, a, b);
    }
    case 'call':
      return call(args as [string, AstNode[]]);
    default:
      return undefined;
  }

  function call([name, params]: [string, AstNode[]]): Node | undefined {
    if (!Array.isArray(params)) return undefined;
    if (name === 'timestamp' && params.length === 1) return constantTimestamp(params[0]!);
    if (name === 'rand' && params.length === 0) return { kind: D, fn: (_row, rng) => (rng ? rng.next() : bail()) };
    if (name === 'uniform' && params.length === 2) {
      const lo = compileNode(params[0]!, slots, false);
      const hi = compileNode(params[1]!, slots, false);
      return lo && hi ? uniform(lo, hi) : undefined;
    }
    return undefined;
  }
}

function literal(v: unknown): Node | undefined {
  if (v === null) return { kind: N, fn: () => null };
  switch (typeof v) {
    case 'bigint': {
      const raw = Number(v);
      return Number.isSafeInteger(raw) ? { kind: I, fn: () => raw } : undefined;
    }
    case 'number':
      return { kind: D, fn: () => v };
    case 'string':
      return { kind: S, fn: () => v };
    case 'boolean':
      return { kind: B, fn: () => v };
    default:
      return undefined;
  }
}

function identifier(name: string, kind: Kind | undefined, slots: SlotMap, rowAllowed: boolean): Node | undefined {
  if (kind === undefined) return undefined;
  const column = slots.column(name);
  if (column !== undefined) return readSlot(column, kind, undefined);
  // A referenced row as a whole: only `alias == null` (and !=), where the interpreter compares a map with null.
  const alias = slots.alias(name);
  if (alias === undefined || !rowAllowed || kind !== Y) return undefined;
  return { kind: Y, fn: (row) => row.values[alias] };
}

/** A column's value: bails when the interpreter would reject it (a type mismatch, a null row). */
function readSlot(slot: number, kind: Kind, parent: number | undefined): Node {
  if (kind === Y) {
    return {
      kind: Y,
      fn: (row) => {
        if (parent !== undefined && row.kinds[parent] !== R) bail();
        const k = row.kinds[slot]!;
        return k === X ? bail() : toCelForm(k, row.values[slot]);
      },
    };
  }
  // A null referenced row leaves its columns' slots unloaded: their kind is undefined, never `kind`.
  return { kind, fn: (row) => (row.kinds[slot] === kind ? row.values[slot] : bail()) };
}

/** Reads a node's value as (kind, raw); the interpreter picks overloads by these run-time kinds. */
function operand(node: Node): (row: LoadedRow, rng: CellRandom | undefined, out: [Kind, unknown]) => void {
  const { kind, fn } = node;
  if (kind === Y) {
    return (row, rng, out) => {
      const v = fn(row, rng);
      out[0] = celKind(v);
      out[1] = celRaw(v);
    };
  }
  return (row, rng, out) => {
    out[0] = kind;
    out[1] = fn(row, rng);
  };
}

/**
 * == and != (overloads.js and the registry's dyn fallback): same kinds compare by value (timestamps by ms),
 * int against double numerically, any other pair is unequal; two referenced rows are compared field by field,
 * which the closures leave to the interpreter.
 */
function equality(a: Node, b: Node, negate: boolean): Fn {
  const fa = a.fn;
  const fb = b.fn;
  if (a.kind === b.kind && a.kind !== Y && a.kind !== R && a.kind !== X) {
    return negate ? (row, rng) => fa(row, rng) !== fb(row, rng) : (row, rng) => fa(row, rng) === fb(row, rng);
  }
  return pairAtRunTime(a, b, (kx, vx, ky, vy) => {
    if (kx === X || ky === X || (kx === R && ky === R)) bail();
    const numeric = (kx === I || kx === D) && (ky === I || ky === D);
    const equal = (kx === ky || numeric) && kx !== R && vx === vy;
    return negate ? !equal : equal;
  });
}

/** A binary operator on operands whose kinds are known only at run time; left is evaluated first, as in cel-js. */
function pairAtRunTime(a: Node, b: Node, decide: (kx: Kind, vx: unknown, ky: Kind, vy: unknown) => boolean): Fn {
  const la = operand(a);
  const lb = operand(b);
  return (row, rng) => {
    const x: [Kind, unknown] = [X, undefined];
    const y: [Kind, unknown] = [X, undefined];
    la(row, rng, x);
    lb(row, rng, y);
    return decide(x[0], x[1], y[0], y[1]);
  };
}

/** <, <=, >, >=: defined for equal kinds of int, double, string, bool, timestamp and for int against double. */
function orderable(kx: Kind, ky: Kind): boolean {
  if (kx === ky) return kx === I || kx === D || kx === S || kx === B || kx === T;
  return (kx === I && ky === D) || (kx === D && ky === I);
}

function compare(op: string, x: unknown, y: unknown): boolean {
  const a = x as number;
  const b = y as number;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function ordering(op: string, a: Node, b: Node): Fn | undefined {
  const fa = a.fn;
  const fb = b.fn;
  if (a.kind !== Y && b.kind !== Y) {
    if (!orderable(a.kind, b.kind)) return undefined;
    switch (op) {
      case '<':
        return (row, rng) => (fa(row, rng) as number) < (fb(row, rng) as number);
      case '<=':
        return (row, rng) => (fa(row, rng) as number) <= (fb(row, rng) as number);
      case '>':
        return (row, rng) => (fa(row, rng) as number) > (fb(row, rng) as number);
      default:
        return (row, rng) => (fa(row, rng) as number) >= (fb(row, rng) as number);
    }
  }
  return pairAtRunTime(a, b, (kx, vx, ky, vy) => (orderable(kx, ky) ? compare(op, vx, vy) : bail()));
}

/**
 * && and || short-circuit like the interpreter on bool operands; a left operand that is an error or not a bool
 * is where CEL's commutative semantics begin (`error && false` is false), so that row goes to the interpreter.
 */
function logical(and: boolean, fa: Fn, fb: Fn): Fn {
  return (row, rng) => {
    const l = fa(row, rng);
    if (l === !and) return l;
    if (l !== and) bail();
    const r = fb(row, rng);
    return typeof r === 'boolean' ? r : bail();
  };
}

function ternary(fc: Fn, a: Node, b: Node): Node {
  const same = a.kind === b.kind;
  const kind = same ? a.kind : Y;
  const fa = same || a.kind === Y ? a.fn : widen(a);
  const fb = same || b.kind === Y ? b.fn : widen(b);
  return {
    kind,
    fn: (row, rng) => {
      const c = fc(row, rng);
      if (c === true) return fa(row, rng);
      if (c === false) return fb(row, rng);
      return bail();
    },
  };
}

function widen(node: Node): Fn {
  const { kind, fn } = node;
  return (row, rng) => toCelForm(kind, fn(row, rng));
}

/** `timestamp('…')` of a constant string, folded once with the library's own rule (functions.js). */
function constantTimestamp(arg: AstNode): Node | undefined {
  if (!isNode(arg) || arg.op !== 'value' || typeof arg.args !== 'string') return undefined;
  const s = arg.args;
  if (s.length < 20 || s.length > 30) return undefined;
  const ms = new Date(s).getTime();
  if (!(ms <= 253402300799999 && ms >= -62135596800000)) return undefined;
  return { kind: T, fn: () => ms };
}

/**
 * uniform() as expression-scope.ts registers it: the overload follows the arguments' run-time kinds (int, double
 * or timestamp, both the same), arguments are evaluated last to first as cel-js does, and the draw comes after the
 * range check. Wrong ranges, nulls and missing streams are the interpreter's errors.
 */
function uniform(lo: Node, hi: Node): Node | undefined {
  const kinds = [lo.kind, hi.kind];
  if (kinds.some((k) => k !== I && k !== D && k !== T && k !== Y)) return undefined;
  const draw = (kind: Kind, a: number, b: number, rng: CellRandom | undefined): number => {
    if (b < a || !rng) bail();
    switch (kind) {
      case I: {
        // Exact like the BigInt original only while every intermediate is a safe integer.
        const d = b - a;
        if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !(d < Number.MAX_SAFE_INTEGER)) bail();
        return a + Math.floor(rng.next() * (d + 1));
      }
      case D:
        return a + rng.next() * (b - a);
      default:
        return a + Math.floor(rng.next() * (Math.floor((b - a) / 1000) + 1)) * 1000;
    }
  };
  const fl = lo.fn;
  const fh = hi.fn;
  if (lo.kind === hi.kind && lo.kind !== Y) {
    const kind = lo.kind;
    return {
      kind,
      fn: (row, rng) => {
        const b = fh(row, rng) as number;
        const a = fl(row, rng) as number;
        return draw(kind, a, b, rng);
      },
    };
  }
  const ol = operand(lo);
  const oh = operand(hi);
  return {
    kind: Y,
    fn: (row, rng) => {
      const y: [Kind, unknown] = [X, undefined];
      const x: [Kind, unknown] = [X, undefined];
      oh(row, rng, y);
      ol(row, rng, x);
      const kind = x[0];
      if (kind !== y[0] || (kind !== I && kind !== D && kind !== T)) bail();
      return toCelForm(kind, draw(kind, x[1] as number, y[1] as number, rng));
    },
  };
}
