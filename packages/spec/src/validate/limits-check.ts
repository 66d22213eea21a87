import { diag, pointerOf, spanOf } from '../diagnostics/diagnostic.js';
import { FLOAT_MAGNITUDE, resolveLimits, type Limits } from '../limits.js';
import type { Cardinality, ColumnSpec, Diagnostic, Spec, SpecDocument } from '../types.js';

/**
 * Every number in a spec is finite (docs/spec.md#limits). YAML reads `.inf`, `.nan` and `1e400` as numbers, and the
 * JSON Schema's `number` takes them; a generator given one hangs, allocates without end or writes `NaN`. This walks
 * the whole document, so no field is missed, whatever the schema says about it.
 */
export function checkSpecNumbers(doc: SpecDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (v: unknown, pointer: string): void => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) out.push(diag('numberNotFinite', { what: describe(pointer), value: sourceText(doc, pointer) ?? String(v) }, { doc, pointer }));
      return;
    }
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${pointer}/${i}`));
    else for (const [k, x] of Object.entries(v)) walk(x, `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
  };
  walk(doc.value, '');
  return out;
}

/**
 * The limits a spec's own numbers can break, each with its code (SYN340–SYN344): fixed row counts, children per
 * parent, array lengths, string lengths and zipf tables. Totals that only the plan knows (rows × --scale, the sum of
 * per-parent counts, all tables together, the output size) are checked by the compiler's plan.
 */
export function checkSpecLimits(doc: SpecDocument, spec: Spec, overrides: Partial<Limits> = {}): Diagnostic[] {
  const limits = resolveLimits(overrides);
  const out: Diagnostic[] = [];
  for (const [name, table] of Object.entries(spec.tables)) {
    const tp = pointerOf('tables', name);
    if (typeof table.rows === 'number') {
      if (table.rows > limits.rowsPerTable) out.push(diag('rowsPerTableLimit', { what: `Table '${name}'`, rows: count(table.rows), max: count(limits.rowsPerTable) }, { doc, pointer: `${tp}/rows` }));
    } else if (table.rows && typeof table.rows === 'object') {
      const most = largestCount(table.rows.count);
      if (most > limits.rowsPerTable) {
        out.push(diag('rowsPerTableLimit', { what: `One parent row of table '${name}'`, rows: count(most), max: count(limits.rowsPerTable) }, { doc, pointer: `${tp}/rows/count` }));
      }
    }
    for (const [col, c] of Object.entries(table.columns)) checkColumn(doc, c, pointerOf('tables', name, 'columns', col), limits, out);
  }
  checkZipf(doc, doc.value, '', limits, out);
  return out;
}

function checkColumn(doc: SpecDocument, c: ColumnSpec, pointer: string, limits: Limits, out: Diagnostic[]): void {
  const x = c as unknown as Record<string, unknown>;
  checkMagnitudes(doc, x, pointer, out);
  if (x.type === 'array') {
    const most = largestCount((x.count as Cardinality | undefined) ?? 0);
    if (most > limits.arrayLength) out.push(diag('arrayLengthLimit', { what: `\`count\` of array column ${describe(pointer)}`, value: count(most), max: count(limits.arrayLength) }, { doc, pointer: `${pointer}/count` }));
    if (x.items && typeof x.items === 'object') checkColumn(doc, x.items as ColumnSpec, `${pointer}/items`, limits, out);
  }
  if (x.type === 'object' && x.fields && typeof x.fields === 'object') {
    for (const [k, f] of Object.entries(x.fields as Record<string, ColumnSpec>)) checkColumn(doc, f, `${pointer}/fields/${k}`, limits, out);
  }
  if (x.type === 'json' && x.schema && typeof x.schema === 'object') checkEmbeddedSchema(doc, x.schema, `${pointer}/schema`, limits, out);
  if (typeof x.type === 'string' && /^(string|lorem)\./.test(x.type) && Array.isArray(x.args)) {
    // Their numeric arguments are lengths or counts of characters, words or lines: each makes a longer string.
    const walk = (v: unknown, p: string): void => {
      if (typeof v === 'number' && v > limits.stringLength) out.push(diag('stringLengthLimit', { what: `Argument ${describe(p)} of ${x.type as string}`, value: count(v), max: count(limits.stringLength) }, { doc, pointer: p }));
      else if (v !== null && typeof v === 'object') for (const [k, y] of Object.entries(v)) walk(y, `${p}/${k}`);
    };
    walk(x.args, `${pointer}/args`);
  } else if (typeof x.type === 'string' && x.type.includes('.') && Array.isArray(x.args)) {
    // Any other Faker method: an option named `length` is the length of what it makes (finance.pin({ length: 1e9 })
    // hung in Faker's loop; found by the fuzzer), a number or a { min, max } range.
    const walk = (v: unknown, p: string, isLength: boolean): void => {
      if (isLength && typeof v === 'number' && v > limits.stringLength) out.push(diag('stringLengthLimit', { what: `Argument ${describe(p)} of ${x.type as string}`, value: count(v), max: count(limits.stringLength) }, { doc, pointer: p }));
      else if (v !== null && typeof v === 'object') for (const [k, y] of Object.entries(v)) walk(y, `${p}/${k}`, isLength || k === 'length');
    };
    walk(x.args, `${pointer}/args`, false);
  }
}

