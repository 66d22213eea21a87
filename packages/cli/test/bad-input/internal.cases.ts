import type { BadInput } from './bad-input.js';
import { specWith } from './spec.cases.js';

/**
 * Inputs that validate used to accept and generation then choked on (issue 14, "No SYN499 for any input"):
 * patterns and expressions without resource limits, regex features the generator cannot honour, YAML deep
 * enough to exhaust the parser's stack, output paths the file system refuses, and very long user input in
 * messages. Every limit named here lives in packages/spec/src/generation-limits.ts (docs/spec.md
 * "Generation limits").
 */

const build = ['build', 's.synth.yaml'];
const validate = ['validate', 's.synth.yaml'];

/** A spec whose users table has an id and one string column with `pattern`. */
function pattern(p: string): Record<string, string> {
  return { 's.synth.yaml': specWith(`id: { type: sequence, primary_key: true }\ncode: { type: string, pattern: '${p.replaceAll("'", "''")}' }`) };
}

/** A spec with one derived column of `type` computed by `expr` (written as a YAML single-quoted scalar). */
function derived(type: string, expr: string): Record<string, string> {
  return { 's.synth.yaml': specWith(`id: { type: sequence, primary_key: true }\nv: { type: ${type}, expr: '${expr.replaceAll("'", "''")}' }`) };
}

/** A CEL list literal of n ones. */
const ones = (n: number) => `[${Array(n).fill('1').join(',')}]`;

/** A spec with an extra top-level key holding `yaml` (the YAML fails before the schema looks at the key). */
function deepYaml(yaml: string): Record<string, string> {
  return { 's.synth.yaml': `${specWith('id: { type: sequence, primary_key: true }')}deep:\n${yaml}` };
}

/** A spec whose one output goes to `path` (a YAML double-quoted scalar, so `\0` is a NUL byte). */
function outputPath(path: string): Record<string, string> {
  return { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }').replace('path: "out/{table}.csv"', `path: "${path}"`) };
}

