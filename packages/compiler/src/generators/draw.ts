import { normalizeColumn, type ColumnSpec } from '@synth/spec';
import { columnModule } from '../columns/registry.js';
import type { DrawContext, Json } from '../columns/kind-module.js';
import type { CellRandom } from '../random/cell-random.js';
import type { CellValue } from '../types.js';
import type { FakerSource } from './faker-source.js';

export { RANGE_REDRAWS } from '../columns/numeric.js';

export type Draw = (rng: CellRandom) => CellValue;

/** A drawn (not derived, not referenced) column's value source: one closure per column, built once. */
export function drawFor(c: ColumnSpec, faker: FakerSource): Draw {
  const n = normalizeColumn(c);
  const draw = columnModule(n).draw;
  if (!draw) throw new Error(`No draw for column kind ${n.kind}`);
  return draw(n, drawContext(faker));
}

function drawContext(faker: FakerSource): DrawContext {
  return { faker, drawOf: (part) => drawFor(part, faker), jsonOf };
}

const asItIs = (v: CellValue): Json => v;

/** How a part's drawn value reads in a document (docs/nested.md). */
function jsonOf(c: ColumnSpec): (v: CellValue) => Json {
  const n = normalizeColumn(c);
  return columnModule(n).document?.encode?.(n) ?? asItIs;
}

/** The i-th value of an enumerable domain (for unique columns drawn from a permutation). */
export function domainValueFor(c: ColumnSpec): ((i: number) => CellValue) | undefined {
  const n = normalizeColumn(c);
  return columnModule(n).domain?.value?.(n);
}
