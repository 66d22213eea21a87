import {
  didYouMean,
  columnCanBeNull,
  nullableColumns,
  columnExpr,
  normalizeColumn,
  crossRowReads,
  diag,
  hasErrors,
  isRefColumn,
  pointerOf,
  referenceAliases,
  type ColumnSpec,
  type Diagnostic,
  type Result,
  type Spec,
  type SpecDocument,
} from '@synth/spec';
import { posix, win32 } from 'node:path';
import { compileExpression } from '../execute/expression.js';
import { createFakerSource } from '../generators/faker-source.js';
import { textFormatter } from '../writers/format-value.js';
import { writerFor, writers } from '../writers/registry.js';
import { pathKind } from '../destinations/path-kind.js';
import type { PluginSet } from '../plugins/plugin-set.js';
import type { ColumnInfo, ExpressionAnalysis, Plan, PlannedCheck, PlannedColumn, PlannedEdge, PlannedOutput, PlannedTable, UniqueGroup } from '../types.js';
import { columnInfo, enumerableDomain } from './column-info.js';
import { keyConstraints, type KeyConstraint } from './key-sets.js';
import { locateDiagnostic } from './locate-diagnostic.js';
import { resolveRowCounts, type RowCountOptions } from './row-counts.js';

export interface PlanOptions extends RowCountOptions {
  /** Overrides the spec's seed (`--seed`). */
  seed?: string | number;
  /** The parsed document, so plan-time diagnostics can point at the spec's text. */
  doc?: SpecDocument;
  /** Lets output paths leave the spec's directory (`--allow-outside`). */
  allowOutside?: boolean;
  /** The configured plugins, whose generators and writers the spec names as `plugin/name` (docs/plugins.md). */
  plugins?: PluginSet;
}

/** Largest domain drawn from a permutation (indices stay exact doubles); larger ones are redrawn until unseen. */
export const PERMUTATION_LIMIT = 2 ** 50;


/**
 * Spec → Plan: row counts, tables in foreign-key order, columns in dependency order, how each key and unique
 * constraint is met — and every constraint that cannot be met, reported before a row is generated.
 */