const patternCases: BadInput[] = [
  { name: 'pattern: a repetition of 100,000,000 (hung at 4 GB)', args: build, files: pattern('[a-z]{100000000}'), code: 'SYN355', exit: 1, mentions: ['100,000,000 characters', '10,000'] },
  { name: 'pattern: nested repetitions that multiply to 10^9 characters', args: validate, files: pattern('(([a-z]{1000}){1000}){1000}'), code: 'SYN355', exit: 1, mentions: ['1,000,000,000'] },
  { name: 'pattern: one character too long', args: validate, files: pattern('(x{100}){101}'), code: 'SYN355', exit: 1, mentions: ['10,100 characters'] },
  { name: 'pattern: an open repetition counted at its cap', args: validate, files: pattern('[a-z]{9995,}'), code: 'SYN355', exit: 1, mentions: ['10,003'] },
  { name: 'pattern: nested repetitions of an empty piece (short values, millions of steps)', args: validate, files: pattern('((a{0}){1000}){1000}'), code: 'SYN356', exit: 1, mentions: ['100,000'] },
  { name: 'pattern: a lookbehind (was SYN499)', args: build, files: pattern('(?<=a)b'), code: 'SYN308', exit: 1, mentions: ['lookbehind', '`ab` rather than `(?<=a)b`'] },
  { name: 'pattern: a negative lookbehind', args: validate, files: pattern('(?<!a)b'), code: 'SYN308', exit: 1, mentions: ['lookbehind'] },
  { name: 'pattern: a lookahead (passed validate, failed the conformance check with SYN425)', args: validate, files: pattern('(?=a)b'), code: 'SYN308', exit: 1, mentions: ['lookahead'] },
  { name: 'pattern: a negative lookahead', args: build, files: pattern('(?!x)[a-z]{3}'), code: 'SYN308', exit: 1, mentions: ['lookahead'] },
  { name: 'pattern: a word boundary', args: validate, files: pattern('\\bfoo\\b'), code: 'SYN308', exit: 1, mentions: ['word boundary'] },
  { name: 'pattern: a non-boundary', args: validate, files: pattern('a\\Bb'), code: 'SYN308', exit: 1, mentions: ['word boundary'] },
  { name: 'pattern: ^ in the middle', args: build, files: pattern('a^b'), code: 'SYN308', exit: 1, mentions: ['anchor `^`'] },
  { name: 'pattern: $ in the middle', args: validate, files: pattern('a$b'), code: 'SYN308', exit: 1, mentions: ['anchor `$`'] },
  { name: 'pattern: ^ after an optional piece', args: validate, files: pattern('a?^b'), code: 'SYN308', exit: 1, mentions: ['anchor'] },
  { name: 'pattern: a Unicode property escape', args: build, files: pattern('\\p{L}{3}'), code: 'SYN308', exit: 1, mentions: ['Unicode property', '[A-Za-z]'] },
  { name: 'pattern: a negated Unicode property in a class', args: validate, files: pattern('[\\P{L}]'), code: 'SYN308', exit: 1, mentions: ['Unicode property'] },
  { name: 'pattern: a named backreference', args: validate, files: pattern('(?<n>[a-z])\\k<n>'), code: 'SYN308', exit: 1, mentions: ['named backreference'] },
  { name: 'pattern: a numbered backreference beside a named group', args: validate, files: pattern('(?<n>a)\\1'), code: 'SYN308', exit: 1, mentions: ['named groups'] },
  { name: 'pattern: a backreference after an optional group', args: validate, files: pattern('(a)?(b)\\2'), code: 'SYN308', exit: 1, mentions: ['optional'] },
  { name: 'pattern: a code point escape', args: validate, files: pattern('\\u{41}'), code: 'SYN308', exit: 1, mentions: ['code point'] },
  { name: 'pattern: a \\u escape with lower-case hex', args: validate, files: pattern('\\u00e9'), code: 'SYN308', exit: 1, mentions: ['\\u00E9'] },
  { name: 'pattern: a \\x escape with lower-case hex', args: validate, files: pattern('\\x4a'), code: 'SYN308', exit: 1, mentions: ['\\x4A'] },
  { name: 'pattern: a lower-case control escape', args: validate, files: pattern('\\cj'), code: 'SYN308', exit: 1, mentions: ['\\cJ'] },
  { name: 'pattern: a class of accented letters only', args: build, files: pattern('[éèê]{3}'), code: 'SYN308', exit: 1, mentions: ['printable ASCII', '(é|è|ê)'] },
  { name: 'pattern: groups nested 150 deep', args: validate, files: pattern(`${'('.repeat(150)}a${')'.repeat(150)}`), code: 'SYN308', exit: 1, mentions: ['100 levels'] },
  {
    name: 'pattern: too long inside an object field',
    args: validate,
    files: { 's.synth.yaml': specWith("id: { type: sequence, primary_key: true }\ndoc:\n  type: object\n  fields:\n    code: { type: string, pattern: '[0-9]{20000}' }", '').replace('format: csv, path: "out/{table}.csv"', 'format: json, path: "out/{table}.json"') },
    code: 'SYN355',
    exit: 1,
  },
];

