import type { ColumnOfKind } from '@synth/spec';
import { continuousOf, discreteOf, truncateCdf, truncatePmf } from '../conformance/distribution-laws.js';
import { cdfs } from '../conformance/stats.js';
import { rangeRule, type ValueRule } from '../conformance/value-rule.js';
import { roundTo } from '../generators/cel-values.js';
import { DECIMAL_DEFAULT_SCALE, numericBounds } from '../generators/defaults.js';
import { samplerFor } from '../generators/distributions.js';
import type { ColumnKindModule } from './kind-module.js';

type Numeric = ColumnOfKind<'int' | 'float' | 'decimal'>;

/** Redraws of a value outside a column's [min, max] before it is clamped (docs/spec.md#ranges). */
export const RANGE_REDRAWS = 32;

/** Digits after the point: a decimal's default, a float's only when given, none for an int. */
function scaleOf(n: Numeric): number | undefined {
  return n.kind === 'decimal' ? (n.spec.scale ?? DECIMAL_DEFAULT_SCALE) : n.spec.scale;
}

/** `int`, `float` and `decimal`: a range, a distribution, and a scale (docs/spec.md#numbers). */
export const numericColumn: ColumnKindModule<Numeric> = {
  info(n) {
    if (n.kind === 'int') return { type: 'int' };
    if (n.kind === 'decimal') return { type: 'decimal', scale: scaleOf(n)! };
    return n.spec.scale === undefined ? { type: 'float' } : { type: 'float', scale: n.spec.scale };
  },

  domain: {
    size(n) {
      const b = numericBounds(n.spec);
      if (n.kind === 'int') {
        const dist = n.spec.distribution ? Object.keys(n.spec.distribution)[0] : 'uniform';
        const size = Math.floor(b.max) - Math.ceil(b.min) + 1;
        return dist === 'uniform' ? { size } : b.hasMin && b.hasMax ? { retryDomain: size } : {};
      }
      if (n.kind === 'decimal') return { retryDomain: Math.floor((b.max - b.min) * 10 ** scaleOf(n)!) + 1 };
      return {};
    },
    value(n) {
      if (n.kind !== 'int') return undefined;
      const b = numericBounds(n.spec);
      return (i) => Math.ceil(b.min) + i;
    },
  },

  draw(n) {
    const b = numericBounds(n.spec);
    const dist = n.spec.distribution;
    const integer = n.kind === 'int';
    const lo = integer ? Math.ceil(b.min) : b.min;
    const hi = integer ? Math.floor(b.max) : b.max;
    const sample = samplerFor(dist, lo, hi, integer);
    const scale = scaleOf(n);
    const finish = (v: number) => (integer ? Math.round(v) : scale !== undefined ? roundTo(v, scale) : v);
    if (!dist || 'uniform' in dist) return (rng) => finish(sample(rng));
    // Under a distribution, bounds the spec gave are hard: redraw, and clamp only if redraws keep missing.
    const min = b.hasMin ? lo : -Infinity;
    const max = b.hasMax ? hi : Infinity;
    return (rng) => {
      let v = finish(sample(rng));
      for (let k = 0; k < RANGE_REDRAWS && (v < min || v > max); k++) v = finish(sample(rng));
      return Math.min(max, Math.max(min, v));
    };
  },

  rules(n) {
    const b = numericBounds(n.spec);
    const drawnUniform = n.spec.expr === undefined && n.spec.distribution === undefined;
    // Bounds the spec gave hold for every value; the defaults only bound values drawn uniformly.
    const min = b.hasMin || drawnUniform ? b.min : -Infinity;
    const max = b.hasMax || drawnUniform ? b.max : Infinity;
    const rules: ValueRule[] = [];
    if (min > -Infinity || max < Infinity) rules.push(rangeRule(min, max, String(min), String(max), b.hasMax ? 'max' : b.hasMin ? 'min' : undefined));
    const scale = scaleOf(n);
    if (scale !== undefined && n.kind !== 'int') {
      const f = 10 ** scale;
      rules.push({ rule: 'scale', expected: `at most ${scale} decimals`, key: 'scale', holds: (v) => Math.abs(Math.round((v as number) * f) - (v as number) * f) < 1e-6 * Math.max(1, Math.abs((v as number) * f)) });
    }
    return rules;
  },

  shape(n) {
    const b = numericBounds(n.spec);
    const integer = n.kind === 'int';
    const scale = scaleOf(n);
    const step = integer ? 1 : scale !== undefined ? 10 ** -scale : 0;
    const dist = n.spec.distribution;
    const lo = integer ? Math.ceil(b.min) : b.min;
    const hi = integer ? Math.floor(b.max) : b.max;
    if (!dist || 'uniform' in dist) {
      if (integer) return { kind: 'continuous', label: `uniform[${lo}, ${hi}]`, cdf: cdfs.uniform(lo - 0.5, hi + 0.5), step: 1 };
      return { kind: 'continuous', label: `uniform[${lo}, ${hi}]`, cdf: cdfs.uniform(lo, hi), step };
    }
    const discrete = discreteOf(dist);
    if (discrete) {
      const pmf = truncatePmf(discrete.pmf, b.hasMin ? lo : undefined, b.hasMax ? hi : undefined);
      return { kind: 'discrete', label: discrete.label, pmf, support: [b.hasMin ? lo : 0, b.hasMax ? hi : discrete.upper] };
    }
    const base = continuousOf(dist)!;
    return { kind: 'continuous', label: base.label, cdf: truncateCdf(base.cdf, b.hasMin ? lo : undefined, b.hasMax ? hi : undefined), step };
  },

  document: {
    schema(n) {
      const { min, max } = n.spec;
      return { type: n.kind === 'int' ? 'integer' : 'number', ...(typeof min === 'number' ? { minimum: min } : {}), ...(typeof max === 'number' ? { maximum: max } : {}) };
    },
  },
};
