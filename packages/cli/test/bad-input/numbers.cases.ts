import type { BadInput } from './bad-input.js';

/**
 * Numbers (issue 14, "Every number is checked where it enters"): flags, SYNTH_* variables, the config file and the
 * spec. Builds carry a file an earlier build wrote (`out/users.csv`): a typo in a number must leave it as it was.
 */

/** A spec with a users table of `rows` rows (and extra column lines), writing out/{table}.csv. */
function spec(rows: string, columns = '', tables = ''): string {
  return `synth: 1
seed: 1
tables:
  users:
    rows: ${rows}
    columns:
      id: { type: sequence, primary_key: true }
${columns.replace(/^(?=.)/gm, '      ')}
${tables}outputs:
  - { format: csv, path: "out/{table}.csv" }
`;
}

/** users (5 rows, or `rows`) and orders with `count` rows per user. */
function perParent(count: string, rows = '5'): string {
  return spec(rows, '', `  orders:
    rows: { per: users, count: ${count} }
    columns:
      id: { type: sequence, primary_key: true }
      user_id: { ref: users.id }
`);
}

/** What a previous build wrote: it must survive every refused build. */
const BUILT = 'id\n1\n2\n3\n4\n5\n';
const files = (text = spec('5')): Record<string, string> => ({ 's.synth.yaml': text, 'out/users.csv': BUILT });

const build = (...flags: string[]) => ['build', 's.synth.yaml', ...flags];

