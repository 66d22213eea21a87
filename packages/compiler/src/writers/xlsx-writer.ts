import type { EventEmitter } from 'node:events';
import { PassThrough, Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { WriterOptionError, type ByteSink, type CellValue, type ColumnInfo, type RowBatch, type TableInfo, type Writer, type WriterFactory } from '../types.js';
import { temporalFormatter } from './format-value.js';

/**
 * xlsx (docs/formats.md): one worksheet a table, streamed through exceljs's WorkbookWriter into the sink.
 * Cells are typed (numbers, booleans, Excel dates), strings are written inline (no shared-string table held in
 * memory unless `shared_strings: true`), and the zip carries fixed dates so equal input gives equal bytes.
 */

/** Excel's sheet size: rows including the header row. */
export const MAX_SHEET_ROWS = 1_048_576;
/** Excel's limit on the characters of one cell. */
export const MAX_CELL_TEXT = 32_767;
const MAX_SHEET_NAME = 31;
/** Bytes of sheet XML a zip entry buffers before the writer waits (backpressure). */
const ENTRY_BUFFER = 1 << 20;

/** Every date the file carries (docProps/core.xml, zip entries): the output must not depend on the clock. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));
const MS_PER_DAY = 86_400_000;
/** Serial day number of 1970-01-01 in Excel's 1900 date system. */
const UNIX_EPOCH_SERIAL = 25_569;
/**
 * Serial days are exact from 1900-03-01 on; before it Excel counts its fictitious 1900-02-29, and it has no
 * dates before 1900 or after 9999, so values outside this range are written as ISO text.
 */
const FIRST_SERIAL_MS = Date.UTC(1900, 2, 1);
const END_SERIAL_MS = Date.UTC(10_000, 0, 1);

type ExcelValue = number | boolean | string | { richText: Array<{ text: string }> };
type CellEncoder = (v: CellValue) => ExcelValue;
interface CellStyle {
  numFmt?: string;
  font?: { bold: boolean; size: number; name: string; family: number };
}

export interface XlsxOptions {
  header: boolean;
  sharedStrings: boolean;
  /** `none` stores the zip entries uncompressed: faster, larger, and independent of the zlib build. */
  compression: 'deflate' | 'none';
}

/** The options `header`, `shared_strings` and `compression`, validated. */
export function readXlsxOptions(options: Record<string, unknown>): XlsxOptions {
  const header = options.header ?? true;
  if (typeof header !== 'boolean') throw new WriterOptionError('`header` must be true or false');
  const sharedStrings = options.shared_strings ?? false;
  if (typeof sharedStrings !== 'boolean') throw new WriterOptionError('`shared_strings` must be true or false');
  const compression = options.compression ?? 'deflate';
  if (compression !== 'deflate' && compression !== 'none') throw new WriterOptionError('`compression` must be `deflate` or `none`');
  return { header, sharedStrings, compression };
}

export const xlsxWriter: WriterFactory = (sink, { options, context }) => {
  const opts = readXlsxOptions(options);
  for (const t of context.tables) checkSheetRows(t, t.rowCount, opts.header);
  return new XlsxWriter(sink, opts, context);
};

// ---------------------------------------------------------------------------------------------
// The writer
// ---------------------------------------------------------------------------------------------

interface OpenSheet {
  table: TableInfo;
  sheet: ExcelJS.Worksheet;
  entry: Writable;
  encoders: CellEncoder[];
  styles: CellStyle[];
  rows: number;
}

class XlsxWriter implements Writer {
  private readonly output: Writable;
  private readonly workbook: DeterministicWorkbookWriter;
  private readonly takenNames = new Set<string>();
  private current: OpenSheet | undefined;
  private sheets = 0;
  private failure: Error | undefined;
  private readonly waiting = new Set<(e: Error) => void>();

  constructor(
    sink: ByteSink,
    private readonly opts: XlsxOptions,
    context: { title: string; description?: string },
  ) {
    this.output = sinkStream(sink);
    this.output.on('error', (e: Error) => this.fail(e));
    this.workbook = new DeterministicWorkbookWriter({
      stream: this.output,
      useStyles: true,
      useSharedStrings: opts.sharedStrings,
      zip: { store: opts.compression === 'none' },
    });
    (this.workbook as unknown as { zip: EventEmitter }).zip.on('error', (e: Error) => this.fail(e));
    const wb = this.workbook;
    wb.creator = wb.lastModifiedBy = 'synth';
    wb.created = wb.modified = FIXED_DATE;
    wb.title = context.title;
    if (context.description) wb.description = context.description;
  }

  async startTable(table: TableInfo): Promise<void> {
    checkSheetRows(table, table.rowCount, this.opts.header);
    const name = uniqueSheetName(table.name, this.takenNames);
    const header = this.opts.header && table.columns.length > 0;
    const sheet = this.workbook.addWorksheet(name, header ? { views: [{ state: 'frozen', ySplit: 1 }] } : {});
    sheet.columns = table.columns.map((c) => ({ width: columnWidth(c) }));
    this.sheets++;
    const entry = this.workbook.lastEntry!;
    this.current = { table, sheet, entry, encoders: table.columns.map((c) => cellEncoder(table, c, this.opts.sharedStrings)), styles: table.columns.map(cellStyle), rows: 0 };
    if (header) {
      // A complete font: a bare <b/> leaves size and face to the reader's guess.
      const bold: CellStyle = { font: { bold: true, size: 11, name: 'Calibri', family: 2 } };
      const row = sheet.addRow(table.columns.map((c) => c.name));
      for (let k = 1; k <= table.columns.length; k++) row.getCell(k).style = bold;
      row.commit();
    }
    await this.drained(entry);
  }

  async writeBatch(batch: RowBatch): Promise<void> {
    const s = this.current!;
    checkSheetRows(s.table, s.rows + batch.rowCount, this.opts.header);
    const width = s.encoders.length;
    for (let r = 0; r < batch.rowCount; r++) {
      const values: Array<ExcelValue | undefined> = [];
      for (let k = 0; k < width; k++) {
        const v = batch.columns[k]![r]!;
        values.push(v === null ? undefined : s.encoders[k]!(v));
      }
      const row = s.sheet.addRow(values);
      // One style object per column, shared by its cells: exceljs caches style ids by object identity.
      for (let k = 0; k < width; k++) if (values[k] !== undefined) row.getCell(k + 1).style = s.styles[k]!;
      row.commit();
    }
    s.rows += batch.rowCount;
    await this.drained(s.entry);
  }

  async endTable(): Promise<void> {
    const s = this.current!;
    const columns = s.table.columns.length;
    if (this.opts.header && columns > 0) s.sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: s.rows + 1, column: columns } };
    s.sheet.commit();
    this.current = undefined;
    await this.drained(s.entry);
  }

  async finish(): Promise<void> {
    // A workbook needs a sheet for Excel to open it.
    if (this.sheets === 0) this.workbook.addWorksheet('Sheet1').commit();
    await this.untilFailure(this.workbook.commit());
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const reject of this.waiting) reject(this.failure);
    this.waiting.clear();
  }

  /** Waits while the sheet's zip entry holds more than its buffer, so memory stays flat however big the table. */
  private drained(entry: Writable): Promise<void> {
    if (!this.failure && !entry.writableNeedDrain) return Promise.resolve();
    return this.untilFailure(new Promise((resolve) => entry.once('drain', resolve)));
  }

  /** A zip or sink error stops the wait (exceljs and the zip stream would otherwise wait for 'finish' forever). */
  private untilFailure<T>(work: Promise<T>): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<T>((resolve, reject) => {
      this.waiting.add(reject);
      work.then(resolve, reject).finally(() => this.waiting.delete(reject));
    });
  }
}

