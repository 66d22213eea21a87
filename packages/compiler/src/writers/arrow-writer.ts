import {
  AsyncByteQueue,
  Bool,
  type Data,
  type DataType,
  DateDay,
  Decimal,
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  type RecordBatchWriter,
  Schema,
  Struct,
  TimeMillisecond,
  TimestampMillisecond,
  Utf8,
} from 'apache-arrow';
import { WriterOptionError, type ByteSink, type CellValue, type ColumnInfo, type RowBatch, type TableInfo, type Writer, type WriterFactory } from '../types.js';

/**
 * Decimal128(min(38, 16 + scale), scale), as the parquet writer does: 16 integer digits cover every integer a double
 * holds exactly (< 2^53), and a precision fixed by the column (not the data) keeps the schema independent of the
 * values drawn. Up to precision 18 readers such as DuckDB keep the values in 64 bits.
 */
export function decimalPrecision(scale: number): number {
  return Math.min(38, 16 + scale);
}

const MS_PER_DAY = 86_400_000;
const TWO_32 = 4_294_967_296;
const TWO_63 = 2 ** 63;

/**
 * Arrow IPC: the file format (Feather v2, the default) or, with `stream: true`, the IPC stream format. One table a
 * file; each RowBatch becomes one RecordBatch, encoded and handed to the sink before the next batch is read.
 */
export const arrowWriter: WriterFactory = (sink, { options }) => {
  if (options.stream !== undefined && typeof options.stream !== 'boolean') throw new WriterOptionError('`stream` must be `true` (IPC stream) or `false` (IPC file, Feather v2)');
  return ipcWriter(sink, options.stream === true);
};

/**
 * Collects what the Arrow writer emits synchronously, so each batch's bytes reach the sink in one awaited write
 * (honouring its backpressure). RecordBatchWriter.reset keeps a sink only when it is an AsyncByteQueue.
 */
class ChunkQueue extends AsyncByteQueue {
  private chunks: Uint8Array[] = [];
  private size = 0;

  override write(value: Uint8Array): void {
    if (value.byteLength === 0) return;
    this.chunks.push(value);
    this.size += value.byteLength;
  }

  take(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    this.chunks = [];
    this.size = 0;
    return out;
  }
}

function ipcWriter(sink: ByteSink, stream: boolean): Writer {
  const queue = new ChunkQueue();
  let writer: RecordBatchWriter | undefined;
  let encoders: ColumnEncoder[] = [];
  let schema: Schema | undefined;
  let tableName = '';
  const flush = async () => {
    const bytes = queue.take();
    if (bytes.byteLength > 0) await sink.write(bytes);
  };
  return {
    async startTable(table: TableInfo) {
      if (writer) throw new Error(`arrow holds one table a file; \`${table.name}\` arrived after \`${tableName}\``);
      tableName = table.name;
      encoders = table.columns.map((c) => columnEncoder(c, table.name));
      schema = new Schema(table.columns.map((c, k) => new Field(c.name, encoders[k]!.type, c.nullable)));
      writer = stream ? new RecordBatchStreamWriter() : new RecordBatchFileWriter();
      // Starting with the schema (not the first batch) makes an empty table a valid file too.
      writer.reset(queue, schema);
      await flush();
    },
    async writeBatch(batch: RowBatch) {
      if (!writer || !schema || batch.rowCount === 0) return;
      const children = encoders.map((e, k) => e.encode(batch.columns[k]!, batch.rowCount, batch.startRow));
      const data = makeData({ type: new Struct(schema.fields), length: batch.rowCount, nullCount: 0, children });
      writer.write(new RecordBatch(schema, data));
      await flush();
    },
    async endTable() {
      // Writes the end-of-stream marker (and, for the file format, the footer indexing every batch).
      writer?.finish();
      await flush();
    },
    async finish() {},
  };
}

interface ColumnEncoder {
  type: DataType;
  encode(values: CellValue[], n: number, startRow: number): Data;
}

