/**
 * Rows → PostgreSQL's COPY text format (https://www.postgresql.org/docs/15/sql-copy.html, "Text Format"): one line
 * per row, columns separated by tabs, `\N` for null, and backslash, newline, carriage return and tab escaped with a
 * backslash (so a string `\N` or `\.` stays a string). Values follow the sql writer's postgres literals.
 */
import type { CellValue, ColumnInfo, RowBatch } from '../types.js';
import { clock, utcDateTime } from '../writers/sql-writer.js';

const NULL = '\\N';
const SPECIAL = /[\\\n\r\t\u0000]/;
const SPECIALS = /[\\\n\r\t\u0000]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\u0000': '' };

/** Text as a COPY field. U+0000 is dropped: PostgreSQL text cannot hold it (the sql writer drops it too). */
export function copyEscape(s: string): string {
  return SPECIAL.test(s) ? s.replace(SPECIALS, (c) => ESCAPES[c]!) : s;
}

/** Cell value → COPY field, by column type. Non-finite numbers are null, as in the sql writer. */
export function copyEncoder(column: ColumnInfo): (v: CellValue) => string {
  const fallback = (v: CellValue) => copyEscape(String(v));
  const finite = (enc: (n: number) => string) => (v: CellValue) => (v === null ? NULL : typeof v === 'number' ? (Number.isFinite(v) ? enc(v) : NULL) : fallback(v));
  switch (column.type) {
    case 'int':
    case 'float':
      return finite(String);
    case 'decimal':
      return finite((n) => n.toFixed(column.scale ?? 2));
    case 'bool':
      return (v) => (v === null ? NULL : typeof v === 'boolean' ? (v ? 't' : 'f') : fallback(v));
    case 'date':
      return finite((n) => new Date(n).toISOString().slice(0, 10));
    case 'datetime':
      return finite((n) => `${utcDateTime(n)}+00`);
    case 'time':
      return finite(clock);
    default:
      return (v) => (v === null ? NULL : typeof v === 'string' ? copyEscape(v) : fallback(v));
  }
}

/** A batch as COPY text: every row, each ending in a newline. */
export function copyLines(batch: RowBatch, encoders: Array<(v: CellValue) => string>): string {
  let out = '';
  const width = encoders.length;
  for (let r = 0; r < batch.rowCount; r++) {
    let line = '';
    for (let k = 0; k < width; k++) line += (k ? '\t' : '') + encoders[k]!(batch.columns[k]![r]!);
    out += `${line}\n`;
  }
  return out;
}
