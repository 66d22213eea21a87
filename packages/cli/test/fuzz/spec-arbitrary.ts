/**
 * fast-check arbitraries of spec texts for the fuzzer: structurally valid and near-valid `.synth.yaml` specs.
 *
 * - **Grammar**: specs built from the grammar (schemas/synth.schema.json, docs/spec.md): every column kind, Faker
 *   paths, sequences, weighted enums, ranges, distributions, patterns, references and rows per parent, keys,
 *   nulls, CEL `expr`/`when`/checks, nested `object`/`array`/`json` columns, series tables, quality flaws and
 *   outputs. Mostly plausible values, with an interesting one now and then (0, -1, 2.5, 1e12, .inf, .nan, huge and
 *   empty strings, NUL, `__proto__`, regex and CEL edge cases, references to nothing, cycles).
 * - **Tree mutations** of a fixture (fixtures/ and fixtures/invalid/) or of a grammar spec, on the YAML document:
 *   values replaced, keys renamed or duplicated, nodes deleted, wrapped in deep nesting, grafted from another spec,
 *   or made aliases of other nodes (an alias of an ancestor is a cycle).
 * - **Text mutations**: lines dropped, duplicated, re-indented or spliced from another spec, tokens and stray
 *   characters inserted, the text cut short.
 *
 * Everything is a pure function of fast-check's choices, so a failure shrinks and replays from its seed and path.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { Document, isMap, isPair, isScalar, isSeq, Pair, parseDocument, Scalar, stringify, YAMLMap, YAMLSeq, type Node } from 'yaml';
import { fakerLocales, fakerMethods, OUTPUT_FORMATS } from '@synth/spec';

export interface FuzzInput {
  /** How the text was made, for the report: `grammar`, `tree(shop)+grammar`, `text(iot)`, … */
  origin: string;
  text: string;
}

const FIXTURES_DIR = new URL('../../../../fixtures/', import.meta.url).pathname;
const readSpecs = (dir: string, tag: string) =>
  readdirSync(dir).filter((f) => f.endsWith('.synth.yaml')).sort().map((f) => ({ name: `${tag}${f.replace('.synth.yaml', '')}`, text: readFileSync(join(dir, f), 'utf8') }));
/** The seeds of mutation: the valid fixtures, and the invalid ones (each already one step off the grammar). */
export const FIXTURES: ReadonlyArray<{ name: string; text: string }> = [...readSpecs(FIXTURES_DIR, ''), ...readSpecs(join(FIXTURES_DIR, 'invalid'), 'invalid/')];

// ---------------------------------------------------------------------------------------------------------------
// Interesting values

const HUGE = 'x'.repeat(200_000);
export const INTERESTING_NUMBERS = [
  0, -0, -1, 1, 2.5, -2.5, 0.1, 1e-300, 5e-324, 64, 65_536, 1e7, 1e9, 100_000_001, 2 ** 31, 2 ** 32, 2 ** 50, 2 ** 53, 2 ** 53 + 2,
  -(2 ** 53) - 2, 2 ** 63, 1e12, 1e300, -1e300, Infinity, -Infinity, NaN,
];
export const INTERESTING_STRINGS = [
  '', ' ', '\t', '\u0000', 'a\u0000b', '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '__defineGetter__',
  'Ünïcödé', '日本語', '😀', '\u202e', '\ufeff', '\r\n', 'a\nb', '{table}', '{table}{table}', '../x', '../../x', '/tmp/synth-fuzz-abs/x.csv',
  '.', '..', 'C:\\x', 'null', 'true', '~', 'NaN', "'", '"', '\\', '%s%n', '${x}', 'x'.repeat(10_000), HUGE, '1e309', '0x10',
  '2024-13-45', '2024-02-30', '9999-12-31T23:59:59Z', '0000-01-01', '+275760-09-13T00:00:00Z', '24:00', '23:59:60', 'YYYY', 'DD',
  "yyyy-MM-dd'T", 'epoch', 'epoch_ms', 'x.y', 'tables', 'int', 'integer', 'person.fullname', 'a.b.c', 'faker.seed', 'helpers.fake',
];
/** Regular expression features and sizes, for `pattern`. */
export const INTERESTING_PATTERNS = [
  '(?<=a)b', '(?<!a)b', '(?=a)a', '(?!a)b', '(a)\\1', '\\1(a)', '(?<n>a)\\k<n>', '[a-z]{100000000}', '((a{1000}){1000}){1000}', '(a{65535})',
  '.{0,65536}', '(a|b)*', '(a*)*', '[^\\s\\S]', '[]', '[^]', 'a{2,1}', '\\p{L}', '\\P{Lu}', '\\p{Emoji}', '[\\u{1F600}-\\u{1F64F}]', '^$', '',
  '.*', '\\b', '\\B', 'a**', '(', ')', '[z-a]', '\\u0000', '\\0', 'x{0}', '(?:)', '[\\d-z]', 'a{,5}', '\\cA', '[\\b]', 'a|', '|', '$^',
  '[a-z]+@[a-z]+\\.com', '\\d{3}-\\d{4}', '[A-Z]{3}', '\\w{1,3}', 'a{0}b{0}', '[\\x00-\\x1f]', '.', '\\s+', '[^a]', '(x|y|z){3}',
];
/** CEL edge cases, for `expr`, `when` and checks. */
export const INTERESTING_CEL = [
  '1 / 0', '1 % 0', '9223372036854775807 + 1', '-9223372036854775808 - 1', '-9223372036854775808 / -1', '1.0 / 0.0', '0.0 / 0.0',
  '[1, 2, 3][5]', "{}['x']", "{'a': 1}.b", "int('abc')", "double('nan')", "double('inf')", 'string(1.0 / 0.0)', 'uniform(1, 0)',
  'uniform(1, 2.5)', 'uniform(1.0, 1.0)', "timestamp('9999-12-31T23:59:59Z') + duration('1h')", "timestamp('0000-01-01T00:00:00Z')",
  "duration('999999999999h')", "duration('1d')", "timestamp('2024-12-31')", "'a'.matches('(a+)+$')", "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('(a+)+$')",
  "'a'.matches('(?<=a)b')", "'a'.matches('[')", '[1, 2].all(x, x > 0)', '[1, 2].map(x, [x, x, x, x, x, x, x, x, x, x]).map(y, y.map(z, [z, z, z, z, z, z, z, z, z, z]))',
  '[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, [1,2,3,4,5,6,7,8,9,10].map(c, [1,2,3,4,5,6,7,8,9,10].map(d, [1,2,3,4,5,6,7,8,9,10].map(e, a)))))',
  `${'('.repeat(2_000)}1${')'.repeat(2_000)}`, `${'!'.repeat(5_000)}true`, `${'-'.repeat(5_000)}1`, `${'['.repeat(1_000)}${']'.repeat(1_000)}`,
  `'${'x'.repeat(100_000)}'`, `${Array.from({ length: 3_000 }, () => '1').join(' + ')}`, 'has(x.y)', 'dyn(null) + 1', 'null', 'x', 'rand()',
  "'\\u0000'", "b'\\xff'", "size(b'abc')", '"\\x00" + "a"', "'a' + 1", 'true ? 1 : 2.0', '1 == 1.0', 'a.b.c.d.e', '__proto__', '__proto__.x',
  'constructor.constructor', "this", '[].exists(x, x)', "{'a': 1, 'a': 2}", "'abc'.substring(5)", "'abc'.substring(-1)", "'abc'.indexOf('')",
  "'a,b'.split(',', -1)", "['a'].join(1)", "timestamp(1e300)", "timestamp(9223372036854775807)", "int(1e300)", "uint(-1)", '1u - 2u',
  'rand() < 0.5', 'true', 'false', "getDayOfYear()", "timestamp('2024-01-01T00:00:00Z').getHours('Mars/Base')",
];