function columnEncoder(info: ColumnInfo, table: string): ColumnEncoder {
  /** Reports a value the column's type can't hold: a bug upstream, since writers get values typed by their column. */
  const failer = (start: number, expected: string): Fail => (row, v) => {
    const why = v === null ? 'but the column is not nullable' : `(${expected})`;
    throw new Error(`arrow: column \`${info.name}\` of table \`${table}\` is ${info.type} but row ${start + row + 1} holds ${JSON.stringify(v)} ${why}`);
  };
  switch (info.type) {
    case 'int':
      return { type: new Int64(), encode: (vs, n, start) => makeData({ type: new Int64(), ...int64Props(vs, n, info, failer(start, 'not a whole number in the Int64 range')) }) };
    case 'datetime': {
      const type = new TimestampMillisecond('UTC');
      return { type, encode: (vs, n, start) => makeData({ type, ...int64Props(vs, n, info, failer(start, 'not epoch milliseconds'), Math.floor) }) };
    }
    case 'float':
      return { type: new Float64(), encode: (vs, n, start) => float64Data(vs, n, info, failer(start, 'not a number')) };
    case 'decimal': {
      const scale = info.scale ?? 2;
      const type = new Decimal(scale, decimalPrecision(scale), 128);
      if (scale > type.precision) throw new Error(`arrow: decimal column \`${info.name}\` of table \`${table}\` has scale ${scale}; Arrow's Decimal128 holds at most 38 digits`);
      return { type, encode: (vs, n, start) => decimalData(type, vs, n, info, failer(start, `does not fit Decimal128(${type.precision}, ${scale})`)) };
    }
    case 'bool':
      return { type: new Bool(), encode: (vs, n, start) => boolData(vs, n, info, failer(start, 'not a boolean')) };
    case 'date': {
      const type = new DateDay();
      return { type, encode: (vs, n, start) => makeData({ type, ...int32Props(vs, n, info, (v) => Math.floor(v / MS_PER_DAY), failer(start, 'not epoch milliseconds')) }) };
    }
    case 'time': {
      const type = new TimeMillisecond();
      return { type, encode: (vs, n, start) => makeData({ type, ...int32Props(vs, n, info, Math.floor, failer(start, 'not milliseconds since midnight')) }) };
    }
    case 'json':
    case 'string':
    case 'uuid':
      return { type: new Utf8(), encode: (vs, n, start) => utf8Data(vs, n, info, failer(start, 'text')) };
  }
}

type Fail = (row: number, v: CellValue) => never;

/** A validity bitmap (bit set = value present), or undefined when nothing is null. Nulls in a non-nullable column fail. */
function validity(values: CellValue[], n: number, info: ColumnInfo, fail: Fail): { bitmap?: Uint8Array; nullCount: number } {
  let nullCount = 0;
  for (let r = 0; r < n; r++) if (values[r] === null) nullCount++;
  if (nullCount === 0) return { nullCount };
  if (!info.nullable) fail(values.indexOf(null), null);
  const bitmap = new Uint8Array((n + 7) >> 3);
  for (let r = 0; r < n; r++) if (values[r] !== null) bitmap[r >> 3]! |= 1 << (r & 7);
  return { bitmap, nullCount };
}

/**
 * Int64 and millisecond timestamps, written as two 32-bit halves (little-endian, as Arrow is) so no BigInt is
 * made per value. The halves are exact for every integral double below 2^63.
 */
function int64Props(values: CellValue[], n: number, info: ColumnInfo, fail: Fail, round: (v: number) => number = (v) => v) {
  const { bitmap, nullCount } = validity(values, n, info, fail);
  const buffer = new ArrayBuffer(n * 8);
  const lo = new Uint32Array(buffer);
  const hi = new Int32Array(buffer);
  for (let r = 0; r < n; r++) {
    const raw = values[r]!;
    if (raw === null) continue;
    if (typeof raw !== 'number') fail(r, raw);
    const v = round(raw as number);
    if (!Number.isInteger(v) || v >= TWO_63 || v < -TWO_63) fail(r, raw);
    const h = Math.floor(v / TWO_32);
    lo[2 * r] = v - h * TWO_32;
    hi[2 * r + 1] = h;
  }
  return { length: n, nullCount, ...(bitmap ? { nullBitmap: bitmap } : {}), data: new BigInt64Array(buffer) };
}

