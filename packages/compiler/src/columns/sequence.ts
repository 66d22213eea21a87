import { normalizeColumn, type ColumnOfKind, type ColumnSpec, type SequenceColumn } from '@synth/spec';
import type { ColumnKindModule } from './kind-module.js';

/** A sequence's first value and step, with their defaults. */
export function sequenceOf(spec: SequenceColumn): { start: number; step: number } {
  return { start: spec.start ?? 1, step: spec.step ?? 1 };
}

/** A column's start and step when it is a sequence (its values are then known without reading them). */
export function sequenceParams(c: ColumnSpec): { start: number; step: number } | undefined {
  const n = normalizeColumn(c);
  return n.kind === 'sequence' ? sequenceOf(n.spec) : undefined;
}

/** `sequence`: start + row × step. The executor counts it (execute/column-source.ts); nothing draws it. */
export const sequenceColumn: ColumnKindModule<ColumnOfKind<'sequence'>> = {
  info: () => ({ type: 'int' }),
  rules(n) {
    const { start, step } = sequenceOf(n.spec);
    return [{ rule: 'sequence', expected: `${start} + row × ${step}`, holds: (v, row) => v === start + row * step }];
  },
};
