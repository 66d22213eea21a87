import {
  Bool,
  DateDay,
  Decimal,
  Field,
  Float64,
  Int64,
  makeData,
  RecordBatch,
  RecordBatchStreamWriter,
  Schema,
  Struct,
  TimeMillisecond,
  TimestampMillisecond,
  Utf8,
  type Data,
  type DataType,
} from 'apache-arrow';
import { Compression, Table as WasmTable, transformParquetStream, WriterPropertiesBuilder, type RecordBatch as WasmRecordBatch } from 'parquet-wasm';
import { WriterOptionError, type ByteSink, type CellValue, type ColumnInfo, type TableInfo, type WriterFactory } from '../types.js';

/**
 * Parquet (docs/formats.md, "parquet"): one table per file, typed columns, one row group every `row_group_rows` rows.
 *
 * Rows are buffered column by column until a row group is full, converted to an Arrow record batch (apache-arrow),
 * handed to parquet-wasm (the Rust `parquet` crate compiled to WebAssembly) over Arrow IPC, and the bytes it emits
 * for each row group are written to the sink as they come. Memory is bounded by one row group, not the table.
 * parquet-wasm was chosen over hyparquet-writer (about as fast) because it brings its own zstd, built into the wasm
 * module and so identical on every machine; hyparquet-writer needs one from outside, and Node 20's zlib has none.
 */

export const DEFAULT_ROW_GROUP_ROWS = 100_000;

const CODECS = { snappy: Compression.SNAPPY, zstd: Compression.ZSTD, none: Compression.UNCOMPRESSED } as const;
type CodecName = keyof typeof CODECS;

/** Integer digits a decimal column holds: every integer a double holds exactly (< 2^53) has at most 16. */
const DECIMAL_INTEGER_DIGITS = 16;
const MAX_DECIMAL_PRECISION = 38;
const DAY_MS = 86_400_000;

export interface ParquetOptions {
  rowGroupRows: number;
  compression: CodecName;
}

/** Reads and checks the output's `row_group_rows` and `compression`. */
export function parquetOptions(options: Record<string, unknown>): ParquetOptions {
  const rows = options.row_group_rows ?? DEFAULT_ROW_GROUP_ROWS;
  if (typeof rows !== 'number' || !Number.isSafeInteger(rows) || rows < 1 || rows > 0x7fffffff) {
    throw new WriterOptionError('`row_group_rows` must be a positive integer (rows per row group, default 100000)');
  }
  const compression = options.compression ?? 'snappy';
  if (typeof compression !== 'string' || !Object.hasOwn(CODECS, compression)) {
    throw new WriterOptionError('`compression` must be `snappy`, `zstd` or `none`');
  }
  return { rowGroupRows: rows, compression: compression as CodecName };
}

export const parquetWriter: WriterFactory = (sink, { options }) => {
  const opts = parquetOptions(options);
  let table: TableStream | undefined;
  let tables = 0;
  return {
    async startTable(info) {
      if (tables++ > 0) throw new Error(`parquet holds one table per file; \`${info.name}\` arrived after another (the output's path needs \`{table}\`)`);
      table = new TableStream(sink, info, opts);
    },
    async writeBatch(batch) {
      await table!.append(batch.columns, batch.rowCount);
    },
    async endTable() {
      await table!.end();
      table = undefined;
    },
    async finish() {},
  };
};

/** One table being written: buffers a row group of cells per column, and feeds full row groups to parquet-wasm. */
class TableStream {
  private readonly schema: Schema;
  private readonly encoders: ColumnEncoder[];
  private buffered: CellValue[][];
  private rows = 0;
  /** Rows already sent, for error messages. */
  private flushed = 0;
  private readonly feed = new BatchFeed();
  private readonly written: Promise<void>;

  constructor(
    sink: ByteSink,
    private readonly info: TableInfo,
    private readonly opts: ParquetOptions,
  ) {
    this.encoders = info.columns.map(columnEncoder);
    this.schema = new Schema(info.columns.map((c, k) => new Field(c.name, this.encoders[k]!.type, c.nullable)));
    this.buffered = info.columns.map(() => []);
    const properties = new WriterPropertiesBuilder().setCompression(CODECS[opts.compression]).setMaxRowGroupSize(opts.rowGroupRows).build();
    // Not awaited here: parquet-wasm reads the first batch before it resolves.
    this.written = transformParquetStream(this.feed.stream, properties).then((out: ReadableStream<Uint8Array>) => copyTo(out, sink));
    this.written.catch((e: unknown) => this.feed.fail(e));
  }

