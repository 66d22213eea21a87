import type { Draw } from '../generators/draw.js';
import type { FakerSource } from '../generators/faker-source.js';
import type { CellValue, LogicalType } from '../types.js';
import type { GeneratedValue, GeneratorDefinition } from './plugin-api.js';

export interface PluginColumnContext {
  table: string;
  column: string;
  locale: string;
  faker: FakerSource;
  /** Throws the diagnostic of a failing plugin (SYN432) at this column. */
  fail(detail: string, row: number): never;
}

/**
 * A plugin generator as a Draw: it gets the cell's own random source (the same one a built-in generator of this
 * column would get), so its values are a pure function of (seed, table, column, row). Values that do not have the
 * type the generator declares are refused here, so writers never see them.
 */
export function pluginDraw(def: GeneratorDefinition, options: Record<string, unknown>, ctx: PluginColumnContext): Draw {
  let generate: ReturnType<GeneratorDefinition['create']>;
  try {
    generate = def.create(options, { table: ctx.table, column: ctx.column, locale: ctx.locale });
  } catch (e) {
    ctx.fail(`create() threw: ${message(e)}`, 0);
  }
  if (typeof generate !== 'function') ctx.fail('create() did not return a function', 0);
  const type: LogicalType = def.type ?? 'string';
  const accepts = ACCEPTS[type];
  return (rng) => {
    const row = rng.currentRow;
    let v: GeneratedValue;
    try {
      v = generate({ random: rng, row, faker: (path, ...args) => ctx.faker.call(path, args, rng) });
    } catch (e) {
      ctx.fail(message(e), row);
    }
    const value: unknown = v instanceof Date ? v.getTime() : v === undefined ? null : v;
    if (value !== null && !accepts(value)) ctx.fail(`it returned ${describe(value)}, but declares type ${type}`, row);
    return value as CellValue;
  };
}

const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const ACCEPTS: Record<LogicalType, (v: unknown) => boolean> = {
  int: (v) => Number.isSafeInteger(v),
  float: isNumber,
  decimal: isNumber,
  bool: (v) => typeof v === 'boolean',
  string: (v) => typeof v === 'string',
  uuid: (v) => typeof v === 'string',
  date: isNumber,
  datetime: isNumber,
  time: isNumber,
  // A document: anything JSON can hold (nested columns, docs/nested.md).
  json: (v) => { try { return JSON.stringify(v) !== undefined; } catch { return false; } },
};

function describe(v: unknown): string {
  if (typeof v === 'number') return `the number ${v}`;
  if (typeof v === 'string') return `a string`;
  return `a value of type ${typeof v}`;
}

function message(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