const pick = <T>(xs: readonly T[]) => fc.constantFrom(...xs);
/**
 * Whether the grammar arbitraries being built mix in interesting values. The grammar is built twice: clean (every
 * value plausible, so the case gets through validation to plan and build, where the tree and text mutations add
 * the oddity), and spiced (an odd value now and then at every choice point).
 */
let SPICE = true;
/** Usually `arb`, sometimes (when spiced) an interesting value of the same family. */
const spiced = <T, U>(arb: fc.Arbitrary<T>, interesting: fc.Arbitrary<U>, weight = 30): fc.Arbitrary<T | U> =>
  SPICE ? fc.oneof({ weight, arbitrary: arb }, { weight: 1, arbitrary: interesting }) : arb;
/** An arm of a `fc.oneof` that only the spiced grammar has. */
const odd = <T>(arbitrary: fc.Arbitrary<T>, weight = 1): Array<{ weight: number; arbitrary: fc.Arbitrary<T> }> => (SPICE ? [{ weight, arbitrary }] : []);
/** Present in about `p` of the cases, else absent (undefined keys are dropped when the object is emitted). */
const maybe = <T>(arb: fc.Arbitrary<T>, p = 0.2): fc.Arbitrary<T | undefined> =>
  fc.oneof({ weight: Math.round((1 - p) * 100), arbitrary: fc.constant(undefined) }, { weight: Math.round(p * 100), arbitrary: arb });

const weirdNumber = pick(INTERESTING_NUMBERS);
const weirdString = pick(INTERESTING_STRINGS);
/** Deep nesting of maps or lists (the YAML depth limit is 64). */
const deep = fc.record({ depth: pick([40, 63, 64, 65, 200]), list: fc.boolean() }).map(({ depth, list }) => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = list ? [v] : { a: v };
  return v;
});
export const interestingValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: weirdNumber },
  { weight: 4, arbitrary: weirdString },
  { weight: 2, arbitrary: pick(INTERESTING_PATTERNS) },
  { weight: 2, arbitrary: pick(INTERESTING_CEL) },
  { weight: 1, arbitrary: pick([null, true, false, [], {}, [null], { '': 1 }, JSON.parse('{"__proto__": 1}') as unknown]) },
  { weight: 1, arbitrary: deep },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
);

const num = (arb: fc.Arbitrary<number>) => spiced(arb, weirdNumber, 40);
/** A number with at most `digits` decimals in [min, max] (fc.double favours extremes, 1e-41 and the like). */
const decimalIn = (min: number, max: number, digits = 2) => fc.integer({ min: min * 10 ** digits, max: max * 10 ** digits }).map((n) => n / 10 ** digits);
const smallInt = (min: number, max: number) => num(fc.integer({ min, max }));

// ---------------------------------------------------------------------------------------------------------------
// The grammar

const TABLES = ['t0', 't1', 't2'];
const COLUMNS = ['id', 'a', 'b', 'c', 'd'];
type Json = Record<string, unknown>;