const flagCases: BadInput[] = [
  // The destructive ones: each used to exit 0 and overwrite out/users.csv with a header-only file.
  { name: 'build --rows -1', args: build('--rows', '-1'), files: files(), code: 'SYN213', exit: 2, mentions: ["'-1'", 'on the command line', '--rows 1000'] },
  { name: 'build --rows=-1', args: build('--rows=-1'), files: files(), code: 'SYN213', exit: 2 },
  { name: 'build --rows abc', args: build('--rows', 'abc'), files: files(), code: 'SYN211', exit: 2, mentions: ["'abc'"] },
  { name: 'build --scale -1', args: build('--scale', '-1'), files: files(), code: 'SYN213', exit: 2, mentions: ["'-1'"] },
  { name: 'build --scale NaN', args: build('--scale', 'NaN'), files: files(), code: 'SYN211', exit: 2, mentions: ["'NaN'"] },
  { name: 'build --rows NaN', args: build('--rows', 'NaN'), files: files(), code: 'SYN211', exit: 2 },
  { name: 'build --rows Infinity', args: build('--rows', 'Infinity'), files: files(), code: 'SYN211', exit: 2 },
  { name: 'build --rows 0x10 (hex is not a row count)', args: build('--rows', '0x10'), files: files(), code: 'SYN211', exit: 2 },
  { name: 'build --rows with an empty value', args: build('--rows='), files: files(), code: 'SYN211', exit: 2 },
  // The hangs: a fractional row count never ended the plan.
  { name: 'build --rows 2.5', args: build('--rows', '2.5'), files: files(), code: 'SYN212', exit: 2, mentions: ["'2.5'"] },
  { name: 'plan --rows 2.5', args: ['plan', 's.synth.yaml', '--rows', '2.5'], files: files(), code: 'SYN212', exit: 2 },
  { name: 'build --rows 1e12 is over rows-per-table', args: build('--rows', '1e12'), files: files(), code: 'SYN340', exit: 2, mentions: ['--max rows-per-table='] },
  { name: 'build --scale 0', args: build('--scale', '0'), files: files(), code: 'SYN213', exit: 2 },
  { name: 'build --scale abc', args: build('--scale', 'abc'), files: files(), code: 'SYN211', exit: 2 },
  { name: 'build --scale Infinity', args: build('--scale', 'Infinity'), files: files(), code: 'SYN211', exit: 2 },
  { name: 'build --scale 1e8 makes a table of 100 rows over rows-per-table', args: build('--scale', '1e8'), files: files(spec('100')), code: 'SYN340', exit: 1, mentions: ['--scale'] },
  { name: 'report --rows -1 writes no report', args: ['report', 's.synth.yaml', '--rows', '-1'], files: files(), code: 'SYN213', exit: 2 },
  { name: 'plan --scale NaN', args: ['plan', 's.synth.yaml', '--scale', 'NaN'], files: files(), code: 'SYN211', exit: 2 },
  { name: 'build --workers two', args: build('--workers', 'two'), files: files(), code: 'SYN211', exit: 2, mentions: ["'two'", 'from 1 to 64'] },
  { name: 'build --workers 0', args: build('--workers', '0'), files: files(), code: 'SYN213', exit: 2 },
  { name: 'build --workers 65', args: build('--workers', '65'), files: files(), code: 'SYN213', exit: 2 },
  { name: 'build --workers 1.5', args: build('--workers', '1.5'), files: files(), code: 'SYN212', exit: 2 },
  { name: 'build --max-bytes abc', args: build('--max-bytes', 'abc'), files: files(), code: 'SYN211', exit: 2 },
  { name: 'build --max-bytes 0', args: build('--max-bytes', '0'), files: files(), code: 'SYN213', exit: 2 },
  { name: 'build --max-bytes 10: the estimate is over it, nothing written', args: build('--max-bytes', '10'), files: files(), code: 'SYN440', exit: 1, mentions: ['--max-bytes'] },
  { name: 'build --max bytes=10', args: build('--max', 'bytes=10'), files: files(), code: 'SYN440', exit: 1 },
  { name: 'build --max with an unknown limit', args: build('--max', 'rows-per-tabel=5'), files: files(), code: 'SYN214', exit: 2, mentions: ['rows-per-table'] },
  { name: 'build --max without =', args: build('--max', 'rows-per-table'), files: files(), code: 'SYN214', exit: 2 },
  { name: 'build --max rows-per-table=abc', args: build('--max', 'rows-per-table=abc'), files: files(), code: 'SYN214', exit: 2 },
  { name: 'build --max rows-per-table=0', args: build('--max', 'rows-per-table=0'), files: files(), code: 'SYN214', exit: 2 },
  { name: 'validate --max rows-per-table=2 lowers the limit', args: ['validate', 's.synth.yaml', '--max', 'rows-per-table=2'], files: files(), code: 'SYN340', exit: 1 },
  { name: 'build --max total-rows=4', args: build('--max', 'total-rows=4'), files: files(), code: 'SYN341', exit: 1, mentions: ['--max total-rows='] },
  { name: 'preview -n abc', args: ['preview', 's.synth.yaml', '-n', 'abc'], files: files(), code: 'SYN211', exit: 2, mentions: ["'abc'"] },
  { name: 'preview -n 0', args: ['preview', 's.synth.yaml', '-n', '0'], files: files(), code: 'SYN213', exit: 2 },
  { name: 'preview --limit 2.5', args: ['preview', 's.synth.yaml', '--limit', '2.5'], files: files(), code: 'SYN212', exit: 2 },
  { name: 'preview --limit 1e9', args: ['preview', 's.synth.yaml', '--limit', '1e9'], files: files(), code: 'SYN213', exit: 2 },
  { name: 'history --limit abc', args: ['history', '--limit', 'abc'], code: 'SYN211', exit: 2 },
  { name: 'history --limit 0', args: ['history', '--limit', '0'], code: 'SYN213', exit: 2 },
  { name: 'infer --max-rows abc', args: ['infer', 'a.csv', '--max-rows', 'abc'], files: { 'a.csv': 'a\n1\n' }, code: 'SYN211', exit: 2 },
  { name: 'infer --max-rows 1.5', args: ['infer', 'a.csv', '--max-rows', '1.5'], files: { 'a.csv': 'a\n1\n' }, code: 'SYN212', exit: 2 },
  { name: 'infer --max-bytes 12Q', args: ['infer', 'a.csv', '--max-bytes', '12Q'], files: { 'a.csv': 'a\n1\n' }, code: 'SYN211', exit: 2 },
  { name: 'compare --min-score abc', args: ['compare', 'a.csv', 'a.csv', '--min-score', 'abc'], files: { 'a.csv': 'a\n1\n' }, code: 'SYN211', exit: 2 },
  { name: 'compare --min-score -1', args: ['compare', 'a.csv', 'a.csv', '--min-score', '-1'], files: { 'a.csv': 'a\n1\n' }, code: 'SYN213', exit: 2 },
  { name: 'compare --min-score NaN', args: ['compare', 'a.csv', 'a.csv', '--min-score', 'NaN'], files: { 'a.csv': 'a\n1\n' }, code: 'SYN211', exit: 2 },
  { name: 'author --temperature abc', args: ['author', 'shop', '--temperature', 'abc'], code: 'SYN211', exit: 2, mentions: ["'abc'"] },
  { name: 'author --temperature 3', args: ['author', 'shop', '--temperature', '3'], code: 'SYN213', exit: 2 },
  { name: 'author --max-tokens 100', args: ['author', 'shop', '--max-tokens', '100'], code: 'SYN213', exit: 2 },
  { name: 'author --max-tokens 2.5', args: ['author', 'shop', '--max-tokens', '2.5'], code: 'SYN212', exit: 2 },
  { name: 'author --timeout 0', args: ['author', 'shop', '--timeout', '0'], code: 'SYN213', exit: 2 },
  { name: 'author --timeout 1e300 (setTimeout would fire at once)', args: ['author', 'shop', '--timeout', '1e300'], code: 'SYN213', exit: 2 },
  { name: 'author --rounds 11', args: ['author', 'shop', '--rounds', '11'], code: 'SYN213', exit: 2 },
  { name: 'author --rounds 0.5', args: ['author', 'shop', '--rounds', '0.5'], code: 'SYN212', exit: 2 },
];

