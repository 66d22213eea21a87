import { WriterOptionError, type ByteSink, type ColumnInfo, type RowBatch, type TableInfo, type Writer, type WriterFactory } from '../types.js';
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
 * CSV (RFC 4180 quoting, LF line endings) and TSV: a header row, then one record a row. Each batch is encoded
 * straight from its columns into one string and written in one call.
 */
export function delimitedWriter(sink: ByteSink, options: DelimitedOptions): Writer {
  let formatters: ValueFormatter[] = [];
  /** Per column: its text never needs quoting (numbers, ISO dates, uuids with a delimiter they cannot hold). */
  let plain: boolean[] = [];
  const nullText = options.nullText ?? '';
  const field = fieldEncoder(options.delimiter, options.quoteAll === true);
  const quotedNull = field(nullText);
  const d = options.delimiter;
  return {
    async startTable(table: TableInfo) {
      formatters = table.columns.map(textFormatter);
      plain = table.columns.map((c) => !options.quoteAll && neverQuoted(c, d));
      if (options.header !== false) await sink.write(`${table.columns.map((c) => field(c.name)).join(d)}\n`);
    },
    async writeBatch(batch: RowBatch) {
      if (batch.rowCount === 0) return;
      const { columns } = batch;
      const n = formatters.length;
      let out = '';
      for (let r = 0; r < batch.rowCount; r++) {
        for (let k = 0; k < n; k++) {
          const v = columns[k]![r]!;
          if (k > 0) out += d;
          if (v === null) out += quotedNull;
          // A string in a number column (an enum of numbers and words) is quoted as any text is.
          else out += plain[k] && typeof v !== 'string' ? formatters[k]!(v) : field(formatters[k]!(v));
        }
        out += '\n';
      }
      await sink.write(out);
    },
    async endTable() {},
    async finish() {},
  };
}

/** Delimiters the text of a number, a boolean, an ISO date or time or an epoch cannot hold. */
const PLAIN_CHARS = /^[^0-9a-zA-Z+\-.:\s]$/;

/**
 * Whether a column's text can never need quoting: numbers (shortest round-trip or fixed), booleans, and
 * dates and times in ISO or epoch form are made of digits, letters, `+ - . :` only, so with any other delimiter
 * the quoting test (a regular expression per cell) can be skipped for their non-string values. A date-fns format can write anything: tested.
 */
function neverQuoted(c: ColumnInfo, delimiter: string): boolean {
  if (!PLAIN_CHARS.test(delimiter)) return false;
  switch (c.type) {
    case 'int':
    case 'float':
    case 'decimal':
    case 'bool':
      return true;
    case 'date':
    case 'datetime':
    case 'time':
      return c.format === undefined || c.format === 'iso' || c.format === 'epoch' || c.format === 'epoch_ms';
    default:
      return false;
  }
}

/**
 * One field as csv-stringify writes it with `record_delimiter: 'unix', quote_record_delimiter: true, quoted_match:
 * /^\s|\s$/` (and `quoted: true` for `quote_all`): quoted when it holds the delimiter, a quote, a CR or LF, or
 * starts or ends with white space, with quotes doubled; the empty field never quoted. (Before, the writer left a
 * bare CR unquoted, as csv-stringify does without `quote_record_delimiter`; RFC 4180 quotes it.) The writer used csv-stringify itself until it measured 2-3x slower than this per
 * batch (about 12% of a csv build: a record array per row and a per-record pipeline); a property test holds this
 * equal to csv-stringify's output for any fields and every delimiter (test/writers/csv-field.test.ts).
 */
export function fieldEncoder(delimiter: string, quoteAll: boolean): (value: string) => string {
  const special = new RegExp(`[${delimiter.replace(/[\\\]^-]/g, '\\$&')}"\\n\\r]|^\\s|\\s$`);
  return (value) => {
    if (value === '') return value;
    if (!quoteAll && !special.test(value)) return value;
    return `"${value.includes('"') ? value.replaceAll('"', '""') : value}"`;
  };
}
