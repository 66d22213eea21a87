import { normalizeColumn, type ColumnSpec } from '@synth/spec';
import type { JsonSchema } from '../columns/kind-module.js';
import { documentSchemaOf } from '../columns/nested.js';
import { columnModule } from '../columns/registry.js';

/**
 * The JSON Schema a document column's values must satisfy, read from the spec (docs/nested.md#checks): a `json`
 * column's own schema; for `object` and `array` columns, one derived from their fields — every field present, of its
 * kind, within its range or pattern, arrays with a fixed or ranged `count` of that many elements. The checker
 * validates every written value with ajv, a different library from the json-schema-faker that made it.
 */
export function documentSchema(c: ColumnSpec): object | boolean | undefined {
  const n = normalizeColumn(c);
  if (n.kind !== 'object' && n.kind !== 'array' && n.kind !== 'json') return undefined;
  return documentSchemaOf(n, partSchema);
}

/** A part of a document (a field, an element) as its kind's module describes it, null too when it has nulls. */
export function partSchema(c: ColumnSpec): JsonSchema {
  const n = normalizeColumn(c);
  const document = columnModule(n).document;
  // Without one (Faker values are strings, numbers or booleans depending on the method): any value.
  if (!document) return {};
  const s = document.schema(n, partSchema);
  return (c.nulls ?? 0) > 0 ? { anyOf: [s, { type: 'null' }] } : s;
}
