import type { ColumnOfKind, EnumColumn } from '@synth/spec';
import type { LogicalType } from '../types.js';
import type { ColumnKindModule } from './kind-module.js';

/**
 * The values a unique enum is permuted over, each once: a list may repeat a value to weight it (docs/spec.md), and a
 * value of weight 0 is never drawn.
 */
function distinctValues(values: EnumColumn['values']): Array<string | number | boolean> {
  return Array.isArray(values) ? [...new Set(values)] : Object.keys(values).filter((k) => values[k]! > 0);
}

/** `enum`: a list (equal weights) or a map of value → weight. */
export const enumColumn: ColumnKindModule<ColumnOfKind<'enum'>> = {
  info(n) {
    const values = n.spec.values;
    const list = Array.isArray(values) ? values : Object.keys(values);
    const type: LogicalType = list.every((v) => typeof v === 'boolean') ? 'bool'
      : list.every((v) => typeof v === 'number') ? (list.every((v) => Number.isInteger(v)) ? 'int' : 'float') : 'string';
    return { type };
  },

  domain: {
    size(n) {
      const v = n.spec.values;
      return { size: Array.isArray(v) ? new Set(v).size : Object.values(v).filter((w) => w > 0).length };
    },
    value(n) {
      const list = distinctValues(n.spec.values);
      return (i) => list[i]!;
    },
  },

  draw(n) {
    const values = n.spec.values;
    const list = Array.isArray(values) ? values : Object.keys(values);
    const weights = Array.isArray(values) ? list.map(() => 1) : Object.values(values);
    const cumulative: number[] = [];
    let total = 0;
    for (const w of weights) cumulative.push((total += w));
    return (rng) => list[rng.weighted(cumulative)]!;
  },

  rules(n) {
    const allowed = new Set(distinctValues(n.spec.values).map((v) => String(v)));
    return [{ rule: 'values', expected: `one of ${[...allowed].slice(0, 6).join(', ')}${allowed.size > 6 ? ', …' : ''}`, key: 'values', holds: (v) => allowed.has(String(v)) }];
  },

  shape(n) {
    const values = n.spec.values;
    const weights = new Map<string, number>();
    if (Array.isArray(values)) for (const v of values) weights.set(String(v), (weights.get(String(v)) ?? 0) + 1);
    else for (const [k, w] of Object.entries(values)) weights.set(k, w);
    return { kind: 'categorical', label: 'enum weights', weights };
  },

  document: {
    // JSON Schema's enum lists each value once.
    schema: (n) => ({ enum: distinctValues(n.spec.values) }),
  },
};
