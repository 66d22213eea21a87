import { WriterOptionError, type ByteSink, type ColumnInfo, type RowBatch, type TableInfo, type Writer, type WriterFactory, type WriterOptions } from '../types.js';
import { textFormatter, type ValueFormatter } from './format-value.js';

/**
 * What the report formats (pdf, docx) show, independent of either library: a title, the description, a
 * summary of the tables, then each table as header and cell text. Both writers lay this out their own way.
 */

export type ReportFormat = 'pdf' | 'docx';

/** Rows a table may have in a report unless `max_rows` says otherwise. */
export const DEFAULT_MAX_ROWS = 2_000;
/**
 * The most `max_rows` allows: both libraries hold the whole document in memory (10,000 rows take ~0.5 GB
 * in pdfmake and ~0.8 GB in docx), and nobody reads a table that long on paper anyway.
 */
export const MAX_ROWS_CEILING = 10_000;
/** Shown for null, so it reads differently from an empty string (an empty cell). */
export const NULL_TEXT = '\u2014';
/** Tables with more columns than this go on landscape pages when `orientation` is `auto`. */
export const PORTRAIT_MAX_COLUMNS = 6;

export type Orientation = 'auto' | 'portrait' | 'landscape';

export interface ReportOptions {
  maxRows: number;
  /** Show the first `maxRows` rows of a longer table (with a note) instead of failing. */
  truncate: boolean;
  orientation: Orientation;
}

/** The options `max_rows`, `truncate` and `orientation`, validated (docs/formats.md, pdf and docx). */
export function readReportOptions(options: Record<string, unknown>): ReportOptions {
  const maxRows = options.max_rows ?? DEFAULT_MAX_ROWS;
  if (typeof maxRows !== 'number' || !Number.isInteger(maxRows) || maxRows < 1 || maxRows > MAX_ROWS_CEILING) {
    throw new WriterOptionError(`\`max_rows\` must be a whole number from 1 to ${groupDigits(MAX_ROWS_CEILING)}`);
  }
  const truncate = options.truncate ?? false;
  if (typeof truncate !== 'boolean') throw new WriterOptionError('`truncate` must be true or false');
  const orientation = options.orientation ?? 'auto';
  if (orientation !== 'auto' && orientation !== 'portrait' && orientation !== 'landscape') {
    throw new WriterOptionError('`orientation` must be `auto`, `portrait` or `landscape`');
  }
  return { maxRows, truncate, orientation };
}

/**
 * Fails when a table has more rows than the report may hold (and truncation is off), saying what to do.
 * Called for every table of the file before anything is laid out, and again as each table starts.
 */
export function checkRowLimit(format: ReportFormat, table: Pick<TableInfo, 'name' | 'rowCount'>, options: ReportOptions): void {
  if (options.truncate || table.rowCount <= options.maxRows) return;
  const rows = groupDigits(table.rowCount);
  const limit = groupDigits(options.maxRows);
  const raise =
    table.rowCount <= MAX_ROWS_CEILING
      ? `raise \`max_rows\` to ${rows} (it can go up to ${groupDigits(MAX_ROWS_CEILING)})`
      : `\`max_rows\` can go up to ${groupDigits(MAX_ROWS_CEILING)} only`;
  throw new WriterOptionError(
    `table \`${table.name}\` has ${rows} rows, more than the ${format} output's limit of ${limit} rows a table (\`max_rows\`): ` +
      `${raise}; or set \`truncate: true\` to show the first ${limit} rows; or write this table as csv or xlsx`,
  );
}

