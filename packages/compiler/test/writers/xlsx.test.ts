import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { MemorySink, WriterOptionError, type ByteSink, type CellValue, type ColumnInfo, type RowBatch, type TableInfo, type Writer } from '@synth/compiler';
import { MAX_CELL_TEXT, MAX_SHEET_ROWS, uniqueSheetName, xlsxWriter } from '../../src/writers/xlsx-writer.js';
import { tempFile, TYPES_SPEC, writeWith } from './write-with.js';

const PYTHON = '/usr/bin/python3';

/**
 * openpyxl opens the workbook; every cell comes back as [python type, value] (dates and times as ISO text),
 * with each sheet's layout and the raw zip metadata. Text gets Excel's `_xHHHH_` decoding, which openpyxl
 * leaves to the application (for inline strings; see `shared`).
 */
const READ_XLSX = `
import json, re, sys, zipfile
from openpyxl import load_workbook
path = sys.argv[1]
def cell(v):
    if v is None: return None
    t = type(v).__name__
    if t in ("datetime", "time"): return [t, v.isoformat(timespec="milliseconds")]
    if t == "str": return [t, re.sub("_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), v)]
    return [t, v]
wb = load_workbook(path)
sheets = []
for ws in wb.worksheets:
    rows = [[cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
    sheets.append({
        "name": ws.title,
        "rows": rows,
        "freeze": ws.freeze_panes,
        "filter": ws.auto_filter.ref,
        "bold": [c.font.b for c in ws[1]] if ws.max_row >= 1 else [],
        "formats": [c.number_format for c in ws[2]] if ws.max_row >= 2 else [],
        "widths": [ws.column_dimensions[c.column_letter].width for c in ws[1]] if ws.max_row >= 1 else [],
    })
z = zipfile.ZipFile(path)
entries = [[i.filename, list(i.date_time), i.compress_type] for i in z.infolist()]
shared = None
if "xl/sharedStrings.xml" in z.namelist():
    import xml.etree.ElementTree as ET
    root = ET.fromstring(z.read("xl/sharedStrings.xml"))
    shared = [cell("".join(t.text or "" for t in si.iter("{http://schemas.openxmlformats.org/spreadsheetml/2006/main}t")))[1] for si in root]
core = z.read("docProps/core.xml").decode("utf8")
sheet_xml = z.read("xl/worksheets/sheet1.xml").decode("utf8")
print(json.dumps({"sheets": sheets, "entries": entries, "core": core, "sheet1": sheet_xml, "shared": shared, "props": {"creator": wb.properties.creator, "title": wb.properties.title}}))
`;

type PyCell = [string, unknown] | null;
interface ReadBack {
  sheets: Array<{ name: string; rows: PyCell[][]; freeze: string | null; filter: string | null; bold: Array<boolean | null>; formats: string[]; widths: number[] }>;
  /** Name, date and compression method (0 stored, 8 deflated) of each zip entry. */
  entries: Array<[string, number[], number]>;
  core: string;
  sheet1: string;
  /** The shared-string table read with ElementTree (openpyxl half-decodes it: it drops every `x005F_`). */
  shared: string[] | null;
  props: { creator: string; title: string };
}

function readXlsx(bytes: Buffer): ReadBack {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} with openpyxl is needed to read the workbook back (Debian's python3-openpyxl)`);
  const path = tempFile(bytes, 'data.xlsx');
  return JSON.parse(execFileSync(PYTHON, ['-c', READ_XLSX, path], { encoding: 'utf8', maxBuffer: 1 << 28 })) as ReadBack;
}

const isoTime = (ms: number) => new Date(ms).toISOString().slice(11, 23);

/** What openpyxl should read for a value of a column written with its default (iso) format. */
function expectedCell(c: ColumnInfo, v: CellValue): PyCell {
  if (v === null) return null;
  switch (c.type) {
    case 'int':
    case 'float':
    case 'decimal':
      return [Number.isInteger(v) ? 'int' : 'float', v];
    case 'bool':
      return ['bool', v];
    case 'string':
    case 'uuid':
    case 'json':
      return ['str', String(v)];
    case 'date':
    case 'datetime':
      return ['datetime', new Date(v as number).toISOString().slice(0, 23)];
    case 'time':
      return ['time', isoTime(v as number)];
  }
}

