import { diag } from '@synth/spec';
import { executePlan, tableRows } from '../execute/execute-plan.js';
import { GenerationError } from '../execute/table-runtime.js';
import { formatClock } from '../generators/cel-values.js';
import type { CellValue, ColumnInfo } from '../types.js';
import { planned, sourcesOf, type PlanSettings } from './build.js';
import type { SpecInput } from './load.js';
import { asSynthError, SynthError } from './synth-error.js';

/**
 * A value as the Node API hands it out (docs/api.md#values): numbers (int, float, decimal), booleans, strings
 * (string, uuid, enum), `Date` for date and datetime (UTC; a date is its midnight), `HH:MM:SS` strings for
 * time, and null. The same values `synth build` writes, before any output format touches them.
 */
export type RowValue = string | number | boolean | Date | null;
export type Row = Record<string, RowValue>;

/** Every table's rows, by table name in the spec's order: each an async iterable that can be walked any number of times. */
export type TableRows = Record<string, AsyncIterable<Row>>;

/** Rows held in memory at most by `synthFixtures` unless `maxRows` says otherwise: fixtures are for tests. */
export const FIXTURE_ROW_LIMIT = 1_000_000;

/**
 * The spec's rows per table, generated on demand, without touching the disk: the rows `synth build` writes for
 * the same spec and settings. Tables can be walked in any order; each walk generates the rows anew.
 */
export function rows(input: SpecInput, settings: PlanSettings = {}): Promise<TableRows> {
  return asSynthError(async () => {
    const { loaded, plan } = await planned(input, settings);
    const out: TableRows = {};
    for (const name of Object.keys(loaded.spec.tables)) {
      out[name] = {
        async *[Symbol.asyncIterator]() {
          const streams = executePlan(plan, loaded.spec, { doc: loaded.doc, plugins: loaded.plugins });
          const stream = streams.find((s) => s.info.name === name)!;
          const convert = converters(stream.info.columns);
          try {
            for (const row of tableRows(stream)) yield convert(row);
          } catch (e) {
            if (e instanceof GenerationError) throw new SynthError([e.diagnostic], sourcesOf(loaded));
            throw e;
          }
        },
      };
    }
    return out;
  });
}

export interface FixtureSettings extends PlanSettings {
  /** Refuse specs with more rows than this in all (default 1,000,000): every row is held in memory. */
  maxRows?: number;
}

/**
 * Every table of a spec as arrays of rows, for test suites (Jest, Vitest, Mocha, node:test): the same rows
 * `synth build` writes for the same seed. `await synthFixtures('shop.synth.yaml', { seed: 1 })`.
 */
export function synthFixtures(input: SpecInput, settings: FixtureSettings = {}): Promise<{ tables: Record<string, Row[]> }> {
  return asSynthError(async () => {
    const { loaded, plan } = await planned(input, settings);
    const limit = settings.maxRows ?? FIXTURE_ROW_LIMIT;
    const total = plan.tables.reduce((n, t) => n + t.rowCount, 0);
    if (total > limit) {
      throw new SynthError([diag('invalidParameter', { detail: `The spec makes ${total} rows; synthFixtures holds at most ${limit} in memory` }, { hint: 'Pass `rows` or `scale` for a smaller fixture, raise `maxRows`, or stream the rows with rows().' })]);
    }
    const tables: Record<string, Row[]> = {};
    for (const name of Object.keys(loaded.spec.tables)) tables[name] = [];
    try {
      for (const stream of executePlan(plan, loaded.spec, { doc: loaded.doc, plugins: loaded.plugins })) {
        const convert = converters(stream.info.columns);
        const into = tables[stream.info.name]!;
        for (const row of tableRows(stream)) into.push(convert(row));
      }
    } catch (e) {
      if (e instanceof GenerationError) throw new SynthError([e.diagnostic], sourcesOf(loaded));
      throw e;
    }
    return { tables };
  });
}

/** Cell values → API values, by column type (decided once per table). */
function converters(columns: ColumnInfo[]): (row: Record<string, CellValue>) => Row {
  const temporal = columns.filter((c) => c.type === 'date' || c.type === 'datetime' || c.type === 'time');
  if (temporal.length === 0) return (row) => row;
  return (row) => {
    const out: Row = row;
    for (const c of temporal) {
      const v = row[c.name];
      if (typeof v !== 'number') continue;
      out[c.name] = c.type === 'time' ? formatClock(v) : new Date(v);
    }
    return out;
  };
}