/** The grammar's arbitrary of spec objects, clean or spiced (see SPICE). */
function makeGrammar(spice: boolean): fc.Arbitrary<Json> {
  SPICE = spice;
  const tableName = spiced(pick(TABLES), pick(['t3', '__proto__', 'constructor', 'toString', 'T0', '', '1t', 'a b', 'ü', 'x'.repeat(300)]), 40);
  const columnName = spiced(pick(COLUMNS), pick(['e', '__proto__', 'constructor', 'hasOwnProperty', 'rand', 'uniform', 'null', 'true', 'in', 'size', 't0', 'ID', '', '1a', 'a-b', 'ü', 'x'.repeat(300)]), 40);
  const FAKER = fakerMethods();
  const fakerPath = spiced(
    fc.oneof(pick(['person.fullName', 'internet.email', 'location.city', 'lorem.words', 'number.int', 'date.past', 'helpers.arrayElement', 'string.alpha', 'datatype.boolean', 'commerce.price']), pick(FAKER)),
    pick(['person.fullname', 'person', 'person.fullName.x', 'faker.seed', 'helpers.fake', 'helpers.multiple', 'helpers.uniqueArray', 'string.sample', 'number.bigInt', 'date.anytime', 'x'.repeat(100_000), 'a.b', 'constructor.name', '__proto__.toString']),
    30,
  );
  const fakerArgs = fc.oneof(
    pick([[3], [0], [-1], [1e9], [{ min: 1, max: 5 }], [{ min: 5, max: 1 }], [{ length: 1e9 }], [{ length: -1 }], [['a', 'b']], [[]], ['{{person.firstName}}'], [{ formatted: true, countryCode: 'DE' }], [null], [{ refDate: 'x' }], [1, 2, 3, 4]]),
    ...odd(fc.array(interestingValue, { maxLength: 2 })),
  );
  const LOCALES = fakerLocales();
  const seed = fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), ...odd(weirdNumber), ...odd(weirdString));

  const distribution = fc.oneof(
    { depthSize: 'small' },
    fc.constant({ uniform: {} }),
    fc.constant({ uniform: null }),
    fc.record({ normal: fc.record({ mean: num(decimalIn(-100, 100)), stddev: num(decimalIn(0.1, 50)) }) }),
    fc.record({ lognormal: fc.record({ mu: num(decimalIn(-2, 8)), sigma: num(decimalIn(0.1, 2)) }) }),
    fc.record({ exponential: fc.record({ rate: num(decimalIn(0.01, 10)) }) }),
    fc.record({ poisson: fc.record({ mean: num(decimalIn(0.1, 50)) }) }),
    fc.record({ zipf: fc.record({ n: num(fc.integer({ min: 1, max: 1_000 })), s: maybe(num(decimalIn(0.1, 3)), 0.5) }) }),
    ...odd(fc.constantFrom({ normal: {} }, { cauchy: { x: 1 } }, { normal: { mean: 0, stddev: 1 }, poisson: { mean: 1 } }, {})),
  );
  // Children per parent: small, or a 5-row build of a plausible spec makes millions of rows (a lognormal of mu 7 does).
  const count = fc.oneof(
    smallInt(0, 4),
    fc.record({ min: smallInt(0, 2), max: smallInt(0, 5) }),
    fc.oneof(
      fc.record({ poisson: fc.record({ mean: num(decimalIn(0.1, 5)) }) }),
      fc.record({ normal: fc.record({ mean: num(decimalIn(0, 5)), stddev: num(decimalIn(0.1, 2)) }) }),
      fc.record({ lognormal: fc.record({ mu: num(decimalIn(-1, 1.5)), sigma: num(decimalIn(0.1, 0.5)) }) }),
      fc.record({ exponential: fc.record({ rate: num(decimalIn(0.2, 5)) }) }),
      fc.record({ zipf: fc.record({ n: num(fc.integer({ min: 1, max: 10 })), s: maybe(num(decimalIn(0.5, 3)), 0.5) }) }),
      ...odd(distribution),
    ),
  );

  /** A small CEL expression over the given names, mostly well-typed, sometimes not. */
  const cel = (names: readonly string[]): fc.Arbitrary<string> => {
    const atom = fc.oneof(
      { weight: 4, arbitrary: pick(names.length > 0 ? names : ['id']) },
      { weight: 3, arbitrary: pick(['1', '2', '0', '-1', '2.5', "'x'", "''", 'true', 'false', 'null', 'rand()', 'uniform(1, 10)', 'uniform(0.0, 1.0)', "timestamp('2024-01-01T00:00:00Z')", "duration('36h')", '[1, 2, 3]', "{'k': 1}", 't0.id', 't1.a', 'self.id']) },
    );
    const { expr } = fc.letrec<{ expr: string }>((tie) => ({
      expr: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        atom,
        fc.tuple(tie('expr'), pick([' + ', ' - ', ' * ', ' / ', ' % ', ' == ', ' != ', ' < ', ' >= ', ' && ', ' || ', ' in ']), tie('expr')).map(([a, op, b]) => `${a}${op}${b}`),
        fc.tuple(pick(['!', '-', 'size(', 'string(', 'int(', 'double(', 'dyn(', 'has(']), tie('expr')).map(([f, a]) => (f.endsWith('(') ? `${f}${a})` : `${f}(${a})`)),
        fc.tuple(tie('expr'), tie('expr'), tie('expr')).map(([c, a, b]) => `(${c}) ? (${a}) : (${b})`),
        fc.tuple(tie('expr'), pick(['.size()', '.startsWith("a")', '.matches("[a-z]+")', '.lowerAscii()', '.getFullYear()', '.getHours()', '.exists(x, x > 1)', '.map(x, x * 2)', '.filter(x, x > 1)', '.all(x, x != 0)'])).map(([a, m]) => `(${a})${m}`),
      ),
    }));
    return spiced(expr, pick(INTERESTING_CEL), 30);
  };

  const common = (names: readonly string[]) =>
    fc.record({
      nulls: maybe(num(pick([0, 0.1, 0.5, 1])), 0.15),
      nullable: maybe(fc.boolean(), 0.08),
      unique: maybe(fc.boolean(), 0.12),
      primary_key: maybe(fc.boolean(), 0.05),
      when: maybe(cel(names), 0.08),
      description: maybe(spiced(fc.string({ maxLength: 10 }), weirdString), 0.03),
      quality: maybe(quality('column'), 0.05),
    });

  /** Quality flaws of a column, or of a table or the spec (which also take `duplicates`). */
  function quality(level: 'column' | 'table' = 'column'): fc.Arbitrary<Json> {
    const rate = num(pick([0, 0.01, 0.1, 0.5, 1]));
    const flaw = maybe(rate, 0.3);
    const flaws = { nulls: flaw, typos: flaw, whitespace: flaw, case: flaw, outliers: maybe(fc.oneof(rate, fc.record({ rate, magnitude: num(pick([10, 2, 1e6])) })), 0.3) };
    const oddFlaws = fc.record({ anomalies: rate, zzz: rate, ...(level === 'column' ? { duplicates: rate } : {}) }, { requiredKeys: [] });
    return fc.oneof(
      { weight: 15, arbitrary: fc.record<Record<string, unknown>>(level === 'table' ? { ...flaws, duplicates: flaw } : flaws).map(clean) },
      ...odd(oddFlaws),
    );
  }

  const temporal = (kind: 'date' | 'datetime' | 'time') => {
    const lits = {
      date: ['2020-01-01', '2024-02-29', '2025-12-31', '1970-01-01', '1900-01-01', ...(SPICE ? ['2024-02-30', '9999-12-31'] : [])],
      datetime: ['2024-01-01T00:00:00Z', '2024-06-30T23:59:59Z', '2024-03-10 02:30:00', '2024-01-01T00:00:00+14:00', '2024-01-01', '1969-12-31T23:59:59.999Z', ...(SPICE ? ['2024-01-01T24:00:00Z'] : [])],
      time: ['00:00', '06:00', '12:30:15', '23:59:59', ...(SPICE ? ['24:00', '7:00'] : [])],
    }[kind];
    return fc.record({
      type: fc.constant(kind),
      min: maybe(spiced(pick(lits), weirdString), 0.6),
      max: maybe(spiced(pick(lits), weirdString), 0.6),
      format: maybe(spiced(pick(['iso', 'epoch', 'epoch_ms', 'dd/MM/yyyy', 'yyyy-MM-dd HH:mm', 'HH:mm']), weirdString), 0.2),
    });
  };

  /** A column of a drawn kind (no references, no expressions: also a field or element of a document). */
  const drawnColumn = (depth: number): fc.Arbitrary<Json> => {
    const kinds: Array<fc.Arbitrary<Json>> = [
      fc.record({ type: fc.constant('int'), min: maybe(num(fc.integer({ min: -100, max: 100 })), 0.6), max: maybe(num(fc.integer({ min: -100, max: 1000 })), 0.6), distribution: maybe(distribution, 0.25) }),
      fc.record({ type: pick(['float', 'decimal']), min: maybe(num(decimalIn(-100, 100)), 0.5), max: maybe(num(decimalIn(0, 1000)), 0.5), scale: maybe(smallInt(0, 6), 0.4), distribution: maybe(distribution, 0.25) }),
      fc.record({ type: fc.constant('bool'), probability: maybe(num(pick([0, 0.3, 1])), 0.4) }),
      fc.record({
        type: fc.constant('enum'),
        values: fc.oneof(
          fc.array(spiced(fc.oneof(pick(['a', 'b', 'c']), fc.integer({ min: -2, max: 3 }), fc.boolean()), interestingValue, 30), { minLength: 1, maxLength: 5 }),
          fc.dictionary(spiced(pick(['a', 'b', 'c', 'd']), weirdString, 30), num(fc.integer({ min: 0, max: 100 })), { minKeys: 1, maxKeys: 4 }),
          ...odd(interestingValue),
        ),
      }),
      temporal('date'),
      temporal('datetime'),
      temporal('time'),
      fc.constant({ type: 'uuid' }),
      fc.record({ type: fc.constant('string'), pattern: spiced(pick(['[a-z]{3}', '\\d{5}', '[A-Z]{2}-\\d{3}', '[a-z]+', '(foo|bar)\\d?', '\\w+@example\\.com']), pick(INTERESTING_PATTERNS), 12) }),
      fc.record({ type: fc.constant('constant'), value: spiced(fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean(), fc.constant(null)), interestingValue, 12) }),
      fc.record({ type: fakerPath, args: maybe(fakerArgs, 0.3) }),
    ];
    if (depth < 3) {
      kinds.push(
        fc.record({ type: fc.constant('object'), fields: fc.dictionary(columnName, fc.constant(null).chain(() => ((SPICE = spice), drawnColumn(depth + 1))), { minKeys: 0, maxKeys: 3 }) }),
        fc.record({ type: fc.constant('array'), items: fc.constant(null).chain(() => ((SPICE = spice), drawnColumn(depth + 1))), count: maybe(count, 0.6) }),
        fc.record({
          type: fc.constant('json'),
          schema: fc.oneof(
            pick([true, false, {}, { type: 'object', properties: { a: { type: 'integer', minimum: 1, maximum: 3 } }, required: ['a'] }, { type: 'string', pattern: '[a-z]{2}' }, { type: 'array', items: { type: 'number' }, minItems: 1e9 }, { $ref: '#' }, { $ref: '#/definitions/x' }, { type: 'string', format: 'email' }, { enum: [] }, { type: 'integer', minimum: 5, maximum: 1 }, { allOf: [{ type: 'string' }, { type: 'integer' }] }]),
            ...odd(interestingValue),
          ),
        }),
      );
    }
    return fc.oneof(...kinds).map(clean);
  };

  /** A top-level column of table `self`, given the tables and columns it may name. */
  const column = (self: string, names: readonly string[], tables: readonly string[] = TABLES): fc.Arbitrary<Json> => {
    const derived = fc.oneof(
      fc.record({ type: fc.constant('int'), expr: spiced(pick(['id * 2', 'uniform(1, 10)', 'size(string(id))', 'id + 1', 'a']), pick(INTERESTING_CEL), 10) }),
      fc.record({ type: pick(['float', 'decimal']), expr: spiced(pick(['double(id) * 1.5', 'uniform(0.0, 1.0)', 'rand()']), pick(INTERESTING_CEL), 10), scale: maybe(smallInt(0, 4), 0.3) }),
      fc.record({ type: fc.constant('string'), expr: spiced(pick(["'x' + string(id)", "string(id)", "'a'"]), pick(INTERESTING_CEL), 10) }),
      fc.record({ type: fc.constant('bool'), expr: spiced(pick(['id > 2', 'rand() < 0.5']), pick(INTERESTING_CEL), 10) }),
      fc.record({ type: pick(['date', 'datetime']), expr: spiced(pick(["timestamp('2024-01-01T00:00:00Z') + duration('36h')", "timestamp('2024-01-01T00:00:00Z')"]), pick(INTERESTING_CEL), 10) }),
      fc.record({ type: fc.constant('time'), expr: pick(["'12:00:00'", "'25:00:00'", "'x'", '1']) }),
      fc.record({ type: pick(['int', 'string', 'bool', 'float']), expr: cel(names) }),
    );
    const ref = fc.record({
      ref: spiced(fc.tuple(spiced(pick(tables), tableName, 10), spiced(fc.constant('id'), pick(['a', 'b']), 10)).map(([t, c]) => `${t}.${c}`), pick(['t0', 't0.', '.id', 't0.id.x', 'nowhere.id', `${self}.id`, '__proto__.id', 't0.__proto__', '']), 20),
      as: maybe(spiced(pick(['p', 'parent', 'q']), pick(['id', self, 't0', '__proto__', 'rand', ''])), 0.25),
      // A self-reference must be nullable (row 0 has no earlier row); mostly it is.
      selfNullable: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }).map(({ selfNullable, ...r }) => clean(selfNullable && typeof r.ref === 'string' && r.ref.startsWith(`${self}.`) ? { ...r, nullable: true } : r));
    const sequence = fc.record({ type: fc.constant('sequence'), start: maybe(num(fc.integer({ min: -10, max: 1000 })), 0.3), step: maybe(num(fc.integer({ min: -3, max: 5 })), 0.2) });
    const kind = fc.oneof({ weight: 16, arbitrary: drawnColumn(0) }, { weight: 6, arbitrary: derived }, { weight: 6, arbitrary: ref }, { weight: 2, arbitrary: sequence }, ...odd(interestingValue.map((v) => ({ type: v }))));
    return fc.tuple(kind, common(names)).map(([k, c]) => clean({ ...k, ...c }));
  };

  const checks = (names: readonly string[]) =>
    fc.array(fc.oneof({ weight: 10, arbitrary: cel(names) }, { weight: 5, arbitrary: fc.record({ expr: cel(names), message: maybe(fc.string({ maxLength: 12 }), 0.5) }) }, ...odd(interestingValue)), { minLength: 1, maxLength: 2 });

  const series = (parents: fc.Arbitrary<string>) => fc.record({
    per: parents,
    start: spiced(pick(['2024-01-01T00:00:00Z', '2024-01-01T05:00:00Z']), weirdString),
    end: spiced(pick(['2024-01-01T06:00:00Z', '2024-01-02T00:00:00Z']), weirdString),
    // One of `every` and `arrivals`, now and then both or neither.
    step: fc.oneof(
      { weight: 8, arbitrary: fc.record({ every: spiced(pick(['5m', '1h', '1d', '30s', '1h30m']), pick(['0s', '0', '-1h', '1ms', '1y', '', '1e9d', '0.0001s'])) }) },
      { weight: 3, arbitrary: fc.record({ arrivals: fc.record({ per_hour: num(pick([1, 10, 0.5])) }) }) },
      ...odd(fc.constantFrom({}, { every: '1h', arrivals: { per_hour: 1 } })),
    ),
    business_days: maybe(fc.boolean(), 0.1),
  }).map(({ step, ...s }) => clean({ ...s, ...step }));
  const seriesModel = fc.record(
    {
      level: fc.oneof(num(pick([0, 20, 100])), distribution),
      trend: num(pick([0, 0.1, -1])),
      seasonality: fc.array(fc.record({ period: spiced(pick(['1d', '1w', '1h']), weirdString), amplitude: num(pick([1, 5])), phase: num(pick([0, 0.5])) }), { maxLength: 2 }),
      walk: fc.oneof(num(pick([0.02, 1])), fc.record({ stddev: num(pick([0.01, 0.1])), geometric: fc.boolean() })),
      regimes: fc.record({ rate: num(pick([0.01, 0.5])), shift: num(pick([1, 10])) }),
      noise: fc.oneof(num(pick([0.1, 1])), distribution),
      anomalies: fc.record({ rate: num(pick([0.001, 0.5])), magnitude: num(pick([12, 0])) }),
    },
    { requiredKeys: [] },
  );

  const table = (self: string, others: readonly string[]): fc.Arbitrary<Json> => {
    const names = COLUMNS;
    // Parents are mostly the spec's other tables; sometimes itself, or a table that is not there.
    const parent = others.length > 0 ? spiced(pick(others), tableName, 10) : tableName;
    const columns = fc
      .tuple(
        fc.oneof({ weight: 16, arbitrary: fc.constant({ type: 'sequence', primary_key: true }) }, { weight: 2, arbitrary: fc.constant({ type: 'uuid', primary_key: true }) }, { weight: 1, arbitrary: column(self, names, others.length > 0 ? others : [self]) }),
        fc.dictionary(columnName, column(self, [...names, ...others], others.length > 0 ? others : [self]), { minKeys: 0, maxKeys: 4 }),
      )
      // The key first; a drawn column named `id` does not replace it.
      .map(([id, { id: _drop, ...rest }]) => ({ id, ...rest }));
    const rows = fc.oneof(
      { weight: 20, arbitrary: smallInt(0, 20) },
      { weight: others.length > 0 ? 8 : 1, arbitrary: fc.record({ per: parent, count }) },
      ...odd(interestingValue),
    );
    const plain = fc.record({
      description: maybe(fc.string({ maxLength: 8 }), 0.05),
      rows,
      columns,
      primary_key: maybe(fc.array(columnName, { minLength: 1, maxLength: 3 }), 0.04),
      unique: maybe(fc.array(fc.array(columnName, { maxLength: 3 }), { maxLength: 2 }), 0.08),
      checks: maybe(checks(names), 0.15),
      quality: maybe(quality('table'), 0.05),
      /** Rows per parent need a reference to the parent: add one, mostly. */
      withParentRef: fc.oneof({ weight: 9, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }).map(({ withParentRef, ...t }) => {
      const r = t.rows as { per?: unknown };
      if (withParentRef && typeof r === 'object' && r !== null && typeof r.per === 'string') (t.columns as Json)[`${r.per}_id`.replace(/[^A-Za-z0-9_]/g, '_')] = { ref: `${r.per}.id` };
      return clean(t);
    });
    if (others.length === 0) return plain;
    const timeSeries = fc.record({ series: series(parent), model: seriesModel, extra: maybe(column(self, names), 0.3) }).map(({ series: s, model, extra }) => clean({
      series: s,
      columns: clean({ [`${String(s.per)}_id`.replace(/[^A-Za-z0-9_]/g, '_')]: { ref: `${String(s.per)}.id` }, ts: { type: 'datetime', series: 'time' }, v: { type: 'float', scale: 2, series: model }, x: extra }),
    }));
    return fc.oneof({ weight: 9, arbitrary: plain }, { weight: 1, arbitrary: timeSeries });
  };

  const output = fc.record({
    format: spiced(pick([...OUTPUT_FORMATS, 'csv', 'json', 'jsonl']), pick(['CSV', 'plugin/x', 'x', '', 'csv '])),
    path: spiced(pick(['out/{table}.csv', '{table}.out', 'all.out', 'a/b/{table}/c.x', '{table}']), weirdString, 12),
    tables: maybe(fc.array(tableName, { maxLength: 2 }), 0.2),
    options: maybe(
      fc.oneof(
        fc.record({ delimiter: pick([';', '\t', '', '"', '\n', 'ab', '\u0000']), null: pick(['NULL', '', '\u0000']), header: fc.boolean(), quote_all: fc.boolean() }, { requiredKeys: [] }),
        fc.record({ root: pick(['dataset', '', '1x', 'a b', '<x>', 'xml']), row: pick(['row', '', '__proto__']), columns_as: pick(['elements', 'attributes', 'x']) }, { requiredKeys: [] }),
        fc.record({ dialect: pick(['postgres', 'mysql', 'sqlite', 'oracle']), batch_rows: num(pick([1, 500, 100_000])), create_tables: fc.boolean() }, { requiredKeys: [] }),
        fc.record({ row_group_rows: num(pick([1, 100_000])), compression: pick(['snappy', 'zstd', 'none', 'gzip']), stream: fc.boolean(), shared_strings: fc.boolean() }, { requiredKeys: [] }),
        fc.record({ max_rows: num(pick([1, 2_000, 10_000])), truncate: fc.boolean(), orientation: pick(['auto', 'portrait', 'landscape', 'up']) }, { requiredKeys: [] }),
        ...odd(fc.dictionary(weirdString, interestingValue, { maxKeys: 2 })),
      ),
      0.3,
    ),
  });

  return fc
    .tuple(
      fc.integer({ min: 1, max: 3 }),
      fc.record({
        synth: spiced(fc.constant(1), fc.oneof(pick([2, '1', 1.0, 0]), weirdNumber), 40),
        seed: maybe(seed, 0.4),
        locale: maybe(spiced(pick(['en', 'de', 'ja', 'pt_BR']), fc.oneof(pick(LOCALES), weirdString), 4), 0.2),
        description: maybe(fc.string({ maxLength: 20 }), 0.05),
        quality: maybe(quality('table'), 0.05),
        outputs: maybe(fc.array(output, { minLength: 0, maxLength: 2 }), 0.25),
        stray: SPICE ? maybe(fc.record({ key: pick(['table', 'Tables', 'output', '__proto__', 'version']), value: interestingValue }), 0.03) : fc.constant(undefined),
      }),
      fc.array(fc.tuple(tableName, tableName), { maxLength: 1 }),
    )
    .chain(([n, top, renames]) => {
      SPICE = spice;
      const names = TABLES.slice(0, n);
      return fc.tuple(...names.map((t) => table(t, names.filter((o) => o !== t)))).map((ts) => {
        const tables: Json = {};
        ts.forEach((t, i) => (tables[names[i]!] = t));
        // Sometimes a table under another name (a reference to nothing, `__proto__`, …).
        for (const [from, to] of renames) if (Object.hasOwn(tables, from) && !Object.hasOwn(tables, to)) {
          Object.defineProperty(tables, to, { value: tables[from], enumerable: true, configurable: true, writable: true });
          delete tables[from];
        }
        const { stray, ...rest } = top;
        const spec: Json = clean({ ...rest, tables });
        if (stray) Object.defineProperty(spec, stray.key, { value: stray.value, enumerable: true, configurable: true, writable: true });
        return spec;
      });
    });
}

/** A spec from the grammar, as a plain object (emitted by `emit`): a third of them spiced. */
export const grammarSpecObject: fc.Arbitrary<Json> = fc.oneof({ weight: 2, arbitrary: makeGrammar(false) }, { weight: 1, arbitrary: makeGrammar(true) });

/** Drops the keys whose value is undefined (so `maybe` can leave a key out). */
function clean<T extends object>(o: T): T {
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) Object.defineProperty(out, k, { value: v, enumerable: true, configurable: true, writable: true });
  return out as T;
}

