import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { executePlan, MemorySink, planBuild, tableRows, type CellValue, type TableInfo, type WriterFactory } from '@synth/compiler';
import { loadSpec, type Spec } from '@synth/spec';

/**
 * Test helper for writers: builds a spec (YAML text) in memory and feeds its tables through one writer.
 * Returns the bytes, the tables as the writer saw them, and every row (for comparing with what a reader
 * that no one here wrote reads back).
 */
export async function writeWith(factory: WriterFactory, specText: string, options: { options?: Record<string, unknown>; tables?: string[] } = {}): Promise<{
  bytes: Buffer;
  tables: TableInfo[];
  rows: Map<string, Array<Record<string, CellValue>>>;
}> {
  const r = loadSpec({ path: 'test.synth.yaml', text: specText });
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const spec: Spec = r.value.spec;
  const planned = planBuild(spec);
  if (!planned.value) throw new Error(planned.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const streams = executePlan(planned.value, spec).filter((s) => !options.tables || options.tables.includes(s.info.name));
  const sink = new MemorySink();
  const tables = streams.map((s) => s.info);
  const writer = factory(sink, { multiTable: tables.length > 1, options: options.options ?? {}, context: { title: spec.description ?? 'test', seed: String(spec.seed), tables } });
  const rows = new Map<string, Array<Record<string, CellValue>>>();
  for (const s of executePlan(planned.value, spec).filter((x) => !options.tables || options.tables.includes(x.info.name))) {
    rows.set(s.info.name, [...tableRows(s)]);
  }
  for (const s of streams) {
    await writer.startTable(s.info);
    for (const b of s.batches()) await writer.writeBatch(b);
    await writer.endTable();
  }
  await writer.finish();
  return { bytes: sink.buffer(), tables, rows };
}

/** Writes bytes to a fresh temporary file (for readers that want a path) and returns the path. */
export function tempFile(bytes: Buffer, name: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'synth-writer-')), name);
  writeFileSync(path, bytes);
  return path;
}

/** A spec using most column types, for writer tests: keys, nulls, dates, decimals, unicode, awkward names. */
export const TYPES_SPEC = `synth: 1
seed: 7
description: Writer test data
tables:
  customers:
    rows: 120
    columns:
      id: { type: sequence, primary_key: true }
      name: { type: person.fullName }
      weird_value: { type: string, pattern: '[a-z]{3}, "q"\\n[<>&]' }
      balance: { type: decimal, scale: 2, min: -500, max: 5000 }
      ratio: { type: float, min: 0, max: 1 }
      active: { type: bool, probability: 0.7 }
      born: { type: date, min: 1950-01-01, max: 2005-12-31 }
      seen_at: { type: datetime, min: 2024-01-01T00:00:00Z, max: 2024-12-31T23:59:59Z }
      opens: { type: time, min: "06:00:00", max: "10:00:00" }
      uid: { type: uuid }
      tier: { type: enum, values: { gold: 1, silver: 3, bronze: 6 } }
      note: { type: lorem.sentence, nulls: 0.3 }
  orders:
    rows: { per: customers, count: { min: 0, max: 4 } }
    columns:
      id: { type: uuid, primary_key: true }
      customer_id: { ref: customers.id }
      amount: { type: decimal, scale: 2, min: 1, max: 999 }
      qty: { type: int, min: 1, max: 20 }
`;
