/**
 * Column kinds, one module each (columns/<kind>.ts): what writers see (`info`), the finite domain a unique column is
 * permuted over (`domain`), the draw kernel (`draw`), the conformance checker's rules (`rules`) and declared spread
 * (`shape`), and the part it plays inside a document (`document`). See kind-module.ts for each facet.
 *
 * The stages never switch over kinds: they normalize a column once (`normalizeColumn` in @synth/spec, whose `kind`
 * TypeScript narrows) and call its module here (generators/draw.ts, plan/column-info.ts, conformance/*). A new kind
 * is a new module plus its line below (a missing line fails to compile), besides its grammar in packages/spec
 * (types.ts, the JSON Schema, the allowed keys of semantic-check.ts) and docs/spec.md.
 */
import type { ColumnKind, ColumnOfKind, NormalizedColumn } from '@synth/spec';
import { boolColumn } from './bool.js';
import { constantColumn } from './constant.js';
import { enumColumn } from './enum.js';
import { fakerColumn } from './faker.js';
import type { ColumnKindModule } from './kind-module.js';
import { nestedColumn } from './nested.js';
import { numericColumn } from './numeric.js';
import { pluginColumn } from './plugin.js';
import { refColumn } from './ref.js';
import { sequenceColumn } from './sequence.js';
import { stringColumn } from './string.js';
import { temporalColumn } from './temporal.js';
import { uuidColumn } from './uuid.js';

const MODULES = {
  sequence: sequenceColumn,
  int: numericColumn,
  float: numericColumn,
  decimal: numericColumn,
  bool: boolColumn,
  enum: enumColumn,
  date: temporalColumn,
  datetime: temporalColumn,
  time: temporalColumn,
  uuid: uuidColumn,
  string: stringColumn,
  constant: constantColumn,
  object: nestedColumn,
  array: nestedColumn,
  json: nestedColumn,
  ref: refColumn,
  faker: fakerColumn,
  plugin: pluginColumn,
} satisfies { [K in ColumnKind]: ColumnKindModule<ColumnOfKind<K>> };

/** The module of a normalized column's kind; its facets take that column. */
export function columnModule(n: NormalizedColumn): ColumnKindModule<NormalizedColumn> {
  return MODULES[n.kind];
}
