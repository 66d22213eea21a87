import { stringify } from 'csv-stringify/sync';
import type { ByteSink, RowBatch, TableInfo, Writer } from '../types.js';
import { textFormatter, type ValueFormatter } from './format-value.js';

export interface DelimitedOptions {
  delimiter: string;
  /** Text written for null (default: empty field). */
  nullText?: string;
}

/**
 * CSV (RFC 4180 quoting via csv-stringify, LF line endings) and TSV: a header row, then one record a row.
 * Each batch is stringified as one block and written in one call.
 */
export function delimitedWriter(sink: ByteSink, options: DelimitedOptions): Writer {
  let formatters: ValueFormatter[] = [];
  const nullText = options.nullText ?? '';
  const encode = (records: string[][]) => stringify(records, { delimiter: options.delimiter, record_delimiter: 'unix', quoted_match: /^\s|\s$/ });
  return {
    async startTable(table: TableInfo) {
      formatters = table.columns.map(textFormatter);
      await sink.write(encode([table.columns.map((c) => c.name)]));
    },
    async writeBatch(batch: RowBatch) {
      const records: string[][] = new Array(batch.rowCount);
      for (let r = 0; r < batch.rowCount; r++) {
        const rec = new Array<string>(formatters.length);
        for (let k = 0; k < formatters.length; k++) {
          const v = batch.columns[k]![r]!;
          rec[k] = v === null ? nullText : formatters[k]!(v);
        }
        records[r] = rec;
      }
      if (records.length > 0) await sink.write(encode(records));
    },
    async endTable() {},
    async finish() {},
  };
}