/** The zip's bytes go to the sink; a write completes when the sink has taken the chunk (backpressure). */
function sinkStream(sink: ByteSink): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      sink.write(chunk).then(() => callback(), callback);
    },
  });
}

// ---------------------------------------------------------------------------------------------
// exceljs, made deterministic and backpressured
// ---------------------------------------------------------------------------------------------

interface ZipArchive extends EventEmitter {
  append(source: unknown, data: { name: string; date?: Date }): unknown;
}

/** exceljs writes XML into its entry streams as strings, Buffers or its own reusable StringBuf. */
interface StringBufLike {
  toBuffer(): Buffer;
}

/**
 * A zip entry that exceljs writes a sheet into. exceljs's own entry buffer never pushes back, so a large table
 * would sit in memory until the zip caught up; this one is a real stream whose `writableNeedDrain` we honour.
 */
class EntryStream extends PassThrough {
  constructor() {
    // Room for a batch or so of sheet XML: the next batch is generated while zlib compresses this one.
    super({ writableHighWaterMark: ENTRY_BUFFER });
  }

  override write(chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
    // exceljs reuses one StringBuf for many writes: copy it now (toBuffer copies).
    const data = typeof chunk === 'string' || Buffer.isBuffer(chunk) ? chunk : (chunk as StringBufLike).toBuffer();
    return super.write(data, encoding as BufferEncoding, callback as (error: Error | null | undefined) => void);
  }
}