/** The header row, then every row. */
function expectedRows(info: TableInfo, rows: Array<Record<string, CellValue>>): PyCell[][] {
  return [info.columns.map((c): PyCell => ['str', c.name]), ...rows.map((r) => info.columns.map((c) => expectedCell(c, r[c.name]!)))];
}

const context = (tables: TableInfo[]) => ({ title: 'test', seed: '0', tables });
const column = (name: string, type: ColumnInfo['type'], extra: Partial<ColumnInfo> = {}): ColumnInfo => ({ name, type, nullable: true, ...extra });
const table = (name: string, columns: ColumnInfo[], rowCount: number): TableInfo => ({ name, columns, rowCount });

/** Writes tables given as rows of cells straight through the writer (for values a spec cannot make). */
async function writeTables(tables: Array<{ info: TableInfo; rows: CellValue[][] }>, options: Record<string, unknown> = {}, sink: ByteSink = new MemorySink()): Promise<Writer> {
  const w = xlsxWriter(sink, { multiTable: tables.length > 1, options, context: context(tables.map((t) => t.info)) });
  for (const t of tables) {
    await w.startTable(t.info);
    const batch: RowBatch = { table: t.info.name, startRow: 0, rowCount: t.rows.length, columns: t.info.columns.map((_, k) => t.rows.map((r) => r[k]!)) };
    if (t.rows.length > 0) await w.writeBatch(batch);
    await w.endTable();
  }
  await w.finish();
  return w;
}

async function bytesOf(tables: Array<{ info: TableInfo; rows: CellValue[][] }>, options: Record<string, unknown> = {}): Promise<Buffer> {
  const sink = new MemorySink();
  await writeTables(tables, options, sink);
  return sink.buffer();
}

const WRITER = fileURLToPath(new URL('../../src/writers/xlsx-writer.ts', import.meta.url));
const SINK = fileURLToPath(new URL('../../src/writers/hash-sink.ts', import.meta.url));
/** Where `--import tsx` resolves from. */
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

/** A script that writes the table in a fresh Node (with tsx), printing its time-zone offset and the bytes. */
function childWrite(info: TableInfo, rows: CellValue[][]): string {
  return `
const { xlsxWriter } = await import(${JSON.stringify(WRITER)});
const { MemorySink } = await import(${JSON.stringify(SINK)});
const info = ${JSON.stringify(info)};
const rows = ${JSON.stringify(rows)};
const sink = new MemorySink();
const w = xlsxWriter(sink, { multiTable: false, options: {}, context: { title: 'test', seed: '0', tables: [info] } });
await w.startTable(info);
await w.writeBatch({ table: info.name, startRow: 0, rowCount: rows.length, columns: info.columns.map((_, k) => rows.map((r) => r[k])) });
await w.endTable();
await w.finish();
process.stdout.write(new Date(0).getTimezoneOffset() + '\\n' + sink.buffer().toString('base64'));
`;
}