const envCases: BadInput[] = [
  { name: 'SYNTH_ROWS=1.5 plan (hung before)', args: ['plan', 's.synth.yaml'], env: { SYNTH_ROWS: '1.5' }, files: files(), code: 'SYN212', exit: 2, mentions: ['SYNTH_ROWS'] },
  { name: 'SYNTH_ROWS=1.5 build', args: build(), env: { SYNTH_ROWS: '1.5' }, files: files(), code: 'SYN212', exit: 2, mentions: ['SYNTH_ROWS'] },
  { name: 'SYNTH_ROWS=-1 build', args: build(), env: { SYNTH_ROWS: '-1' }, files: files(), code: 'SYN213', exit: 2, mentions: ['SYNTH_ROWS'] },
  { name: 'SYNTH_SCALE=abc build', args: build(), env: { SYNTH_SCALE: 'abc' }, files: files(), code: 'SYN211', exit: 2, mentions: ['SYNTH_SCALE'] },
  { name: 'SYNTH_WORKERS=two build', args: build(), env: { SYNTH_WORKERS: 'two' }, files: files(), code: 'SYN211', exit: 2, mentions: ['SYNTH_WORKERS'] },
  { name: 'SYNTH_MAX_BYTES=1 build', args: build(), env: { SYNTH_MAX_BYTES: '1' }, files: files(), code: 'SYN440', exit: 1 },
  { name: 'SYNTH_MAX with an unknown limit', args: build(), env: { SYNTH_MAX: 'rows=5' }, files: files(), code: 'SYN214', exit: 2, mentions: ['SYNTH_MAX'] },
  { name: 'SYNTH_TEMPERATURE=hot author', args: ['author', 'shop'], env: { SYNTH_TEMPERATURE: 'hot' }, code: 'SYN211', exit: 2, mentions: ['SYNTH_TEMPERATURE', "'hot'"] },
  { name: 'SYNTH_MAX_TOKENS=lots author', args: ['author', 'shop'], env: { SYNTH_MAX_TOKENS: 'lots' }, code: 'SYN211', exit: 2, mentions: ['SYNTH_MAX_TOKENS'] },
  { name: 'SYNTH_ROUNDS=99 author', args: ['author', 'shop'], env: { SYNTH_ROUNDS: '99' }, code: 'SYN213', exit: 2, mentions: ['SYNTH_ROUNDS'] },
  { name: 'a flag wins over a bad SYNTH_ROWS… and is checked itself', args: build('--rows', 'x'), env: { SYNTH_ROWS: '3' }, files: files(), code: 'SYN211', exit: 2, mentions: ['on the command line'] },
];