/**
 * exceljs's streaming WorkbookWriter with two internals replaced (exceljs 4.4, checked by the determinism and
 * memory tests): zip entries get a fixed date instead of the current time, and sheets stream into EntryStreams.
 */
class DeterministicWorkbookWriter extends ExcelJS.stream.xlsx.WorkbookWriter {
  /** The entry most recently opened (the sheet just added). */
  declare lastEntry: EntryStream | undefined;

  /**
   * exceljs creates its archive and appends the first entries inside its constructor, before a subclass could
   * touch them; assigning `this.zip` there runs this setter first.
   */
  set zip(archive: ZipArchive) {
    const append = archive.append.bind(archive);
    archive.append = (source, data) => append(source, { ...data, date: FIXED_DATE });
    Object.defineProperty(this, 'zip', { value: archive, writable: true, enumerable: true, configurable: true });
  }

  /** Called by exceljs for each sheet (and sheet relations) it starts. */
  _openStream(path: string): EntryStream {
    const stream = new EntryStream();
    (this as unknown as { zip: ZipArchive }).zip.append(stream, { name: path });
    stream.on('finish', () => stream.emit('zipped'));
    this.lastEntry = stream;
    return stream;
  }
}

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

/** The number format a column's cells carry (none: Excel's General). */
function cellStyle(c: ColumnInfo): CellStyle {
  if (!isNativeTemporal(c)) {
    if (c.type === 'decimal') return { numFmt: decimalFormat(c.scale ?? 2) };
    if (c.type === 'float' && c.scale !== undefined) return { numFmt: decimalFormat(c.scale) };
    return {};
  }
  if (c.type === 'date') return { numFmt: 'yyyy-mm-dd' };
  if (c.type === 'datetime') return { numFmt: 'yyyy-mm-dd hh:mm:ss' };
  return { numFmt: 'hh:mm:ss' };
}

function decimalFormat(scale: number): string {
  return scale > 0 ? `0.${'0'.repeat(scale)}` : '0';
}

/** Temporal columns in the default `iso` format become Excel dates and times; other formats keep their form. */
function isNativeTemporal(c: ColumnInfo): boolean {
  return (c.type === 'date' || c.type === 'datetime' || c.type === 'time') && (c.format ?? 'iso') === 'iso';
}

/** How a column's non-null values become cells. */
function cellEncoder(table: TableInfo, c: ColumnInfo, sharedStrings: boolean): CellEncoder {
  const text = textCell(table, c, sharedStrings);
  const fallback = (v: CellValue): ExcelValue => (typeof v === 'number' ? numberCell(v, text) : typeof v === 'boolean' ? v : text(String(v)));
  switch (c.type) {
    case 'int':
    case 'float':
    case 'decimal':
    case 'bool':
      return fallback;
    case 'string':
    case 'uuid':
    case 'json':
      return (v) => text(String(v));
    case 'date':
    case 'datetime':
    case 'time':
      return temporalEncoder(c, text, fallback);
  }
}

function temporalEncoder(c: ColumnInfo, text: (s: string) => ExcelValue, fallback: CellEncoder): CellEncoder {
  const format = temporalFormatter(c);
  const f = c.format ?? 'iso';
  if (f === 'epoch' || f === 'epoch_ms') return (v) => (typeof v === 'number' ? Number(format(v)) : fallback(v));
  if (f !== 'iso') return (v) => text(format(v));
  if (c.type === 'time') return (v) => (typeof v === 'number' ? v / MS_PER_DAY : fallback(v));
  return (v) => (typeof v === 'number' && v >= FIRST_SERIAL_MS && v < END_SERIAL_MS ? UNIX_EPOCH_SERIAL + v / MS_PER_DAY : typeof v === 'number' ? text(format(v)) : fallback(v));
}