const expressionCases: BadInput[] = [
  { name: 'expr: longer than 10,000 characters', args: validate, files: derived('int', Array(5001).fill('1').join('+')), code: 'SYN309', exit: 1, mentions: ['10,001 characters', '10,000'] },
  { name: 'expr: 3,000 ! in a row (stack overflow in the parser)', args: validate, files: derived('bool', `${'!'.repeat(3000)}true`), code: 'SYN309', exit: 1, mentions: ['100 levels'] },
  { name: 'expr: 3,000 unary minus in a row', args: build, files: derived('int', `${'-'.repeat(3000)}1`), code: 'SYN309', exit: 1, mentions: ['100 levels'] },
  { name: 'expr: 2,000 chained + (stack overflow in the checker)', args: validate, files: derived('int', Array(2000).fill('1').join('+')), code: 'SYN309', exit: 1, mentions: ['100 levels'] },
  { name: 'expr: 300 nested parentheses', args: validate, files: derived('int', `${'('.repeat(300)}1${')'.repeat(300)}`), code: 'SYN309', exit: 1, mentions: ['100 levels'] },
  { name: 'expr: 300 nested lists', args: validate, files: derived('int', `size(${'['.repeat(300)}${']'.repeat(300)})`), code: 'SYN309', exit: 1, mentions: ['100 levels'] },
  { name: 'when: nested too deep', args: validate, files: { 's.synth.yaml': specWith(`id: { type: sequence, primary_key: true }\nn: { type: int, min: 1, max: 5, when: '${'!'.repeat(500)}true' }`) }, code: 'SYN309', exit: 1, mentions: ['100 levels'] },
  { name: 'check: nested too deep', args: build, files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }').replace('outputs:', `    checks: [ "${Array(1500).fill('id').join(' + ')} > 0" ]\noutputs:`) }, code: 'SYN309', exit: 1, mentions: ['100 levels'] },
  { name: 'expr: nested map() over lists of 1,000 (10^9 iterations: hung)', args: build, files: derived('int', `size(${ones(1000)}.map(a, ${ones(1000)}.map(b, ${ones(1000)}.map(c, 1))))`), code: 'SYN450', exit: 1, mentions: ['iterations', 'row 0'] },
  { name: 'expr: join() into a 5,000,000-character string (ran out of heap)', args: build, files: derived('string', `${ones(1000)}.map(a, ${ones(1000)}.map(b, '${'x'.repeat(5000)}').join()).join()`), code: 'SYN450', exit: 1, mentions: ['string'] },
  { name: 'expr: split() into a list of 150,000 elements', args: build, files: derived('int', `size(${ones(1000)}.map(a, '${'a,'.repeat(150)}').join().split(','))`), code: 'SYN450', exit: 1, mentions: ['list of'] },
  { name: 'expr: a quantifier does not swallow the limit', args: build, files: derived('bool', `${ones(1000)}.exists(a, size(${ones(1000)}.map(b, ${ones(1000)}.map(c, 1))) < 0)`), code: 'SYN450', exit: 1, mentions: ['iterations'] },
];

const longInputCases: BadInput[] = [
  { name: 'a 100,000-character unknown type (9.8 s and a 100 KB message)', args: validate, files: { 's.synth.yaml': specWith(`id: { type: sequence, primary_key: true }\nx: { type: ${'a'.repeat(100_000)} }`) }, code: 'SYN305', exit: 1, mentions: ['(100,000 characters)'] },
  { name: 'a 100,000-character unknown Faker-like type', args: build, files: { 's.synth.yaml': specWith(`id: { type: sequence, primary_key: true }\nx: { type: person.${'b'.repeat(100_000)} }`) }, code: 'SYN305', exit: 1, mentions: ['(100,007 characters)'] },
  { name: 'a 50,000-character reference to no table', args: validate, files: { 's.synth.yaml': specWith(`id: { type: sequence, primary_key: true }\nx: { ref: ${'t'.repeat(50_000)}.id }`) }, code: 'SYN301', exit: 1, mentions: ['(50,000 characters)'] },
  { name: 'a 20,000-character unknown locale', args: validate, files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }').replace('seed: 1', `seed: 1\nlocale: ${'z'.repeat(20_000)}`) }, code: 'SYN314', exit: 1, mentions: ['(20,000 characters)'] },
];