export function planBuild(spec: Spec, options: PlanOptions = {}): Result<Plan> {
  const seed = String(options.seed ?? spec.seed);
  const doc = options.doc;
  const at = (pointer: string) => ({ ...(doc ? { doc } : {}), pointer });
  const diagnostics: Diagnostic[] = [];
  const { counts, maxFamily, diagnostics: countDiagnostics } = resolveRowCounts(spec, seed, options);
  diagnostics.push(...countDiagnostics.map((d) => (doc ? locateDiagnostic(d, doc) : d)));
  // Nothing else is worth planning for a table over the row limit (and unique domains would be sized for it).
  if (countDiagnostics.some((d) => d.code === 'SYN340' || d.code === 'SYN341')) return { diagnostics };
  const faker = createFakerSource(spec.locale);

  const edges: PlannedEdge[] = [];
  for (const [name, table] of Object.entries(spec.tables)) {
    for (const [col, c] of Object.entries(table.columns)) {
      if (!isRefColumn(c)) continue;
      const to = c.ref.split('.')[0]!;
      const perParent = typeof table.rows === 'object' && table.rows.per === to && firstRefTo(table.columns, to) === col;
      edges.push({ from: name, to, column: col, nullable: columnCanBeNull(c), kind: perParent ? 'per-parent' : 'foreign-key' });
    }
  }

  const tables: PlannedTable[] = [];
  const crossRows = crossRowReads(spec);
  for (const [name, table] of Object.entries(spec.tables)) {
    const rowCount = counts.get(name) ?? 0;
    const tp = pointerOf('tables', name);
    const perParent = typeof table.rows === 'object' ? { table: table.rows.per, column: firstRefTo(table.columns, table.rows.per) ?? '' } : undefined;
    const columns = new Map<string, PlannedColumn>();
    const nullable = nullableColumns(spec.tables);
    for (const [col, c] of Object.entries(table.columns)) {
      let info;
      try {
        info = columnInfo(col, c, spec, faker, undefined, (type) => options.plugins?.generator(type)?.type);
      } catch (e) {
        diagnostics.push(diag('badFakerArgs', { type: `'${(c as { type: string }).type}'`, detail: e instanceof Error ? e.message : String(e) }, at(pointerOf('tables', name, 'columns', col))));
        info = { name: col, type: 'string' as const, nullable: true };
      }
      // An expression that reads a column which can be null can be null too (nullableColumns, docs/spec.md#null-values).
      if (!info.nullable && nullable.has(`${name}.${col}`)) info = { ...info, nullable: true };
      if (info.format !== undefined) {
        const problem = formatProblem(info);
        if (problem) diagnostics.push(diag('invalidParameter', { detail: `Date format '${info.format}' cannot be used: ${problem}` }, { ...at(pointerOf('tables', name, 'columns', col, 'format')), hint: 'Formats are date-fns patterns (yyyy-MM-dd, dd/MM/yyyy HH:mm), or iso, epoch, epoch_ms.' }));
      }
      const planned: PlannedColumn = { name: col, spec: c, info, generator: generatorName(c), dependsOn: [] };
      if (isRefColumn(c)) {
        const [rt, rc] = c.ref.split('.') as [string, string];
        planned.references = `${rt}.${rc}`;
        planned.refStrategy = perParent?.column === col ? 'per-parent' : rt === name ? 'self' : 'random';
        if ((counts.get(rt) ?? 0) === 0 && rowCount > 0 && !columnCanBeNull(c)) {
          diagnostics.push(diag('emptyParent', { column: `'${name}.${col}'`, table: `'${rt}'` }, at(`${tp}/columns/${col}/ref`)));
        }
      }
      columns.set(col, planned);
    }

    // In-row dependencies: expressions, conditions, and the reference column behind every parent-row read.
    const aliases = referenceAliases(table);
    const analyse = (src: string): ExpressionAnalysis => {
      const e = compileExpression(spec, name, src);
      const refReads = [...e.refReads].map(([alias, cols]) => ({ alias, table: aliases.get(alias)!.table, via: aliases.get(alias)!.column, columns: cols }));
      return { reads: e.reads, refReads };
    };
    for (const [col, c] of Object.entries(table.columns)) {
      const deps = new Set<string>();
      const planned = columns.get(col)!;
      for (const [key, src] of [['expr', columnExpr(c)], ['when', c.when]] as const) {
        if (typeof src !== 'string') continue;
        let e;
        try {
          e = analyse(src);
        } catch {
          diagnostics.push(diag('badExpression', { detail: 'cannot be compiled' }, at(`${tp}/columns/${col}/${key}`)));
          continue;
        }
        (planned.analysis ??= {})[key] = e;
        e.reads.forEach((r) => deps.add(r));
        for (const r of e.refReads) deps.add(r.via);
      }
      deps.delete(col);
      planned.dependsOn = [...deps];
    }
    const checks: PlannedCheck[] = (table.checks ?? []).map((ch) => {
      const check = typeof ch === 'string' ? { expr: ch } : ch;
      let e: ExpressionAnalysis = { reads: [], refReads: [] };
      try {
        e = analyse(check.expr);
      } catch {
        // Reported where the executor compiles it (SYN406), as before plans carried the analysis.
      }
      return { ...check, ...e };
    });

    const keys = keyConstraints(name, table);
    const uniqueGroups = planUniqueness(name, keys, columns, rowCount, counts, maxFamily, perParent, diagnostics, at);
    const order = topoOrder([...columns.values()]);
    tables.push({
      name,
      rowCount,
      ...(perParent ? { perParent } : {}),
      columns: order,
      outputOrder: Object.keys(table.columns),
      checks,
      crossRowReads: Object.keys(table.columns).filter((c) => crossRows.has(`${name}.${c}`)),
      primaryKey: keys.find((k) => k.primary)?.columns ?? [],
      uniqueSets: keys.filter((k) => !k.primary).map((k) => k.columns),
      uniqueGroups,
    });
  }

  const tainted = taintedColumns(tables);
  const taintedTables = new Set([...tainted].map((c) => c.split('.')[0]!));
  let ordered = orderTables(tables, edges, taintedTables, false);
  const readProblems: Diagnostic[] = [];
  checkTaintedReads(ordered, tainted, readProblems, at);
  if (readProblems.length > 0) {
    // Declaration order cut a cycle where a table reads one generated after it; cut it elsewhere if that helps.
    const other = orderTables(tables, edges, taintedTables, true);
    const otherProblems: Diagnostic[] = [];
    checkTaintedReads(other, tainted, otherProblems, at);
    if (otherProblems.length < readProblems.length) {
      ordered = other;
      readProblems.splice(0, readProblems.length, ...otherProblems);
    }
  }
  diagnostics.push(...readProblems);
  const outputs = planOutputs(spec, diagnostics, at, options.allowOutside === true, options.plugins);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { value: { seed, locale: spec.locale, tables: ordered, edges, outputs }, diagnostics };
}

