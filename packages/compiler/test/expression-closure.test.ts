import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { compileExpression, type RowView } from '../src/execute/expression.js';
import { CellRandom, streamKey } from '../src/random/cell-random.js';
import type { CellValue, LogicalType } from '../src/types.js';
import { specOf } from './helpers.js';

const spec = specOf(`
synth: 1
seed: 1
tables:
  users:
    rows: 5
    columns:
      id: { type: sequence, primary_key: true }
      name: { type: enum, values: [ann, bob] }
      level: { type: int, min: 0, max: 9 }
      active: { type: bool }
      signed_up_at: { type: datetime, min: 2020-01-01T00:00:00Z, max: 2024-12-31T23:59:59Z }
      nick: { type: enum, values: [x, y], nulls: 0.3 }
  orders:
    rows: 5
    columns:
      id: { type: sequence, primary_key: true }
      user_id: { ref: users.id }
      manager_id: { ref: users.id, as: manager, nullable: true }
      total: { type: float, min: -5, max: 5 }
      qty: { type: int, min: -3, max: 3 }
      label: { type: enum, values: [a, b] }
      flag: { type: bool }
      placed_at: { type: datetime, min: 2020-01-01T00:00:00Z, max: 2025-12-31T23:59:59Z }
      note: { type: enum, values: [a, b], nulls: 0.3 }
      cnt: { type: int, min: 0, max: 3, nulls: 0.3 }
      when_at: { type: datetime, min: 2020-01-01T00:00:00Z, max: 2025-12-31T23:59:59Z, nulls: 0.3 }
      day: { type: date, min: 2020-01-01, max: 2025-12-31 }
      tm: { type: time, min: "00:00", max: "23:59" }
`);

const orderTypes: Record<string, LogicalType> = {
  id: 'int', user_id: 'int', manager_id: 'int', total: 'float', qty: 'int', label: 'string', flag: 'bool',
  placed_at: 'datetime', note: 'string', cnt: 'int', when_at: 'datetime', day: 'date', tm: 'time',
};
const userTypes: Record<string, LogicalType> = {
  id: 'int', name: 'string', level: 'int', active: 'bool', signed_up_at: 'datetime', nick: 'string',
};

/** Expressions the closures must take: every node kind they compile, in typed, dyn and null-reference forms. */
const compiled = [
  // the bench's three
  "uniform(users.signed_up_at, timestamp('2025-06-30T23:59:59Z'))",
  'total >= 0.0',
  'placed_at >= users.signed_up_at',
  // comparisons of every kind, int literals, int against double, strings (code units), bools, timestamps
  'qty > 1', 'qty <= users.level', 'qty == users.level', 'qty != 0', 'qty < total', 'total >= qty', 'total == 0.0',
  "label < users.name", "label == 'a'", "label != users.name", "label >= 'é'", 'flag == users.active', 'flag < users.active',
  'placed_at == users.signed_up_at', 'placed_at < when_at', 'day <= placed_at', 'day == users.signed_up_at',
  "tm < '12:00:00'", "tm == '00:00:00'",
  // logic (short-circuit; non-bool operands and errors go to the interpreter)
  'flag && total > 1.0', 'flag || qty != 2', '!flag', '!(qty > 0) && !flag', 'note > "a" || flag', 'cnt > 1 && flag',
  'flag && note == "b"', 'note && flag', 'cnt || flag', 'manager.nick || !flag',
  // unary minus, ternaries (same kinds, mixed kinds, dyn branches)
  '-total < 2.5', '-qty', '-cnt', 'flag ? total : 1.5', 'flag ? qty : users.level', 'flag ? uniform(1, 2) : 1.5',
  'cnt == null ? 0 : cnt', 'note == null ? "none" : note', 'note ? 1 : 2',
  // nullable columns and references (dyn)
  'note == null', 'note != null && note > "a"', 'cnt > 2', 'cnt == 2.0', 'cnt != 2', 'when_at < placed_at', 'when_at == null',
  'manager == null ? users.signed_up_at : manager.signed_up_at', 'manager != null ? manager.level : 0',
  'manager != null && manager.level > 3', 'manager.level', 'manager.nick == null', 'users.nick == "x"', 'users.nick',
  // random functions, int / double / timestamp / dyn overloads, bad ranges, nulls, no stream
  'uniform(0, qty)', 'uniform(0.0, total)', 'uniform(qty, 2)', 'uniform(cnt, 10)', 'uniform(when_at, placed_at)',
  'uniform(total, 2.5) < 1.0', 'rand()', 'rand() < 0.5 || flag', 'flag && rand() < 0.5', 'uniform(cnt, qty) == 1.0', 'uniform(rand(), rand())', 'uniform(rand(), 0.5) < total',
  'uniform(users.signed_up_at, placed_at) > when_at', "timestamp('2021-02-03T04:05:06Z') < placed_at",
  // literals and reads at the root
  'qty', 'total', 'label', 'flag', 'placed_at', 'day', 'tm', 'note', 'cnt', 'when_at', 'true', 'null', '1.5', "'s'", '7',
  "timestamp('2021-02-03T04:05:06.789Z')",
];

