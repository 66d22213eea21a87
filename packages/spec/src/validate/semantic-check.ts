import { catalogue } from '../diagnostics/catalogue.js';
import { diag, pointerOf, quote } from '../diagnostics/diagnostic.js';
import { checkQuality } from './quality-check.js';
import { checkSeries } from './series-check.js';
import { checkJsonSchema, checkNestedColumn, nestedColumns } from './nested-check.js';
import { columnCanBeNull, expressionReads, referenceAliases, TIMESTAMP } from '../expr/expression-scope.js';
import { parseExpression, typeCheckExpression, type ParsedExpression } from '../expr/expression-cache.js';

/** A table's expressions, parsed and type-checked once per process (expr/expression-cache.ts). */
interface TableParse {
  (expr: string): ParsedExpression;
  check(program: ParsedExpression): ReturnType<typeof typeCheckExpression>;
}
import {
  columnKind,
  type ColumnKind,
  isPrimitiveType,
  isRefColumn,
  pluginNameParts,
  PRIMITIVE_TYPES,
  type PluginCatalogue,
  type ColumnSpec,
  type Diagnostic,
  type Spec,
  type SpecDocument,
  type TableSpec,
} from '../types.js';
import { didYouMean } from './did-you-mean.js';
import { checkPattern, regexSyntaxProblem } from './pattern-check.js';
import { outputPathProblem } from './output-path.js';
import { expressionTextProblem, expressionTreeProblem, tooDeep } from '../expr/expression-limits.js';
import { resolveLimits, type Limits } from '../limits.js';
import { fakerLocales, fakerMethods, isFakerMethod } from './faker-catalogue.js';
import { parseTemporal, TEMPORAL_EXAMPLES, type TemporalKind } from './temporal.js';

const COMMON_KEYS = ['type', 'description', 'nulls', 'nullable', 'unique', 'primary_key', 'when', 'quality', 'series'];
/** Keys that mean something for each kind of column; anything else is a mistake worth pointing at. */
const KEYS_BY_TYPE: Record<ColumnKind, string[]> = {
  sequence: ['start', 'step'],
  int: ['min', 'max', 'distribution', 'expr'],
  float: ['min', 'max', 'scale', 'distribution', 'expr'],
  decimal: ['min', 'max', 'scale', 'distribution', 'expr'],
  bool: ['probability', 'expr'],
  enum: ['values'],
  date: ['min', 'max', 'format', 'expr'],
  datetime: ['min', 'max', 'format', 'expr'],
  time: ['min', 'max', 'format', 'expr'],
  uuid: [],
  string: ['pattern', 'expr'],
  constant: ['value'],
  ref: ['ref', 'as', 'description', 'nulls', 'nullable', 'unique', 'primary_key', 'when', 'quality'],
  faker: ['args'],
  plugin: ['options'],
  object: ['fields'],
  array: ['items', 'count'],
  json: ['schema'],
};

const DISTRIBUTIONS_BY_TYPE: Record<string, string[]> = {
  int: ['uniform', 'normal', 'lognormal', 'exponential', 'poisson', 'zipf'],
  float: ['uniform', 'normal', 'lognormal', 'exponential'],
  decimal: ['uniform', 'normal', 'lognormal', 'exponential'],
};

interface Ctx {
  doc: SpecDocument;
  spec: Spec;
  out: Diagnostic[];
  plugins?: PluginCatalogue;
  /** The limits in force (defaults raised or lowered with --max). */
  limits: Limits;
}

/**
 * Checks what the JSON Schema cannot: references, keys, types, ranges, patterns, expressions and cycles.
 * Reports every problem it finds; `spec` has already passed schema validation and has its defaults applied.
 * Checks that need row counts (impossible uniqueness, unsatisfiable checks) belong to the planner.
 */