describe('xlsx writer', () => {
  it('is read back by openpyxl: a sheet per table, every value with its type', async () => {
    const { bytes, tables, rows } = await writeWith(xlsxWriter, TYPES_SPEC);
    const back = readXlsx(bytes);
    expect(back.sheets.map((s) => s.name)).toEqual(['customers', 'orders']);
    for (const [i, info] of tables.entries()) {
      const expected = expectedRows(info, rows.get(info.name)!);
      expect(back.sheets[i]!.rows).toHaveLength(expected.length);
      expect(back.sheets[i]!.rows).toEqual(expected);
    }
    const customers = rows.get('customers')!;
    expect(customers.some((r) => r.note === null) && customers.some((r) => /\n/.test(String(r.weird_value)))).toBe(true);
  });

  it('bolds and freezes the header, filters it, and formats numbers, dates and times', async () => {
    const { bytes, tables, rows } = await writeWith(xlsxWriter, TYPES_SPEC, { tables: ['customers'] });
    const sheet = readXlsx(bytes).sheets[0]!;
    expect(sheet.freeze).toBe('A2');
    expect(sheet.bold.every((b) => b === true)).toBe(true);
    expect(sheet.filter).toBe(`A1:L${rows.get('customers')!.length + 1}`);
    const formats = Object.fromEntries(tables[0]!.columns.map((c, k) => [c.name, sheet.formats[k]]));
    expect(formats).toMatchObject({ id: 'General', balance: '0.00', ratio: 'General', born: 'yyyy-mm-dd', seen_at: 'yyyy-mm-dd hh:mm:ss', opens: 'hh:mm:ss' });
    expect(sheet.widths.every((w) => w >= 8 && w <= 60)).toBe(true);
  });

  it('keeps awkward text exactly: spaces, line breaks, control characters, _xHHHH_, markup, emoji, formulas', async () => {
    const values = [' lead', 'trail ', '  ', 'a\r\nb\rc', 'line\nbreak', 'tab\there', 'ctl\u0001x\u001f\u0000\u007f', '_x0041_ and _x00e9_', '<&>"\'', '😀 ünïcödé', '=1+1', '', '\uffff'];
    const info = table('texts', [column('id', 'int'), column('text', 'string')], values.length);
    const cells = values.map((v, i) => [i, v]);
    const inline = readXlsx(await bytesOf([{ info, rows: cells }]));
    expect(inline.sheets[0]!.rows.slice(1)).toEqual(cells.map(([i, v]) => [['int', i], ['str', v]]));
    expect(inline.sheet1).toContain('<t xml:space="preserve"> lead</t>');
    expect(inline.shared).toBeNull();
    const shared = readXlsx(await bytesOf([{ info, rows: cells }], { shared_strings: true }));
    expect(shared.shared).toEqual(['id', 'text', ...values]);
    // openpyxl's own reading of shared strings is exact only for text without `_xHHHH_` escapes.
    const plain = (v: CellValue) => !/[\x00-\x08\x0B-\x1F\x7F\uffff]|_x/.test(String(v));
    expect(shared.sheets[0]!.rows.slice(1).filter((_, i) => plain(values[i]!))).toEqual(cells.filter(([, v]) => plain(v!)).map(([i, v]) => [['int', i], ['str', v]]));
  });

  it('writes types and formats a spec rarely makes: scales, epoch and pattern formats, early dates, NaN, enums of numbers', async () => {
    const day = 86_400_000;
    const info = table(
      'odd',
      [
        column('d', 'date'),
        column('dt', 'datetime'),
        column('t', 'time'),
        column('e', 'datetime', { format: 'epoch' }),
        column('p', 'date', { format: 'dd/MM/yyyy' }),
        column('f', 'float', { scale: 3 }),
        column('n', 'decimal', { scale: 0 }),
        column('s', 'string'),
      ],
      3,
    );
    const rows: CellValue[][] = [
      [Date.UTC(1899, 11, 31), Date.UTC(2024, 1, 29, 23, 59, 59, 250), 0, Date.UTC(2024, 0, 1, 0, 0, 1), Date.UTC(2024, 6, 4), Number.NaN, 12, 7],
      [Date.UTC(1900, 2, 1), Date.UTC(1970, 0, 1), day - 1000, null, null, Number.POSITIVE_INFINITY, -3, true],
      [Date.UTC(9999, 11, 31), null, 12 * 3_600_000 + 345, 0, Date.parse('0001-01-01T00:00:00Z'), 0.125, 1e15, null],
    ];
    const back = readXlsx(await bytesOf([{ info, rows }]));
    expect(back.sheets[0]!.rows.slice(1)).toEqual([
      [['str', '1899-12-31'], ['datetime', '2024-02-29T23:59:59.250'], ['time', '00:00:00.000'], ['int', 1704067201], ['str', '04/07/2024'], ['str', 'NaN'], ['int', 12], ['str', '7']],
      [['datetime', '1900-03-01T00:00:00.000'], ['datetime', '1970-01-01T00:00:00.000'], ['time', '23:59:59.000'], null, null, ['str', 'Infinity'], ['int', -3], ['str', 'true']],
      [['datetime', '9999-12-31T00:00:00.000'], null, ['time', '12:00:00.345'], ['int', 0], ['str', '01/01/0001'], ['float', 0.125], ['int', 1e15], null],
    ]);
    expect(back.sheets[0]!.formats).toEqual(['yyyy-mm-dd', 'yyyy-mm-dd hh:mm:ss', 'hh:mm:ss', 'General', 'General', '0.000', '0', 'General']);
  });

  it('derives valid, unique sheet names', async () => {
    const taken = new Set<string>();
    const long = 'a_table_name_that_is_far_too_long_for_excel';
    expect([long, long.toUpperCase(), 'Users', 'users', 'users (2)', 'history', "'quoted'", 'a[b]:c*d?e/f\\g', '', `${'x'.repeat(30)}😀`].map((n) => uniqueSheetName(n, taken))).toEqual([
      'a_table_name_that_is_far_too_lo',
      'A_TABLE_NAME_THAT_IS_FAR_TO (2)',
      'Users',
      'users (2)',
      'users (2) (2)',
      'history_',
      "_quoted_",
      'a_b__c_d_e_f_g',
      'Sheet',
      'x'.repeat(30),
    ]);
    const infos = ['Orders', 'orders', long].map((n) => ({ info: table(n, [column('id', 'int')], 1), rows: [[1]] }));
    expect(readXlsx(await bytesOf(infos)).sheets.map((s) => s.name)).toEqual(['Orders', 'orders (2)', 'a_table_name_that_is_far_too_lo']);
  });

  it('writes no header row with `header: false`, a header-only sheet for no rows, and a blank sheet for no tables', async () => {
    const info = table('t', [column('id', 'int'), column('b', 'bool')], 2);
    const plain = readXlsx(await bytesOf([{ info, rows: [[1, true], [2, false]] }], { header: false })).sheets[0]!;
    expect(plain.rows).toEqual([[['int', 1], ['bool', true]], [['int', 2], ['bool', false]]]);
    expect(plain.freeze).toBeNull();
    expect(plain.filter).toBeNull();
    const empty = readXlsx(await bytesOf([{ info: { ...info, rowCount: 0 }, rows: [] }])).sheets[0]!;
    expect(empty.rows).toEqual([[['str', 'id'], ['str', 'b']]]);
    expect(readXlsx(await bytesOf([])).sheets.map((s) => s.name)).toEqual(['Sheet1']);
  });

  it('is byte-for-byte deterministic: across runs and the clock, with fixed zip and document dates', async () => {
    const first = await writeWith(xlsxWriter, TYPES_SPEC);
    // Zip times have a 2-second resolution: wait past a boundary once.
    await sleep(2100);
    const later = await writeWith(xlsxWriter, TYPES_SPEC);
    expect(later.bytes.equals(first.bytes)).toBe(true);
    const back = readXlsx(first.bytes);
    expect(back.entries.length).toBeGreaterThan(5);
    expect(back.entries.every(([, date, method]) => date.join(',') === '2000,1,1,0,0,0' && method === 8)).toBe(true);
    expect(back.core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z</dcterms:created>');
    expect(back.props).toEqual({ creator: 'synth', title: 'Writer test data' });
  });

  it('stores the zip entries uncompressed with `compression: none`', async () => {
    const { bytes, tables, rows } = await writeWith(xlsxWriter, TYPES_SPEC, { tables: ['orders'], options: { compression: 'none' } });
    const back = readXlsx(bytes);
    expect(back.entries.every(([, , method]) => method === 0)).toBe(true);
    expect(back.sheets[0]!.rows).toEqual(expectedRows(tables[0]!, rows.get('orders')!));
    const again = await writeWith(xlsxWriter, TYPES_SPEC, { tables: ['orders'], options: { compression: 'none' } });
    expect(again.bytes.equals(bytes)).toBe(true);
  });

  it('shows UTC wall times in any time zone', async () => {
    const info = table('times', [column('d', 'date'), column('dt', 'datetime'), column('t', 'time')], 3);
    const rows: CellValue[][] = [
      [Date.UTC(2024, 2, 31), Date.UTC(2024, 2, 31, 1, 30), 30 * 60_000],
      [Date.UTC(2024, 9, 27), Date.UTC(2024, 9, 27, 23, 59, 59), 23 * 3_600_000],
      [Date.UTC(1969, 11, 31), Date.UTC(1969, 11, 31, 12), 0],
    ];
    const here = await bytesOf([{ info, rows }]);
    // Node reads TZ at startup (jest's process.env is a copy), so other zones need their own process.
    for (const tz of ['Pacific/Kiritimati', 'America/St_Johns']) {
      const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', childWrite(info, rows)], { cwd: REPO, env: { ...process.env, TZ: tz }, encoding: 'utf8', maxBuffer: 1 << 26 });
      if (out.status !== 0) throw new Error(out.stderr);
      const [offset, base64] = out.stdout.split('\n');
      expect(Number(offset)).not.toBe(0);
      expect(Buffer.from(base64!, 'base64').equals(here)).toBe(true);
    }
    expect(readXlsx(here).sheets[0]!.rows.slice(1)).toEqual(rows.map((r) => info.columns.map((c, k) => expectedCell(c, r[k]!))));
  });

  it('rejects bad options and sheets or cells larger than Excel allows', async () => {
    const info = table('big', [column('id', 'int')], MAX_SHEET_ROWS);
    const make = (options: Record<string, unknown>, tables: TableInfo[] = []) => () => xlsxWriter(new MemorySink(), { multiTable: false, options, context: context(tables) });
    expect(make({ header: 'yes' })).toThrow(new WriterOptionError('`header` must be true or false'));
    expect(make({ shared_strings: 1 })).toThrow(WriterOptionError);
    expect(make({ compression: 'zstd' })).toThrow(new WriterOptionError('`compression` must be `deflate` or `none`'));
    expect(make({}, [info])).toThrow(/table `big` has 1,048,576 rows; an xlsx sheet holds at most 1,048,576 rows including its header: write this table as csv or parquet/);
    expect(make({ header: false }, [info])).not.toThrow();
    // Tables the factory did not hear about are checked as they start.
    const w = xlsxWriter(new MemorySink(), { multiTable: false, options: {}, context: context([]) });
    await expect(w.startTable({ ...info, rowCount: MAX_SHEET_ROWS + 5 })).rejects.toThrow(WriterOptionError);
    const text = table('t', [column('s', 'string')], 1);
    await expect(writeTables([{ info: text, rows: [['x'.repeat(MAX_CELL_TEXT + 1)]] }])).rejects.toThrow(/table `t`, column `s`: a value of 32,768 characters; an xlsx cell holds at most 32,767/);
    await expect(writeTables([{ info: text, rows: [['x'.repeat(MAX_CELL_TEXT)]] }])).resolves.toBeDefined();
  });

  it('fails with the sink error instead of waiting forever', async () => {
    const info = table('t', [column('id', 'int'), column('s', 'string')], 200_000);
    let calls = 0;
    const failing: ByteSink = { write: async () => { if (++calls > 2) throw new Error('disk full'); } };
    const w = xlsxWriter(failing, { multiTable: false, options: {}, context: context([info]) });
    const run = async () => {
      await w.startTable(info);
      for (let b = 0; b < 200; b++) {
        const rows = Array.from({ length: 1000 }, (_, r) => b * 1000 + r);
        await w.writeBatch({ table: 't', startRow: b * 1000, rowCount: 1000, columns: [rows, rows.map(() => randomBytes(48).toString('base64'))] });
      }
      await w.endTable();
      await w.finish();
    };
    await expect(run()).rejects.toThrow('disk full');
  });

  it('waits for the sink: a sink that stops taking bytes stops the writer after a bounded amount', async () => {
    let taken = 0;
    const stuck: ByteSink = { write: () => (taken++ < 3 ? Promise.resolve() : new Promise(() => {})) };
    const info = table('t', [column('id', 'int'), column('s', 'string')], 1_000_000);
    const w = xlsxWriter(stuck, { multiTable: false, options: {}, context: context([info]) });
    await w.startTable(info);
    let written = 0;
    let blocked = false;
    for (let b = 0; b < 1000 && !blocked; b++) {
      const rows = Array.from({ length: 1000 }, (_, r) => b * 1000 + r);
      // Incompressible text, so the compressed buffers of the zip fill as fast as the XML ones.
      const batch: RowBatch = { table: 't', startRow: b * 1000, rowCount: 1000, columns: [rows, rows.map(() => randomBytes(48).toString('base64'))] };
      const done = w.writeBatch(batch).then(() => true);
      blocked = !(await Promise.race([done, sleep(500).then(() => false)]));
      if (!blocked) written += 1000;
    }
    expect(blocked).toBe(true);
    // Only the pipeline's buffers fill (1 MB of sheet XML; archiver's 2 MB and zlib's and the streams' few kB of
    // zip: ~65k of these rows), not the table.
    expect(written).toBeLessThan(100_000);
  });
});
