import { describe, expect, it } from '@jest/globals';
import { parquetMetadata, parquetReadObjects } from 'hyparquet';
import { MemorySink, textFormatter, WriterOptionError, type CellValue, type ColumnInfo, type LogicalType, type TableInfo } from '@synth/compiler';
import { parquetWriter } from '../../src/writers/parquet-writer.js';
import { duckdbRows } from './readers.js';
import { tempFile, TYPES_SPEC, writeWith } from './write-with.js';

/** Every column type nullable, temporal columns with non-ISO formats, text that is not ASCII, an enum of numbers. */
const NULLS_SPEC = `synth: 1
seed: 11
tables:
  things:
    rows: 400
    columns:
      id: { type: sequence, primary_key: true }
      n: { type: int, min: -9000000000000, max: 9000000000000, nulls: 0.3 }
      f: { type: float, min: -1000, max: 1000, nulls: 0.3 }
      d: { type: decimal, scale: 4, min: -99999, max: 99999, nulls: 0.3 }
      b: { type: bool, nulls: 0.3 }
      day: { type: date, min: 1900-01-01, max: 2100-12-31, format: dd/MM/yyyy, nulls: 0.3 }
      at: { type: datetime, min: 1960-01-01T00:00:00Z, max: 2090-01-01T00:00:00Z, format: epoch, nulls: 0.3 }
      t: { type: time, min: "00:00:00", max: "23:59:59", format: "HH:mm", nulls: 0.3 }
      u: { type: uuid, nulls: 0.3 }
      s: { type: string, pattern: '[a-zé😀"\\n]{0,6}', nulls: 0.3 }
      e: { type: enum, values: [1, 2, 3], nulls: 0.3 }
`;

const BIG_SPEC = `synth: 1
seed: 3
tables:
  big:
    rows: 10000
    columns:
      id: { type: sequence }
      tier: { type: enum, values: [gold, silver, bronze] }
`;

/** What DuckDB's DESCRIBE reports for each logical type. */
const DUCKDB_TYPE: Record<LogicalType, (c: ColumnInfo) => string> = {
  int: () => 'BIGINT',
  float: () => 'DOUBLE',
  decimal: (c) => `DECIMAL(${16 + (c.scale ?? 2)},${c.scale ?? 2})`,
  bool: () => 'BOOLEAN',
  date: () => 'DATE',
  datetime: () => 'TIMESTAMP WITH TIME ZONE',
  time: () => 'TIME',
  string: () => 'VARCHAR',
  uuid: () => 'VARCHAR',
  json: () => 'VARCHAR',
};

/** A value as DuckDB's JS API returns it → the writer's cell value (epoch ms for dates, ms since midnight for times). */
function fromDuckdb(c: ColumnInfo, v: unknown): CellValue {
  if (v === null) return null;
  switch (c.type) {
    case 'int':
      return Number(v as bigint);
    case 'date':
    case 'datetime':
      return (v as Date).getTime();
    case 'time':
      return Number(v as bigint) / 1000;
    default:
      return v as CellValue;
  }
}

/** A value as hyparquet returns it → the writer's cell value (its decimals are unscaled × 10^-scale, so round). */
function fromHyparquet(c: ColumnInfo, v: unknown): CellValue {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'bigint') return Number(v);
  if (c.type === 'decimal') return Number((v as number).toFixed(c.scale ?? 2));
  return v as CellValue;
}

/** The rows writeWith generated, with string columns as text (an enum of numbers is written as its text). */
function expectedRows(table: TableInfo, rows: Array<Record<string, CellValue>>): Array<Record<string, CellValue>> {
  return rows.map((row) => Object.fromEntries(table.columns.map((c) => [c.name, (c.type === 'string' || c.type === 'uuid') && row[c.name] !== null ? String(row[c.name]) : row[c.name]!])));
}

async function writeTable(specText: string, table: string, options: Record<string, unknown> = {}) {
  const { bytes, tables, rows } = await writeWith(parquetWriter, specText, { tables: [table], options });
  const info = tables[0]!;
  return { bytes, info, expected: expectedRows(info, rows.get(table)!) };
}

