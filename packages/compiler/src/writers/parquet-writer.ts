import { makeData, RecordBatch, RecordBatchStreamWriter, Schema, Struct } from 'apache-arrow';
import { Compression, Table as WasmTable, transformParquetStream, WriterPropertiesBuilder, type RecordBatch as WasmRecordBatch } from 'parquet-wasm';
import { WriterOptionError, type ByteSink, type CellValue, type TableInfo, type WriterFactory } from '../types.js';
import { columnEncoder, type ColumnEncoder } from './arrow-columns.js';

/**
 * Parquet (docs/formats.md, "parquet"): one table per file, typed columns, one row group every `row_group_rows` rows.
 *
 * Each batch's columns are encoded as they arrive into Arrow column buffers (arrow-columns.ts, shared with the arrow
 * writer) until a row group is full. The row group, one Arrow record batch (apache-arrow), is handed to parquet-wasm
 * (the Rust `parquet` crate compiled to WebAssembly) over Arrow IPC, and the bytes it emits for each row group are
 * written to the sink as they come. Memory is bounded by one row group, not the table.
 * parquet-wasm was chosen over hyparquet-writer (about as fast) because it brings its own zstd, built into the wasm
 * module and so identical on every machine; hyparquet-writer needs one from outside, and Node 20's zlib has none.
 */

export const DEFAULT_ROW_GROUP_ROWS = 100_000;

const CODECS = { snappy: Compression.SNAPPY, zstd: Compression.ZSTD, none: Compression.UNCOMPRESSED } as const;
type CodecName = keyof typeof CODECS;

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

/** One table being written: encodes a row group of cells per column, and feeds full row groups to parquet-wasm. */
class TableStream {
  private readonly schema: Schema;
  private readonly encoders: ColumnEncoder[];
  /** Rows encoded into the row group being filled. */
  private rows = 0;
  /** Rows already sent, for error messages and the next row group's size. */
  private flushed = 0;
  private readonly feed = new BatchFeed();
  private readonly written: Promise<void>;

  constructor(
    sink: ByteSink,
    private readonly info: TableInfo,
    private readonly opts: ParquetOptions,
  ) {
    this.encoders = info.columns.map((c) => columnEncoder(c, { table: info.name, format: 'parquet' }));
    this.schema = new Schema(this.encoders.map((e) => e.field));
    const properties = new WriterPropertiesBuilder().setCompression(CODECS[opts.compression]).setMaxRowGroupSize(opts.rowGroupRows).build();
    // Not awaited here: parquet-wasm reads the first batch before it resolves.
    this.written = transformParquetStream(this.feed.stream, properties).then((out: ReadableStream<Uint8Array>) => copyTo(out, sink));
    this.written.catch((e: unknown) => this.feed.fail(e));
  }

  async append(columns: CellValue[][], rowCount: number): Promise<void> {
    let r = 0;
    while (r < rowCount) {
      if (this.rows === 0) {
        // The row group's size when the table's row count tells it, so its buffers are allocated once.
        const expected = Math.min(this.opts.rowGroupRows, this.info.rowCount - this.flushed);
        if (expected > 0) for (const e of this.encoders) e.reserve(expected);
      }
      const take = Math.min(rowCount - r, this.opts.rowGroupRows - this.rows);
      for (let k = 0; k < columns.length; k++) this.encoders[k]!.append(columns[k]!, r, r + take, this.flushed + this.rows);
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
    // Throws for the first cell of the row group its column cannot hold.
    const children = this.encoders.map((e) => e.take());
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
