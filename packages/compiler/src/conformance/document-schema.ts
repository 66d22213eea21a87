import { columnKind, type Cardinality, type ColumnSpec } from '@synth/spec';
import { DEFAULT_ARRAY_COUNT } from '../generators/nested-value.js';

type Schema = Record<string, unknown>;

/**
 * The JSON Schema a document column's values must satisfy, read from the spec (docs/nested.md#checks): a `json`
 * column's own schema; for `object` and `array` columns, one derived from their fields — every field present, of its
 * kind, within its range or pattern, arrays with a fixed or ranged `count` of that many elements. The checker
 * validates every written value with ajv, a different library from the json-schema-faker that made it.
 */
export function documentSchema(c: ColumnSpec): object | boolean | undefined {
  const kind = columnKind(c);
  const x = c as unknown as Record<string, unknown>;
  if (kind === 'json') return x.schema as object | boolean;
  if (kind !== 'object' && kind !== 'array') return undefined;
  return partSchema(c);
}

function partSchema(c: ColumnSpec): Schema {
  const kind = columnKind(c);
  const x = c as unknown as Record<string, unknown>;
  const nullable = (s: Schema): Schema => ((c.nulls ?? 0) > 0 ? { anyOf: [s, { type: 'null' }] } : s);
  const bounds = (s: Schema): Schema => ({ ...s, ...(typeof x.min === 'number' ? { minimum: x.min } : {}), ...(typeof x.max === 'number' ? { maximum: x.max } : {}) });
  switch (kind) {
    case 'object': {
      const fields = x.fields as Record<string, ColumnSpec>;
      return nullable({ type: 'object', required: Object.keys(fields), additionalProperties: false, properties: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, partSchema(f)])) });
    }
    case 'array': {
      const count = (x.count as Cardinality | undefined) ?? DEFAULT_ARRAY_COUNT;
      const size = typeof count === 'number' ? { minItems: count, maxItems: count } : 'min' in count && typeof count.min === 'number' ? { minItems: count.min, maxItems: (count as { max: number }).max } : {};
      return nullable({ type: 'array', ...size, items: partSchema(x.items as ColumnSpec) });
    }
    case 'json':
      return nullable(x.schema as Schema);
    case 'int':
      return nullable(bounds({ type: 'integer' }));
    case 'float':
    case 'decimal':
      return nullable(bounds({ type: 'number' }));
    case 'bool':
      return nullable({ type: 'boolean' });
    case 'enum': {
      const values = x.values as unknown[] | Record<string, number>;
      // A list may repeat a value to weight it (docs/spec.md); JSON Schema's enum must list each once.
      return nullable({ enum: Array.isArray(values) ? [...new Set(values)] : Object.keys(values).filter((k) => values[k]! > 0) });
    }
    case 'string':
      return nullable(typeof x.pattern === 'string' ? { type: 'string', pattern: `^(?:${x.pattern})$` } : { type: 'string' });
    case 'uuid':
    case 'date':
    case 'datetime':
    case 'time':
      return nullable({ type: 'string' });
    case 'constant':
      return nullable({ const: x.value });
    default:
      // Faker values are strings, numbers or booleans depending on the method.
      return {};
  }
}