/** 12345 → "12,345", the same on every machine (toLocaleString depends on the locale). */
export function groupDigits(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** How a column's type reads in the summary: `decimal(2)`, `date (yyyy-MM-dd)`, `string, nullable`. */
export function describeColumn(c: ColumnInfo): string {
  let type: string = c.type;
  if (c.type === 'decimal' || (c.type === 'float' && c.scale !== undefined)) type += `(${c.scale ?? 2})`;
  if ((c.type === 'date' || c.type === 'datetime' || c.type === 'time') && c.format !== undefined && c.format !== 'iso') type += ` (${c.format})`;
  return `${c.name}: ${type}${c.nullable ? ', nullable' : ''}`;
}

/** A table of text: the header row, then the body rows. */
export interface TextTable {
  header: string[];
  rows: string[][];
}

export interface ReportIntro {
  title: string;
  description?: string;
  /** "Seed: 7" and similar one-line facts. */
  facts: string[];
  /** One row per table: its name, rows, and columns with their types. */
  summary: TextTable;
}

/** The first page: title, description, seed, and the tables this file holds. */
export function reportIntro(context: WriterOptions['context'], options: ReportOptions): ReportIntro {
  const summary: TextTable = {
    header: ['Table', 'Rows', 'Columns'],
    rows: context.tables.map((t) => [t.name, rowsText(t.rowCount, options), t.columns.map(describeColumn).join('; ')]),
  };
  return {
    title: printable(context.title),
    ...(context.description !== undefined && context.description !== context.title ? { description: printable(context.description) } : {}),
    facts: [`Seed: ${printable(context.seed)}`, `Tables: ${context.tables.length}`],
    summary,
  };
}

function rowsText(rowCount: number, options: ReportOptions): string {
  const shown = Math.min(rowCount, options.maxRows);
  return shown < rowCount ? `${groupDigits(rowCount)} (first ${groupDigits(shown)} shown)` : groupDigits(rowCount);
}

/** One table's section, ready to lay out. */
export interface ReportTable extends TextTable {
  name: string;
  description?: string;
  /** Set when the table was cut to the row limit ("first 1,000 of 2,345 rows"). */
  note?: string;
  landscape: boolean;
  /** Relative column widths from the lengths of the texts in them (the libraries need widths up front). */
  widths: number[];
}

/**
 * Collects one table's cell texts, up to the row limit. Memory is bounded by that limit: rows past it are
 * dropped (truncate) or fail (a table longer than it said it would be).
 */
export class TableCollector {
  private readonly formatters: ValueFormatter[];
  private readonly rows: string[][] = [];
  private seen = 0;

  constructor(
    private readonly format: ReportFormat,
    private readonly table: TableInfo,
    private readonly options: ReportOptions,
  ) {
    checkRowLimit(format, table, options);
    this.formatters = table.columns.map(textFormatter);
  }

  add(batch: RowBatch): void {
    const room = Math.max(0, this.options.maxRows - this.rows.length);
    const take = Math.min(batch.rowCount, room);
    for (let r = 0; r < take; r++) {
      this.rows.push(this.formatters.map((f, k) => cellText(batch.columns[k]![r]!, f)));
    }
    this.seen += batch.rowCount;
    if (!this.options.truncate && this.seen > this.options.maxRows) {
      checkRowLimit(this.format, { name: this.table.name, rowCount: this.seen }, this.options);
    }
  }

  finish(): ReportTable {
    const header = this.table.columns.map((c) => c.name);
    const landscape = this.options.orientation === 'landscape' || (this.options.orientation === 'auto' && header.length > PORTRAIT_MAX_COLUMNS);
    return {
      name: this.table.name,
      ...(this.table.description !== undefined ? { description: printable(this.table.description) } : {}),
      ...(this.seen > this.rows.length ? { note: `Showing the first ${groupDigits(this.rows.length)} of ${groupDigits(this.seen)} rows.` } : {}),
      header,
      rows: this.rows,
      landscape,
      widths: columnWeights(header, this.rows),
    };
  }
}

function cellText(v: string | number | boolean | null, format: ValueFormatter): string {
  return v === null ? NULL_TEXT : format(v);
}

/** Characters XML 1.0 cannot hold (docx is XML; pdf text would show them as boxes). */
const NOT_XML_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Cell text made safe for a document: control characters and lone surrogates become U+FFFD. */
export function printable(text: string): string {
  return text.replace(NOT_XML_TEXT, '\uFFFD');
}

/** The text as lines: a value's line breaks are kept as line breaks in the cell. */
export function textLines(text: string): string[] {
  return printable(text).split(/\r\n|\r|\n/);
}

/**
 * Relative widths: each column's longest line (header included), between 4 and 30 characters, so short
 * columns (ids, flags) stay narrow and long texts wrap rather than squeeze the rest.
 */
function columnWeights(header: string[], rows: string[][]): number[] {
  return header.map((h, k) => {
    let longest = longestLine(h);
    for (const row of rows) {
      longest = Math.max(longest, longestLine(row[k]!));
      if (longest >= 30) break;
    }
    return Math.min(30, Math.max(4, longest));
  });
}

function longestLine(text: string): number {
  let longest = 0;
  for (const line of text.split('\n')) longest = Math.max(longest, line.length);
  return longest;
}

/**
 * The writer both report formats share: every table's size is checked up front (a build fails before generating
 * anything), each table's rows are collected up to the limit, and `render` turns the whole report into bytes at
 * the end (pdfmake and docx both need the whole document).
 */
export function reportWriter(format: ReportFormat, render: (intro: ReportIntro, sections: ReportTable[], report: ReportOptions) => Promise<Uint8Array>): WriterFactory {
  return (sink: ByteSink, { options, context }): Writer => {
    const report = readReportOptions(options);
    for (const t of context.tables) checkRowLimit(format, t, report);
    const intro = reportIntro(context, report);
    const sections: ReportTable[] = [];
    let current: TableCollector | undefined;
    return {
      async startTable(table) {
        current = new TableCollector(format, table, report);
      },
      async writeBatch(batch) {
        current!.add(batch);
      },
      async endTable() {
        sections.push(current!.finish());
        current = undefined;
      },
      async finish() {
        await sink.write(await render(intro, sections, report));
      },
    };
  };
}
