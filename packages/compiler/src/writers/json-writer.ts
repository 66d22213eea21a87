import type { ByteSink, CellValue, RowBatch, TableInfo, Writer, WriterOptions } from '../types.js';
import { jsonFormatter } from './format-value.js';

/** Serializes one row as a JSON object with keys in the spec's column order. */
function rowEncoder(table: TableInfo): (batch: RowBatch, r: number) => string {
  const keys = table.columns.map((c) => `${JSON.stringify(c.name)}:`);
  const fmts = table.columns.map(jsonFormatter);
  // Documents (object, array, json columns) are JSON text already: written as nested JSON, not as a string.
  const nested = table.columns.map((c) => c.type === 'json');
  return (batch, r) => {
    let s = '{';
    for (let k = 0; k < keys.length; k++) {
      const v: CellValue = fmts[k]!(batch.columns[k]![r]!);
      s += (k ? ',' : '') + keys[k] + (nested[k] && typeof v === 'string' ? v : typeof v === 'number' && !Number.isFinite(v) ? 'null' : JSON.stringify(v));
    }
    return s + '}';
  };
}

/**
 * JSON: a file with one table holds an array of row objects; a file with several holds an object of
 * arrays keyed by table name. One row per line, so diffs of committed fixtures stay readable.
 */
export function jsonWriter(sink: ByteSink, options: WriterOptions): Writer {
  let encode: (b: RowBatch, r: number) => string = () => '';
  let tables = 0;
  let rows = 0;
  return {
    async startTable(table) {
      encode = rowEncoder(table);
      rows = 0;
      if (options.multiTable) await sink.write(`${tables === 0 ? '{\n' : ',\n'}${JSON.stringify(table.name)}: [`);
      else await sink.write('[');
      tables++;
    },
    async writeBatch(batch) {
      let out = '';
      for (let r = 0; r < batch.rowCount; r++) out += `${rows++ === 0 ? '\n' : ',\n'}${encode(batch, r)}`;
      if (out) await sink.write(out);
    },
    async endTable() {
      await sink.write(rows === 0 ? ']' : '\n]');
    },
    async finish() {
      if (options.multiTable) await sink.write(tables === 0 ? '{}\n' : '\n}\n');
      else await sink.write(tables === 0 ? '[]\n' : '\n');
    },
  };
}

/** JSON Lines: one row object a line; streams without any closing bracket to wait for. */
export function jsonlWriter(sink: ByteSink, _options?: WriterOptions): Writer {
  let encode: (b: RowBatch, r: number) => string = () => '';
  return {
    async startTable(table) {
      encode = rowEncoder(table);
    },
    async writeBatch(batch) {
      let out = '';
      for (let r = 0; r < batch.rowCount; r++) out += `${encode(batch, r)}\n`;
      if (out) await sink.write(out);
    },
    async endTable() {},
    async finish() {},
  };
}
