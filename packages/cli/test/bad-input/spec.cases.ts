import type { BadInput } from './bad-input.js';

/** A spec with one users table; `columns` replaces its column lines (indented 6 spaces). */
export function specWith(columns: string, extra = ''): string {
  return `synth: 1
seed: 1
tables:
  users:
    rows: 5
    columns:
${columns.replace(/^/gm, '      ')}
${extra}outputs:
  - { format: csv, path: "out/{table}.csv" }
`;
}

/** Spec mistakes that validate, plan or the build's first checks must refuse before a row is written. */
export const cases: BadInput[] = [
  { name: 'min greater than max', args: ['build', 's.synth.yaml'], files: { 's.synth.yaml': specWith('n: { type: int, min: 5, max: 1 }') }, code: 'SYN306', exit: 1 },
  { name: 'an unknown Faker method', args: ['build', 's.synth.yaml'], files: { 's.synth.yaml': specWith('n: { type: person.fulName }') }, code: 'SYN305', exit: 1, mentions: ['person.fullName'] },
  { name: 'a file that is one empty line (its code frame had a column of -1)', args: ['validate', 's.synth.yaml'], files: { 's.synth.yaml': '\n' }, code: 'SYN102', exit: 1 },
  { name: 'build of a file of empty lines and a comment', args: ['build', 's.synth.yaml'], files: { 's.synth.yaml': '\n\n# nothing\n' }, code: 'SYN102', exit: 1 },
  { name: 'a json schema that is $ref "#" and nothing else', args: ['build', 's.synth.yaml'], files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }\nc: { type: json, schema: { $ref: "#" } }') }, code: 'SYN335', exit: 1 },
  { name: 'a json schema whose $defs refer to each other through allOf/anyOf', args: ['validate', 's.synth.yaml'], files: { 's.synth.yaml': specWith('c: { type: json, schema: { $defs: { a: { allOf: [ { $ref: "#/$defs/b" } ] }, b: { anyOf: [ { $ref: "#/$defs/a" } ] } }, properties: { x: { $ref: "#/$defs/a" } } } }') }, code: 'SYN335', exit: 1 },
  { name: 'validate: a reference to nothing', args: ['validate', 's.synth.yaml'], files: { 's.synth.yaml': specWith('id: { type: sequence, primary_key: true }\nboss: { ref: managers.id }') }, code: 'SYN301', exit: 1 },
];
