import { Ajv } from 'ajv';
import { diag } from '../diagnostics/diagnostic.js';
import { isRefColumn, type ColumnSpec, type Diagnostic, type SpecDocument } from '../types.js';

/** What a field or element of a document cannot be: it has no row of its own to be keyed, derived or referenced by. */
const NOT_INSIDE = ['ref', 'expr', 'when', 'unique', 'primary_key', 'series', 'quality'] as const;

/** The columns inside a document column: `[name, spec, pointer]` for each field, or the array's `items`. */
export function nestedColumns(c: ColumnSpec, pointer: string): Array<[string, ColumnSpec, string]> {
  const x = c as unknown as { type?: string; fields?: Record<string, ColumnSpec>; items?: ColumnSpec };
  if (x.type === 'object' && x.fields) return Object.entries(x.fields).map(([k, f]) => [k, f, `${pointer}/fields/${k}`]);
  if (x.type === 'array' && x.items) return [['[]', x.items, `${pointer}/items`]];
  return [];
}

/** A field or element: any drawn kind, but nothing that needs a row (docs/nested.md#inside). */
export function checkNestedColumn(doc: SpecDocument, c: ColumnSpec, pointer: string): Diagnostic[] {
  const x = c as unknown as Record<string, unknown>;
  const out: Diagnostic[] = [];
  for (const key of NOT_INSIDE) {
    if (x[key] === undefined) continue;
    out.push(diag('nestedInvalid', { detail: `'${key}' cannot be used inside an object or array column` }, { doc, pointer: `${pointer}/${key}`, atKey: true }));
  }
  if (!isRefColumn(c) && c.type === 'sequence') out.push(diag('nestedInvalid', { detail: 'A sequence cannot be inside an object or array column: it counts rows' }, { doc, pointer: `${pointer}/type` }));
  return out;
}

let ajv: Ajv | undefined;

/** The embedded schema of a `json` column must compile; json-schema-faker and the checker both read it. */
export function checkJsonSchema(doc: SpecDocument, schema: unknown, pointer: string): Diagnostic[] {
  if (typeof schema === 'boolean') return schema ? [] : [diag('nestedInvalid', { detail: 'The schema `false` admits no value' }, { doc, pointer })];
  if (typeof schema !== 'object' || schema === null) return [];
  ajv ??= new Ajv({ strict: false, allErrors: false, validateFormats: false });
  try {
    ajv.compile(schema);
    return [];
  } catch (e) {
    return [diag('nestedInvalid', { detail: `Invalid JSON Schema: ${(e as Error).message.split('\n')[0]}` }, { doc, pointer })];
  }
}

/** A validator for a JSON Schema (the conformance checker's test of document values); throws when it does not compile. */
export function jsonSchemaValidator(schema: object | boolean): (value: unknown) => boolean {
  ajv ??= new Ajv({ strict: false, allErrors: false, validateFormats: false });
  const validate = ajv.compile(schema);
  return (value) => validate(value) === true;
}
