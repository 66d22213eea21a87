import { jsonSchemaValidator, type ColumnOfKind, type ColumnSpec } from '@synth/spec';
import { DEFAULT_ARRAY_COUNT, nestedDraw } from '../generators/nested-value.js';
import { parsesAsJson } from '../conformance/value-rule.js';
import type { ColumnKindModule, JsonSchema } from './kind-module.js';

type Nested = ColumnOfKind<'object' | 'array' | 'json'>;

/**
 * The JSON Schema a document column's values must satisfy (docs/nested.md#checks): a `json` column's own schema; for
 * `object` and `array` columns, the one derived from their parts (`partSchema`, nulls included).
 */
export function documentSchemaOf(n: Nested, partSchema: (c: ColumnSpec) => JsonSchema): JsonSchema {
  return n.kind === 'json' ? n.spec.schema : partSchema(n.spec);
}

/**
 * `object` (named fields), `array` (`count` elements like `items`) and `json` (made by json-schema-faker from an
 * embedded JSON Schema): one document per cell, written as JSON text (generators/nested-value.ts).
 */
export const nestedColumn: ColumnKindModule<Nested> = {
  info: () => ({ type: 'json' }),

  draw: (n, ctx) => nestedDraw(n.spec, ctx),

  // Every value is validated by ajv, a different library from the json-schema-faker that made it.
  rules(n, ctx) {
    const valid = jsonSchemaValidator(documentSchemaOf(n, ctx.partSchema));
    const expected = n.kind === 'json' ? 'the embedded JSON Schema' : `the declared ${n.kind === 'array' ? 'elements' : 'fields'}`;
    const key = n.kind === 'json' ? 'schema' : n.kind === 'array' ? 'items' : 'fields';
    return [{ rule: 'document', expected, key, holds: (v) => typeof v === 'string' && parsesAsJson(v) && valid(JSON.parse(v)) }];
  },

  document: {
    // Every field present, of its kind; arrays with a fixed or ranged `count` of that many elements.
    schema(n, partSchema) {
      switch (n.kind) {
        case 'object': {
          const fields = n.spec.fields;
          return { type: 'object', required: Object.keys(fields), additionalProperties: false, properties: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, partSchema(f)])) };
        }
        case 'array': {
          const count = n.spec.count ?? DEFAULT_ARRAY_COUNT;
          const size = typeof count === 'number' ? { minItems: count, maxItems: count } : 'min' in count && typeof count.min === 'number' ? { minItems: count.min, maxItems: (count as { max: number }).max } : {};
          return { type: 'array', ...size, items: partSchema(n.spec.items) };
        }
        case 'json':
          return n.spec.schema;
      }
    },
  },
};