export function checkSemantics(doc: SpecDocument, spec: Spec, plugins?: PluginCatalogue, limits: Partial<Limits> = {}): Diagnostic[] {
  const ctx: Ctx = { doc, spec, out: [], limits: resolveLimits(limits), ...(plugins ? { plugins } : {}) };
  if (!fakerLocales().includes(spec.locale)) {
    const s = didYouMean(spec.locale, fakerLocales());
    ctx.out.push(diag('unknownLocale', { locale: `'${spec.locale}'`, suggest: s ? ` Did you mean '${s}'?` : '' }, { doc, pointer: '/locale' }));
  }
  for (const [tableName, table] of Object.entries(spec.tables)) checkTable(ctx, tableName, table);
  ctx.out.push(...checkQuality(doc, spec), ...checkSeries(doc, spec));
  checkForeignKeyCycles(ctx);
  checkColumnCycles(ctx);
  spec.outputs.forEach((o, i) => {
    checkOutputPath(ctx, o.path, o.tables ?? Object.keys(spec.tables), pointerOf('outputs', i, 'path'));
    if (pluginNameParts(o.format)) checkPluginName(ctx, 'format', o.format, pointerOf('outputs', i, 'format'));
    o.tables?.forEach((t, j) => {
      if (!Object.hasOwn(spec.tables, t)) ctx.out.push(unknownTable(ctx, t, pointerOf('outputs', i, 'tables', j)));
    });
  });
  return ctx.out;
}

/** The path as written, and as each of its tables expands `{table}`, must be a name the file system takes. */
function checkOutputPath(ctx: Ctx, path: string, tables: string[], pointer: string): void {
  const expanded = path.includes('{table}') ? tables.map((t) => path.replaceAll('{table}', t)) : [];
  for (const p of [path, ...expanded]) {
    const detail = outputPathProblem(p);
    if (detail) {
      ctx.out.push(diag('outputPathInvalid', { path: quote(p), detail }, { doc: ctx.doc, pointer }));
      return;
    }
  }
}

function unknownTable(ctx: Ctx, name: string, pointer: string): Diagnostic {
  const known = Object.keys(ctx.spec.tables);
  const s = didYouMean(name, known);
  return diag('unknownTable', { table: `'${name}'`, known: known.join(', ') }, {
    doc: ctx.doc, pointer, ...(s ? { hint: `Did you mean '${s}'? Known tables: ${known.join(', ')}.` } : {}),
  });
}

function unknownColumn(ctx: Ctx, table: string, column: string, pointer: string): Diagnostic {
  const known = Object.keys(ctx.spec.tables[table]?.columns ?? {});
  const s = didYouMean(column, known);
  return diag('unknownColumn', { column: `'${column}'`, table: `'${table}'`, known: known.join(', ') }, {
    doc: ctx.doc, pointer, ...(s ? { hint: `Did you mean '${s}'? Known columns: ${known.join(', ')}.` } : {}),
  });
}

/**
 * A spec's `plugin/name` must be provided by a configured plugin. Without any configured plugin nothing is
 * loaded to tell: the diagnostic names the plugin to configure. Returns the generator when there is one.
 */
function checkPluginName(ctx: Ctx, what: 'generator' | 'format', full: string, pointer: string): { checkOptions?: (options: Record<string, unknown>) => string[] } | undefined {
  const { plugin, name } = pluginNameParts(full)!;
  const provided = ctx.plugins?.plugins.get(plugin);
  const label = what === 'generator' ? 'Column type' : 'Output format';
  if (!provided) {
    ctx.out.push(diag('pluginNotConfigured', { what: label, name: `'${full}'`, plugin: `'${plugin}'` }, { doc: ctx.doc, pointer, hint: catalogue.pluginNotConfigured.hint.replace('{plugin}', plugin) }));
    return undefined;
  }
  const known = what === 'generator' ? [...provided.generators.keys()] : [...provided.formats];
  if (!known.includes(name)) {
    const s = didYouMean(name, known);
    ctx.out.push(diag('pluginUnknownName', { plugin: `'${plugin}'`, what, name: `'${name}'`, known: known.map((k) => `${plugin}/${k}`).join(', ') || '(none)', suggest: s ? ` Did you mean '${plugin}/${s}'?` : '' }, { doc: ctx.doc, pointer }));
    return undefined;
  }
  return what === 'generator' ? provided.generators.get(name) : {};
}