  async append(columns: CellValue[][], rowCount: number): Promise<void> {
    let r = 0;
    while (r < rowCount) {
      const take = Math.min(rowCount - r, this.opts.rowGroupRows - this.rows);
      for (let k = 0; k < columns.length; k++) {
        const from = columns[k]!;
        const to = this.buffered[k]!;
        for (let i = r; i < r + take; i++) to.push(from[i]!);
      }
      this.rows += take;
      r += take;
      if (this.rows === this.opts.rowGroupRows) await this.flush();
    }
  }

  /** Sends what is buffered (an empty table still sends one empty batch, which carries the schema). */
  async end(): Promise<void> {
    if (this.rows > 0 || !this.feed.sent) await this.flush();
    this.feed.close();
    await this.written;
  }

  private async flush(): Promise<void> {
    const n = this.rows;
    const children = this.encoders.map((encode, k) => encode.data(this.buffered[k]!, { info: this.info.columns[k]!, table: this.info.name, firstRow: this.flushed }));
    this.buffered = this.info.columns.map(() => []);
    this.rows = 0;
    this.flushed += n;
    const batch = new RecordBatch(this.schema, makeData({ type: new Struct(this.schema.fields), length: n, nullCount: 0, children }));
    const ipc = RecordBatchStreamWriter.writeAll([batch]).toUint8Array(true);
    const wasmTable = WasmTable.fromIPCStream(ipc);
    try {
      for (const b of wasmTable.recordBatches()) await this.feed.push(b);
    } finally {
      wasmTable.free();
    }
  }
}

/**
 * A pull-driven stream of record batches for parquet-wasm: `push` waits until the writer asks for the next batch,
 * so at most one row group waits in memory while the previous one is encoded.
 */
class BatchFeed {
  readonly stream: ReadableStream<WasmRecordBatch>;
  sent = false;
  private controller!: ReadableStreamDefaultController<WasmRecordBatch>;
  private wanted = deferred();
  private error: { cause: unknown } | undefined;

  constructor() {
    this.stream = new ReadableStream<WasmRecordBatch>(
      {
        start: (c) => {
          this.controller = c;
        },
        pull: () => this.wanted.resolve(),
      },
      { highWaterMark: 0 },
    );
  }

  async push(batch: WasmRecordBatch): Promise<void> {
    await this.wanted.promise;
    if (this.error) {
      batch.free();
      throw this.error.cause;
    }
    this.wanted = deferred();
    this.controller.enqueue(batch);
    this.sent = true;
  }

  close(): void {
    if (!this.error) this.controller.close();
  }

  /** The encoder failed: wake a waiting `push` so it reports the failure instead of waiting forever. */
  fail(cause: unknown): void {
    this.error = { cause };
    this.wanted.resolve();
  }
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function copyTo(out: ReadableStream<Uint8Array>, sink: ByteSink): Promise<void> {
  const reader = out.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    await sink.write(value);
  }
}

// ---------------------------------------------------------------------------------------------
// Cells → Arrow column data
// ---------------------------------------------------------------------------------------------

/** Where cells come from, for error messages: the column, its table, and the row the row group starts at. */
interface Origin {
  info: ColumnInfo;
  table: string;
  firstRow: number;
}

interface ColumnEncoder {
  type: DataType;
  data(values: CellValue[], at: Origin): Data;
}

/**
 * The Parquet type of each logical type (the table in docs/formats.md). Temporal columns keep their native type
 * whatever their `format`: formats say how values look as text, and Parquet stores no text for them.
 */
function columnEncoder(info: ColumnInfo): ColumnEncoder {
  switch (info.type) {
    case 'int':
      return fixedWidth(new Int64(), (n) => new BigInt64Array(n), (v, at, i) => BigInt(integer(v, at, i)));
    case 'float':
      return fixedWidth(new Float64(), (n) => new Float64Array(n), number);
    case 'decimal':
      return decimalEncoder(info.scale ?? 2);
    case 'bool':
      return { type: new Bool(), data: boolData };
    case 'date':
      // Floor, not truncate: a day before 1970 is a negative day number.
      return fixedWidth(new DateDay(), (n) => new Int32Array(n), (v, at, i) => Math.floor(integer(v, at, i) / DAY_MS));
    case 'datetime':
      return fixedWidth(new TimestampMillisecond('UTC'), (n) => new BigInt64Array(n), (v, at, i) => BigInt(integer(v, at, i)));
    case 'time':
      return fixedWidth(new TimeMillisecond(), (n) => new Int32Array(n), integer);
    case 'string':
    case 'uuid':
    // Documents as their JSON text (docs/nested.md#formats).
    case 'json':
      return { type: new Utf8(), data: utf8Data };
  }
}

