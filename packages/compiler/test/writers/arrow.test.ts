import { describe, expect, it } from '@jest/globals';
import { tableFromIPC, type Table } from 'apache-arrow';
import { Table as RsTable, writeParquet } from 'parquet-wasm';
import { MemorySink, WriterOptionError, type ByteSink, type CellValue, type ColumnInfo, type RowBatch, type TableInfo, type WriterFactory } from '@synth/compiler';
import { arrowWriter, decimalPrecision } from '../../src/writers/arrow-writer.js';
import { duckdbRows } from './readers.js';
import { tempFile, TYPES_SPEC, writeWith } from './write-with.js';

/*
 * Two readers check every value: apache-arrow's own (it reads the file format through its footer), and an
 * independent chain — arrow-rs (inside parquet-wasm) decodes the IPC stream and re-encodes it as Parquet, which
 * DuckDB then reads. DuckDB here cannot read Arrow IPC itself (its arrow/nanoarrow extension needs a download).
 * The file format is checked by that chain too: its footer is parsed by hand below and the batches it indexes
 * are replayed as a stream.
 */

const MS_PER_DAY = 86_400_000;
type Rows = Array<Record<string, CellValue>>;

const ctx = (tables: TableInfo[]) => ({ multiTable: false, context: { title: 't', seed: '1', tables } });

async function writeTable(table: TableInfo, batches: CellValue[][][], options: Record<string, unknown> = {}, sink: ByteSink = new MemorySink()): Promise<Buffer> {
  const writer = arrowWriter(sink, { ...ctx([table]), options });
  await writer.startTable(table);
  let startRow = 0;
  for (const columns of batches) {
    const rowCount = columns[0]?.length ?? 0;
    const batch: RowBatch = { table: table.name, startRow, rowCount, columns };
    await writer.writeBatch(batch);
    startRow += rowCount;
  }
  await writer.endTable();
  await writer.finish();
  return sink instanceof MemorySink ? sink.buffer() : Buffer.alloc(0);
}