function checkTable(ctx: Ctx, tableName: string, table: TableSpec): void {
  const tp = pointerOf('tables', tableName);
  const { doc } = ctx;
  if (typeof table.rows === 'object') {
    const per = table.rows.per;
    if (!Object.hasOwn(ctx.spec.tables, per)) ctx.out.push(unknownTable(ctx, per, `${tp}/rows/per`));
    else if (per === tableName) {
      ctx.out.push(diag('perParentInvalid', { detail: `Table '${tableName}' cannot have rows per itself` }, { doc, pointer: `${tp}/rows/per` }));
    } else if (!Object.values(table.columns).some((c) => isRefColumn(c) && c.ref.split('.')[0] === per)) {
      ctx.out.push(diag('perParentInvalid', { detail: `Table '${tableName}' has rows per '${per}' but no column references '${per}'` }, { doc, pointer: `${tp}/rows/per` }));
    }
    const count = table.rows.count;
    if (typeof count === 'object' && 'min' in count && count.min > count.max) {
      ctx.out.push(diag('minGreaterThanMax', { min: count.min, max: count.max }, { doc, pointer: `${tp}/rows/count` }));
    }
    if (typeof count === 'object' && 'uniform' in count) {
      // A distribution's uniform takes its bounds from the column; a count has none, so it must say them.
      ctx.out.push(diag('invalidParameter', { detail: 'A uniform count needs bounds' }, { doc, pointer: `${tp}/rows/count/uniform`, atKey: true, hint: 'Write `count: { min: 0, max: 5 }` for a whole number of children in [0, 5].' }));
    }
    // zipf `n` (here and in columns) is a limit of limits.ts, checked by limits-check.ts (SYN344).
  }

  const columnPks = Object.entries(table.columns).filter(([, c]) => c.primary_key === true).map(([n]) => n);
  if (columnPks.length > 1) {
    ctx.out.push(diag('conflictingKey', { detail: `Table '${tableName}' marks ${columnPks.length} columns primary_key: ${columnPks.join(', ')}` }, {
      doc, pointer: pointerOf('tables', tableName, 'columns', columnPks[1]!), hint: `For a composite key write \`primary_key: [${columnPks.join(', ')}]\` on the table.`,
    }));
  }
  if (columnPks.length > 0 && table.primary_key) {
    ctx.out.push(diag('conflictingKey', { detail: `Table '${tableName}' has both a column primary key and a table primary_key` }, { doc, pointer: `${tp}/primary_key` }));
  }
  const keySets: Array<[string[], string]> = [];
  if (table.primary_key) keySets.push([table.primary_key, `${tp}/primary_key`]);
  (table.unique ?? []).forEach((set, i) => keySets.push([set, `${tp}/unique/${i}`]));
  for (const [set, pointer] of keySets) {
    set.forEach((col, j) => {
      if (!Object.hasOwn(table.columns, col)) ctx.out.push(unknownColumn(ctx, tableName, col, `${pointer}/${j}`));
    });
  }

  // Programs are parsed once per process and shared with the compiler (expr/expression-cache.ts).
  const tableEnv: TableParse = Object.assign((expr: string) => parseExpression(tableName, ctx.spec.tables, expr), {
    check: (program: ParsedExpression) => typeCheckExpression(program, tableName, ctx.spec.tables),
  });
  for (const [colName, col] of Object.entries(table.columns)) checkColumn(ctx, tableName, colName, col, tableEnv);
  (table.checks ?? []).forEach((check, i) => {
    const expr = typeof check === 'string' ? check : check.expr;
    const pointer = typeof check === 'string' ? `${tp}/checks/${i}` : `${tp}/checks/${i}/expr`;
    checkExpression(ctx, tableEnv, expr, pointer, 'bool');
    if (usesRandom(tableEnv, expr)) {
      ctx.out.push(diag('badExpression', { detail: 'rand() and uniform() draw values; a check must only test them' }, {
        doc, pointer, hint: 'Move the random draw into a column (`expr:` or `when:`) and check that column.',
      }));
    }
  });

  // Key columns must always have a value: a null key part would make duplicate or missing keys.
  const keyColumns = new Set([...Object.entries(table.columns).filter(([, c]) => c.primary_key === true).map(([n]) => n), ...(table.primary_key ?? [])]);
  for (const name of keyColumns) {
    const c = table.columns[name];
    if (!c) continue;
    const why = (c.nulls ?? 0) > 0 ? 'nulls' : c.nullable === true ? 'nullable' : c.when !== undefined ? 'when' : undefined;
    if (why) {
      ctx.out.push(diag('invalidParameter', { detail: `Primary key column '${tableName}.${name}' cannot be null, but has \`${why}\`` }, {
        doc, pointer: pointerOf('tables', tableName, 'columns', name, why), hint: `Remove \`${why}\` from the key column.`,
      }));
    }
  }
}

