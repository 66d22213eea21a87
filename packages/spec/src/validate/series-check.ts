import { diag, pointerOf } from '../diagnostics/diagnostic.js';
import { isRefColumn, type Diagnostic, type Spec, type SpecDocument } from '../types.js';
import { parseDuration } from './duration.js';
import { seriesWindow } from './series-window.js';
import { parseTemporal } from './temporal.js';

const VALUE_KINDS = new Set(['int', 'float', 'decimal']);
const TIME_KINDS = new Set(['datetime', 'date']);
/** Keys a series value column cannot have: its value comes from the model. */
const NOT_WITH_MODEL = ['expr', 'distribution', 'min', 'max', 'unique', 'primary_key'];

/** What the schema cannot say about series tables and columns (docs/timeseries.md). */
export function checkSeries(doc: SpecDocument, spec: Spec): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bad = (detail: string, pointer: string) => out.push(diag('seriesInvalid', { detail }, { doc, pointer }));
  const raw = (doc.value as { tables?: Record<string, { rows?: unknown }> } | undefined)?.tables ?? {};
  for (const [name, table] of Object.entries(spec.tables)) {
    const tp = pointerOf('tables', name);
    const s = table.series;
    if (!s) {
      if (raw[name]?.rows === undefined) out.push(diag('missingKey', { key: "'rows'" }, { doc, pointer: tp, hint: 'Add `rows:` (a count, or `{ per: table, count: … }`), or make it a series table with `series:` (docs/timeseries.md).' }));
      for (const [c, col] of Object.entries(table.columns)) if (col.series !== undefined) bad(`Column '${name}.${c}' has \`series\`, but table '${name}' is not a series table`, `${pointerOf('tables', name, 'columns', c)}/series`);
      continue;
    }
    const sp = `${tp}/series`;
    if (raw[name]?.rows !== undefined) bad(`Series table '${name}' has \`rows\` too: its rows follow from the series window`, `${tp}/rows`);
    for (const key of ['start', 'end'] as const) {
      if (parseTemporal('datetime', s[key]) === undefined) out.push(diag('invalidTemporal', { what: key, value: `'${String(s[key])}'`, kind: 'datetime' }, { doc, pointer: `${sp}/${key}`, hint: 'Use an ISO 8601 datetime such as 2024-01-01T00:00:00Z.' }));
    }
    const start = parseTemporal('datetime', s.start);
    const end = parseTemporal('datetime', s.end);
    if (start !== undefined && end !== undefined && end <= start) bad(`The series window ends (${s.end}) before it starts (${s.start})`, `${sp}/end`);
    if (s.every !== undefined && parseDuration(s.every) === undefined) bad(`'${s.every}' is not a duration`, `${sp}/every`);
    if (s.business_days && s.arrivals) bad('`business_days` applies to fixed intervals (`every`), not to arrivals', `${sp}/business_days`);
    const every = parseDuration(s.every);
    if (s.business_days && every !== undefined && 604_800_000 % every !== 0) bad(`With \`business_days\`, \`every\` must divide a week; '${s.every}' does not`, `${sp}/every`);
    if (s.every !== undefined && every !== undefined && start !== undefined && end !== undefined && end > start && !seriesWindow(s)) bad('The series window does not parse', sp);
    if (!Object.hasOwn(spec.tables, s.per)) continue; // reported by the per-parent check of the rows it implies
    if (!Object.values(table.columns).some((c) => isRefColumn(c) && c.ref.split('.')[0] === s.per)) {
      bad(`Series table '${name}' needs a column referencing '${s.per}' (the series' entity), e.g. \`${s.per}_id: { ref: ${s.per}.<key> }\``, `${sp}/per`);
    }
    for (const [c, col] of Object.entries(table.columns)) {
      const m = col.series;
      if (m === undefined) continue;
      const cp = pointerOf('tables', name, 'columns', c);
      const kind = isRefColumn(col) ? 'ref' : col.type;
      if (m === 'time') {
        if (!TIME_KINDS.has(kind)) bad(`\`series: time\` gives the row's timestamp: '${name}.${c}' must be a datetime or date, not ${kind}`, `${cp}/series`);
        continue;
      }
      if (!VALUE_KINDS.has(kind)) bad(`A series value model makes numbers: '${name}.${c}' must be int, float or decimal, not ${kind}`, `${cp}/series`);
      for (const k of NOT_WITH_MODEL) if ((col as unknown as Record<string, unknown>)[k] !== undefined) bad(`'${k}' does not apply to a series value column: its value comes from the model`, `${cp}/${k}`);
      m.seasonality?.forEach((x, i) => {
        if (parseDuration(x.period) === undefined) bad(`'${x.period}' is not a duration`, `${cp}/series/seasonality/${i}/period`);
      });
    }
  }
  return out;
}
