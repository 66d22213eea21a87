import { createReadStream } from 'node:fs';
import { readFile, readdir, stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { basename, extname, join, resolve } from 'node:path';
import { diag, type Diagnostic } from '@synth/spec';
import type { SampleFormat } from './profile-types.js';

/**
 * Sample readers (docs/infer.md, "Inputs"): one table per csv/tsv/json/jsonl/parquet file, one per xlsx sheet.
 * Every reader streams rows as arrays of cells, except json (one array to parse) and parquet (decoded whole by
 * parquet-wasm); both are held to the size limit first. Empty strings are read as null, as synth writes nulls.
 */

/** A value as read: typed where the format has types, text otherwise. Temporal values arrive as ISO text. */
export type Cell = string | number | boolean | null;

export interface SampleTable {
  /** Table name: the file's base name, or the sheet's, made a valid identifier. */
  name: string;
  /** The path as given, with `#sheet` for workbooks. */
  source: string;
  format: SampleFormat;
  /** Column headers as found; json/jsonl readers append keys as they first appear. */
  headers: string[];
  /** Rows, cell i under headers[i]; consume them before asking for the next table of the same file. */
  rows: AsyncIterable<Cell[]>;
  /** Set by the reader when maxRows stopped it before the end. */
  truncated: boolean;
}

export interface ReadLimits {
  /** Stop each table after this many rows (the first N rows: deterministic, and reading stops early). */
  maxRows?: number;
  /** Refuse files larger than this (bytes). */
  maxBytes: number;
}

export const DEFAULT_MAX_BYTES = 1024 ** 3;

const FORMATS: Record<string, SampleFormat> = { '.csv': 'csv', '.tsv': 'tsv', '.tab': 'tsv', '.json': 'json', '.jsonl': 'jsonl', '.ndjson': 'jsonl', '.xlsx': 'xlsx', '.parquet': 'parquet' };
export const SAMPLE_EXTENSIONS = Object.keys(FORMATS);

/** A problem with a sample file: carries the diagnostic to show, and whether it is a usage error (exit 2). */
export class SampleError extends Error {
  constructor(readonly diagnostic: Diagnostic, readonly usage = false) {
    super(diagnostic.message);
  }
}

export function sampleFormatOf(path: string): SampleFormat | undefined {
  return FORMATS[extname(path).toLowerCase()];
}

/**
 * The sample files named by `paths` (files, or directories whose supported files are taken in name order), each
 * checked to exist, be readable, non-empty and within the size limit. Throws {@link SampleError}.
 */
export async function listSampleFiles(paths: string[], cwd: string, maxBytes: number): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const full = resolve(cwd, path);
    const st = await stat(full).catch((e: NodeJS.ErrnoException) => {
      const detail = e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : (e.code ?? String(e));
      throw new SampleError({ ...diag('fileRead', { path: `'${path}'`, detail }), file: path });
    });
    if (st.isDirectory()) {
      const inside = (await readdir(full)).filter((n) => sampleFormatOf(n) !== undefined && !n.startsWith('.')).sort();
      if (inside.length === 0) throw new SampleError({ ...diag('sampleEmpty', { path: `'${path}'`, detail: `the directory holds no sample files (${SAMPLE_EXTENSIONS.join(', ')})` }), file: path });
      for (const n of inside) files.push(await checkFile(join(path, n), cwd, maxBytes));
    } else files.push(await checkFile(path, cwd, maxBytes));
  }
  return files;
}

async function checkFile(path: string, cwd: string, maxBytes: number): Promise<string> {
  if (sampleFormatOf(path) === undefined) {
    throw new SampleError({ ...diag('sampleFormat', { path: `'${path}'`, extensions: SAMPLE_EXTENSIONS.join(', ') }), file: path }, true);
  }
  const st = await stat(resolve(cwd, path));
  if (st.size > maxBytes) throw new SampleError({ ...diag('sampleTooLarge', { path: `'${path}'`, size: st.size, max: maxBytes }), file: path });
  if (st.size === 0) throw new SampleError({ ...diag('sampleEmpty', { path: `'${path}'`, detail: 'the file is empty' }), file: path });
  return path;
}