/** True when the expression calls rand() or uniform() (which draw from the cell's stream). */
function usesRandom(tableEnv: TableParse, expr: string): boolean {
  let found = false;
  const walk = (n: unknown): void => {
    if (found || !n || typeof n !== 'object') return;
    if (Array.isArray(n)) return n.forEach(walk);
    const node = n as { op?: string; args?: unknown };
    if (node.op === 'call' && Array.isArray(node.args) && (node.args[0] === 'rand' || node.args[0] === 'uniform')) found = true;
    walk(node.args);
  };
  try {
    walk(tableEnv(expr).ast);
  } catch {
    return false; // a parse error is reported by checkExpression
  }
  return found;
}

function checkColumn(ctx: Ctx, tableName: string, colName: string, col: ColumnSpec, tableEnv: TableParse, at?: string): void {
  const { doc } = ctx;
  const cp = at ?? pointerOf('tables', tableName, 'columns', colName);
  const kind = columnKind(col);
  const c = col as unknown as Record<string, unknown>;

  if (kind === 'faker' && !isFakerMethod(String(c.type))) {
    const type = String(c.type);
    const s = didYouMean(type, [...PRIMITIVE_TYPES, ...fakerMethods()]);
    ctx.out.push(diag('unknownFaker', { type: `'${type}'`, builtins: PRIMITIVE_TYPES.join(', '), suggest: s ? ` Did you mean '${s}'?` : '' }, { doc, pointer: `${cp}/type` }));
    return;
  }
  if (kind === 'plugin') {
    const generator = checkPluginName(ctx, 'generator', String(c.type), `${cp}/type`);
    const options = (c.options ?? {}) as Record<string, unknown>;
    let problems: string[] = [];
    try {
      problems = generator?.checkOptions?.(options) ?? [];
    } catch (e) {
      problems = [`the plugin's check failed: ${e instanceof Error ? e.message : String(e)}`];
    }
    const plugin = pluginNameParts(String(c.type))!.plugin;
    for (const detail of problems) ctx.out.push(diag('pluginOptions', { name: `'${String(c.type)}'`, detail, plugin: `'${plugin}'` }, { doc, pointer: c.options === undefined ? cp : `${cp}/options` }));
  }
  const allowed = kind === 'ref' ? KEYS_BY_TYPE.ref : [...COMMON_KEYS, ...KEYS_BY_TYPE[kind]];
  for (const key of Object.keys(c)) {
    if (allowed.includes(key)) continue;
    const what = kind === 'ref' ? 'a foreign key (ref)' : `type ${kind === 'faker' ? String(c.type) : kind}`;
    const s = didYouMean(key, allowed);
    ctx.out.push(diag('unknownKey', { key: `'${key}'`, allowed: allowed.join(', ') }, {
      doc, pointer: `${cp}/${key}`, atKey: true,
      hint: `'${key}' does not apply to ${what}.${s ? ` Did you mean '${s}'?` : ''} Allowed: ${allowed.join(', ')}.`,
    }));
  }

  if (c.expr !== undefined) {
    // A derived column's value is its expression's: a bound or distribution beside it would be silently ignored.
    for (const key of ['min', 'max', 'distribution', 'pattern', 'probability'].filter((k) => k in c)) {
      ctx.out.push(diag('invalidParameter', { detail: `'${key}' does nothing on a derived column: its value is the expression's` }, {
        doc, pointer: `${cp}/${key}`, atKey: true, hint: `Remove '${key}', or state it as a table check (e.g. \`${colName} >= 0\`) so a build fails when it does not hold.`,
      }));
    }
  }
  if (kind === 'ref') checkReference(ctx, tableName, colName, col as { ref: string }, cp);
  if (kind === 'int' || kind === 'float' || kind === 'decimal') checkNumeric(ctx, kind, c, cp);
  if (kind === 'date' || kind === 'datetime' || kind === 'time') checkTemporal(ctx, kind, c, cp);
  if (kind === 'enum') {
    const values = c.values;
    if (values && !Array.isArray(values) && Object.values(values as Record<string, number>).every((w) => w === 0)) {
      ctx.out.push(diag('invalidParameter', { detail: 'Enum weights are all zero' }, { doc, pointer: `${cp}/values` }));
    }
  }
  if (kind === 'sequence' && c.primary_key === undefined && c.unique === undefined) {
    // Sequences are unique by construction; nothing to check.
  }
  if (typeof c.pattern === 'string') {
    // With `expr` the pattern only checks the values (a JavaScript RegExp, lookarounds and all); without, values are
    // drawn from it, so the generator's limits and unsupported constructs apply (pattern-check.ts).
    const problem = c.expr === undefined ? checkPattern(c.pattern, { length: ctx.limits.patternLength, steps: ctx.limits.patternSteps }) : regexSyntaxProblem(c.pattern);
    if (problem) {
      const max = problem.id === 'patternTooLong' ? ctx.limits.patternLength : ctx.limits.patternSteps;
      ctx.out.push(diag(problem.id, { detail: problem.detail, pattern: quote(c.pattern), max: max.toLocaleString('en-US') }, { doc, pointer: `${cp}/pattern`, ...(problem.hint ? { hint: problem.hint } : {}) }));
    }
  }
  if (kind === 'string' && c.pattern === undefined && c.expr === undefined) {
    ctx.out.push(diag('missingKey', { key: 'pattern' }, { doc, pointer: cp, atKey: true, hint: "A `string` column needs `pattern:` (a regex) or `expr:`; for names, emails and the like use a Faker type such as person.fullName." }));
  }
  // Fields of a document are columns too, checked the same way, plus what cannot be inside one (docs/nested.md).
  for (const [inner, spec, pointer] of nestedColumns(col, cp)) {
    ctx.out.push(...checkNestedColumn(doc, spec, pointer));
    checkColumn(ctx, tableName, `${colName}.${inner}`, spec, tableEnv, pointer);
  }
  if (kind === 'json') ctx.out.push(...checkJsonSchema(doc, c.schema, `${cp}/schema`));
  if (typeof c.expr === 'string') checkExpression(ctx, tableEnv, c.expr, `${cp}/expr`, EXPR_TYPES[kind]);
  if (typeof c.when === 'string') checkExpression(ctx, tableEnv, c.when, `${cp}/when`, 'bool');
}