/** Rows of a table from columnar batches (what writeWith returns for spec-made tables). */
function rowsOf(table: TableInfo, batches: CellValue[][][]): Rows {
  const rows: Rows = [];
  for (const columns of batches) {
    for (let r = 0; r < (columns[0]?.length ?? 0); r++) rows.push(Object.fromEntries(table.columns.map((c, k) => [c.name, columns[k]![r]!])));
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// The file format's footer, parsed by hand (flatbuffers: File.fbs `Footer`, `Block`)
// ---------------------------------------------------------------------------------------------

interface Block { offset: number; metaDataLength: number; bodyLength: number }

function footerBlocks(file: Buffer): { dictionaries: Block[]; recordBatches: Block[] } {
  expect(file.subarray(0, 6).toString('latin1')).toBe('ARROW1');
  expect(file.subarray(file.length - 6).toString('latin1')).toBe('ARROW1');
  const footerLength = file.readInt32LE(file.length - 10);
  const footer = file.subarray(file.length - 10 - footerLength, file.length - 10);
  const table = footer.readUInt32LE(0);
  const vtable = table - footer.readInt32LE(table);
  const vtableSize = footer.readUInt16LE(vtable);
  const blocks = (field: number): Block[] => {
    const at = 4 + 2 * field;
    const fieldOffset = at < vtableSize ? footer.readUInt16LE(vtable + at) : 0;
    if (fieldOffset === 0) return [];
    const ref = table + fieldOffset;
    const vector = ref + footer.readUInt32LE(ref);
    const out: Block[] = [];
    for (let i = 0; i < footer.readUInt32LE(vector); i++) {
      const b = vector + 4 + 24 * i;
      out.push({ offset: Number(footer.readBigInt64LE(b)), metaDataLength: footer.readInt32LE(b + 8), bodyLength: Number(footer.readBigInt64LE(b + 16)) });
    }
    return out;
  };
  // Footer fields: 0 version, 1 schema, 2 dictionaries, 3 recordBatches.
  return { dictionaries: blocks(2), recordBatches: blocks(3) };
}

/** The IPC stream that a file's footer describes: the stream's schema message, every indexed batch, end-of-stream. */
function streamFromFooter(file: Buffer, stream: Buffer): Buffer {
  const { dictionaries, recordBatches } = footerBlocks(file);
  expect(dictionaries).toEqual([]);
  const schemaMessage = stream.subarray(0, 8 + stream.readInt32LE(4));
  const messages = recordBatches.map((b) => {
    expect(file.readInt32LE(b.offset)).toBe(-1); // continuation marker: the block points at a message
    return file.subarray(b.offset, b.offset + b.metaDataLength + b.bodyLength);
  });
  return Buffer.concat([schemaMessage, ...messages, Buffer.from([0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0])]);
}

// ---------------------------------------------------------------------------------------------
// Independent reader: arrow-rs → Parquet → DuckDB, with every value as canonical text
// ---------------------------------------------------------------------------------------------

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** DuckDB expression giving a column's value in the canonical form of `expected` below. */
function duckExpr(c: ColumnInfo): string {
  const q = quote(c.name);
  switch (c.type) {
    case 'int':
    case 'decimal':
      return `CAST(${q} AS VARCHAR)`;
    case 'date':
      return `CAST(datediff('day', DATE '1970-01-01', ${q}) AS VARCHAR)`;
    case 'datetime':
      return `CAST(epoch_ms(${q}) AS VARCHAR)`;
    case 'time':
      return `CAST(datediff('millisecond', TIME '00:00:00', ${q}) AS VARCHAR)`;
    default:
      return q;
  }
}

/** A cell value as the canonical text/number/boolean the readers give back. */
function expected(c: ColumnInfo, v: CellValue): CellValue {
  if (v === null) return null;
  switch (c.type) {
    case 'int':
      return BigInt(v as number).toString();
    case 'datetime':
    case 'time':
      return String(v);
    case 'decimal':
      return (v as number).toFixed(c.scale ?? 2);
    case 'date':
      return String(Math.floor((v as number) / MS_PER_DAY));
    case 'string':
    case 'uuid':
      return String(v);
    default:
      return v;
  }
}

const DUCK_TYPES: Record<ColumnInfo['type'], (c: ColumnInfo) => string> = {
  int: () => 'BIGINT',
  float: () => 'DOUBLE',
  decimal: (c) => `DECIMAL(${decimalPrecision(c.scale ?? 2)},${c.scale ?? 2})`,
  bool: () => 'BOOLEAN',
  string: () => 'VARCHAR',
  uuid: () => 'VARCHAR',
  json: () => 'VARCHAR',
  date: () => 'DATE',
  datetime: () => 'TIMESTAMP WITH TIME ZONE',
  time: () => 'TIME',
};

async function checkWithDuckdb(stream: Buffer, table: TableInfo, rows: Rows): Promise<void> {
  const path = tempFile(Buffer.from(writeParquet(RsTable.fromIPCStream(stream))), `${table.name}.parquet`);
  const types = await duckdbRows(`DESCRIBE SELECT * FROM read_parquet('${path}')`);
  expect(types.map((t) => [t.column_name, t.column_type])).toEqual(table.columns.map((c) => [c.name, DUCK_TYPES[c.type](c)]));
  // arrow-rs carries each field's nullability into Parquet's repetition.
  const schema = await duckdbRows(`SELECT name, repetition_type FROM parquet_schema('${path}') WHERE name <> 'arrow_schema'`);
  expect(schema.map((s) => [s.name, s.repetition_type])).toEqual(table.columns.map((c) => [c.name, c.nullable ? 'OPTIONAL' : 'REQUIRED']));
  const back = await duckdbRows(`SELECT ${table.columns.map((c) => `${duckExpr(c)} AS ${quote(c.name)}`).join(', ')} FROM read_parquet('${path}')`);
  expect(back).toHaveLength(rows.length);
  for (let i = 0; i < rows.length; i++) {
    for (const c of table.columns) expect([i, c.name, back[i]![c.name]]).toEqual([i, c.name, expected(c, rows[i]![c.name]!)]);
  }
}

// ---------------------------------------------------------------------------------------------
// apache-arrow's reader
// ---------------------------------------------------------------------------------------------

const ARROW_TYPES: Record<ColumnInfo['type'], (c: ColumnInfo) => string> = {
  int: () => 'Int64',
  float: () => 'Float64',
  decimal: (c) => `Decimal[${decimalPrecision(c.scale ?? 2)}e${(c.scale ?? 2) > 0 ? '+' : ''}${c.scale ?? 2}]`,
  bool: () => 'Bool',
  string: () => 'Utf8',
  uuid: () => 'Utf8',
  json: () => 'Utf8',
  date: () => 'Date32<DAY>',
  datetime: () => 'Timestamp<MILLISECOND, UTC>',
  time: () => 'Time32<MILLISECOND>',
};

/** An apache-arrow value in the canonical form of `expected`. */
function arrowValue(c: ColumnInfo, v: unknown): CellValue {
  if (v === null) return null;
  switch (c.type) {
    case 'int':
    case 'datetime':
    case 'time':
      return String(v);
    case 'date':
      return String((v as number) / MS_PER_DAY);
    case 'decimal': {
      const words = v as Uint32Array;
      let unscaled = 0n;
      for (let w = 3; w >= 0; w--) unscaled = (unscaled << 32n) | BigInt(words[w]!);
      const digits = BigInt.asIntN(128, unscaled);
      const scale = c.scale ?? 2;
      const abs = (digits < 0n ? -digits : digits).toString().padStart(scale + 1, '0');
      return `${digits < 0n ? '-' : ''}${abs.slice(0, abs.length - scale)}${scale ? '.' : ''}${abs.slice(abs.length - scale)}`;
    }
    default:
      return v as CellValue;
  }
}

function checkWithArrowJs(back: Table, table: TableInfo, rows: Rows): void {
  expect(back.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual(table.columns.map((c) => [c.name, ARROW_TYPES[c.type](c), c.nullable]));
  expect(back.numRows).toBe(rows.length);
  for (const c of table.columns) {
    const vector = back.getChild(c.name)!;
    for (let i = 0; i < rows.length; i++) expect([i, c.name, arrowValue(c, vector.get(i))]).toEqual([i, c.name, expected(c, rows[i]![c.name]!)]);
  }
}

// ---------------------------------------------------------------------------------------------

describe('arrow writer', () => {
  it('writes an IPC file (Feather v2) whose every value, null and type read back through two readers', async () => {
    for (const name of ['customers', 'orders']) {
      const file = await writeWith(arrowWriter, TYPES_SPEC, { tables: [name] });
      const stream = await writeWith(arrowWriter, TYPES_SPEC, { tables: [name], options: { stream: true } });
      const table = file.tables[0]!;
      const rows = file.rows.get(name)!;
      expect(rows.length).toBeGreaterThan(0);
      if (name === 'customers') expect(table.columns.find((c) => c.name === 'note')!.nullable).toBe(true);
      checkWithArrowJs(tableFromIPC(file.bytes), table, rows);
      checkWithArrowJs(tableFromIPC(stream.bytes), table, rows);
      await checkWithDuckdb(stream.bytes, table, rows);
      await checkWithDuckdb(streamFromFooter(file.bytes, stream.bytes), table, rows);
    }
  });

  it('encodes edge values of every type, with nulls, across batches', async () => {
    const columns: ColumnInfo[] = [
      { name: 'i', type: 'int', nullable: true },
      { name: 'i_req', type: 'int', nullable: false },
      { name: 'f', type: 'float', nullable: true },
      { name: 'd', type: 'decimal', scale: 2, nullable: true },
      { name: 'd0', type: 'decimal', scale: 0, nullable: false },
      { name: 'd12', type: 'decimal', scale: 12, nullable: true },
      { name: 'b', type: 'bool', nullable: true },
      { name: 'day', type: 'date', nullable: true },
      { name: 'at', type: 'datetime', nullable: true },
      { name: 'clock', type: 'time', nullable: true },
      { name: 's', type: 'string', nullable: true },
      { name: 'u', type: 'uuid', nullable: false },
      { name: 'odd "name", too', type: 'string', nullable: false },
    ];
    const table: TableInfo = { name: 'edge', columns, rowCount: 7 };
    const batches: CellValue[][][] = [
      [
        [0, -1, 2 ** 53 - 1, null],
        [-(2 ** 53), 9_007_199_254_740_993, 1, 2 ** 62],
        [0.1, -0, null, 1e-300],
        [-0.01, 123456789012.34, null, 0.5],
        [2 ** 53 - 1, -7, 0, -(2 ** 53) + 1],
        [-1234.567890123456, 9_999_999_999_999.99, null, 1e-12],
        [true, false, null, true],
        [-25_567 * MS_PER_DAY, 0, null, 2_932_896 * MS_PER_DAY],
        [-1, 0, null, 253_402_300_799_999],
        [0, 86_399_999, null, 3_723_004],
        ['', 'two\nlines, "quoted"', null, 'ünïcödé 😀 \u0000 nul'],
        ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', 'a', 'b'],
        ['x', 'y', 'z', 'w'],
      ],
      // An enum column of type string may hold numbers or booleans: written as their text.
      [[null, 5, 6], [7, 8, 9], [Number.MAX_VALUE, -Number.MIN_VALUE, 3], [-12345.6, null, -0.05], [1, 2, 3], [null, -0, 0.000000000001], [false, true, null], [null, 1, 2], [null, 1, 2], [null, 1, 2], [3, true, null], ['c', 'd', 'e'], ['v', 'u', 't']],
    ];
    const rows = rowsOf(table, batches);
    const file = await writeTable(table, batches);
    const stream = await writeTable(table, batches, { stream: true });
    const back = tableFromIPC(file);
    expect(back.batches).toHaveLength(2);
    checkWithArrowJs(back, table, rows);
    checkWithArrowJs(tableFromIPC(stream), table, rows);
    await checkWithDuckdb(stream, table, rows);
    await checkWithDuckdb(streamFromFooter(file, stream), table, rows);
  });

  it('streams: each row batch becomes one record batch, written before the next arrives', async () => {
    const spec = `synth: 1
seed: 3
tables:
  t:
    rows: 10000
    columns:
      id: { type: sequence, primary_key: true }
      v: { type: float, min: 0, max: 1, nulls: 0.1 }
`;
    for (const stream of [false, true]) {
      const writes: number[] = [];
      const sink = new MemorySink();
      const counting: ByteSink = { write: async (chunk) => { writes.push(typeof chunk === 'string' ? chunk.length : chunk.byteLength); await sink.write(chunk); } };
      const probe: WriterFactory = (_s, o) => {
        const inner = arrowWriter(counting, o);
        return { ...inner, writeBatch: async (b) => { const before = writes.length; await inner.writeBatch(b); expect(writes.length).toBe(before + 1); } };
      };
      const { rows } = await writeWith(probe, spec, { options: { stream } });
      const back = tableFromIPC(sink.buffer());
      expect(back.numRows).toBe(10000);
      // 4096-row batches from the executor: three record batches, never one table-sized one.
      expect(back.batches.map((b) => b.numRows)).toEqual([4096, 4096, 1808]);
      if (!stream) expect(footerBlocks(sink.buffer()).recordBatches).toHaveLength(3);
      expect(Array.from(back.getChild('id')!.toArray() as BigInt64Array, Number)).toEqual(rows.get('t')!.map((r) => r.id));
      const v = back.getChild('v')!;
      expect(Array.from({ length: back.numRows }, (_, i) => v.get(i))).toEqual(rows.get('t')!.map((r) => r.v));
    }
  });

  it('writes an empty table as a valid file with its schema', async () => {
    const table: TableInfo = { name: 'empty', rowCount: 0, columns: [{ name: 'id', type: 'int', nullable: false }, { name: 'at', type: 'datetime', nullable: true }] };
    for (const stream of [false, true]) {
      const back = tableFromIPC(await writeTable(table, [], { stream }));
      expect(back.numRows).toBe(0);
      expect(back.schema.fields.map((f) => [f.name, String(f.type), f.nullable])).toEqual([['id', 'Int64', false], ['at', 'Timestamp<MILLISECOND, UTC>', true]]);
    }
    const stream = await writeTable(table, [], { stream: true });
    const path = tempFile(Buffer.from(writeParquet(RsTable.fromIPCStream(stream))), 'empty.parquet');
    expect(await duckdbRows(`SELECT count(*)::INT AS n FROM read_parquet('${path}')`)).toEqual([{ n: 0 }]);
  });

  it('is byte-deterministic in both formats', async () => {
    for (const options of [{}, { stream: false }, { stream: true }]) {
      const a = await writeWith(arrowWriter, TYPES_SPEC, { tables: ['customers'], options });
      const b = await writeWith(arrowWriter, TYPES_SPEC, { tables: ['customers'], options });
      expect(a.bytes.equals(b.bytes)).toBe(true);
    }
    const file = await writeWith(arrowWriter, TYPES_SPEC, { tables: ['customers'] });
    const stream = await writeWith(arrowWriter, TYPES_SPEC, { tables: ['customers'], options: { stream: true } });
    expect(file.bytes.subarray(0, 8).toString('latin1')).toBe('ARROW1\0\0');
    expect(stream.bytes.readInt32LE(0)).toBe(-1);
    expect(file.bytes.equals(stream.bytes)).toBe(false);
  });

  it('validates `stream`', () => {
    const sink = new MemorySink();
    for (const stream of ['yes', 1, null]) expect(() => arrowWriter(sink, { ...ctx([]), options: { stream } })).toThrow(WriterOptionError);
    expect(() => arrowWriter(sink, { ...ctx([]), options: { stream: 'true' } })).toThrow('`stream` must be `true` (IPC stream) or `false` (IPC file, Feather v2)');
    for (const stream of [true, false, undefined]) expect(() => arrowWriter(sink, { ...ctx([]), options: stream === undefined ? {} : { stream } })).not.toThrow();
  });

  it('refuses values its column type cannot hold, naming column and row', async () => {
    const table = (c: ColumnInfo): TableInfo => ({ name: 't', rowCount: 2, columns: [c] });
    await expect(writeTable(table({ name: 'n', type: 'int', nullable: false }), [[[1, 2.5]]])).rejects.toThrow('column `n` of table `t` is int but row 2 holds 2.5');
    await expect(writeTable(table({ name: 'n', type: 'int', nullable: false }), [[[1, 2 ** 63]]])).rejects.toThrow('row 2');
    await expect(writeTable(table({ name: 'k', type: 'string', nullable: false }), [[['a']], [['b', null]]])).rejects.toThrow('row 3 holds null but the column is not nullable');
    await expect(writeTable(table({ name: 'd', type: 'decimal', scale: 2, nullable: false }), [[[1e16]]])).rejects.toThrow('row 1 holds 10000000000000000 (does not fit Decimal128(18, 2))');
    await expect(writeTable(table({ name: 'b', type: 'bool', nullable: false }), [[[1]]])).rejects.toThrow('not a boolean');
  });
});
