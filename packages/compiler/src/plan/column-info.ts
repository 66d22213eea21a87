import { columnCanBeNull, columnKind, isRefColumn, pluginNameParts, type ColumnSpec, type Spec } from '@synth/spec';
import { DECIMAL_DEFAULT_SCALE, numericBounds, temporalBounds, temporalStep } from '../generators/defaults.js';
import { patternDomainSize } from '../generators/pattern.js';
import type { FakerSource } from '../generators/faker-source.js';
import { CellRandom, streamKey } from '../random/cell-random.js';
import type { ColumnInfo, LogicalType } from '../types.js';

/** What a column's values look like to writers; Faker methods are probed once, since their paths don't say. */
export function columnInfo(name: string, c: ColumnSpec, spec: Spec, faker: FakerSource, resolving = new Set<ColumnSpec>(), pluginType?: (type: string) => LogicalType | undefined): ColumnInfo {
  const nullable = columnCanBeNull(c);
  if (isRefColumn(c)) {
    const [t, col] = c.ref.split('.') as [string, string];
    const target = spec.tables[t]?.columns[col];
    if (!target || resolving.has(target)) return { name, type: 'string', nullable };
    resolving.add(target);
    return { ...columnInfo(name, target, spec, faker, resolving, pluginType), name, nullable };
  }
  const base = { name, nullable };
  switch (c.type) {
    case 'sequence':
      return { ...base, type: 'int' };
    case 'int':
      return { ...base, type: 'int' };
    case 'float': {
      const scale = (c as { scale?: number }).scale;
      return scale === undefined ? { ...base, type: 'float' } : { ...base, type: 'float', scale };
    }
    case 'decimal':
      return { ...base, type: 'decimal', scale: (c as { scale?: number }).scale ?? DECIMAL_DEFAULT_SCALE };
    case 'bool':
      return { ...base, type: 'bool' };
    case 'date':
    case 'datetime':
    case 'time': {
      const format = (c as { format?: string }).format;
      return format === undefined ? { ...base, type: c.type } : { ...base, type: c.type, format };
    }
    case 'uuid':
      return { ...base, type: 'uuid' };
    case 'enum': {
      const values = (c as { values: unknown }).values;
      const list = Array.isArray(values) ? values : Object.keys(values as object);
      const t: LogicalType = list.every((v) => typeof v === 'boolean') ? 'bool'
        : list.every((v) => typeof v === 'number') ? (list.every((v) => Number.isInteger(v)) ? 'int' : 'float') : 'string';
      return { ...base, type: t };
    }
    case 'constant': {
      const v = (c as { value: unknown }).value;
      const t: LogicalType = typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'string';
      return { ...base, type: t, nullable: nullable || v === null };
    }
    case 'string':
      return { ...base, type: 'string' };
    case 'object':
    case 'array':
    case 'json':
      return { ...base, type: 'json' };
    default: {
      // A plugin generator declares its type (docs/plugins.md); it is not called to find out.
      if (pluginNameParts(c.type)) return { ...base, type: pluginType?.(c.type) ?? 'string' };
      const sample = faker.call(c.type, (c as { args?: unknown[] }).args ?? [], new CellRandom(streamKey('probe', c.type)).at(0));
      const t: LogicalType = typeof sample === 'number' ? (Number.isInteger(sample) ? 'int' : 'float')
        : typeof sample === 'boolean' ? 'bool' : sample instanceof Date ? 'datetime' : 'string';
      return { ...base, type: t };
    }
  }
}

/**
 * The number of distinct values a column can take when that is finite and enumerable in order (for unique
 * columns drawn from a permutation), or undefined. `retryDomain` is a finite bound for columns that can only
 * be made unique by redrawing (patterns, decimals), used to reject impossible specs early.
 */
export function enumerableDomain(c: ColumnSpec, parentRows?: number): { size?: number; retryDomain?: number } {
  if (isRefColumn(c)) return parentRows === undefined ? {} : { size: parentRows };
  const kind = columnKind(c);
  const x = c as unknown as Record<string, unknown>;
  if (x.expr !== undefined) return {};
  switch (kind) {
    case 'int': {
      const b = numericBounds(c as never);
      const dist = x.distribution ? Object.keys(x.distribution as object)[0] : 'uniform';
      const size = Math.floor(b.max) - Math.ceil(b.min) + 1;
      return dist === 'uniform' ? { size } : b.hasMin && b.hasMax ? { retryDomain: size } : {};
    }
    case 'decimal': {
      const b = numericBounds(c as never);
      const scale = (x.scale as number | undefined) ?? DECIMAL_DEFAULT_SCALE;
      return { retryDomain: Math.floor((b.max - b.min) * 10 ** scale) + 1 };
    }
    case 'bool':
      return { size: 2 };
    case 'enum': {
      const v = x.values;
      // A value of weight 0 is never drawn, so it is not in the domain a unique column is permuted over.
      return { size: Array.isArray(v) ? new Set(v).size : Object.values(v as Record<string, number>).filter((w) => w > 0).length };
    }
    case 'constant':
      return { size: 1 };
    case 'date':
    case 'datetime':
    case 'time': {
      const b = temporalBounds(kind, x);
      return { size: Math.floor((b.max - b.min) / temporalStep(kind)) + 1 };
    }
    case 'string':
      return typeof x.pattern === 'string' ? { retryDomain: patternDomainSize(x.pattern) } : {};
    default:
      return {};
  }
}
