import { columnExpr, normalizeColumn } from '@synth/spec';
import { sequenceParams } from '../columns/sequence.js';
import { pluginDraw } from '../plugins/plugin-draw.js';
import type { PluginSet } from '../plugins/plugin-set.js';
import { domainValueFor, drawFor, type Draw } from '../generators/draw.js';
import type { FakerSource } from '../generators/faker-source.js';
import { CellRandom, streamKey } from '../random/cell-random.js';
import { Permutation } from '../random/permutation.js';
import type { CellValue, PlannedColumn, PlannedTable } from '../types.js';
import type { Spec } from '@synth/spec';
import type { SeriesPosition } from '../timeseries/series-timeline.js';
import { seriesSource } from '../timeseries/series-source.js';

/**
 * How one column makes its value, resolved once per build from the plan. The executor (table-runtime.ts)
 * walks these; nothing here knows about rows other than by index.
 */
export type ColumnSource =
  | { kind: 'sequence'; start: number; step: number }
  | { kind: 'draw'; draw: Draw }
  /** A unique column drawn again (column-locally) until its value, or its group's tuple, is unseen. */
  | { kind: 'retry'; draw: Draw; group?: number }
  /** The i-th row takes the value at position perm(i) of the column's finite domain. */
  | { kind: 'permutation'; perm: Permutation; value: (i: number) => CellValue }
  /** A member of a unique group: its digit of the group's permuted index. */
  | { kind: 'group'; group: number; digit: number; value: (i: number) => CellValue }
  | { kind: 'ref'; table: string; column: string; strategy: NonNullable<PlannedColumn['refStrategy']>; perm?: Permutation; group?: number; digit?: number }
  | { kind: 'expr'; source: string }
  /** A series table's timestamp or value model (docs/timeseries.md), at the row's place in its series. */
  | { kind: 'series'; value: (at: SeriesPosition) => CellValue };

/** A unique group drawn from one permutation over the product of its members' domains (mixed radix). */
export interface GroupSource {
  strategy: 'product' | 'per-parent';
  radices: number[];
  size: number;
  /** `per-parent`: the reference column whose family the permutation runs within. */
  perParentColumn?: string;
}

/** What a plugin generator column needs besides the plan: the plugins, and how to report a failing plugin. */
export interface PluginContext {
  plugins: PluginSet;
  locale: string;
  fail(detail: string, row: number): never;
}

export function buildColumnSource(seed: string, table: PlannedTable, col: PlannedColumn, faker: FakerSource, groups: Array<GroupSource | undefined>, parentRows: (table: string) => number, plugin?: PluginContext, spec?: Spec): ColumnSource {
  const c = col.spec;
  if (col.generator === 'series') return { kind: 'series', value: seriesSource(seed, spec!, table, col) };
  const key = (purpose: string) => streamKey(seed, table.name, col.name, purpose);
  if (col.generator === 'ref') {
    const [t, rc] = col.references!.split('.') as [string, string];
    const base = { kind: 'ref' as const, table: t, column: rc, strategy: col.refStrategy! };
    if (col.refStrategy === 'permutation') return { ...base, perm: new Permutation(parentRows(t), key('#unique')) };
    if (col.refStrategy === 'group') return { ...base, group: col.uniqueGroup!, digit: digitOf(table, col) };
    return base;
  }
  if (col.generator === 'expr') return { kind: 'expr', source: columnExpr(c)! };
  if (col.generator === 'sequence') return { kind: 'sequence', ...sequenceParams(c)! };
  if (col.uniqueGroup !== undefined && groups[col.uniqueGroup]) {
    return { kind: 'group', group: col.uniqueGroup, digit: digitOf(table, col), value: domainValueFor(c)! };
  }
  if (col.unique === 'permutation') {
    return { kind: 'permutation', perm: new Permutation(col.domainSize!, key('#unique')), value: domainValueFor(c)! };
  }
  const draw = col.generator.startsWith('plugin:') ? pluginColumnDraw(table, col, faker, plugin) : drawFor(c, faker);
  if (col.unique === 'retry') return { kind: 'retry', draw };
  const retryGroup = table.uniqueGroups.findIndex((g) => g.strategy === 'retry' && g.retryColumn === col.name);
  if (retryGroup >= 0) return { kind: 'retry', draw, group: retryGroup };
  return { kind: 'draw', draw };
}

function pluginColumnDraw(table: PlannedTable, col: PlannedColumn, faker: FakerSource, ctx: PluginContext | undefined): Draw {
  const n = normalizeColumn(col.spec);
  const type = n.kind === 'plugin' ? n.spec.type : String(n.kind);
  const def = ctx?.plugins.generator(type);
  // The spec checks (given the same plugins) reported a generator no plugin provides.
  if (n.kind !== 'plugin' || !ctx || !def) throw new Error(`internal: no plugin provides generator '${type}' (the spec was not validated with the build's plugins)`);
  const options = n.spec.options ?? {};
  return pluginDraw(def, options, { table: table.name, column: col.name, locale: ctx.locale, faker, fail: ctx.fail });
}

/** The position of a column among its group's permuted members (the per-parent key is not one of them). */
function digitOf(table: PlannedTable, col: PlannedColumn): number {
  return groupMembers(table, col.uniqueGroup!).indexOf(col);
}

/** Group members sorted by name, so the digit layout does not depend on column order in the spec. */
export function groupMembers(table: PlannedTable, group: number): PlannedColumn[] {
  return table.columns.filter((m) => m.uniqueGroup === group).sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function buildGroupSource(table: PlannedTable, group: number, domainOf: (c: PlannedColumn) => number): GroupSource | undefined {
  const g = table.uniqueGroups[group]!;
  if (g.strategy !== 'product' && g.strategy !== 'per-parent') return undefined;
  const radices = groupMembers(table, group).map(domainOf);
  const size = radices.reduce((a, b) => a * b, 1);
  return g.strategy === 'per-parent'
    ? { strategy: 'per-parent', radices, size, perParentColumn: table.perParent!.column }
    : { strategy: 'product', radices, size };
}

/** A column is attempt-free when its value never changes across check retries (keys must not move). */
export function isAttemptFree(source: ColumnSource, col: PlannedColumn): boolean {
  const spec = col.spec;
  if (spec.when !== undefined || (spec.nulls ?? 0) > 0) return false;
  switch (source.kind) {
    case 'sequence':
    case 'permutation':
    case 'group':
      return true;
    case 'ref':
      return source.strategy === 'per-parent' || source.strategy === 'permutation' || source.strategy === 'group';
    case 'draw':
      // A uuid key keeps its value whatever the checks decide about the row's other columns.
      return normalizeColumn(spec).kind === 'constant' || col.unique === 'inherent';
    default:
      return false;
  }
}

export { CellRandom, streamKey };
