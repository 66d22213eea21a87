import { columnKind, type ColumnSpec, type Distribution } from '@synth/spec';
import type { CellRandom } from '../random/cell-random.js';
import type { CellValue } from '../types.js';
import { roundTo } from './cel-values.js';
import { DECIMAL_DEFAULT_SCALE, numericBounds, temporalBounds, temporalStep } from './defaults.js';
import { samplerFor } from './distributions.js';
import type { FakerSource } from './faker-source.js';
import { patternGenerator } from './pattern.js';
import { drawUuid } from './uuid.js';
import { nestedDraw } from './nested-value.js';

/** Redraws of a value outside a column's [min, max] before it is clamped (docs/spec.md#ranges). */
export const RANGE_REDRAWS = 32;

export type Draw = (rng: CellRandom) => CellValue;

/** A drawn (not derived, not referenced) column's value source: one closure per column, built once. */
export function drawFor(c: ColumnSpec, faker: FakerSource): Draw {
  const kind = columnKind(c);
  const x = c as unknown as Record<string, unknown>;
  switch (kind) {
    case 'int':
    case 'float':
    case 'decimal': {
      const b = numericBounds(x as { type: string });
      const dist = x.distribution as Distribution | undefined;
      const integer = kind === 'int';
      const lo = integer ? Math.ceil(b.min) : b.min;
      const hi = integer ? Math.floor(b.max) : b.max;
      const sample = samplerFor(dist, lo, hi, integer);
      const scale = kind === 'decimal' ? ((x.scale as number | undefined) ?? DECIMAL_DEFAULT_SCALE) : (x.scale as number | undefined);
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
    }
    case 'bool': {
      const p = (x.probability as number | undefined) ?? 0.5;
      return (rng) => rng.next() < p;
    }
    case 'enum': {
      const values = x.values as Array<string | number | boolean> | Record<string, number>;
      const list = Array.isArray(values) ? values : Object.keys(values);
      const weights = Array.isArray(values) ? list.map(() => 1) : Object.values(values);
      const cumulative: number[] = [];
      let total = 0;
      for (const w of weights) cumulative.push((total += w));
      return (rng) => list[rng.weighted(cumulative)]!;
    }
    case 'date':
    case 'datetime':
    case 'time': {
      const b = temporalBounds(kind, x);
      const step = temporalStep(kind);
      const steps = Math.floor((b.max - b.min) / step);
      return (rng) => b.min + rng.int(0, steps) * step;
    }
    case 'uuid':
      return drawUuid;
    case 'string':
      return patternGenerator(x.pattern as string);
    case 'constant': {
      const v = x.value as CellValue;
      return () => v;
    }
    case 'object':
    case 'array':
    case 'json':
      return nestedDraw(c, faker, drawFor);
    case 'faker': {
      const path = x.type as string;
      const args = (x.args as unknown[] | undefined) ?? [];
      return faker.kernel(path, args) ?? ((rng) => fakerValue(faker.call(path, args, rng)));
    }
    default:
      throw new Error(`No draw for column kind ${kind}`);
  }
}

function fakerValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return JSON.stringify(v);
}

/** The i-th value of an enumerable domain (for unique columns drawn from a permutation). */
export function domainValueFor(c: ColumnSpec): ((i: number) => CellValue) | undefined {
  const kind = columnKind(c);
  const x = c as unknown as Record<string, unknown>;
  switch (kind) {
    case 'int': {
      const b = numericBounds(x as { type: string });
      return (i) => Math.ceil(b.min) + i;
    }
    case 'bool':
      return (i) => i === 1;
    case 'enum': {
      const values = x.values as Array<string | number | boolean> | Record<string, number>;
      const list = Array.isArray(values) ? [...new Set(values)] : Object.keys(values).filter((k) => values[k]! > 0);
      return (i) => list[i]!;
    }
    case 'constant':
      return () => x.value as CellValue;
    case 'date':
    case 'datetime':
    case 'time': {
      const b = temporalBounds(kind, x);
      const step = temporalStep(kind);
      return (i) => b.min + i * step;
    }
    default:
      return undefined;
  }
}
