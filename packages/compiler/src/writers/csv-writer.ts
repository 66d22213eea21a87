import { stringify } from 'csv-stringify/sync';
import { WriterOptionError, type ByteSink, type RowBatch, type TableInfo, type Writer, type WriterFactory } from '../types.js';
import { textFormatter, type ValueFormatter } from './format-value.js';

export interface DelimitedOptions {
  delimiter: string;
  /** Text written for null (default: empty field). */
  nullText?: string;
  header?: boolean;
  quoteAll?: boolean;
}

/** csv/tsv with the output's options: `delimiter`, `null` (text for null), `header` (default true), `quote_all`. */
export function csvFactory(defaultDelimiter: string): WriterFactory {
  return (sink, { options }) => {
    const delimiter = options.delimiter ?? defaultDelimiter;
    if (typeof delimiter !== 'string' || delimiter.length !== 1 || /["\r\n]/.test(delimiter)) throw new WriterOptionError('`delimiter` must be one character other than a quote or a line break');
    if (options.null !== undefined && typeof options.null !== 'string') throw new WriterOptionError('`null` must be a string');
    return delimitedWriter(sink, {
      delimiter,
      ...(typeof options.null === 'string' ? { nullText: options.null } : {}),
      header: options.header !== false,
      quoteAll: options.quote_all === true,
    });
  };
}

/**
 * CSV (RFC 4180 quoting via csv-stringify, LF line endings) and TSV: a header row, then one record a row.
 * Each batch is stringified as one block and written in one call.
 */
export function delimitedWriter(sink: ByteSink, options: DelimitedOptions): Writer {
  let formatters: ValueFormatter[] = [];
  const nullText = options.nullText ?? '';
  const encode = (records: string[][]) =>
    stringify(records, { delimiter: options.delimiter, record_delimiter: 'unix', quoted_match: /^\s|\s$/, ...(options.quoteAll ? { quoted: true } : {}) });
  return {
    async startTable(table: TableInfo) {
      formatters = table.columns.map(textFormatter);
      if (options.header !== false) await sink.write(encode([table.columns.map((c) => c.name)]));
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