/** YAML text of a spec object (flow style for columns keeps it close to how specs are written). */
export function emit(spec: unknown): string {
  try {
    return stringify(spec, { aliasDuplicateObjects: false, lineWidth: 0 });
  } catch {
    // Too deep for the printer: JSON is YAML too.
    return JSON.stringify(spec);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Mutations

const TREE_OPS = ['tweak', 'tweak', 'tweak', 'set', 'set', 'delete', 'duplicate-key', 'rename', 'wrap', 'graft', 'alias', 'retype', 'empty'] as const;
const treeOp = fc.record({ op: pick(TREE_OPS), target: fc.nat(), value: interestingValue, other: fc.nat(), n: fc.nat({ max: 100 }) });
export type TreeOp = typeof treeOp extends fc.Arbitrary<infer T> ? T : never;

interface Place {
  node: Node;
  /** The pair whose value (or key) it is, in a map. */
  pair?: Pair;
  parent?: YAMLMap | YAMLSeq;
  index?: number;
  ancestors: Node[];
}

/** Every node of a document, with where it sits (document order). */
function places(doc: Document): Place[] {
  const out: Place[] = [];
  const walk = (node: unknown, at: Omit<Place, 'node'>) => {
    // Nodes below a deep nesting (a mutation made it) are left alone: the walk would only be slower.
    if ((!isScalar(node) && !isMap(node) && !isSeq(node)) || at.ancestors.length > 80) return;
    out.push({ node, ...at });
    const ancestors = [...at.ancestors, node];
    if (isMap(node)) node.items.forEach((p, index) => walk(p.value, { pair: p, parent: node, index, ancestors }));
    if (isSeq(node)) node.items.forEach((v, index) => walk(v, { parent: node, index, ancestors }));
  };
  walk(doc.contents, { ancestors: [] });
  return out;
}

const KINDS = ['sequence', 'int', 'float', 'decimal', 'bool', 'enum', 'date', 'datetime', 'time', 'uuid', 'string', 'constant', 'object', 'array', 'json', 'person.fullName', 'integer', 'Int', 'number'];
const KEYS = ['type', 'ref', 'rows', 'per', 'count', 'columns', 'min', 'max', 'values', 'pattern', 'expr', 'when', 'checks', 'unique', 'primary_key', 'nulls', 'nullable', 'sequence', 'series', 'quality', 'outputs', 'format', 'path', 'tables', 'options', 'distribution', 'scale', 'as', 'fields', 'items', 'schema', 'args', 'value', 'start', 'step', '__proto__', 'constructor', '', 'x'.repeat(1_000)];

/** Applies tree mutations to the YAML document of `text` (`others` are where grafts come from). */
export function mutateTree(text: string, ops: readonly TreeOp[], others: readonly string[]): string {
  const doc = parseDocument(text, { uniqueKeys: false });
  if (doc.errors.length > 0 || !doc.contents) return text;
  for (const m of ops) {
    const all = places(doc);
    if (all.length === 0) break;
    const at = all[m.target % all.length]!;
    const replace = (node: unknown) => {
      if (at.parent && at.index !== undefined) {
        if (isMap(at.parent)) at.parent.items[at.index]!.value = node;
        else at.parent.items[at.index] = node;
      } else doc.contents = node as typeof doc.contents;
    };
    switch (m.op) {
      case 'set':
        replace(doc.createNode(m.value));
        break;
      case 'tweak': {
        // A plausible edit of a scalar: a nearby number, a typo, another value of the document, the other boolean.
        if (!isScalar(at.node)) break;
        const v = at.node.value;
        const scalars = all.map((p) => p.node).filter((n): n is Scalar => isScalar(n) && typeof n.value === typeof v && n.value !== v);
        if (typeof v === 'number') replace(new Scalar([0, 1, -1, v + 1, v - 1, v * 10, Math.round(v / 2), -v, v * 1000, v + 0.5][m.n % 10]));
        else if (typeof v === 'boolean') replace(new Scalar(!v));
        else if (typeof v === 'string') replace(new Scalar(m.n % 2 === 0 && scalars.length > 0 ? scalars[m.other % scalars.length]!.value : typo(v, m.other)));
        else replace(new Scalar(m.n % 2 === 0 ? 0 : 'x'));
        break;
      }
      case 'empty':
        replace(doc.createNode([null, {}, [], '', 0][m.n % 5]));
        break;
      case 'delete':
        if (at.parent && at.index !== undefined) at.parent.items.splice(at.index, 1);
        break;
      case 'duplicate-key':
        // The same key twice in a map (SYN106), or a list entry twice.
        if (at.parent && at.index !== undefined) {
          const item = at.parent.items[at.index]!;
          (at.parent.items as unknown[]).splice(at.index + 1, 0, isPair(item) ? new Pair(item.key, doc.createNode(m.value)) : item);
        }
        break;
      case 'rename':
        if (at.pair) at.pair.key = new Scalar(m.n % 3 === 0 ? KEYS[m.other % KEYS.length] : m.n % 3 === 1 ? typo(String(isScalar(at.pair.key) ? at.pair.key.value : 'x'), m.other) : String(m.value));
        break;
      case 'wrap': {
        // The node, nested in lists or maps (the depth limit is 64).
        let inner: unknown = at.node;
        for (let i = 0; i < [2, 10, 63, 65, 200][m.n % 5]!; i++) {
          if (m.other % 2 === 0) {
            const s = new YAMLSeq();
            s.items.push(inner);
            inner = s;
          } else {
            const map = new YAMLMap();
            map.items.push(new Pair(new Scalar('a'), inner));
            inner = map;
          }
        }
        replace(inner);
        break;
      }
      case 'graft': {
        if (others.length === 0) break;
        const from = parseDocument(others[m.other % others.length]!, { uniqueKeys: false });
        const there = places(from);
        if (there.length === 0) break;
        // A grafted node with alias-expanded complex keys can be too large to turn into JSON: then no graft (the
        // fuzzer's own process must not die of the document it generates; synth's parse reports such keys itself).
        let grafted: unknown;
        try {
          grafted = there[m.n % there.length]!.node.toJSON();
        } catch {
          break;
        }
        replace(doc.createNode(grafted));
        break;
      }
      case 'alias': {
        // Another node in the document, an ancestor sometimes (a cycle).
        const candidates = m.n % 3 === 0 && at.ancestors.length > 0 ? at.ancestors : all.map((p) => p.node).filter((n) => !isScalar(n) || n.value !== null);
        const target = candidates[m.other % candidates.length];
        if (!target || target === at.node || isScalar(target) && !at.parent) break;
        replace(doc.createAlias(target as Scalar | YAMLMap | YAMLSeq));
        break;
      }
      case 'retype':
        replace(new Scalar(KINDS[m.other % KINDS.length]));
        break;
    }
  }
  try {
    return doc.toString({ lineWidth: 0 });
  } catch {
    // A mutation the printer cannot write (an alias before its anchor): keep the text as it was.
    return text;
  }
}

function typo(s: string, n: number): string {
  if (s.length === 0) return 'x';
  const i = n % s.length;
  switch (n % 4) {
    case 0: return s.slice(0, i) + s.slice(i + 1);
    case 1: return s.slice(0, i) + s[i] + s.slice(i);
    case 2: return s.slice(0, i) + s.slice(i).toUpperCase();
    default: return `${s}s`;
  }
}

/** The tokens of the original robustness test (robustness.test.ts), and more. */
const TOKENS = [
  '0', '-1', '1e309', '""', 'null', '[]', '{}', 'x.y', 'tables', '{ type: int, min: 5, max: 1 }', "'('", '&a', '*a', 'true', '999999999999', '2024-13-45', "'[a-z'", 'YYYY', 'per', 'ref',
  '.inf', '-.inf', '.nan', '1e12', '2.5', '!!binary AA==', '!!str', '!!int 1', '!!float .nan', '<<: *a', '? x', '|', '>-', '"\\0"', '"\\u0000"', '\u0000', '\ufeff', '\t',
  "'(?<=a)b'", "'[a-z]{100000000}'", '"1 / 0"', '__proto__', '{ ref: nowhere.id }', '{ per: t0, count: .inf }', `"${'('.repeat(300)}"`, `${'['.repeat(100)}`, `${'['.repeat(2_000)}${']'.repeat(2_000)}`, `${'{a: '.repeat(2_000)}1${'}'.repeat(2_000)}`, '%YAML 1.1', '---', '...',
];
const TEXT_OPS = ['drop', 'duplicate', 'value', 'indent', 'dedent', 'insert', 'splice', 'cut', 'char'] as const;
const textOp = fc.record({ op: pick(TEXT_OPS), line: fc.nat(), token: pick(TOKENS), other: fc.nat(), at: fc.nat() });
export type TextOp = typeof textOp extends fc.Arbitrary<infer T> ? T : never;

/** Line and character edits a person (or an LLM) makes, and some that only an attacker makes. */
export function mutateText(text: string, ops: readonly TextOp[], others: readonly string[]): string {
  let lines = text.split('\n');
  for (const m of ops) {
    const i = m.line % Math.max(lines.length, 1);
    const l = lines[i] ?? '';
    switch (m.op) {
      case 'drop': lines.splice(i, 1); break;
      case 'duplicate': lines.splice(i, 0, l); break;
      case 'indent': lines[i] = ` ${l}`; break;
      case 'dedent': lines[i] = l.replace(/^ {1,2}/, ''); break;
      // Replace the first value after a `key:` on the line (as the original robustness test did).
      case 'value': lines[i] = l.replace(/(:\s*)([^,{}\s][^,}]*)/, `$1${m.token}`); break;
      case 'insert': lines[i] = l.slice(0, m.at % (l.length + 1)) + m.token + l.slice(m.at % (l.length + 1)); break;
      case 'splice': {
        const from = (others[m.other % Math.max(others.length, 1)] ?? text).split('\n');
        lines.splice(i, 0, from[m.at % from.length]!);
        break;
      }
      case 'cut': lines = lines.slice(0, Math.max(1, i)); lines[lines.length - 1] = lines[lines.length - 1]!.slice(0, m.at % (l.length + 1)); break;
      case 'char': {
        const c = ['\u0000', '\t', '\r', '\ufeff', '{', '[', ':', '"', "'", '#', '\\', '- ', '%', '&', '*', '!', '|', '\u2028', '\ud800'][m.other % 19]!;
        lines[i] = l.slice(0, m.at % (l.length + 1)) + c + l.slice(m.at % (l.length + 1));
        break;
      }
    }
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------------------------
// The arbitrary of spec texts

const fixtureBase = fc.nat({ max: FIXTURES.length - 1 }).map((i) => ({ origin: FIXTURES[i]!.name, text: FIXTURES[i]!.text }));
const grammarBase = grammarSpecObject.map((o) => ({ origin: 'grammar', text: emit(o) }));
const OTHERS = FIXTURES.map((f) => f.text);

/** Spec texts: from the grammar, or a fixture or a grammar spec mutated on the tree or as text. */
export const specText: fc.Arbitrary<FuzzInput> = fc.oneof(
  { weight: 5, arbitrary: grammarBase },
  {
    weight: 3,
    arbitrary: fc.tuple(fc.oneof({ weight: 2, arbitrary: fixtureBase }, { weight: 1, arbitrary: grammarBase }), fc.array(treeOp, { minLength: 1, maxLength: 4 })).map(([b, ops]) => ({
      origin: `tree(${b.origin})`,
      text: mutateTree(b.text, ops, OTHERS),
    })),
  },
  {
    weight: 2,
    arbitrary: fc.tuple(fc.oneof({ weight: 2, arbitrary: fixtureBase }, { weight: 1, arbitrary: grammarBase }), fc.array(textOp, { minLength: 1, maxLength: 3 })).map(([b, ops]) => ({
      origin: `text(${b.origin})`,
      text: mutateText(b.text, ops, OTHERS),
    })),
  },
);