/** Excel has no NaN or infinities: those are written as text. */
function numberCell(v: number, text: (s: string) => ExcelValue): ExcelValue {
  return Number.isFinite(v) ? v : text(String(v));
}

/**
 * A string cell. Characters XML cannot carry (and carriage returns, which XML readers turn into line feeds)
 * are written in OOXML's `_xHHHH_` form, which Excel decodes; a literal `_xHHHH_` in the text is protected
 * by escaping its underscore. Text with leading or trailing whitespace or a line break goes in an inline
 * string marked `xml:space="preserve"`, or Excel would trim it; so does empty text, which readers take for a
 * blank cell in exceljs's plain `t="str"` form.
 */
function textCell(table: TableInfo, c: ColumnInfo, sharedStrings: boolean): (s: string) => ExcelValue {
  return (s) => {
    if (s.length > MAX_CELL_TEXT) {
      throw new WriterOptionError(
        `table \`${table.name}\`, column \`${c.name}\`: a value of ${groupDigits(s.length)} characters; an xlsx cell holds at most ${groupDigits(MAX_CELL_TEXT)}: write this table as csv, jsonl or parquet`,
      );
    }
    const escaped = NEEDS_ESCAPE.test(s) ? s.replace(ESCAPE, (m) => `_x${m.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`) : s;
    return !sharedStrings && INLINE.test(escaped) ? { richText: [{ text: escaped }] } : escaped;
  };
}

const NEEDS_ESCAPE = /[\x00-\x08\x0B-\x1F\x7F\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;
/** One character each: a character to encode, or the underscore that starts a literal `_xHHHH_` (→ `_x005F_`). */
const ESCAPE = /[\x00-\x08\x0B-\x1F\x7F\uFFFE\uFFFF]|_(?=x[0-9A-Fa-f]{4}_)/g;
const INLINE = /^$|^\s|\n|\s$/;

/** A readable width in characters from the header and the type (the data is not known yet). */
function columnWidth(c: ColumnInfo): number {
  const byType: Record<ColumnInfo['type'], number> = { int: 10, float: 12, decimal: 12, bool: 8, string: 24, uuid: 38, date: 12, datetime: 20, time: 10, json: 40 };
  const temporalAsText = (c.type === 'date' || c.type === 'datetime' || c.type === 'time') && !isNativeTemporal(c);
  return Math.min(60, Math.max(c.name.length + 3, temporalAsText ? 24 : byType[c.type]));
}

// ---------------------------------------------------------------------------------------------
// Sheets
// ---------------------------------------------------------------------------------------------

function checkSheetRows(table: Pick<TableInfo, 'name'>, rows: number, header: boolean): void {
  const limit = MAX_SHEET_ROWS - (header ? 1 : 0);
  if (rows <= limit) return;
  throw new WriterOptionError(
    `table \`${table.name}\` has ${groupDigits(rows)} rows; an xlsx sheet holds at most ${groupDigits(MAX_SHEET_ROWS)} rows` +
      `${header ? ' including its header' : ''}: write this table as csv or parquet, or lower its \`rows\``,
  );
}

/**
 * A sheet name Excel accepts, derived from a table name (docs/formats.md): `[]:*?/\` and control characters
 * become `_`, the name is cut to 31 characters, a leading or trailing apostrophe becomes `_`, an empty name
 * becomes `Sheet` and the reserved `History` becomes `History_`; a name already taken (compared ignoring case)
 * gets ` (2)`, ` (3)`, … with the base cut so the whole stays within 31 characters.
 */
export function uniqueSheetName(tableName: string, taken: Set<string>): string {
  const base = sheetName(tableName);
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) {
    const suffix = ` (${n})`;
    name = cut(base, MAX_SHEET_NAME - suffix.length) + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

function sheetName(tableName: string): string {
  const name = fixApostrophes(cut(tableName.replace(/[[\]:*?/\\\x00-\x1F]/g, '_'), MAX_SHEET_NAME));
  if (name === '') return 'Sheet';
  return name.toLowerCase() === 'history' ? `${name}_` : name;
}

/** The first `max` UTF-16 units, without splitting a surrogate pair. */
function cut(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

function fixApostrophes(s: string): string {
  return s.replace(/^'|'$/g, '_');
}

/** 12345 → "12,345" on every machine (toLocaleString depends on the locale). */
function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
