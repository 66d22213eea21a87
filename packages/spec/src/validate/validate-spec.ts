import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { parseSpec } from '../parse/parse-spec.js';
import type { PluginCatalogue, Result, SourceFile, Spec, SpecDocument, TableSpec } from '../types.js';
import { seriesCount, seriesWindow } from './series-window.js';
import { validateAgainstSchema } from './schema-validate.js';
import { checkSemantics } from './semantic-check.js';
import { checkSpecLimits } from './limits-check.js';
import type { Limits } from '../limits.js';
import { checkDocument } from './document-check.js';
import type { Diagnostic } from '../types.js';

/** The user's document with the documented defaults filled in (docs/spec.md#defaults). */
export function applyDefaults(value: Record<string, unknown>): Spec {
  const v = value as Partial<Spec>;
  return {
    synth: 1,
    seed: v.seed ?? 0,
    locale: v.locale ?? 'en',
    ...(v.description !== undefined ? { description: v.description } : {}),
    tables: withSeriesRows(v.tables ?? {}),
    outputs: v.outputs ?? [],
    ...(v.quality !== undefined ? { quality: v.quality } : {}),
  };
}

/**
 * A series table's rows are one family per row of its entities table, as many as the window holds: it becomes a
 * per-parent table, so keys, shards and workers treat it like any other (docs/timeseries.md).
 */
function withSeriesRows(tables: Record<string, TableSpec>): Record<string, TableSpec> {
  // Maps keyed by the user's names have no prototype: a name like `toString` that no table has is not found in them
  // (reserved names themselves are refused, SYN107).
  const out: Record<string, TableSpec> = Object.create(null) as Record<string, TableSpec>;
  for (const [name, t] of Object.entries(tables)) {
    const w = t.series && t.rows === undefined ? seriesWindow(t.series) : undefined;
    const table = { ...t, columns: Object.assign(Object.create(null) as TableSpec['columns'], t.columns) };
    out[name] = t.series && t.rows === undefined ? { ...table, rows: { per: t.series.per, count: w ? seriesCount(w) : 0 } } : table;
  }
  return out;
}

/** SpecDocument → Spec: JSON Schema first (shape), then semantics (meaning); all problems at once. */
export interface ValidateOptions {
  /** What the configured plugins provide; without it every `plugin/name` in the spec is reported as not configured. */
  plugins?: PluginCatalogue;
  /** Raised (or lowered) limits (`--max`); the rest are the defaults of limits.ts. */
  limits?: Partial<Limits>;
}

export function validateSpec(doc: SpecDocument, options: ValidateOptions = {}): Result<Spec> {
  const schemaDiagnostics = shapeDiagnostics(doc);
  // Semantic checks assume the shape is right: they run on the parts that have it, so a typo in one column does not
  // hide the problems of the others (docs/cli.md#validate).
  if (hasErrors(schemaDiagnostics)) return { diagnostics: sortDiagnostics(uniqueDiagnostics([...schemaDiagnostics, ...wellFormedSemantics(doc, schemaDiagnostics, options)])) };
  const spec = applyDefaults(doc.value as Record<string, unknown>);
  const diagnostics = sortDiagnostics([...schemaDiagnostics, ...checkSemantics(doc, spec, options.plugins, options.limits), ...checkSpecLimits(doc, spec, options.limits)]);
  return hasErrors(diagnostics) ? { diagnostics } : { value: spec, diagnostics };
}

/** SourceFile → { doc, spec }: the whole front half, as `synth validate` runs it. */
export function loadSpec(source: SourceFile, options: ValidateOptions = {}): Result<{ doc: SpecDocument; spec: Spec }> {
  const parsed = parseSpec(source);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const validated = validateSpec(parsed.value, options);
  if (!validated.value) return { diagnostics: validated.diagnostics };
  return { value: { doc: parsed.value, spec: validated.value }, diagnostics: validated.diagnostics };
}

/** The document checks (reserved names, non-finite numbers) and the JSON Schema's. */
function shapeDiagnostics(doc: SpecDocument): Diagnostic[] {
  const document = checkDocument(doc);
  const schema = validateAgainstSchema(doc);
  // A key the document checks refused is reported once, by them.
  const refused = new Set(document.map((d) => d.pointer));
  return [...document, ...schema.filter((d) => !refused.has(d.pointer))];
}

/** Rounds of pruning before giving up: a removed column can leave its table without columns, and so on. */
const PRUNE_ROUNDS = 3;

/**
 * The semantic diagnostics of the parts of a document that are well-formed: every subtree with a schema error is cut
 * out (an unknown key alone; a broken column; a table whose own keys are broken; the outputs or quality sections), the
 * rest is checked as a spec, and what the cut made up (references to a removed table or column) is left out.
 */
