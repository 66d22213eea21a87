import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../run-cli.js';
import type { BadInput } from './bad-input.js';
import { specWith } from './spec.cases.js';

/**
 * Issue 14, item 2: validate is exactly "would build fail before writing?". Every input here runs through
 * `synth validate` and through `synth build`; both must fail with the same code (and write nothing).
 */
interface Input {
  name: string;
  spec: string;
  code: `SYN${number}`;
  mentions?: string[];
}

const fixture = (file: string) => readFileSync(join(REPO, 'fixtures/invalid', file), 'utf8');

/** A spec with a parent table `p` (10 rows) and a child table `c` with `rows:` as given. */
const perParent = (rows: string) => `synth: 1
tables:
  p:
    rows: 10
    columns:
      id: { type: sequence, primary_key: true }
  c:
    rows: ${rows}
    columns:
      p_id: { ref: p.id }
outputs:
  - { format: csv, path: "out/{table}.csv" }
`;

const inputs: Input[] = [
  // Found by the plan and the probe (validate said "valid" before).
  { name: 'unique int over a domain smaller than the rows', spec: specWith('n: { type: int, min: 1, max: 3, unique: true }'), code: 'SYN307' },
  { name: 'unique enum with fewer values than rows', spec: specWith('n: { type: enum, values: [a, b], unique: true }'), code: 'SYN307' },
  { name: 'composite unique retried over too small a domain', spec: fixture('SYN307-composite-retry-too-small.synth.yaml'), code: 'SYN307' },
  { name: 'a check no generated row passes', spec: fixture('SYN315-unsatisfiable-check.synth.yaml'), code: 'SYN315' },
  { name: 'a faker method that fails with its arguments', spec: fixture('SYN319-bad-faker-args.synth.yaml'), code: 'SYN319' },
  { name: 'a reference to a table without rows', spec: fixture('SYN321-empty-parent.synth.yaml'), code: 'SYN321' },
  { name: 'an expression that fails on the first rows', spec: fixture('SYN406-expr-runtime-error.synth.yaml'), code: 'SYN406' },
  { name: 'unique faker values exhausted', spec: fixture('SYN404-unique-faker-exhausted.synth.yaml'), code: 'SYN404' },
  { name: 'per-parent tables in a cycle', spec: fixture('SYN312-per-parent-cycle.synth.yaml'), code: 'SYN312' },
  { name: 'unique on a derived column', spec: fixture('SYN317-unique-derived.synth.yaml'), code: 'SYN317' },
  { name: 'a date format with the week year', spec: fixture('SYN317-bad-date-format.synth.yaml'), code: 'SYN317' },
  // Found with the outputs and their writers.
  { name: 'a csv output holding two tables', spec: fixture('SYN322-csv-several-tables.synth.yaml'), code: 'SYN322' },
  { name: 'an output path that leaves the spec folder', spec: specWith('id: { type: sequence }').replace('out/{table}.csv', '../escape/{table}.csv'), code: 'SYN316' },
  { name: 'a csv delimiter of two characters', spec: specWith('id: { type: sequence }').replace('path: "out/{table}.csv"', 'path: "out/{table}.csv", options: { delimiter: "||" }'), code: 'SYN317', mentions: ['delimiter'] },
  // Found by the conformance rules on the probe's rows.
  { name: 'a decimal range that its scale rounds away', spec: fixture('SYN425-decimal-range-below-scale.synth.yaml'), code: 'SYN425', mentions: ['range'] },
  // Numbers that are not finite.
  { name: 'max: .inf', spec: specWith('n: { type: float, min: 0, max: .inf }'), code: 'SYN210', mentions: ['.inf'] },
  { name: 'min: -.inf', spec: specWith('n: { type: int, min: -.inf, max: 5 }'), code: 'SYN210' },
  { name: 'max: .nan', spec: specWith('n: { type: decimal, min: 0, max: .nan }'), code: 'SYN210', mentions: ['.nan'] },
  { name: 'rows: .inf', spec: specWith('id: { type: sequence }').replace('rows: 5', 'rows: .inf'), code: 'SYN210' },
  { name: 'a per-parent count of .inf', spec: perParent('{ per: p, count: .inf }'), code: 'SYN210' },
  { name: 'a poisson mean of .nan', spec: perParent('{ per: p, count: { poisson: { mean: .nan } } }'), code: 'SYN210' },
  // Patterns the generator cannot follow.
  { name: 'a lookahead in a pattern', spec: specWith("s: { type: string, pattern: '(?=A)[A-Z]{3}' }"), code: 'SYN308', mentions: ['lookahead'] },
  { name: 'a negative lookahead in a pattern', spec: specWith("s: { type: string, pattern: '[a-z]{3}(?!x)' }"), code: 'SYN308' },
  { name: 'a lookbehind in a pattern', spec: specWith("s: { type: string, pattern: '(?<=a)b' }"), code: 'SYN308', mentions: ['lookbehind'] },
  { name: 'a negative lookbehind in a pattern', spec: specWith("s: { type: string, pattern: '(?<!a)b+' }"), code: 'SYN308' },
  // Names every JavaScript object has.
  { name: 'a table named __proto__', spec: specWith('id: { type: sequence }').replace('  users:', '  __proto__:'), code: 'SYN107', mentions: ['__proto__'] },
  { name: 'a table named constructor', spec: specWith('id: { type: sequence }').replace('  users:', '  constructor:'), code: 'SYN107' },
  { name: 'a column named __proto__', spec: specWith('id: { type: sequence }\n__proto__: { type: int, min: 1, max: 5 }'), code: 'SYN107' },
  { name: 'a column named hasOwnProperty', spec: specWith('id: { type: sequence }\nhasOwnProperty: { type: int, min: 1, max: 5 }'), code: 'SYN107' },
  { name: 'an enum value named toString', spec: specWith('e: { type: enum, values: { toString: 1, b: 2 } }'), code: 'SYN107' },
  { name: 'an output option named __proto__', spec: specWith('id: { type: sequence }').replace('path: "out/{table}.csv"', 'path: "out/{table}.csv", options: { __proto__: { header: false } }'), code: 'SYN107' },
  { name: 'a reference to an undeclared table named toString', spec: specWith('id: { type: sequence, primary_key: true }\nboss: { ref: toString.id, nullable: true }'), code: 'SYN301' },
  { name: 'rows per an undeclared table named constructor', spec: perParent('{ per: constructor, count: 2 }'), code: 'SYN301' },
  { name: 'an expression reading an undeclared column named valueOf', spec: specWith('id: { type: sequence }\nn: { type: int, expr: "valueOf + 1" }'), code: 'SYN309' },
  // Old-grammar near misses: a hint that says what to write.
  { name: 'type: int, sequence: { start: 1 }', spec: specWith('id: { type: int, sequence: { start: 1 } }'), code: 'SYN203', mentions: ['type: sequence, start: 1'] },
  { name: 'count: { uniform: { min, max } }', spec: perParent('{ per: p, count: { uniform: { min: 1, max: 3 } } }'), code: 'SYN203', mentions: ['count: { min: 1, max: 3 }'] },
  { name: 'distribution: { uniform: { min, max } }', spec: specWith('n: { type: int, distribution: { uniform: { min: 1, max: 3 } } }'), code: 'SYN203', mentions: ['bound the column itself'] },
  { name: 'type: integer', spec: specWith('n: { type: integer }'), code: 'SYN305', mentions: ["Did you mean 'int'?"] },
  { name: 'type: boolean', spec: specWith('b: { type: boolean }'), code: 'SYN305', mentions: ["Did you mean 'bool'?"] },
  // A schema error no longer hides the rest.
  {
    name: 'a typo\'d key and three semantic errors elsewhere: all four',
    spec: specWith("id: { type: sequence, primary_kye: true }\nn: { type: int, min: 9, max: 1 }\nf: { type: person.fulName }\nboss: { ref: managers.id }"),
    code: 'SYN203',
    mentions: ['SYN306', 'SYN305', 'SYN301', 'Found 4 errors'],
  },
];

export const cases: BadInput[] = inputs.flatMap((i) => (['validate', 'build'] as const).map((command) => ({
  name: `${command}: ${i.name}`,
  args: [command, 's.synth.yaml'],
  files: { 's.synth.yaml': i.spec },
  code: i.code,
  exit: 1 as const,
  ...(i.mentions ? { mentions: i.mentions } : {}),
})));