function checkReference(ctx: Ctx, tableName: string, colName: string, col: { ref: string }, cp: string): void {
  const [refTable = '', refCol = ''] = col.ref.split('.');
  const target = ctx.spec.tables[refTable];
  if (!target) {
    ctx.out.push(unknownTable(ctx, refTable, `${cp}/ref`));
    return;
  }
  const targetCol = target.columns[refCol];
  if (!targetCol) {
    ctx.out.push(unknownColumn(ctx, refTable, refCol, `${cp}/ref`));
    return;
  }
  const isKey = targetCol.primary_key === true || targetCol.unique === true || (targetCol as { type?: string }).type === 'sequence' ||
    (target.primary_key?.length === 1 && target.primary_key[0] === refCol) ||
    (target.unique ?? []).some((s) => s.length === 1 && s[0] === refCol);
  if (!isKey) {
    ctx.out.push(diag('refNotKey', { ref: `'${col.ref}'`, table: `'${refTable}'` }, { doc: ctx.doc, pointer: `${cp}/ref` }));
  } else if (columnCanBeNull(targetCol)) {
    ctx.out.push(diag('invalidParameter', { detail: `Foreign key '${tableName}.${colName}' references '${col.ref}', which can be null` }, {
      doc: ctx.doc, pointer: `${cp}/ref`, hint: `Reference a key that always has a value (a primary key), or remove nulls/nullable/when from '${col.ref}'.`,
    }));
  }
  if (refTable === tableName && !columnCanBeNull(col as ColumnSpec)) {
    ctx.out.push(diag('selfRefNotNullable', { column: `'${tableName}.${colName}'` }, { doc: ctx.doc, pointer: `${cp}/ref` }));
  }
}

