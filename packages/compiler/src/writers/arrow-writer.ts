import { AsyncByteQueue, makeData, RecordBatch, RecordBatchFileWriter, RecordBatchStreamWriter, type RecordBatchWriter, Schema, Struct } from 'apache-arrow';
import { WriterOptionError, type ByteSink, type RowBatch, type TableInfo, type Writer, type WriterFactory } from '../types.js';
import { columnEncoder, type ColumnEncoder } from './arrow-columns.js';

export { decimalPrecision } from './arrow-columns.js';

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
      encoders = table.columns.map((c) => columnEncoder(c, { table: table.name, format: 'arrow' }));
      schema = new Schema(encoders.map((e) => e.field));
      writer = stream ? new RecordBatchStreamWriter() : new RecordBatchFileWriter();
      // Starting with the schema (not the first batch) makes an empty table a valid file too.
      writer.reset(queue, schema);
      await flush();
    },
    async writeBatch(batch: RowBatch) {
      if (!writer || !schema || batch.rowCount === 0) return;
      const children = encoders.map((e, k) => {
        e.append(batch.columns[k]!, 0, batch.rowCount, batch.startRow);
        return e.take();
      });
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
