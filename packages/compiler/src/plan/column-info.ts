import { columnCanBeNull, columnExpr, normalizeColumn, type ColumnSpec, type Spec } from '@synth/spec';
import type { DomainSize } from '../columns/kind-module.js';
import { columnModule } from '../columns/registry.js';
import type { FakerSource } from '../generators/faker-source.js';
import type { ColumnInfo, LogicalType } from '../types.js';

/** What a column's values look like to writers; Faker methods are probed once, since their paths don't say. */
export function columnInfo(name: string, c: ColumnSpec, spec: Spec, faker: FakerSource, resolving = new Set<ColumnSpec>(), pluginType?: (type: string) => LogicalType | undefined): ColumnInfo {
  const nullable = columnCanBeNull(c);
  const n = normalizeColumn(c);
  const refTarget = (ref: string): ColumnInfo | undefined => {
    const [t, col] = ref.split('.') as [string, string];
    const target = spec.tables[t]?.columns[col];
    if (!target || resolving.has(target)) return undefined;
    resolving.add(target);
    return columnInfo(name, target, spec, faker, resolving, pluginType);
  };
  const { nullable: always, ...type } = columnModule(n).info(n, { faker, ...(pluginType ? { pluginType } : {}), refTarget });
  return { name, nullable: nullable || always === true, ...type };
}

/**
 * The number of distinct values a column can take when that is finite and enumerable in order (for unique
 * columns drawn from a permutation), or undefined. `retryDomain` is a finite bound for columns that can only
 * be made unique by redrawing (patterns, decimals), used to reject impossible specs early.
 */
export function enumerableDomain(c: ColumnSpec, parentRows?: number): DomainSize {
  const n = normalizeColumn(c);
  // A derived column's values are its expression's.
  if (n.kind !== 'ref' && columnExpr(c) !== undefined) return {};
  return columnModule(n).domain?.size(n, parentRows) ?? {};
}
