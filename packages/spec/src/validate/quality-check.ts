import { diag, pointerOf } from '../diagnostics/diagnostic.js';
import { isRefColumn, type ColumnSpec, type Diagnostic, type Spec, type SpecDocument } from '../types.js';

/** Flaws that only make sense for some column kinds (docs/quality.md). */
const STRING_FLAWS = ['typos', 'whitespace', 'case'] as const;
const NUMERIC_KINDS = new Set(['int', 'float', 'decimal']);
const NOT_STRINGS = new Set(['sequence', 'int', 'float', 'decimal', 'bool', 'date', 'datetime', 'time', 'uuid', 'constant']);

/** `table.column`s that are keys: flaws in them would break the relations other tables rely on. */
export function keyColumns(spec: Spec): Set<string> {
  const keys = new Set<string>();
  for (const [t, table] of Object.entries(spec.tables)) {
    for (const [name, c] of Object.entries(table.columns)) {
      if (c.primary_key === true || c.unique === true || isRefColumn(c)) keys.add(`${t}.${name}`);
      if (isRefColumn(c)) keys.add(c.ref);
    }
    for (const n of [...(table.primary_key ?? []), ...(table.unique ?? []).flat()]) keys.add(`${t}.${n}`);
  }
  return keys;
}

/**
 * What the schema cannot say about `quality:` (docs/quality.md): a column's own flaws must fit its kind and may not
 * touch a key, and a table other tables reference cannot have duplicated rows (their keys would repeat, and the
 * children of the row a duplicate replaces would point at nothing).
 */
export function checkQuality(doc: SpecDocument, spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const keys = keyColumns(spec);
  const referenced = new Set([...keys].filter((k) => Object.values(spec.tables).some((t) => Object.values(t.columns).some((c) => isRefColumn(c) && c.ref === k))).map((k) => k.split('.')[0]!));
  for (const [t, table] of Object.entries(spec.tables)) {
    const tp = pointerOf('tables', t);
    const duplicates = table.quality?.duplicates ?? spec.quality?.duplicates;
    if ((duplicates ?? 0) > 0 && referenced.has(t)) {
      const pointer = table.quality?.duplicates !== undefined ? `${tp}/quality/duplicates` : '/quality/duplicates';
      out.push(diag('qualityNotApplicable', { detail: `Table '${t}' is referenced by other tables, so its rows cannot be duplicated` }, {
        doc, pointer, hint: `A duplicate repeats its key and drops the key of the row it replaces, leaving children pointing at nothing: declare duplicates on the tables that reference '${t}' instead${table.quality?.duplicates === undefined ? `, or set \`quality: { duplicates: 0 }\` on '${t}'` : ''}.`,
      }));
    }
    for (const [name, c] of Object.entries(table.columns)) {
      const q = c.quality;
      if (!q) continue;
      const cp = `${pointerOf('tables', t, 'columns', name)}/quality`;
      if (keys.has(`${t}.${name}`) && Object.values(q).some((v) => v !== 0)) {
        out.push(diag('qualityNotApplicable', { detail: `Column '${t}.${name}' is a key; it cannot have flaws` }, { doc, pointer: cp }));
        continue;
      }
      const kind = kindOf(c);
      for (const f of STRING_FLAWS) {
        if ((q[f] ?? 0) > 0 && NOT_STRINGS.has(kind)) out.push(diag('qualityNotApplicable', { detail: `'${f}' applies to strings, and '${t}.${name}' is ${kind}` }, { doc, pointer: `${cp}/${f}` }));
      }
      if (q.outliers !== undefined && !NUMERIC_KINDS.has(kind)) out.push(diag('qualityNotApplicable', { detail: `'outliers' applies to int, float and decimal columns, and '${t}.${name}' is ${kind}` }, { doc, pointer: `${cp}/outliers` }));
    }
  }
  return out;
}

function kindOf(c: ColumnSpec): string {
  return isRefColumn(c) ? 'ref' : c.type;
}