/** Calls `onTable` for each table of the file, in order; it must consume the table's rows before returning. */
export async function readSampleFile(path: string, cwd: string, limits: ReadLimits, onTable: (t: SampleTable) => Promise<void>): Promise<void> {
  const format = sampleFormatOf(path)!;
  const full = resolve(cwd, path);
  const name = identifier(basename(path, extname(path)));
  switch (format) {
    case 'csv':
    case 'tsv':
      return onTable(await csvTable(path, full, name, format, limits));
    case 'jsonl':
      return onTable(jsonlTable(path, full, name, limits));
    case 'json':
      return readJson(path, full, name, limits, onTable);
    case 'parquet':
      return onTable(await parquetTable(path, full, name, limits));
    case 'xlsx':
      return readWorkbook(path, full, limits, onTable);
  }
}

/** A valid table or column name (`^[A-Za-z_][A-Za-z0-9_]*$`) from a file name or header. */
export function identifier(raw: string): string {
  const s = raw.trim().replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'column';
  return /^[0-9]/.test(s) ? `_${s}` : s;
}

/**
 * csv-parse's messages quote the offending field; diagnostics (and logs) must not carry sample values, so each
 * known error gets a message of its own.
 */
const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'a closing quote is followed by something other than a delimiter',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a closing quote is followed by something other than a delimiter',
  INVALID_OPENING_QUOTE: 'a quote opens in the middle of a field',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: "a row's field count differs from the header's",
  CSV_MAX_RECORD_SIZE: 'a row is too large',
  CSV_INVALID_ARGUMENT: 'the file cannot be read as CSV',
};

/** V8's JSON errors quote the text around the problem (`"abc" is not valid JSON`): keep the position, not the text. */
function jsonError(e: unknown): string {
  const raw = (e as Error).message;
  const cut = raw.endsWith('is not valid JSON') && raw.includes(', "') ? raw.slice(0, raw.indexOf(', "')) : raw;
  return `invalid JSON: ${cut.replace(/"[^]*"/g, '…')}`;
}

function malformed(path: string, detail: string, line?: number): SampleError {
  return new SampleError({ ...diag('sampleMalformed', { path: `'${path}'`, detail }), file: path, ...(line !== undefined ? { line, column: 1 } : {}) });
}

const cell = (v: unknown): Cell => {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : String(v);
  if (v instanceof Date) return isoOfDate(v);
  return JSON.stringify(v);
};

/** A Date as the literal synth writes: a date at midnight UTC is a date, anything else a datetime. */
function isoOfDate(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const iso = d.toISOString();
  if (iso.endsWith('T00:00:00.000Z')) return iso.slice(0, 10);
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}