function int32Props(values: CellValue[], n: number, info: ColumnInfo, convert: (v: number) => number, fail: Fail) {
  const { bitmap, nullCount } = validity(values, n, info, fail);
  const data = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    const v = values[r]!;
    if (v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(r, v);
    data[r] = convert(v as number);
  }
  return { length: n, nullCount, ...(bitmap ? { nullBitmap: bitmap } : {}), data };
}

function float64Data(values: CellValue[], n: number, info: ColumnInfo, fail: Fail): Data {
  const { bitmap, nullCount } = validity(values, n, info, fail);
  const data = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const v = values[r]!;
    if (v === null) continue;
    if (typeof v !== 'number') fail(r, v);
    data[r] = v as number;
  }
  return makeData({ type: new Float64(), length: n, nullCount, ...(bitmap ? { nullBitmap: bitmap } : {}), data });
}

function boolData(values: CellValue[], n: number, info: ColumnInfo, fail: Fail): Data {
  const { bitmap, nullCount } = validity(values, n, info, fail);
  const data = new Uint8Array((n + 7) >> 3);
  for (let r = 0; r < n; r++) {
    const v = values[r]!;
    if (v === null) continue;
    if (typeof v !== 'boolean') fail(r, v);
    if (v) data[r >> 3]! |= 1 << (r & 7);
  }
  return makeData({ type: new Bool(), length: n, nullCount, ...(bitmap ? { nullBitmap: bitmap } : {}), data });
}

/**
 * Decimal128: the unscaled integer of the value's text at the column's scale (the digits csv writes), as four
 * little-endian 32-bit words in two's complement. Most values fit a double exactly and skip BigInt.
 */
function decimalData(type: Decimal, values: CellValue[], n: number, info: ColumnInfo, fail: Fail): Data {
  const { bitmap, nullCount } = validity(values, n, info, fail);
  const words = new Uint32Array(n * 4);
  const integerLimit = 10 ** (type.precision - type.scale);
  for (let r = 0; r < n; r++) {
    const v = values[r]!;
    if (v === null) continue;
    // Also refuses NaN and ±Infinity; below the limit toFixed never switches to exponent notation.
    if (typeof v !== 'number' || !(Math.abs(v) < integerLimit)) fail(r, v);
    const digits = (v as number).toFixed(type.scale).replace('.', '');
    const unscaled = Number(digits);
    if (Number.isSafeInteger(unscaled)) {
      const h = Math.floor(unscaled / TWO_32);
      const sign = unscaled < 0 ? 0xffffffff : 0;
      words[4 * r] = unscaled - h * TWO_32;
      words[4 * r + 1] = h >>> 0;
      words[4 * r + 2] = sign;
      words[4 * r + 3] = sign;
    } else {
      const bits = BigInt.asUintN(128, BigInt(digits));
      for (let w = 0; w < 4; w++) words[4 * r + w] = Number((bits >> BigInt(32 * w)) & 0xffffffffn);
    }
  }
  return makeData({ type, length: n, nullCount, ...(bitmap ? { nullBitmap: bitmap } : {}), data: words });
}

/** Utf8: values encoded back to back with an offsets array; enum values that are numbers or booleans become their text. */
function utf8Data(values: CellValue[], n: number, info: ColumnInfo, fail: Fail): Data {
  const { bitmap, nullCount } = validity(values, n, info, fail);
  const texts = new Array<string>(n);
  let maxBytes = 0;
  for (let r = 0; r < n; r++) {
    const v = values[r]!;
    const s = v === null ? '' : typeof v === 'string' ? v : String(v);
    texts[r] = s;
    maxBytes += s.length * 3;
  }
  const bytes = Buffer.alloc(maxBytes);
  const offsets = new Int32Array(n + 1);
  let at = 0;
  for (let r = 0; r < n; r++) {
    at += bytes.write(texts[r]!, at, 'utf8');
    offsets[r + 1] = at;
  }
  if (at > 0x7fffffff) throw new Error(`arrow: column \`${info.name}\` holds more than 2 GiB of text in one batch`);
  return makeData({ type: new Utf8(), length: n, nullCount, ...(bitmap ? { nullBitmap: bitmap } : {}), valueOffsets: offsets, data: bytes.subarray(0, at) });
}