function checkNumeric(ctx: Ctx, kind: string, c: Record<string, unknown>, cp: string): void {
  const { doc } = ctx;
  for (const k of ['min', 'max'] as const) {
    if (c[k] !== undefined && typeof c[k] !== 'number') {
      ctx.out.push(diag('wrongType', { what: `\`${k}\` of a ${kind} column`, expected: 'a number' }, { doc, pointer: `${cp}/${k}` }));
    }
  }
  if (typeof c.min === 'number' && typeof c.max === 'number' && c.min > c.max) {
    ctx.out.push(diag('minGreaterThanMax', { min: c.min, max: c.max }, { doc, pointer: `${cp}/min` }));
  }
  if (kind === 'int') {
    for (const k of ['min', 'max'] as const) {
      if (typeof c[k] === 'number' && !Number.isSafeInteger(c[k])) {
        ctx.out.push(diag('invalidParameter', { detail: `\`${k}\` of an int column must be a whole number within ±2^53` }, { doc, pointer: `${cp}/${k}` }));
      }
    }
  }
  if (c.distribution && typeof c.distribution === 'object') {
    const name = Object.keys(c.distribution)[0] ?? '';
    if (!(DISTRIBUTIONS_BY_TYPE[kind] ?? []).includes(name)) {
      ctx.out.push(diag('invalidParameter', { detail: `Distribution '${name}' gives whole numbers; it does not apply to ${kind}` }, {
        doc, pointer: `${cp}/distribution/${name}`, atKey: true, hint: `Use one of ${(DISTRIBUTIONS_BY_TYPE[kind] ?? []).join(', ')}, or make the column an int.`,
      }));
    }
  }
}

function checkTemporal(ctx: Ctx, kind: TemporalKind, c: Record<string, unknown>, cp: string): void {
  const parsed: Partial<Record<'min' | 'max', number>> = {};
  for (const k of ['min', 'max'] as const) {
    if (c[k] === undefined) continue;
    const t = parseTemporal(kind, c[k]);
    if (t === undefined) {
      ctx.out.push(diag('invalidTemporal', { what: `\`${k}\``, value: JSON.stringify(c[k]), kind, example: TEMPORAL_EXAMPLES[kind] }, { doc: ctx.doc, pointer: `${cp}/${k}` }));
    } else parsed[k] = t;
  }
  if (parsed.min !== undefined && parsed.max !== undefined && parsed.min > parsed.max) {
    ctx.out.push(diag('minGreaterThanMax', { min: String(c.min), max: String(c.max) }, { doc: ctx.doc, pointer: `${cp}/min` }));
  }
}

/** The CEL types an `expr` may give for each column type (an int result widens to a double column). */
const EXPR_TYPES: Record<string, string[]> = {
  int: ['int'],
  float: ['double', 'int'],
  decimal: ['double', 'int'],
  bool: ['bool'],
  date: [TIMESTAMP],
  datetime: [TIMESTAMP],
  time: ['string'],
  string: ['string'],
};