/**
 * Numbers that would come out inexact or infinite (SYN345): a sequence's start and step beyond ±2^53 (`start: 1e300`
 * wrote 1e+300 into an int column), a decimal's bounds beyond what its scale holds exactly, a float's bounds and
 * distribution parameters beyond ±1e300 (min −1e308, max 1e308 wrote Infinity). Int bounds are checked as SYN317.
 */
function checkMagnitudes(doc: SpecDocument, x: Record<string, unknown>, pointer: string, out: Diagnostic[]): void {
  const type = x.type;
  const bad = (key: string, value: number, detail: string) => out.push(diag('numberTooLarge', { what: describe(`${pointer}/${key}`), value: String(value), detail }, { doc, pointer: `${pointer}/${key}` }));
  if (type === 'sequence') {
    for (const k of ['start', 'step']) {
      const v = x[k];
      if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) > Number.MAX_SAFE_INTEGER) bad(k, v, 'a sequence counts in whole numbers within ±2^53');
    }
  }
  if (type === 'decimal') {
    const scale = typeof x.scale === 'number' ? x.scale : 2;
    const most = Number.MAX_SAFE_INTEGER / 10 ** scale;
    for (const k of ['min', 'max']) {
      const v = x[k];
      if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) > most) bad(k, v, `a decimal of scale ${scale} is exact within ±${most.toExponential(2)}`);
    }
  }
  if (type === 'float' || type === 'decimal') {
    for (const k of ['min', 'max']) {
      const v = x[k];
      if (type === 'float' && typeof v === 'number' && Number.isFinite(v) && Math.abs(v) > FLOAT_MAGNITUDE) bad(k, v, 'float bounds must be within ±1e300');
    }
    const dist = x.distribution;
    if (dist !== null && typeof dist === 'object') {
      for (const [name, params] of Object.entries(dist)) {
        if (params === null || typeof params !== 'object') continue;
        for (const [k, v] of Object.entries(params)) {
          if (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) > FLOAT_MAGNITUDE) bad(`distribution/${name}/${k}`, v, 'distribution parameters must be within ±1e300');
        }
      }
    }
  }
}

/** json-schema-faker makes what the embedded schema asks for: `minItems: 1e9` is a billion elements. */
function checkEmbeddedSchema(doc: SpecDocument, schema: unknown, pointer: string, limits: Limits, out: Diagnostic[]): void {
  if (schema === null || typeof schema !== 'object') return;
  for (const [k, v] of Object.entries(schema)) {
    const p = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (typeof v === 'number' && (k === 'minItems' || k === 'maxItems') && v > limits.arrayLength) {
      out.push(diag('arrayLengthLimit', { what: `\`${k}\` of the embedded schema`, value: count(v), max: count(limits.arrayLength) }, { doc, pointer: p }));
    } else if (typeof v === 'number' && (k === 'minLength' || k === 'maxLength') && v > limits.stringLength) {
      out.push(diag('stringLengthLimit', { what: `\`${k}\` of the embedded schema`, value: count(v), max: count(limits.stringLength) }, { doc, pointer: p }));
    } else checkEmbeddedSchema(doc, v, p, limits, out);
  }
}

/** `zipf: { n }` anywhere (a column's distribution, a count): its table is allocated whole. */
function checkZipf(doc: SpecDocument, v: unknown, pointer: string, limits: Limits, out: Diagnostic[]): void {
  if (v === null || typeof v !== 'object') return;
  for (const [k, x] of Object.entries(v)) {
    const p = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    const n = k === 'zipf' && x !== null && typeof x === 'object' ? (x as { n?: unknown }).n : undefined;
    if (typeof n === 'number' && n > limits.zipfSize) out.push(diag('zipfSizeLimit', { what: '`n` of zipf', value: count(n), max: count(limits.zipfSize) }, { doc, pointer: `${p}/n` }));
    else checkZipf(doc, x, p, limits, out);
  }
}

/**
 * The most a count can be, or for a distribution what it is centred on (its tail is cut at the limit by the
 * generators): a fixed number, the max of a range, a poisson's or normal's mean, a lognormal's or exponential's mean.
 */
export function largestCount(c: Cardinality): number {
  if (typeof c === 'number') return c;
  if (c === null || typeof c !== 'object') return 0;
  const d = c as Record<string, Record<string, number> | undefined>;
  if ('max' in c && typeof (c as { max: unknown }).max === 'number') return (c as { max: number }).max;
  if (d.poisson) return d.poisson.mean ?? 0;
  if (d.normal) return (d.normal.mean ?? 0) + 3 * (d.normal.stddev ?? 0);
  if (d.lognormal) return Math.exp((d.lognormal.mu ?? 0) + (d.lognormal.sigma ?? 0) ** 2 / 2);
  if (d.exponential) return d.exponential.rate ? 1 / d.exponential.rate : 0;
  if (d.zipf) return d.zipf.n ?? 0;
  return 0;
}

/** What the user wrote at the pointer (`.inf`, `1e400`), not what it parsed to. */
function sourceText(doc: SpecDocument, pointer: string): string | undefined {
  if (!doc.positions.has(pointer)) return undefined;
  const span = spanOf(doc, pointer);
  return span ? doc.source.text.slice(span.start, span.start + span.length) : undefined;
}

function describe(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return `\`${parts[parts.length - 1]}\` (${parts.join('.')})`;
}

function count(n: number): string {
  return Math.abs(n) < 1e21 ? Math.round(n).toLocaleString('en-US') : String(n);
}