const configCases: BadInput[] = [
  { name: 'config author.temperature: hot', args: ['author', 'shop'], files: { 'synth.config.json': '{"author":{"temperature":"hot"}}' }, code: 'SYN211', exit: 2, mentions: ['author.temperature', 'synth.config.json'] },
  { name: 'config author.rounds: 0', args: ['author', 'shop'], files: { 'synth.config.json': '{"author":{"rounds":0}}' }, code: 'SYN213', exit: 2, mentions: ['author.rounds'] },
  { name: 'config author.timeout: -1', args: ['author', 'shop'], files: { 'synth.config.json': '{"author":{"timeout":-1}}' }, code: 'SYN213', exit: 2 },
  { name: 'config author.max_tokens as a fraction', args: ['author', 'shop'], files: { 'synth.config.json': '{"author":{"maxTokens":1000.5}}' }, code: 'SYN212', exit: 2 },
  { name: 'config max: with an unknown limit', args: build(), files: { ...files(), 'synth.config.json': '{"max":["rows-per-tabel=5"]}' }, code: 'SYN214', exit: 2, mentions: ['config file'] },
  { name: 'config max: lowers rows-per-table', args: build(), files: { ...files(), 'synth.config.json': '{"max":"rows-per-table=2"}' }, code: 'SYN340', exit: 1 },
];