function celTypeName(t: string): string {
  return t === TIMESTAMP ? 'timestamp' : t;
}

function checkExpression(ctx: Ctx, tableEnv: TableParse, expr: string, pointer: string, expect?: string | string[]): void {
  const expected = expect === undefined ? [] : Array.isArray(expect) ? expect : [expect];
  const tooLarge = (detail: string) => diag('badExpression', { detail }, { doc: ctx.doc, pointer, hint: EXPR_LIMIT_HINT });
  const textProblem = expressionTextProblem(expr);
  if (textProblem) {
    ctx.out.push(tooLarge(textProblem));
    return;
  }
  try {
    const program = tableEnv(expr);
    const treeProblem = expressionTreeProblem(program.ast);
    if (treeProblem) {
      ctx.out.push(tooLarge(treeProblem));
      return;
    }
    const result = tableEnv.check(program);
    if (!result.valid && result.error instanceof RangeError && /call stack/.test(result.error.message)) {
      ctx.out.push(tooLarge(tooDeep()));
    } else if (!result.valid) {
      ctx.out.push(diag('badExpression', { detail: firstLine(result.error?.message ?? 'type error') }, { doc: ctx.doc, pointer }));
    } else if (expected.length > 0 && result.type !== 'dyn' && !expected.includes(result.type ?? "")) {
      ctx.out.push(diag('badExpression', { detail: `must give a ${celTypeName(expected[0]!)}, but gives ${celTypeName(result.type ?? "unknown")}` }, { doc: ctx.doc, pointer }));
    }
  } catch (e) {
    // The limits above keep the parser within the stack; should a form slip past them, say which limit it is.
    if (e instanceof RangeError && /call stack/.test(e.message)) ctx.out.push(tooLarge(tooDeep()));
    else ctx.out.push(diag('badExpression', { detail: firstLine(e instanceof Error ? e.message : String(e)) }, { doc: ctx.doc, pointer }));
  }
}

const EXPR_LIMIT_HINT = 'Split the computation over several derived columns (each `expr:` can read the others), or use a generator instead of a long formula (docs/spec.md "Generation limits").';

function firstLine(s: string): string {
  return (s.split('\n')[0] ?? s).trim();
}

/** Tarjan-free DFS: a cycle of table references in which every edge is non-nullable cannot be inserted. */
function checkForeignKeyCycles(ctx: Ctx): void {
  const edges = new Map<string, Array<{ to: string; column: string }>>();
  for (const [t, table] of Object.entries(ctx.spec.tables)) {
    const list: Array<{ to: string; column: string }> = [];
    for (const [name, c] of Object.entries(table.columns)) {
      if (!isRefColumn(c) || columnCanBeNull(c)) continue;
      const to = c.ref.split('.')[0] ?? '';
      if (to !== t && Object.hasOwn(ctx.spec.tables, to)) list.push({ to, column: name });
    }
    edges.set(t, list);
  }
  const state = new Map<string, 1 | 2>();
  const stack: Array<{ table: string; column: string }> = [];
  const reported = new Set<string>();
  const visit = (t: string): void => {
    state.set(t, 1);
    for (const e of edges.get(t) ?? []) {
      stack.push({ table: t, column: e.column });
      if (state.get(e.to) === 1) {
        const start = stack.findIndex((s) => s.table === e.to);
        const cycle = stack.slice(start);
        const key = cycle.map((s) => s.table).sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const first = cycle[0]!;
          ctx.out.push(diag('fkCycle', { cycle: cycle.map((s) => `${s.table}.${s.column}`).join(' → ') + ` → ${e.to}` }, {
            doc: ctx.doc, pointer: pointerOf('tables', first.table, 'columns', first.column, 'ref'),
          }));
        }
      } else if (!state.has(e.to)) visit(e.to);
      stack.pop();
    }
    state.set(t, 2);
  };
  for (const t of Object.keys(ctx.spec.tables)) if (!state.has(t)) visit(t);
}