async function csvTable(path: string, full: string, name: string, format: 'csv' | 'tsv', limits: ReadLimits): Promise<SampleTable> {
  const { parse } = await import('csv-parse');
  const delimiter = format === 'tsv' ? '\t' : await sniffDelimiter(full);
  const headers: string[] = [];
  async function* rows(): AsyncGenerator<Cell[]> {
    // csv-parse itself refuses a row whose field count differs from the first row's, with its line number.
    const parser = createReadStream(full).pipe(parse({ delimiter, bom: true, skip_empty_lines: true, relax_column_count: false }));
    let n = 0;
    try {
      for await (const record of parser as AsyncIterable<string[]>) {
        if (headers.length === 0) {
          headers.push(...record);
          continue;
        }
        if (limits.maxRows !== undefined && n >= limits.maxRows) {
          table.truncated = true;
          break;
        }
        n++;
        const row: Cell[] = new Array<Cell>(record.length);
        for (let i = 0; i < record.length; i++) row[i] = record[i] === '' ? null : record[i]!;
        yield row;
      }
    } catch (e) {
      if (e instanceof SampleError) throw e;
      const err = e as Error & { code?: string; lines?: number };
      if (err.code === 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH') throw malformed(path, `a row's field count differs from the header's (${headers.length})`, err.lines);
      throw malformed(path, CSV_ERRORS[err.code ?? ''] ?? `unreadable CSV (${err.code ?? 'unknown error'})`, err.lines);
    } finally {
      parser.destroy();
    }
    if (headers.length === 0) throw new SampleError({ ...diag('sampleEmpty', { path: `'${path}'`, detail: 'it has no header row' }), file: path });
    if (n === 0) throw new SampleError({ ...diag('sampleEmpty', { path: `'${path}'`, detail: 'it has a header but no rows' }), file: path });
  }
  const table: SampleTable = { name, source: path, format, headers, rows: rows(), truncated: false };
  return table;
}

/** `;` or tab instead of `,` when the header line has more of them. */
async function sniffDelimiter(full: string): Promise<string> {
  const stream = createReadStream(full, { start: 0, end: 65535, encoding: 'utf8' });
  let head = '';
  for await (const chunk of stream) head += chunk as string;
  const line = head.split(/\r?\n/, 1)[0] ?? '';
  const counts = [',', ';', '\t'].map((d) => [d, line.split(d).length - 1] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

/** Appends new keys to `headers` and returns the row as cells in header order. */
function objectRow(obj: unknown, headers: string[], index: Map<string, number>): Cell[] | undefined {
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) return undefined;
  const row: Cell[] = new Array<Cell>(headers.length).fill(null);
  for (const [k, v] of Object.entries(obj as Record<string, unknown>)) {
    let i = index.get(k);
    if (i === undefined) {
      i = headers.push(k) - 1;
      index.set(k, i);
    }
    row[i] = cell(v);
  }
  return row;
}

function jsonlTable(path: string, full: string, name: string, limits: ReadLimits): SampleTable {
  const headers: string[] = [];
  const index = new Map<string, number>();
  async function* rows(): AsyncGenerator<Cell[]> {
    const lines = createInterface({ input: createReadStream(full, { encoding: 'utf8' }), crlfDelay: Infinity });
    let line = 0;
    let n = 0;
    try {
      for await (const text of lines) {
        line++;
        if (text.trim() === '') continue;
        if (limits.maxRows !== undefined && n >= limits.maxRows) {
          table.truncated = true;
          break;
        }
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch (e) {
          throw malformed(path, jsonError(e), line);
        }
        const row = objectRow(value, headers, index);
        if (!row) throw malformed(path, 'each line must be a JSON object', line);
        n++;
        yield row;
      }
    } finally {
      lines.close();
    }
    if (n === 0) throw new SampleError({ ...diag('sampleEmpty', { path: `'${path}'`, detail: 'it has no rows' }), file: path });
  }
  const table: SampleTable = { name, source: path, format: 'jsonl', headers, rows: rows(), truncated: false };
  return table;
}

/**
 * A json file: an array of objects is one table; an object whose values are arrays of objects (what synth's json
 * writer makes of several tables) is one table per key.
 */
/** A .json file is parsed whole, as one string; V8 strings end near 512 MiB, so larger ones must be JSON Lines. */
export const MAX_JSON_BYTES = 256 * 1024 ** 2;

async function readJson(path: string, full: string, name: string, limits: ReadLimits, onTable: (t: SampleTable) => Promise<void>): Promise<void> {
  const size = (await stat(full)).size;
  if (size > MAX_JSON_BYTES) {
    throw new SampleError({ ...diag('sampleTooLarge', { path: `'${path}'`, size, max: MAX_JSON_BYTES }, { hint: 'A .json file is parsed whole: convert it to JSON Lines (one object per line, .jsonl), which is streamed.' }), file: path });
  }
  let value: unknown;
  try {
    value = JSON.parse(await readFile(full, 'utf8'));
  } catch (e) {
    throw malformed(path, jsonError(e));
  }
  const lists: Array<[string, unknown[]]> = Array.isArray(value)
    ? [[name, value]]
    : value && typeof value === 'object'
      ? Object.entries(value).filter((e): e is [string, unknown[]] => Array.isArray(e[1])).map(([k, v]) => [identifier(k), v])
      : [];
  if (lists.length === 0) throw malformed(path, 'expected an array of objects, or an object of such arrays');
  if (lists.every(([, l]) => l.length === 0)) throw new SampleError({ ...diag('sampleEmpty', { path: `'${path}'`, detail: 'no rows' }), file: path });
  for (const [tableName, list] of lists) {
    const headers: string[] = [];
    const index = new Map<string, number>();
    async function* rows(): AsyncGenerator<Cell[]> {
      const n = Math.min(list.length, limits.maxRows ?? Infinity);
      for (let i = 0; i < n; i++) {
        const row = objectRow(list[i], headers, index);
        if (!row) throw malformed(path, `element ${i} of ${JSON.stringify(tableName)} is not an object`);
        yield row;
      }
    }
    const source = lists.length === 1 && Array.isArray(value) ? path : `${path}#${tableName}`;
    await onTable({ name: tableName, source, format: 'json', headers, rows: rows(), truncated: list.length > (limits.maxRows ?? Infinity) });
  }
}

async function parquetTable(path: string, full: string, name: string, limits: ReadLimits): Promise<SampleTable> {
  const [{ readParquet }, arrow] = await Promise.all([import('parquet-wasm'), import('apache-arrow')]);
  let table: import('apache-arrow').Table;
  try {
    const wasm = readParquet(new Uint8Array(await readFile(full)), limits.maxRows !== undefined ? { limit: limits.maxRows } : undefined);
    // intoIPCStream consumes (and frees) the wasm table.
    table = arrow.tableFromIPC(wasm.intoIPCStream());
  } catch (e) {
    throw malformed(path, `not a readable Parquet file: ${String((e as Error).message ?? e)}`);
  }
  const fields = table.schema.fields;
  const headers = fields.map((f) => f.name);
  const convert = fields.map((f) => arrowConverter(f.type, arrow));
  async function* rows(): AsyncGenerator<Cell[]> {
    for (const batch of table.batches) {
      const cols = fields.map((_, i) => batch.getChildAt(i)!);
      for (let r = 0; r < batch.numRows; r++) yield cols.map((c, i) => convert[i]!(c.get(r)));
    }
  }
  // parquet-wasm reads at most `limit` rows, so a table that has that many probably had more.
  return { name, source: path, format: 'parquet', headers, rows: rows(), truncated: limits.maxRows !== undefined && table.numRows >= limits.maxRows };
}

/** Arrow values → cells: dates and timestamps as ISO text, decimals as numbers at their scale. */
function arrowConverter(type: import('apache-arrow').DataType, arrow: typeof import('apache-arrow')): (v: unknown) => Cell {
  if (arrow.DataType.isDate(type) || arrow.DataType.isTimestamp(type)) {
    const dateOnly = arrow.DataType.isDate(type);
    return (v) => {
      if (v === null || v === undefined) return null;
      const d = new Date(typeof v === 'bigint' ? Number(v) : (v as number | Date).valueOf());
      return dateOnly ? d.toISOString().slice(0, 10) : isoOfDate(d);
    };
  }
  if (arrow.DataType.isDecimal(type)) {
    const scale = (type as import('apache-arrow').Decimal).scale;
    return (v) => (v === null || v === undefined ? null : Number(arrow.util.bigNumToString(v as never)) / 10 ** scale);
  }
  return cell;
}

async function readWorkbook(path: string, full: string, limits: ReadLimits, onTable: (t: SampleTable) => Promise<void>): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(full, { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
  let sheets = 0;
  try {
    for await (const sheet of reader) {
      const ws = sheet as unknown as { name?: string; id: number } & AsyncIterable<{ values: unknown[] }>;
      const sheetName = ws.name ?? `sheet${ws.id}`;
      const headers: string[] = [];
      async function* rows(): AsyncGenerator<Cell[]> {
        let n = 0;
        for await (const row of ws) {
          // exceljs rows are 1-based sparse arrays.
          const values = (row.values as unknown[]).slice(1).map(excelCell);
          if (headers.length === 0) {
            headers.push(...values.map((v, i) => (v === null ? `column_${i + 1}` : String(v))));
            continue;
          }
          if (limits.maxRows !== undefined && n >= limits.maxRows) {
            table.truncated = true;
            continue;
          }
          n++;
          yield headers.map((_, i) => values[i] ?? null);
        }
      }
      sheets++;
      const table: SampleTable = { name: identifier(sheetName), source: `${path}#${sheetName}`, format: 'xlsx', headers, rows: rows(), truncated: false };
      await onTable(table);
    }
  } catch (e) {
    if (e instanceof SampleError) throw e;
    throw malformed(path, `not a readable xlsx workbook: ${(e as Error).message}`);
  }
  if (sheets === 0) throw new SampleError({ ...diag('sampleEmpty', { path: `'${path}'`, detail: 'the workbook has no sheets' }), file: path });
}

/** exceljs cell values: formulas give their result, rich text its plain text, hyperlinks their text. */
function excelCell(v: unknown): Cell {
  if (v && typeof v === 'object' && !(v instanceof Date)) {
    const o = v as { result?: unknown; richText?: Array<{ text: string }>; text?: unknown; error?: string };
    if ('result' in o) return excelCell(o.result);
    if (o.richText) return o.richText.map((r) => r.text).join('');
    if ('text' in o) return cell(o.text);
    if (o.error) return null;
  }
  return cell(v);
}

/**
 * The first `count` rows of every table in a sample file, as objects (for `synth author --sample
 * --share-samples`, where the user agreed to send a few raw rows). Reading stops after them.
 */
export async function firstSampleRows(path: string, cwd: string, count: number): Promise<Array<Record<string, Cell>>> {
  const out: Array<Record<string, Cell>> = [];
  await readSampleFile(path, cwd, { maxRows: count, maxBytes: DEFAULT_MAX_BYTES }, async (t) => {
    for await (const cells of t.rows) out.push(Object.fromEntries(t.headers.map((h, i) => [h, cells[i] ?? null])));
  });
  return out;
}
