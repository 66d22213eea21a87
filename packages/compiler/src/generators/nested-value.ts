import { normalizeColumn, type Cardinality, type ColumnSpec, type Distribution } from '@synth/spec';
import { generateSync } from 'json-schema-faker';
import { CellRandom, streamKey } from '../random/cell-random.js';
import { samplerFor } from './distributions.js';
import type { Draw } from './draw.js';
import type { DrawContext, Json } from '../columns/kind-module.js';

/** Elements of an array column when the spec gives no `count`. */
export const DEFAULT_ARRAY_COUNT: Cardinality = { min: 0, max: 3 };
const TWO_POW_32 = 4294967296;

/** Makes one value of a field, from the cell's seed and the field's path in the document. */
type Part = (cell: string, path: string) => Json;

/**
 * A field or element of a document failed to draw (a Faker method rejecting its `args`): which one, so the
 * diagnostic names its method and points at it rather than at the document column.
 */
export class NestedDrawError extends Error {
  constructor(readonly type: string, readonly pointer: string, cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/**
 * Object, array and json columns (docs/nested.md). A cell's document is a pure function of its one draw from the
 * column's stream (the cell seed) and each part's path in the document (`line_items[2].sku`): every field and element
 * has a stream of its own, so adding a field changes no other field's values, like adding a column. The value is
 * written as JSON text (logical type `json`) that json, jsonl and xml expand.
 */
export function nestedDraw(c: ColumnSpec, ctx: DrawContext): Draw {
  const part = partFor(c, ctx, '');
  return (rng) => JSON.stringify(part(String(Math.floor(rng.next() * TWO_POW_32)), ''));
}

/** `pointer`: the part's JSON pointer below the column (`/fields/address/fields/zip`, `/items`). */
function partFor(c: ColumnSpec, ctx: DrawContext, pointer: string): Part {
  const n = normalizeColumn(c);
  const nulls = c.nulls ?? 0;
  const withNulls = (p: Part): Part => (nulls > 0 ? (cell, path) => (stream(cell, `${path}#null`).next() < nulls ? null : p(cell, path)) : p);
  switch (n.kind) {
    case 'object': {
      const fields = Object.entries(n.spec.fields).map(([name, f]) => [name, partFor(f, ctx, `${pointer}/fields/${name}`)] as const);
      return withNulls((cell, path) => Object.fromEntries(fields.map(([name, p]) => [name, p(cell, path ? `${path}.${name}` : name)])));
    }
    case 'array': {
      const item = partFor(n.spec.items, ctx, `${pointer}/items`);
      const count = counter(n.spec.count ?? DEFAULT_ARRAY_COUNT);
      return withNulls((cell, path) => Array.from({ length: count(stream(cell, `${path}#count`)) }, (_, j) => item(cell, `${path}[${j}]`)));
    }
    case 'json': {
      const schema = n.spec.schema;
      return withNulls((cell, path) => generateSync(schema as never, { seed: stream(cell, path).int(0, 2 ** 31 - 1) }) as Json);
    }
    default: {
      const draw = ctx.drawOf(c);
      const encode = ctx.jsonOf(c);
      // A reference cannot be inside a document (the spec checks say so); its `type` would read 'undefined'.
      const type = n.kind === 'ref' ? 'undefined' : n.spec.type;
      return withNulls((cell, path) => {
        try {
          return encode(draw(stream(cell, path)));
        } catch (e) {
          throw new NestedDrawError(type, pointer, e);
        }
      });
    }
  }
}

function stream(cell: string, path: string): CellRandom {
  return new CellRandom(streamKey(cell, path)).at(0);
}

/** How many elements: a number, a range, or a distribution (rounded, at least 0), like rows per parent. */
function counter(count: Cardinality): (rng: CellRandom) => number {
  if (typeof count === 'number') return () => count;
  if ('min' in count && 'max' in count && typeof count.min === 'number') {
    const { min, max } = count as { min: number; max: number };
    return (rng) => rng.int(min, max);
  }
  const sample = samplerFor(count as Distribution, 0, 0, true);
  return (rng) => Math.max(0, Math.round(sample(rng)));
}