/** Column-level dependencies across tables (expressions, references, parent reads) must form a DAG. */
/** What an expression of table `t` reads; undefined when it does not parse (checkExpression reports that). */
function readsOf(spec: Spec, t: string, expr: string): ReturnType<typeof expressionReads> | undefined {
  try {
    return expressionReads(parseExpression(t, spec.tables, expr).ast);
  } catch {
    return undefined;
  }
}

export function columnDependencies(spec: Spec): Map<string, Set<string>> {
  const deps = new Map<string, Set<string>>();
  for (const [t, table] of Object.entries(spec.tables)) {
    const aliases = referenceAliases(table);
    for (const [name, c] of Object.entries(table.columns)) {
      const set = new Set<string>();
      const exprs = [(c as { expr?: string }).expr, c.when].filter((e): e is string => typeof e === 'string');
      for (const e of exprs) {
        const reads = readsOf(spec, t, e);
        if (!reads) continue;
        for (const col of reads.columns) if (col in table.columns) set.add(`${t}.${col}`);
        for (const r of reads.refs) {
          const a = aliases.get(r.alias);
          if (a && !Object.hasOwn(table.columns, r.alias)) {
            set.add(`${t}.${a.column}`);
            // A self-reference reads an earlier row, so reading its own column there is not a cycle.
            if (a.table !== t) set.add(`${a.table}.${r.column}`);
          }
        }
      }
      if (isRefColumn(c)) {
        const [rt, rc] = c.ref.split('.');
        if (rt && rc && spec.tables[rt]?.columns[rc]) set.add(`${rt}.${rc}`);
      }
      deps.set(`${t}.${name}`, set);
    }
  }
  return deps;
}

/**
 * Columns whose values are read from rows other than the one being generated (`table.column`): the targets of
 * references, and what expressions and checks read through a reference alias (a parent's row, or an earlier
 * row of the same table), closed over what computing those columns reads of their own row.
 */
export function crossRowReads(spec: Spec): Set<string> {
  const deps = columnDependencies(spec);
  const out = new Set<string>();
  const add = (key: string): void => {
    if (out.has(key)) return;
    out.add(key);
    const table = key.slice(0, key.indexOf('.'));
    for (const d of deps.get(key) ?? []) if (d.startsWith(`${table}.`)) add(d);
  };
  for (const [t, table] of Object.entries(spec.tables)) {
    const aliases = referenceAliases(table);
    for (const c of Object.values(table.columns)) {
      if (isRefColumn(c)) add(c.ref);
    }
    const exprs = [
      ...Object.values(table.columns).flatMap((c) => [(c as { expr?: string }).expr, c.when]),
      ...(table.checks ?? []).map((ch) => (typeof ch === 'string' ? ch : ch.expr)),
    ].filter((e): e is string => typeof e === 'string');
    for (const e of exprs) {
      for (const r of readsOf(spec, t, e)?.refs ?? []) {
        const a = aliases.get(r.alias);
        if (a && !Object.hasOwn(table.columns, r.alias)) add(`${a.table}.${r.column}`);
      }
    }
  }
  return out;
}

function checkColumnCycles(ctx: Ctx): void {
  const deps = columnDependencies(ctx.spec);
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (n: string): void => {
    state.set(n, 1);
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      if (state.get(d) === 1) {
        const cycle = stack.slice(stack.indexOf(d));
        const key = [...cycle].sort().join(',');
        if (!reported.has(key)) {
          reported.add(key);
          const [t = '', c = ''] = cycle[0]!.split('.');
          const col = ctx.spec.tables[t]?.columns[c] as unknown as Record<string, unknown> | undefined;
          const field = col?.expr !== undefined ? 'expr' : col?.when !== undefined ? 'when' : 'ref';
          ctx.out.push(diag('columnCycle', { cycle: [...cycle, d].join(' → ') }, { doc: ctx.doc, pointer: pointerOf('tables', t, 'columns', c, field) }));
        }
      } else if (!state.has(d)) visit(d);
    }
    stack.pop();
    state.set(n, 2);
  };
  for (const n of deps.keys()) if (!state.has(n)) visit(n);
}
