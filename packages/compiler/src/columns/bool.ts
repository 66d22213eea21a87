import type { ColumnOfKind } from '@synth/spec';
import type { ColumnKindModule } from './kind-module.js';

/** `bool`: true with `probability` (default one half). */
export const boolColumn: ColumnKindModule<ColumnOfKind<'bool'>> = {
  info: () => ({ type: 'bool' }),
  domain: {
    size: () => ({ size: 2 }),
    value: () => (i) => i === 1,
  },
  draw(n) {
    const p = n.spec.probability ?? 0.5;
    return (rng) => rng.next() < p;
  },
  shape(n) {
    const p = n.spec.probability ?? 0.5;
    return { kind: 'categorical', label: `true with probability ${p}`, weights: new Map([['true', p], ['false', 1 - p]]) };
  },
  document: { schema: () => ({ type: 'boolean' }) },
};
