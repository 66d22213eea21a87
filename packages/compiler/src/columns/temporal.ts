import type { ColumnOfKind } from '@synth/spec';
import { cdfs } from '../conformance/stats.js';
import { rangeRule, type ValueRule } from '../conformance/value-rule.js';
import { formatClock } from '../generators/cel-values.js';
import { DAY_MS, temporalBounds, temporalStep } from '../generators/defaults.js';
import type { ColumnKindModule } from './kind-module.js';

type Temporal = ColumnOfKind<'date' | 'datetime' | 'time'>;

/**
 * `date`, `datetime` and `time`: a range of epoch milliseconds (ms since midnight for a time) drawn in steps of a day
 * or a second, written in `format` (docs/spec.md#dates-and-times).
 */
export const temporalColumn: ColumnKindModule<Temporal> = {
  info(n) {
    const format = n.spec.format;
    return format === undefined ? { type: n.kind } : { type: n.kind, format };
  },

  domain: {
    size(n) {
      const b = temporalBounds(n.kind, n.spec);
      return { size: Math.floor((b.max - b.min) / temporalStep(n.kind)) + 1 };
    },
    value(n) {
      const b = temporalBounds(n.kind, n.spec);
      const step = temporalStep(n.kind);
      return (i) => b.min + i * step;
    },
  },

  draw(n) {
    const b = temporalBounds(n.kind, n.spec);
    const step = temporalStep(n.kind);
    const steps = Math.floor((b.max - b.min) / step);
    return (rng) => b.min + rng.int(0, steps) * step;
  },

  rules(n) {
    const rules: ValueRule[] = [];
    const { spec } = n;
    const b = temporalBounds(n.kind, spec);
    if (b.hasMin || b.hasMax || spec.expr === undefined) {
      const min = b.hasMin || spec.expr === undefined ? b.min : -Infinity;
      const max = b.hasMax || spec.expr === undefined ? b.max : Infinity;
      const show = (ms: number, given: unknown) => (typeof given === 'string' ? given : String(ms));
      rules.push(rangeRule(min, max, show(min, spec.min), show(max, spec.max), b.hasMax ? 'max' : b.hasMin ? 'min' : undefined));
    }
    if (n.kind === 'date') rules.push({ rule: 'type', expected: 'a whole day', holds: (v) => (v as number) % DAY_MS === 0 });
    return rules;
  },

  shape(n) {
    const b = temporalBounds(n.kind, n.spec);
    const step = temporalStep(n.kind);
    return { kind: 'continuous', label: 'uniform over [min, max]', cdf: cdfs.uniform(b.min - step / 2, b.max + step / 2), step };
  },

  document: {
    schema: () => ({ type: 'string' }),
    // Dates and times read as ISO text in a document.
    encode(n) {
      switch (n.kind) {
        case 'date':
          return (v) => (typeof v === 'number' ? new Date(v).toISOString().slice(0, 10) : v);
        case 'datetime':
          return (v) => (typeof v === 'number' ? new Date(v).toISOString().replace('.000Z', 'Z') : v);
        case 'time':
          return (v) => (typeof v === 'number' ? formatClock(v) : v);
      }
    },
  },
};