async function duckdbCheck(bytes: Buffer, info: TableInfo, expected: Array<Record<string, CellValue>>): Promise<void> {
  const path = tempFile(bytes, `${info.name}.parquet`);
  const described = await duckdbRows(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  expect(described.map((d) => [d.column_name, d.column_type])).toEqual(info.columns.map((c) => [c.name, DUCKDB_TYPE[c.type](c)]));
  const back = await duckdbRows(`SELECT * FROM read_parquet('${path}')`);
  expect(back.map((row) => Object.fromEntries(info.columns.map((c) => [c.name, fromDuckdb(c, row[c.name])])))).toEqual(expected);
}

async function hyparquetRows(bytes: Buffer, info: TableInfo): Promise<Array<Record<string, CellValue>>> {
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const rows = await parquetReadObjects({ file });
  return rows.map((row) => Object.fromEntries(info.columns.map((c) => [c.name, fromHyparquet(c, row[c.name])])));
}

describe('parquet writer', () => {
  it('writes every column type, read back by DuckDB with the right types and every value', async () => {
    for (const table of ['customers', 'orders']) {
      const { bytes, info, expected } = await writeTable(TYPES_SPEC, table);
      expect(expected.length).toBeGreaterThan(0);
      await duckdbCheck(bytes, info, expected);
    }
  });

  it('keeps nulls in place in every type, and native temporal types whatever the text format', async () => {
    const { bytes, info, expected } = await writeTable(NULLS_SPEC, 'things');
    for (const c of info.columns.slice(1)) expect(expected.filter((r) => r[c.name] === null).length).toBeGreaterThan(50);
    await duckdbCheck(bytes, info, expected);
    // A time with the text format HH:mm keeps its seconds; epoch datetimes stay timestamps.
    expect(await hyparquetRows(bytes, info)).toEqual(expected);
  });

  it('declares logical types and required/optional columns in the schema (hyparquet)', async () => {
    const { bytes, info, expected } = await writeTable(TYPES_SPEC, 'customers');
    const meta = parquetMetadata(bytes);
    const schema = Object.fromEntries(meta.schema.slice(1).map((e) => [e.name, e]));
    expect(schema.id).toMatchObject({ type: 'INT64', repetition_type: 'REQUIRED' });
    expect(schema.ratio).toMatchObject({ type: 'DOUBLE' });
    expect(schema.balance!.logical_type).toEqual({ type: 'DECIMAL', precision: 18, scale: 2 });
    expect(schema.active).toMatchObject({ type: 'BOOLEAN' });
    expect(schema.born).toMatchObject({ type: 'INT32', logical_type: { type: 'DATE' } });
    expect(schema.seen_at).toMatchObject({ type: 'INT64', logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' } });
    expect(schema.opens).toMatchObject({ type: 'INT32', logical_type: { type: 'TIME', unit: 'MILLIS' } });
    for (const name of ['name', 'uid', 'tier', 'note']) expect(schema[name]).toMatchObject({ type: 'BYTE_ARRAY', logical_type: { type: 'STRING' } });
    expect(schema.note!.repetition_type).toBe('OPTIONAL');
    for (const c of info.columns.filter((x) => !x.nullable)) expect(schema[c.name]!.repetition_type).toBe('REQUIRED');
    // The enum's three values are stored once, in a dictionary page.
    const tier = meta.row_groups[0]!.columns.find((c) => c.meta_data!.path_in_schema[0] === 'tier')!;
    expect(tier.meta_data!.encodings).toContain('RLE_DICTIONARY');
    expect(tier.meta_data!.dictionary_page_offset).toBeDefined();
    expect(await hyparquetRows(bytes, info)).toEqual(expected);
  });

  it('starts a row group every row_group_rows rows, across batches', async () => {
    const small = await writeTable(TYPES_SPEC, 'customers', { row_group_rows: 50 });
    expect(parquetMetadata(small.bytes).row_groups.map((g) => Number(g.num_rows))).toEqual([50, 50, 20]);
    const big = await writeTable(BIG_SPEC, 'big', { row_group_rows: 4000 });
    const meta = parquetMetadata(big.bytes);
    expect(meta.row_groups.map((g) => Number(g.num_rows))).toEqual([4000, 4000, 2000]);
    expect(await hyparquetRows(big.bytes, big.info)).toEqual(big.expected);
    const byDefault = await writeTable(BIG_SPEC, 'big');
    expect(parquetMetadata(byDefault.bytes).row_groups.map((g) => Number(g.num_rows))).toEqual([10000]);
  });

  it.each([
    ['snappy', 'SNAPPY'],
    ['zstd', 'ZSTD'],
    ['none', 'UNCOMPRESSED'],
    ['the default', 'SNAPPY'],
  ])('compresses with %s', async (compression, codec) => {
    const { bytes, info, expected } = await writeTable(TYPES_SPEC, 'customers', compression === 'the default' ? { row_group_rows: 60 } : { compression, row_group_rows: 60 });
    const meta = parquetMetadata(bytes);
    expect(meta.row_groups).toHaveLength(2);
    for (const g of meta.row_groups) for (const c of g.columns) expect(c.meta_data!.codec).toBe(codec);
    await duckdbCheck(bytes, info, expected);
  });

  it('writes identical bytes every time', async () => {
    for (const options of [{}, { compression: 'zstd', row_group_rows: 7 }]) {
      const a = await writeWith(parquetWriter, TYPES_SPEC, { tables: ['customers'], options });
      const b = await writeWith(parquetWriter, TYPES_SPEC, { tables: ['customers'], options });
      expect(a.bytes.equals(b.bytes)).toBe(true);
    }
  });

  it('writes a table without rows', async () => {
    const info: TableInfo = { name: 'empty', rowCount: 0, columns: [{ name: 'id', type: 'int', nullable: false }, { name: 'at', type: 'datetime', nullable: true }] };
    const sink = new MemorySink();
    const writer = parquetWriter(sink, { multiTable: false, options: {}, context: { title: 't', seed: '1', tables: [info] } });
    await writer.startTable(info);
    await writer.endTable();
    await writer.finish();
    const path = tempFile(sink.buffer(), 'empty.parquet');
    expect(await duckdbRows(`SELECT count(*) AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0n }]);
    expect((await duckdbRows(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).map((d) => d.column_type)).toEqual(['BIGINT', 'TIMESTAMP WITH TIME ZONE']);
  });

  it('streams: row groups reach the sink before the table ends', async () => {
    // Row groups big enough to pass parquet-wasm's 8 KiB output buffer: 10,000 incompressible integers.
    const info: TableInfo = { name: 't', rowCount: 30_000, columns: [{ name: 'id', type: 'int', nullable: false }] };
    const sink = new MemorySink();
    const writer = parquetWriter(sink, { multiTable: false, options: { row_group_rows: 10_000, compression: 'none' }, context: { title: 't', seed: '1', tables: [info] } });
    await writer.startTable(info);
    for (let start = 0; start < 30_000; start += 4096) {
      const n = Math.min(4096, 30_000 - start);
      await writer.writeBatch({ table: 't', startRow: start, rowCount: n, columns: [Array.from({ length: n }, (_, i) => Math.imul(start + i, 2654435761))] });
    }
    for (let i = 0; i < 100 && sink.buffer().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    const before = sink.buffer().length;
    expect(before).toBeGreaterThan(10_000);
    await writer.endTable();
    await writer.finish();
    expect(sink.buffer().length).toBeGreaterThan(before);
    expect(parquetMetadata(sink.buffer()).row_groups).toHaveLength(3);
  });

  it('rejects bad options and a second table', async () => {
    const make = (options: Record<string, unknown>) => () => parquetWriter(new MemorySink(), { multiTable: false, options, context: { title: 't', seed: '1', tables: [] } });
    for (const rows of [0, -1, 1.5, '100', 2 ** 31]) expect(make({ row_group_rows: rows })).toThrow(new WriterOptionError('`row_group_rows` must be a positive integer (rows per row group, default 100000)'));
    for (const compression of ['gzip', 'SNAPPY', 1]) expect(make({ compression })).toThrow(new WriterOptionError('`compression` must be `snappy`, `zstd` or `none`'));
    expect(make({ row_group_rows: 1, compression: 'none' })).not.toThrow();
    const info: TableInfo = { name: 'a', rowCount: 0, columns: [{ name: 'x', type: 'int', nullable: false }] };
    const writer = make({})();
    await writer.startTable(info);
    await writer.endTable();
    await expect(writer.startTable({ ...info, name: 'b' })).rejects.toThrow('one table per file');
  });

  it('stores decimals with exactly the digits the text formats write, and refuses those too large', async () => {
    const columns: ColumnInfo[] = [0, 2, 30].map((scale) => ({ name: `s${scale}`, type: 'decimal', scale, nullable: true }));
    // DECIMAL(38, 30) holds 8 integer digits, so its column stops short of 9e15.
    const values: CellValue[][] = [
      [0.1, -2.25, 1234567.891, -0.5, null, 1 / 3, 9e15],
      [0.1, -2.25, 1234567.89, -0.5, null, 0.33, 9e15],
      [0.1, -2.25, 1234567.891, -0.5, null, 1 / 3, 99999999.5],
    ];
    const info: TableInfo = { name: 'd', rowCount: 7, columns };
    const sink = new MemorySink();
    const writer = parquetWriter(sink, { multiTable: false, options: {}, context: { title: 't', seed: '1', tables: [info] } });
    await writer.startTable(info);
    await writer.writeBatch({ table: 'd', startRow: 0, rowCount: 7, columns: values });
    await writer.endTable();
    const path = tempFile(sink.buffer(), 'd.parquet');
    expect((await duckdbRows(`DESCRIBE SELECT * FROM read_parquet('${path}')`)).map((d) => d.column_type)).toEqual(['DECIMAL(16,0)', 'DECIMAL(18,2)', 'DECIMAL(38,30)']);
    const back = await duckdbRows(`SELECT s0::VARCHAR AS s0, s2::VARCHAR AS s2, s30::VARCHAR AS s30 FROM read_parquet('${path}')`);
    const text = columns.map(textFormatter);
    expect(back).toEqual(values[0]!.map((_, r) => Object.fromEntries(columns.map((c, k) => [c.name, values[k]![r] === null ? null : text[k]!(values[k]![r]!)]))));
    // At scale 30 that is the double's own digits, as csv writes them.
    expect(back[0]!.s30).toBe('0.100000000000000005551115123126');

    const tooBig = parquetWriter(new MemorySink(), { multiTable: false, options: {}, context: { title: 't', seed: '1', tables: [info] } });
    await tooBig.startTable(info);
    await tooBig.writeBatch({ table: 'd', startRow: 0, rowCount: 1, columns: [[1e17], [1], [1]] });
    await expect(tooBig.endTable()).rejects.toThrow('parquet: column `s0` of table `d` is decimal but row 1 holds 100000000000000000 (more than 16 digits before the point do not fit DECIMAL(16, 0))');
  });

  it('names the column, table and row of a cell its type cannot hold', async () => {
    const info: TableInfo = { name: 'n', rowCount: 8, columns: [{ name: 'q', type: 'int', nullable: false }] };
    const writer = parquetWriter(new MemorySink(), { multiTable: false, options: { row_group_rows: 5 }, context: { title: 't', seed: '1', tables: [info] } });
    await writer.startTable(info);
    await expect(writer.writeBatch({ table: 'n', startRow: 0, rowCount: 8, columns: [[1, 2, 3, 4, 5, 6, 7.5, 8]] })).resolves.toBeUndefined();
    await expect(writer.endTable()).rejects.toThrow('parquet: column `q` of table `n` is int but row 7 holds 7.5 (not a 64-bit integer)');
  });
});
