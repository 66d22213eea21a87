import type { ColumnOfKind } from '@synth/spec';
import { CellRandom, streamKey } from '../random/cell-random.js';
import type { CellValue, LogicalType } from '../types.js';
import type { ColumnKindModule } from './kind-module.js';

/** A Faker method's result as a cell: dates as epoch ms, anything else not a scalar as JSON text. */
function fakerValue(v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number(v);
  return JSON.stringify(v);
}

/**
 * Any other `type`: a Faker method by path, called with `args`, or its kernel drawn from Faker's own locale
 * definitions where there is one (generators/faker-kernels). Its values are strings, numbers or booleans depending on
 * the method, so inside a document it may be any JSON value.
 */
export const fakerColumn: ColumnKindModule<ColumnOfKind<'faker'>> = {
  // The method's path does not say what it returns: it is probed once, on a stream of its own.
  info(n, ctx) {
    const sample = ctx.faker.call(n.method, n.args, new CellRandom(streamKey('probe', n.method)).at(0));
    const type: LogicalType = typeof sample === 'number' ? (Number.isInteger(sample) ? 'int' : 'float')
      : typeof sample === 'boolean' ? 'bool' : sample instanceof Date ? 'datetime' : 'string';
    return { type };
  },
  draw(n, { faker }) {
    const { method, args } = n;
    return faker.kernel(method, args) ?? ((rng) => fakerValue(faker.call(method, args, rng)));
  },
};
