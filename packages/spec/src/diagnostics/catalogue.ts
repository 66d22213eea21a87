/**
 * Every diagnostic synth can print, keyed by a stable id. Codes never change meaning once released:
 * SYN1xx syntax, SYN2xx schema, SYN3xx semantics, SYN4xx runtime and I/O, SYN5xx LLM.
 * `catalogue.test.ts` checks the codes are unique and that docs/diagnostics.md is current.
 * Messages use `{name}` placeholders filled by `diag()`.
 */
export const catalogue = {
  yamlSyntax: { code: 'SYN101', message: 'YAML syntax error: {detail}', hint: 'Fix the YAML at the marked position; check indentation and quoting.' },
  emptyFile: { code: 'SYN102', message: 'The spec file is empty', hint: 'Run `synth init` to write a commented starter spec.' },
  tooDeep: { code: 'SYN103', message: 'The document nests deeper than {max} levels', hint: 'A synth spec needs only a few levels of nesting; this file is probably not a spec.' },
  aliasLimit: { code: 'SYN104', message: 'Too many YAML alias expansions ({detail})', hint: 'Anchors and aliases may be used, but not to expand the document exponentially.' },
  fileTooLarge: { code: 'SYN105', message: 'The spec file is {size} bytes; the limit is {max}', hint: 'Specs describe data, they do not contain it; keep large value lists in a sample file.' },
  duplicateKey: { code: 'SYN106', message: 'Duplicate key {key}', hint: 'Each table, column and option may appear once; rename or remove one of them.' },
  notASpec: { code: 'SYN201', message: 'This is not a synth spec: {detail}', hint: 'A spec is a YAML mapping that starts with `synth: 1` and has a `tables` mapping. Run `synth init` for an example.' },
  unsupportedVersion: { code: 'SYN202', message: 'Unsupported spec version {version}', hint: 'This synth reads `synth: 1`.' },
  unknownKey: { code: 'SYN203', message: 'Unknown key {key}', hint: 'Remove it or fix the spelling. Allowed here: {allowed}.' },
  wrongType: { code: 'SYN204', message: '{what} must be {expected}', hint: 'See docs/spec.md for the shape of this field.' },
  missingKey: { code: 'SYN205', message: 'Missing required key {key}', hint: 'Add `{key}:` here.' },
  badDestination: { code: 'SYN207', message: '{detail}', hint: 'See docs/destinations.md for the forms of --to.' },
  invalidValue: { code: 'SYN206', message: '{what} {detail}', hint: 'See docs/spec.md for the allowed values.' },
  unknownTable: { code: 'SYN301', message: 'Unknown table {table}', hint: 'Known tables: {known}.' },
  unknownColumn: { code: 'SYN302', message: 'Unknown column {column} in table {table}', hint: 'Known columns: {known}.' },
  refNotKey: { code: 'SYN303', message: 'Foreign key {ref} points at a column that is neither a primary key nor unique', hint: 'Reference the primary key of {table}, or mark {ref} `unique: true`.' },
  fkCycle: { code: 'SYN304', message: 'Foreign keys form a cycle with no nullable edge: {cycle}', hint: 'Make one of these references nullable (`nullable: true` or `nulls: 0.1`), so rows can be inserted before the row they point at.' },
  unknownFaker: { code: 'SYN305', message: 'Unknown column type {type}', hint: 'Use a built-in type ({builtins}) or a Faker method such as person.fullName.{suggest}' },
  minGreaterThanMax: { code: 'SYN306', message: 'min ({min}) is greater than max ({max})', hint: 'Swap them, or widen the range.' },
  impossibleUnique: { code: 'SYN307', message: '{what} must be unique over {rows} rows, but its domain has only {domain} values', hint: 'Widen the domain (range, values, pattern), lower the row count, or drop `unique`.' },
  badRegex: { code: 'SYN308', message: 'Invalid regular expression: {detail}', hint: 'Patterns use JavaScript regular-expression syntax; escape backslashes in YAML by single-quoting the pattern.' },
  badExpression: { code: 'SYN309', message: 'Invalid expression: {detail}', hint: 'Expressions are CEL (docs/spec.md#expressions); columns of this row, and parent rows by table name, are in scope.' },
  selfRefNotNullable: { code: 'SYN310', message: 'Self-reference {column} must be nullable', hint: 'The first row has no earlier row to point at: add `nullable: true` (or a `nulls` rate).' },
  columnCycle: { code: 'SYN311', message: 'Columns depend on each other in a cycle: {cycle}', hint: 'Break the cycle: one of these values must be generated, not derived.' },
  perParentInvalid: { code: 'SYN312', message: '{detail}', hint: '`rows: { per: T }` needs T to be another table, and a column of this table with `ref:` to T.' },
  conflictingKey: { code: 'SYN313', message: '{detail}', hint: 'Declare a primary key once: either `primary_key: true` on one column or `primary_key: [a, b]` on the table.' },
  unknownLocale: { code: 'SYN314', message: 'Unknown locale {locale}', hint: 'Use a Faker locale such as en, de, fr, ja, pt_BR.{suggest}' },
  checkUnsatisfiable: { code: 'SYN315', message: 'Check {check} failed for row {row} of {table} after {attempts} attempts', hint: 'The check rejects (nearly) every generated row: relax it, or derive the column with `expr` so it holds by construction.' },
  outputEscapes: { code: 'SYN316', message: 'Output path {path} is outside the project directory', hint: 'Write under the spec directory, or pass --allow-outside to allow it.' },
  invalidParameter: { code: 'SYN317', message: '{detail}', hint: 'See docs/spec.md for valid parameters.' },
  invalidTemporal: { code: 'SYN318', message: '{what} {value} is not a valid {kind}', hint: 'Use {example}.' },
  badFakerArgs: { code: 'SYN319', message: 'Faker method {type} failed with these arguments: {detail}', hint: 'Check the arguments against the Faker documentation for {type}.' },
  fileRead: { code: 'SYN401', message: 'Cannot read {path}: {detail}', hint: 'Check the path and permissions.' },
  writeFailed: { code: 'SYN402', message: 'Cannot write {path}: {detail}', hint: 'Check that the directory is writable and the disk is not full; nothing was left half-written.' },
  outputDrift: { code: 'SYN403', message: '{path} differs from what the spec produces now', hint: 'Rebuild with `synth build` and commit the result, or revert the spec change.' },
  uniqueExhausted: { code: 'SYN404', message: 'Could not find a unique value for {what} at row {row} after {attempts} attempts', hint: 'The generator repeats itself too often for this many rows: use a wider generator, or a sequence/uuid key.' },
  outputMissing: { code: 'SYN405', message: '{path} is missing', hint: 'Build the fixtures with `synth build` and commit them.' },
  loadFailed: { code: 'SYN407', message: 'Loading {target} failed: {detail}', hint: 'Nothing of this load was kept: the database is as it was. Fix the cause and build again (docs/destinations.md).' },
  exprRuntime: { code: 'SYN406', message: 'Expression {expr} failed at row {row} of {table}: {detail}', hint: 'Guard values that can be null (`x == null ? … : …`) and convert between int and double with int()/double().' },
  taintedRead: { code: 'SYN320', message: '{detail}', hint: 'Unique values drawn with retries depend on earlier rows, so other tables cannot recompute them: reference a primary key such as a sequence or uuid instead.' },
  emptyParent: { code: 'SYN321', message: 'Column {column} references {table}, which has no rows', hint: 'Give {table} rows, or make the reference nullable.' },
  outputNeedsTable: { code: 'SYN322', message: 'Output {path} holds {count} tables, but {format} files hold one', hint: 'Put `{table}` in the path (e.g. out/{table}.{format}), or list one table under `tables:`.' },
  internal: { code: 'SYN499', message: 'Internal error: {detail}', hint: 'This is a bug in synth; please report it with the spec that caused it.' },
} as const satisfies Record<string, { code: string; message: string; hint: string }>;

export type DiagnosticId = keyof typeof catalogue;