/** Expressions outside the subset: they must stay on the interpreter (and still agree, trivially). */
const interpreted = [
  'qty + 1 > 2', 'size(label) > 0', "label.startsWith('a')", "label in ['a', 'b']", 'has(manager.level)',
  'timestamp(label) < placed_at', '[qty].all(x, x > 0)', "placed_at - users.signed_up_at > duration('1h')",
  'total / 2.0 > 1.0', "label + 'x' == 'ax'", 'manager', 'int(total) > 0', 'qty == 9223372036854775807',
  // a ternary whose branches do not unify, a reference row read as a whole only (the interpreter's errors)
  'flag ? qty : 1.5', 'manager == null',
];

/** A random cell of a logical type, null included (also where the column cannot be null: the interpreter's error). */
function cell(type: LogicalType): fc.Arbitrary<CellValue> {
  const base: fc.Arbitrary<CellValue> = (() => {
    switch (type) {
      case 'int':
        // 1.5 is no int: toCel() throws, and must throw before a later column is read
        return fc.oneof(fc.integer({ min: -4, max: 4 }), fc.integer(), fc.constantFrom(0, -0, 1.5));
      case 'float':
        return fc.oneof(fc.double({ noNaN: true, min: -6, max: 6 }), fc.constantFrom(0, -0, 1, 2.5), fc.double({ noNaN: true }));
      case 'bool':
        return fc.boolean();
      case 'datetime':
      case 'date':
        return fc.oneof(fc.constantFrom(1_600_000_000_000, 1_600_000_001_000, 0, -1000), fc.integer({ min: 1_577_836_800, max: 1_767_225_599 }).map((s) => s * 1000));
      case 'time':
        return fc.oneof(fc.constantFrom(0, 43_200_000), fc.integer({ min: 0, max: 86_399 }).map((s) => s * 1000));
      default:
        return fc.oneof(fc.constantFrom('a', 'b', 'x', '', 'é', 'ann', 'bob'), fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary', maxLength: 3 }));
    }
  })();
  return fc.oneof({ arbitrary: base, weight: 10 }, { arbitrary: fc.constant(null), weight: 2 }, { arbitrary: fc.constant(UNREADABLE), weight: 1 });
}

/** A cell whose computation fails (a dependency's error): both paths must fail with it, in the same order. */
const UNREADABLE = '\u0000unreadable';

function rowOf(types: Record<string, LogicalType>): fc.Arbitrary<Record<string, CellValue>> {
  return fc.record(Object.fromEntries(Object.entries(types).map(([c, t]) => [c, cell(t)])));
}

function view(values: Record<string, CellValue>, types: Record<string, LogicalType>, refs: Record<string, RowView | null>): RowView {
  return {
    get: (c) => {
      if (values[c] === UNREADABLE) throw new Error(`cannot compute ${c}`);
      return values[c]!;
    },
    ref: (alias) => refs[alias] ?? null,
    typeOf: (c) => types[c]!,
  };
}

type Outcome = { value: unknown; drawn: number | undefined } | { error: string };

function outcome(run: () => unknown, rng: CellRandom | undefined): Outcome {
  try {
    const v = run();
    // Compare CEL values by type and value: bigint and Date are not ordinary numbers.
    const value = typeof v === 'bigint' ? `int ${v}` : v instanceof Date ? `timestamp ${v.getTime()}` : v;
    return { value, drawn: rng?.drawn };
  } catch (e) {
    return { error: e instanceof Error ? `${e.constructor.name}: ${e.message}` : String(e) };
  }
}

describe('CEL closures', () => {
  it('take the bench expressions (a fast path that never runs is a defect)', () => {
    const bench = ["uniform(users.signed_up_at, timestamp('2025-06-30T23:59:59Z'))", 'total >= 0.0', 'placed_at >= users.signed_up_at'];
    for (const src of bench) expect(compileExpression(spec, 'orders', src).compiled).toBe('closure');
  });

  it('compile every expression of the subset and leave the rest to the interpreter', () => {
    const notCompiled = compiled.filter((src) => compileExpression(spec, 'orders', src).compiled !== 'closure');
    expect(notCompiled).toEqual([]);
    const notInterpreted = interpreted.filter((src) => compileExpression(spec, 'orders', src).compiled !== 'interpreter');
    expect(notInterpreted).toEqual([]);
  });

  it('give the interpreter’s result, error and random draws on random rows', () => {
    const pairs = [...compiled, ...interpreted].map((src) => ({
      src,
      fast: compileExpression(spec, 'orders', src),
      slow: compileExpression(spec, 'orders', src, { closures: false }),
    }));
    for (const p of pairs) expect(p.slow.compiled).toBe('interpreter');
    const key = streamKey('seed', 'orders', 'x');
    fc.assert(
      fc.property(
        rowOf(orderTypes),
        fc.option(rowOf(userTypes), { freq: 6 }),
        fc.option(rowOf(userTypes), { freq: 2 }),
        fc.nat(1000),
        fc.boolean(),
        (order, user, manager, rowIndex, withRng) => {
          const refs = {
            users: user ? view(user, userTypes, {}) : null,
            manager: manager ? view(manager, userTypes, {}) : null,
          };
          const row = view(order, orderTypes, refs);
          for (const { src, fast, slow } of pairs) {
            const r1 = withRng ? new CellRandom(key).at(rowIndex) : undefined;
            const r2 = withRng ? new CellRandom(key).at(rowIndex) : undefined;
            const a = outcome(() => fast.evaluate(row, r1), r1);
            const b = outcome(() => slow.evaluate(row, r2), r2);
            if (JSON.stringify(a) !== JSON.stringify(b) || !Object.is((a as { value?: unknown }).value, (b as { value?: unknown }).value)) {
              expect({ src, order, user, manager, outcome: a }).toEqual({ src, order, user, manager, outcome: b });
            }
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  it('hand a row back to the interpreter with the random stream rewound', () => {
    // `rand() < 2.0 && note > "a"` draws before it meets a null `note`; the interpreter then draws the same number.
    const src = 'uniform(0.0, 1.0) < 2.0 && cnt > 0';
    const fast = compileExpression(spec, 'orders', src);
    expect(fast.compiled).toBe('closure');
    const rng = new CellRandom(streamKey('s', 'orders', 'c')).at(3);
    const row = view({ cnt: null }, orderTypes, {});
    expect(() => fast.evaluate(row, rng)).toThrow("no such overload: dyn<null> > int");
    expect(rng.drawn).toBe(1);
  });
});