const specCases: BadInput[] = [
  { name: 'rows: .inf', args: build(), files: files(spec('.inf')), code: 'SYN210', exit: 1, mentions: ['.inf'] },
  { name: 'rows: .nan', args: build(), files: files(spec('.nan')), code: 'SYN210', exit: 1 },
  { name: 'rows: 1e12', args: build(), files: files(spec('1e12')), code: 'SYN340', exit: 1, mentions: ['--max rows-per-table='] },
  { name: 'rows: 1e300', args: build(), files: files(spec('1e300')), code: 'SYN340', exit: 1 },
  { name: 'rows: 1e400 (beyond a double)', args: build(), files: files(spec('1e400')), code: 'SYN210', exit: 1 },
  { name: 'rows: 2.5', args: build(), files: files(spec('2.5')), code: 'SYN204', exit: 1 },
  { name: 'validate rows: 1e12', args: ['validate', 's.synth.yaml'], files: files(spec('1e12')), code: 'SYN340', exit: 1 },
  { name: 'plan rows: .inf', args: ['plan', 's.synth.yaml'], files: files(spec('.inf')), code: 'SYN210', exit: 1 },
  { name: 'count: .inf per parent', args: build(), files: files(perParent('.inf')), code: 'SYN210', exit: 1 },
  { name: 'count: 1e12 per parent', args: build(), files: files(perParent('1e12')), code: 'SYN340', exit: 1 },
  { name: 'count: { poisson: { mean: 1e12 } } per parent', args: build(), files: files(perParent('{ poisson: { mean: 1e12 } }')), code: 'SYN340', exit: 1 },
  { name: 'count: { min: 0, max: .inf } per parent', args: build(), files: files(perParent('{ min: 0, max: .inf }')), code: 'SYN210', exit: 1 },
  { name: 'per-parent total over the limit (100,000 parents × 20,000)', args: build(), files: files(perParent('20000', '100000')), code: 'SYN340', exit: 1 },
  { name: 'per-parent total over the limit with --max rows-per-table=20', args: build('--max', 'rows-per-table=20'), files: files(perParent('{ poisson: { mean: 3 } }', '10')), code: 'SYN340', exit: 1 },
  { name: 'max: .nan on an int column with --no-conformance', args: build('--no-conformance'), files: files(spec('5', 'n: { type: int, min: 0, max: .nan }')), code: 'SYN210', exit: 1 },
  { name: 'min: -.inf on a decimal column', args: build(), files: files(spec('5', 'n: { type: decimal, scale: 2, min: -.inf, max: 10 }')), code: 'SYN210', exit: 1 },
  { name: 'max: .inf on a float column', args: build(), files: files(spec('5', 'n: { type: float, min: 0, max: .inf }')), code: 'SYN210', exit: 1 },
  { name: 'a normal mean of .inf', args: build(), files: files(spec('5', 'n: { type: float, distribution: { normal: { mean: .inf, stddev: 1 } } }')), code: 'SYN210', exit: 1 },
  { name: 'nulls: .nan', args: build(), files: files(spec('5', 'n: { type: int, min: 0, max: 9, nulls: .nan }')), code: 'SYN210', exit: 1 },
  { name: 'an enum weight of .inf', args: build(), files: files(spec('5', 's: { type: enum, values: { a: .inf, b: 1 } }')), code: 'SYN210', exit: 1 },
  { name: 'an array count of 1e12', args: build(), files: files(spec('5', 'tags: { type: array, items: { type: word.noun }, count: 1000000000000 }')), code: 'SYN342', exit: 1, mentions: ['--max array-length='] },
  { name: 'an array count of .inf', args: build(), files: files(spec('5', 'tags: { type: array, items: { type: word.noun }, count: .inf }')), code: 'SYN210', exit: 1 },
  { name: 'an array count with a poisson mean of 1e9', args: build(), files: files(spec('5', 'tags: { type: array, items: { type: word.noun }, count: { poisson: { mean: 1e9 } } }')), code: 'SYN342', exit: 1 },
  { name: 'zipf n: 1e12 (its table would be allocated whole)', args: build(), files: files(spec('5', 'n: { type: int, min: 1, max: 10, distribution: { zipf: { n: 1000000000000, s: 1.1 } } }')), code: 'SYN344', exit: 1 },
  { name: 'an embedded schema with minItems: 1e9', args: build(), files: files(spec('5', 'doc: { type: json, schema: { type: array, minItems: 1000000000, items: { type: integer } } }')), code: 'SYN342', exit: 1 },
  { name: 'an embedded schema with minLength: 1e9', args: build(), files: files(spec('5', 'doc: { type: json, schema: { type: string, minLength: 1000000000 } }')), code: 'SYN343', exit: 1, mentions: ['--max string-length='] },
  { name: 'string.alpha of a billion characters', args: build(), files: files(spec('5', 's: { type: string.alpha, args: [1000000000] }')), code: 'SYN343', exit: 1 },
  { name: 'lorem.words of a billion words', args: build(), files: files(spec('5', 's: { type: lorem.words, args: [{ min: 1, max: 1000000000 }] }')), code: 'SYN343', exit: 1 },
  { name: 'a sequence starting at 1e300 (wrote 1e+300 into an int column)', args: build('--no-conformance'), files: files(spec('5', 'n: { type: sequence, start: 1e300 }')), code: 'SYN345', exit: 1 },
  { name: 'a sequence step of -1e300', args: build(), files: files(spec('5', 'n: { type: sequence, step: -1e300 }')), code: 'SYN345', exit: 1 },
  { name: 'float bounds of ±1e308 (their width is Infinity)', args: build('--no-conformance'), files: files(spec('5', 'n: { type: float, min: -1e308, max: 1e308 }')), code: 'SYN345', exit: 1 },
  { name: 'a decimal max beyond what scale 2 holds exactly', args: build(), files: files(spec('5', 'n: { type: decimal, scale: 2, min: 0, max: 1e300 }')), code: 'SYN345', exit: 1 },
  { name: 'a normal stddev of 1e308 on a float', args: build(), files: files(spec('5', 'n: { type: float, distribution: { normal: { mean: 0, stddev: 1e308 } } }')), code: 'SYN345', exit: 1 },
  { name: 'rows: 1e9 fits the row limit but its csv would not fit 10 GiB', args: build(), files: files(spec('1000000000', 'name: { type: person.fullName }')), code: 'SYN440', exit: 1 },
];

export const cases: BadInput[] = [...flagCases, ...envCases, ...configCases, ...specCases];