const yamlCases: BadInput[] = [
  { name: 'YAML: 5,000 compact nested sequences (was SYN101 "Maximum call stack size exceeded")', args: validate, files: deepYaml(`  ${'- '.repeat(5000)}1\n`), code: 'SYN103', exit: 1, mentions: ['64 levels'] },
  { name: 'YAML: 5,000 nested explicit keys', args: build, files: deepYaml(`  ${'? '.repeat(5000)}1\n`), code: 'SYN103', exit: 1 },
  { name: 'YAML: 1,500 nested block mappings, one space each', args: validate, files: deepYaml(Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i + 1)}k:\n`).join('') + `${' '.repeat(1501)}v: 1\n`), code: 'SYN103', exit: 1 },
  { name: 'YAML: 1,500 nested block sequences', args: validate, files: deepYaml(Array.from({ length: 1500 }, (_, i) => `${' '.repeat(i + 1)}-\n`).join('') + `${' '.repeat(1501)}1\n`), code: 'SYN103', exit: 1 },
  { name: 'YAML: 100 nested block mappings (under the stack, over the limit)', args: build, files: deepYaml(Array.from({ length: 100 }, (_, i) => `${'  '.repeat(i + 1)}k${i}:\n`).join('') + `${'  '.repeat(101)}v: 1\n`), code: 'SYN103', exit: 1 },
];

const pathCases: BadInput[] = [
  { name: 'output path: a NUL byte (was SYN499)', args: build, files: outputPath('out/a\\0b/{table}.csv'), code: 'SYN357', exit: 1, mentions: ['NUL byte', "'out/a\\0b/{table}.csv'"] },
  { name: 'output path: a NUL byte, validate', args: validate, files: outputPath('out/{table}\\0.csv'), code: 'SYN357', exit: 1, mentions: ['NUL byte'] },
  { name: 'output path: a newline', args: build, files: outputPath('out/a\\nb/{table}.csv'), code: 'SYN357', exit: 1, mentions: ['U+000A'] },
  { name: 'output path: an escape sequence', args: validate, files: outputPath('out/\\e[31m{table}.csv'), code: 'SYN357', exit: 1, mentions: ['U+001B', '\\u001b'] },
  { name: 'output path: a 300-byte file name', args: build, files: outputPath(`out/${'n'.repeat(300)}-{table}.csv`), code: 'SYN357', exit: 1, mentions: ['312 bytes', '255'] },
  { name: 'output path: a 300-byte name in multi-byte characters', args: validate, files: outputPath(`out/${'é'.repeat(150)}/{table}.csv`), code: 'SYN357', exit: 1, mentions: ['300 bytes'] },
  { name: 'output path: longer than 4,096 bytes', args: build, files: outputPath(`${Array(20).fill('d'.repeat(250)).join('/')}/{table}.csv`), code: 'SYN357', exit: 1, mentions: ['4,096'] },
  { name: 'output path: {table} expands a long table name past 255 bytes', args: validate, files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }').replace('  users:', `  ${'u'.repeat(250)}:`).replace('path: "out/{table}.csv"', 'path: "out/{table}-part.csv"') }, code: 'SYN357', exit: 1, mentions: ['259 bytes'] },
  { name: '--out with a NUL byte', args: ['build', 's.synth.yaml', '--out', 'a\u0000b'], files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }') }, code: 'SYN357', exit: 2, mentions: ["'a\\0b'", '--out'] },
  { name: '--out with a 300-byte folder name', args: ['build', 's.synth.yaml', '--out', 'x'.repeat(300)], files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }') }, code: 'SYN357', exit: 2, mentions: ['300 bytes'] },
  { name: '--report with a NUL byte', args: ['build', 's.synth.yaml', '--report', 'r\u0000.html'], files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }') }, code: 'SYN357', exit: 2, mentions: ['--report'] },
  { name: 'config file `out` with a NUL byte', args: build, files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }'), 'synth.config.json': JSON.stringify({ out: 'dir\u0000x' }) }, code: 'SYN357', exit: 2, mentions: ['NUL byte'] },
];

export const cases: BadInput[] = [...patternCases, ...expressionCases, ...longInputCases, ...yamlCases, ...pathCases];
