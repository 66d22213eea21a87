import type { ColumnOfKind } from '@synth/spec';
import type { LogicalType } from '../types.js';
import type { ColumnKindModule } from './kind-module.js';

/** `constant`: the same `value` in every row (null makes the column nullable). */
export const constantColumn: ColumnKindModule<ColumnOfKind<'constant'>> = {
  info(n) {
    const v = n.spec.value;
    const type: LogicalType = typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'string';
    return v === null ? { type, nullable: true } : { type };
  },
  domain: {
    size: () => ({ size: 1 }),
    value: (n) => () => n.spec.value,
  },
  draw(n) {
    const v = n.spec.value;
    return () => v;
  },
  rules(n) {
    const value = n.spec.value;
    return [{ rule: 'constant', expected: JSON.stringify(value), key: 'value', holds: (v) => v === value }];
  },
  document: { schema: (n) => ({ const: n.spec.value }) },
};