/** Fixed-width column data: each non-null cell converted into a typed array, nulls left 0 and marked in the bitmap. */
function fixedWidth<A extends Int32Array | Float64Array | BigInt64Array>(
  type: DataType,
  allocate: (n: number) => A,
  convert: (v: CellValue, at: Origin, i: number) => A[number],
): ColumnEncoder {
  return {
    type,
    data(values, at) {
      const data = allocate(values.length);
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v !== null) data[i] = convert(v, at, i);
      }
      const { nullBitmap, nullCount } = validity(values);
      return makeData({ type, length: values.length, nullCount, nullBitmap, data } as Parameters<typeof makeData>[0]);
    },
  };
}

/**
 * Decimals as DECIMAL(min(38, 16 + scale), scale). The unscaled integer is read off the value's text at that scale
 * (`toFixed`, as the text formats write it), so every format holds the same digits, at any scale.
 */
function decimalEncoder(scale: number): ColumnEncoder {
  const precision = Math.min(MAX_DECIMAL_PRECISION, DECIMAL_INTEGER_DIGITS + scale);
  const type = new Decimal(scale, precision, 128);
  const limit = 10n ** BigInt(precision);
  return {
    type,
    data(values, at) {
      const words = new BigInt64Array(values.length * 2);
      for (let i = 0; i < values.length; i++) {
        const v = values[i]!;
        if (v === null) continue;
        const n = number(v, at, i);
        // toFixed switches to exponent notation from 1e21, far past what the precision holds anyway.
        const unscaled = Math.abs(n) < 1e21 ? BigInt(n.toFixed(scale).replace('.', '')) : limit;
        if (unscaled >= limit || unscaled <= -limit) badCell(at, i, v, `more than ${precision - scale} digits before the point do not fit DECIMAL(${precision}, ${scale})`);
        words[2 * i] = BigInt.asIntN(64, unscaled);
        words[2 * i + 1] = BigInt.asIntN(64, unscaled >> 64n);
      }
      const { nullBitmap, nullCount } = validity(values);
      return makeData({ type, length: values.length, nullCount, nullBitmap, data: new Uint32Array(words.buffer) });
    },
  };
}

function boolData(values: CellValue[], at: Origin): Data {
  const bits = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v === null) continue;
    if (typeof v !== 'boolean') badCell(at, i, v, 'not a boolean');
    if (v) bits[i >> 3]! |= 1 << (i & 7);
  }
  const { nullBitmap, nullCount } = validity(values);
  return makeData({ type: new Bool(), length: values.length, nullCount, nullBitmap, data: bits });
}

/** UTF-8 in one buffer: an enum's numbers and booleans become their text, as in every other format. */
function utf8Data(values: CellValue[], at: Origin): Data {
  const offsets = new Int32Array(values.length + 1);
  let bytes = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== null) bytes += Buffer.byteLength(String(v), 'utf8');
    if (bytes > 0x7fffffff) throw new Error(`parquet: column \`${at.info.name}\` of table \`${at.table}\` holds more than 2 GiB of text in one row group; set a smaller \`row_group_rows\``);
    offsets[i + 1] = bytes;
  }
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (v !== null) data.write(String(v), offsets[i]!, 'utf8');
  }
  const { nullBitmap, nullCount } = validity(values);
  return makeData({ type: new Utf8(), length: values.length, nullCount, nullBitmap, valueOffsets: offsets, data });
}

/** Arrow's validity bitmap (bit set = value present), or none when the column has no nulls. */
function validity(values: CellValue[]): { nullBitmap: Uint8Array | undefined; nullCount: number } {
  let nullCount = 0;
  for (const v of values) if (v === null) nullCount++;
  if (nullCount === 0) return { nullBitmap: undefined, nullCount };
  const bits = new Uint8Array((values.length + 7) >> 3);
  for (let i = 0; i < values.length; i++) if (values[i] !== null) bits[i >> 3]! |= 1 << (i & 7);
  return { nullBitmap: bits, nullCount };
}

/** DOUBLE holds NaN and ±Infinity too, so a float is any number. */
function number(v: CellValue, at: Origin, i: number): number {
  if (typeof v !== 'number') badCell(at, i, v, 'not a number');
  return v;
}

/** Checked, because a BigInt64Array silently wraps what does not fit in 64 bits. */
function integer(v: CellValue, at: Origin, i: number): number {
  const n = number(v, at, i);
  if (!Number.isInteger(n) || Math.abs(n) >= 2 ** 63) badCell(at, i, v, 'not a 64-bit integer');
  return n;
}

function badCell(at: Origin, i: number, v: CellValue, why: string): never {
  throw new Error(`parquet: column \`${at.info.name}\` of table \`${at.table}\` is ${at.info.type} but row ${at.firstRow + i + 1} holds ${JSON.stringify(v)} (${why})`);
}