/** Formats a sample value with the column's format; date-fns rejects some patterns (YYYY, DD) only then. */
function formatProblem(info: ColumnInfo): string | undefined {
  // date-fns also console.warn()s what it throws for YYYY/DD; the diagnostic says it, once.
  const warn = console.warn;
  console.warn = () => undefined;
  try {
    textFormatter(info)(info.type === 'time' ? 45_296_000 : Date.UTC(2024, 0, 31, 12, 34, 56));
    return undefined;
  } catch (e) {
    return ((e instanceof Error ? e.message : String(e)).split(';')[0] ?? '').replace(/ to the input `[^`]*`/, '');
  } finally {
    console.warn = warn;
  }
}

function firstRefTo(columns: Record<string, ColumnSpec>, table: string): string | undefined {
  return Object.entries(columns).find(([, c]) => isRefColumn(c) && c.ref.split('.')[0] === table)?.[0];
}

function generatorName(c: ColumnSpec): string {
  const n = normalizeColumn(c);
  if (n.kind === 'ref') return 'ref';
  if (c.series !== undefined) return 'series';
  if (columnExpr(c) !== undefined) return 'expr';
  return n.kind === 'faker' || n.kind === 'plugin' ? `${n.kind}:${n.spec.type}` : n.kind;
}

type At = (pointer: string) => { doc?: SpecDocument; pointer: string };

/** Decides how each unique column and composite key is met, and rejects the ones that cannot be. */
function planUniqueness(
  tableName: string,
  keys: KeyConstraint[],
  columns: Map<string, PlannedColumn>,
  rowCount: number,
  counts: Map<string, number>,
  maxFamily: Map<string, number>,
  perParent: { table: string; column: string } | undefined,
  diagnostics: Diagnostic[],
  at: At,
): UniqueGroup[] {
  const tp = pointerOf('tables', tableName);
  const parentRowsOf = (c: ColumnSpec) => (isRefColumn(c) ? counts.get(c.ref.split('.')[0]!) : undefined);
  const impossible = (what: string, domain: number, pointer: string, rows = rowCount) =>
    diagnostics.push(diag('impossibleUnique', { what, rows, domain }, at(pointer)));

  // A one-column table-level key is the same as the column flag.
  const singleKeys = new Set(keys.filter((k) => k.columns.length === 1).map((k) => k.columns[0]!));
  for (const p of columns.values()) {
    const c = p.spec;
    if (!singleKeys.has(p.name)) continue;
    const pointer = `${tp}/columns/${p.name}`;
    if (p.generator === 'sequence' || p.generator === 'uuid') {
      p.unique = 'inherent';
      continue;
    }
    if (p.generator === 'expr') {
      diagnostics.push(diag('invalidParameter', { detail: `Derived column '${tableName}.${p.name}' cannot be unique: its value follows from other columns` }, {
        ...at(`${pointer}/unique`), hint: 'Make the columns it reads unique instead, or drop `unique`.',
      }));
      continue;
    }
    if (p.refStrategy === 'self' || p.refStrategy === 'per-parent') {
      diagnostics.push(diag('invalidParameter', { detail: `Reference '${tableName}.${p.name}' cannot be unique with ${p.refStrategy === 'self' ? 'a self-reference' : 'rows per parent'}` }, at(`${pointer}/unique`)));
      continue;
    }
    const { size, retryDomain } = enumerableDomain(c, parentRowsOf(c));
    if (size !== undefined && size <= PERMUTATION_LIMIT) {
      if (size < rowCount) impossible(`'${tableName}.${p.name}'`, size, pointer);
      p.unique = 'permutation';
      p.domainSize = size;
      if (p.refStrategy) p.refStrategy = 'permutation';
    } else {
      if (retryDomain !== undefined && retryDomain < rowCount) impossible(`'${tableName}.${p.name}'`, retryDomain, pointer);
      p.unique = 'retry';
    }
  }

  const sets = keys.filter((k) => k.columns.length > 1);
  const groups: UniqueGroup[] = [];
  const grouped = new Set<string>();
  for (const set of sets) {
    const members = set.columns.map((n) => columns.get(n)).filter((m): m is PlannedColumn => m !== undefined);
    if (members.length !== set.columns.length) continue; // unknown columns are reported by the validator
    if (members.some((m) => m.unique === 'inherent' || m.unique === 'permutation')) {
      groups.push({ columns: set.columns, strategy: 'inherent' });
      continue;
    }
    const perParentMember = perParent ? members.find((m) => m.name === perParent.column) : undefined;
    const others = members.filter((m) => m !== perParentMember);
    const domains = others.map((m) => (m.generator === 'expr' || m.refStrategy === 'self' || m.refStrategy === 'per-parent' ? {} : enumerableDomain(m.spec, parentRowsOf(m.spec))));
    const product = domains.reduce((acc, d) => acc * (d.size ?? Infinity), 1);
    const enumerable = product <= PERMUTATION_LIMIT && others.every((m) => !grouped.has(m.name));
    const label = `(${set.columns.join(', ')}) of '${tableName}'`;
    if (enumerable && perParentMember) {
      // Unique within each parent: the largest family must fit in the other members' domain.
      const maxChildren = maxFamily.get(tableName) ?? 0;
      if (product < maxChildren) impossible(label, product, set.pointer, maxChildren);
      groups.push({ columns: set.columns, strategy: 'per-parent' });
    } else if (enumerable) {
      if (product < rowCount) impossible(label, product, set.pointer);
      groups.push({ columns: set.columns, strategy: 'product' });
    } else {
      // The redrawn column must be one whose value the executor draws itself: not a reference (its parent row is
      // chosen elsewhere), not a member of an earlier group (its value comes from that group's permutation).
      const retryColumn = [...others].reverse().find((m) => !['expr', 'constant', 'ref', 'sequence'].includes(m.generator) && !grouped.has(m.name));
      // Finite members bound how many distinct tuples exist, permutable or not.
      const bound = domains.reduce((acc, d) => acc * (d.size ?? d.retryDomain ?? Infinity), 1);
      const needed = perParentMember ? (maxFamily.get(tableName) ?? 0) : rowCount;
      if (bound < needed) {
        impossible(label, bound, set.pointer, needed);
        continue;
      }
      if (!retryColumn) {
        diagnostics.push(diag('invalidParameter', { detail: `Cannot make ${label} unique: none of its columns can be redrawn` }, at(set.pointer)));
        continue;
      }
      groups.push({ columns: set.columns, strategy: 'retry', retryColumn: retryColumn.name });
      continue;
    }
    const idx = groups.length - 1;
    for (const m of others) {
      grouped.add(m.name);
      m.uniqueGroup = idx;
      if (m.refStrategy) m.refStrategy = 'group';
    }
  }
  return groups;
}

/** Columns ordered so every column comes after the columns it reads (declared order breaks ties). */
function topoOrder(columns: PlannedColumn[]): PlannedColumn[] {
  const byName = new Map(columns.map((c) => [c.name, c]));
  const done = new Set<string>();
  const out: PlannedColumn[] = [];
  const visit = (c: PlannedColumn, stack: Set<string>) => {
    if (done.has(c.name) || stack.has(c.name)) return; // cycles were reported by the validator
    stack.add(c.name);
    for (const d of c.dependsOn) {
      const dep = byName.get(d);
      if (dep) visit(dep, stack);
    }
    stack.delete(c.name);
    done.add(c.name);
    out.push(c);
  };
  for (const c of columns) visit(c, new Set());
  return out;
}

/**
 * Referenced tables first; a cycle is broken at a nullable edge (the validator rejected cycles without one).
 * By default tables are visited in declaration order. With `taintFirst`, tables whose values depend on earlier rows
 * (`tainted`; a table generated before them cannot read them) are followed first and started from last, so a
 * cycle is cut where no table has to read one generated after it, whatever the declaration order.
 */
function orderTables(tables: PlannedTable[], edges: PlannedEdge[], tainted: Set<string>, taintFirst: boolean): PlannedTable[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const done = new Set<string>();
  const out: PlannedTable[] = [];
  const visit = (t: PlannedTable, stack: Set<string>) => {
    if (done.has(t.name) || stack.has(t.name)) return;
    stack.add(t.name);
    const deps = edges.filter((e) => e.from === t.name && e.to !== t.name);
    // Non-nullable edges first, so when a cycle is cut it is cut at a nullable one.
    const rank = (e: PlannedEdge) => (e.nullable ? (taintFirst && tainted.has(e.to) ? 1 : 2) : 0);
    for (const e of [...deps].sort((a, b) => rank(a) - rank(b))) {
      const dep = byName.get(e.to);
      if (dep && !(e.nullable && stack.has(e.to))) visit(dep, stack);
    }
    stack.delete(t.name);
    done.add(t.name);
    out.push(t);
  };
  const starts = taintFirst ? [...tables].sort((a, b) => Number(tainted.has(a.name)) - Number(tainted.has(b.name))) : tables;
  for (const t of starts) visit(t, new Set());
  return out;
}

/** `table.column` of every column whose values depend on earlier rows (uniques drawn with retries, and what reads them). */
function taintedColumns(tables: PlannedTable[]): Set<string> {
  const tainted = new Set<string>();
  for (const t of tables) {
    const retry = new Set(t.columns.filter((c) => c.unique === 'retry').map((c) => c.name));
    for (const g of t.uniqueGroups) if (g.strategy === 'retry' && g.retryColumn) retry.add(g.retryColumn);
    let grew = true;
    while (grew) {
      grew = false;
      for (const c of t.columns) {
        if (!retry.has(c.name) && c.dependsOn.some((d) => retry.has(d))) {
          retry.add(c.name);
          grew = true;
        }
      }
    }
    // A check that reads a tainted column decides which attempt a row keeps: then every column is tainted.
    const checkReadsTainted = t.checks.some((ch) => ch.reads.some((r) => retry.has(r)));
    for (const c of t.columns) if (retry.has(c.name) || checkReadsTainted) tainted.add(`${t.name}.${c.name}`);
  }
  return tainted;
}

/**
 * Columns whose values depend on earlier rows are kept in memory once their table is generated, so tables generated
 * after it can read them; a table generated before it (a cycle broken at a nullable edge) cannot.
 */
function checkTaintedReads(tables: PlannedTable[], tainted: Set<string>, diagnostics: Diagnostic[], at: At): void {
  const position = new Map(tables.map((t, i) => [t.name, i]));
  const readable = (reader: string, target: string) => target === reader || position.get(target)! < position.get(reader)!;
  for (const t of tables) {
    for (const c of t.columns) {
      const pointer = pointerOf('tables', t.name, 'columns', c.name);
      if (c.references && tainted.has(c.references) && !readable(t.name, c.references.split('.')[0]!)) {
        diagnostics.push(diag('taintedRead', { detail: `Foreign key '${t.name}.${c.name}' references '${c.references}', whose unique values are drawn with retries in a table generated later (the reference closes a cycle)` }, at(`${pointer}/ref`)));
      }
      for (const e of [c.analysis?.expr, c.analysis?.when]) {
        for (const { table: target, columns: cols } of e?.refReads ?? []) {
          for (const col of cols) {
            if (tainted.has(`${target}.${col}`) && !readable(t.name, target)) {
              diagnostics.push(diag('taintedRead', { detail: `'${t.name}.${c.name}' reads '${target}.${col}', whose value depends on earlier rows of a table generated later (the reference closes a cycle)` }, at(pointer)));
            }
          }
        }
      }
    }
  }
}

function planOutputs(spec: Spec, diagnostics: Diagnostic[], at: At, allowOutside: boolean, plugins: PluginSet | undefined): PlannedOutput[] {
  return spec.outputs.map((o, i) => {
    const tables = o.tables ?? Object.keys(spec.tables);
    // A spec (perhaps from a pull request) may only write below its own directory.
    const normalized = posix.normalize(o.path.replaceAll('\\', '/').replaceAll('{table}', 'table'));
    const kind = pathKind(o.path, 'linux');
    if (kind.kind !== 'local' && !win32.isAbsolute(o.path)) {
      // `gs://b/x.csv` would become the local folders `gs:/b`; object stores are chosen with --out (SYN208).
      diagnostics.push(diag('outputPathUrl', { path: `'${o.path}'`, scheme: kind.scheme }, at(pointerOf('outputs', i, 'path'))));
    } else if (!allowOutside && (posix.isAbsolute(normalized) || win32.isAbsolute(o.path) || normalized === '..' || normalized.startsWith('../'))) {
      diagnostics.push(diag('outputEscapes', { path: `'${o.path}'` }, at(pointerOf('outputs', i, 'path'))));
    }
    const entry = writerFor(o.format, plugins);
    if (!entry) {
      diagnostics.push(diag('invalidValue', { what: `Output format '${o.format}'`, detail: `is not available in this build; available: ${Object.keys(writers).join(', ')}` }, at(pointerOf('outputs', i, 'format'))));
      return { format: o.format, options: o.options ?? {}, path: o.path, tables };
    }
    for (const key of Object.keys(o.options ?? {})) {
      if (entry.optionKeys.includes(key)) continue;
      const s = didYouMean(key, entry.optionKeys);
      diagnostics.push(diag('unknownKey', { key: `'${key}'`, allowed: entry.optionKeys.join(', ') || '(none)' }, {
        ...at(pointerOf('outputs', i, 'options', key)), atKey: true,
        hint: `${o.format} reads ${entry.optionKeys.length ? entry.optionKeys.join(', ') : 'no options'}.${s ? ` Did you mean '${s}'?` : ''} See docs/formats.md.`,
      }));
    }
    if (!o.path.includes('{table}') && tables.length > 1 && !entry.multiTable) {
      diagnostics.push(diag('outputNeedsTable', { path: `'${o.path}'`, count: tables.length, format: o.format }, at(pointerOf('outputs', i, 'path'))));
    }
    return { format: o.format, options: o.options ?? {}, path: o.path, tables };
  });
}