function wellFormedSemantics(doc: SpecDocument, errors: Diagnostic[], options: ValidateOptions): Diagnostic[] {
  const removed: Removed = { tables: new Set<string>(), columns: new Map<string, Set<string>>(), altered: new Set<string>() };
  let value: unknown = doc.value;
  let pending = errors;
  for (let round = 0; ; round++) {
    const pruned = prune(value, pending.filter((d) => d.severity === 'error'), removed);
    if (pruned === undefined) return [];
    value = pruned;
    const again = shapeDiagnostics({ ...doc, value });
    if (!hasErrors(again)) break;
    if (round + 1 >= PRUNE_ROUNDS) return [];
    pending = again;
  }
  const tables = (value as { tables?: Record<string, unknown> }).tables;
  if (!tables || Object.keys(tables).length === 0) return [];
  const semantic = checkSemantics({ ...doc, value }, applyDefaults(value as Record<string, unknown>), options.plugins, options.limits);
  return semantic.filter((d) => !madeUpByPruning(d, removed));
}

interface Removed {
  tables: Set<string>;
  /** table → its removed columns */
  columns: Map<string, Set<string>>;
  /** Pointers of the mappings an unknown key was taken out of. */
  altered: Set<string>;
}

const decode = (segment: string) => segment.replace(/~1/g, '/').replace(/~0/g, '~');

/** A copy of `root` without the subtrees the diagnostics point into; undefined when the root itself is broken. */
function prune(root: unknown, diagnostics: Diagnostic[], removed: Removed): unknown {
  if (root === null || typeof root !== 'object' || Array.isArray(root)) return undefined;
  const copy = (v: unknown): unknown => (v === null || typeof v !== 'object' ? v : Array.isArray(v) ? v.map(copy) : Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])));
  const out = copy(root) as Record<string, unknown>;
  const objectAt = (path: string[]): Record<string, unknown> | undefined => {
    let v: unknown = out;
    for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[p] : undefined;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  };
  for (const d of diagnostics) {
    if (d.pointer === undefined) return undefined;
    const path = d.pointer.split('/').slice(1).map(decode);
    const [top, table, sub, column] = path;
    // An unknown key, a reserved name: that key alone goes (a reserved table or column name takes its subtree along).
    if ((d.code === 'SYN203' || d.code === 'SYN107') && path.length > 0 && !(top === 'tables' && path.length === 1)) {
      const parent = objectAt(path.slice(0, -1));
      if (parent) delete parent[path[path.length - 1]!];
      removed.altered.add(d.pointer.slice(0, d.pointer.lastIndexOf('/')));
      if (top === 'tables' && path.length === 2) removed.tables.add(table!);
      if (top === 'tables' && sub === 'columns' && path.length === 4) addColumn(removed, table!, column!);
      continue;
    }
    if (top === undefined || top === 'synth' || (top === 'tables' && table === undefined)) return undefined;
    if (top !== 'tables') {
      delete out[top];
      continue;
    }
    const tables = out.tables as Record<string, Record<string, unknown>> | undefined;
    if (sub === 'columns' && column !== undefined) {
      const columns = tables?.[table!]?.columns as Record<string, unknown> | undefined;
      if (columns) delete columns[column];
      addColumn(removed, table!, column);
    } else {
      if (tables) delete tables[table!];
      removed.tables.add(table!);
    }
  }
  return out;
}

function addColumn(removed: Removed, table: string, column: string): void {
  const set = removed.columns.get(table) ?? new Set<string>();
  set.add(column);
  removed.columns.set(table, set);
}

/** A diagnostic that only says a removed table or column is missing (or what follows from it). */
function madeUpByPruning(d: Diagnostic, removed: Removed): boolean {
  const names = [...removed.tables, ...[...removed.columns.values()].flatMap((s) => [...s])];
  if (names.some((n) => d.message.includes(`'${n}'`) || new RegExp(`(^|[^\\w])${n.replace(/[^\w]/g, '')}([^\\w]|$)`).test(d.code === 'SYN309' ? d.message : ''))) return true;
  // A mapping an unknown key was taken out of may miss what the key meant (`patern:` for `pattern:`, `uniform: { min }`
  // for a count): what is said of it, or of what holds it inside its column or table, is left to the schema error.
  if (d.pointer !== undefined) {
    const p = d.pointer;
    const unit = /^\/tables\/[^/]+(\/columns\/[^/]+)?/.exec(p)?.[0];
    if ([...removed.altered].some((a) => a === p || (unit !== undefined && a.startsWith(`${p}/`) && p.length > unit.length))) return true;
  }
  // A table that lost its reference column loses its per-parent link with it.
  const table = d.pointer?.split('/')[2];
  return d.code === 'SYN312' && table !== undefined && removed.columns.has(decode(table));
}

function uniqueDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code} ${d.pointer ?? ''} ${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
