import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { MemorySink, textFormatter, WriterOptionError, type CellValue, type TableInfo } from '@synth/compiler';
import { docxWriter } from '../../src/writers/docx-writer.js';
import { tempFile, TYPES_SPEC, writeWith } from './write-with.js';

interface DocxContents {
  paragraphs: Array<{ style: string; text: string }>;
  tables: Array<{ rows: string[][]; headerRows: boolean[] }>;
  sections: Array<{ landscape: boolean }>;
  core: { title: string; created: string; modified: string; creator: string };
  zipTimes: number[][];
}

/** python-docx (an independent reader): paragraphs, every table's cell texts, which rows repeat as headers. */
const READ_DOCX = `
import json, sys, zipfile
import docx
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.table import _Cell
d = docx.Document(sys.argv[1])
def header_row(tr):
    el = tr.trPr.find(qn('w:tblHeader')) if tr.trPr is not None else None
    return el is not None and el.get(qn('w:val'), 'true') not in ('0', 'false', 'off')
# Row.cells rebuilds the whole grid on every call (quadratic); read the rows' w:tc elements directly.
def rows(t):
    return [[_Cell(tc, t).text for tc in tr.tc_lst] for tr in t._tbl.tr_lst]
out = {
    'paragraphs': [{'style': p.style.name, 'text': p.text} for p in d.paragraphs if p.text],
    'tables': [{'rows': rows(t), 'headerRows': [header_row(tr) for tr in t._tbl.tr_lst]} for t in d.tables],
    'sections': [{'landscape': s.orientation == WD_ORIENT.LANDSCAPE} for s in d.sections],
    'core': {'title': d.core_properties.title, 'creator': d.core_properties.author,
             'created': d.core_properties.created.isoformat(), 'modified': d.core_properties.modified.isoformat()},
    'zipTimes': [list(i.date_time) for i in zipfile.ZipFile(sys.argv[1]).infolist()],
}
print(json.dumps(out))
`;

function readDocx(bytes: Buffer): DocxContents {
  const r = spawnSync('/usr/bin/python3', ['-c', READ_DOCX, tempFile(bytes, 'report.docx')], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as DocxContents;
}

/** What each cell should read: the text formats' rules (docs/formats.md), an em dash for null. */
function expectedCells(table: TableInfo, rows: Array<Record<string, CellValue>>): string[][] {
  const fmts = table.columns.map(textFormatter);
  return rows.map((row) => table.columns.map((c, k) => (row[c.name] === null ? '—' : fmts[k]!(row[c.name]!).replace(/\r\n?/g, '\n'))));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('docx writer', () => {
  it('holds the title, the summary, and every table with all its cells', async () => {
    const { bytes, tables, rows } = await writeWith(docxWriter, TYPES_SPEC);
    const doc = readDocx(bytes);
    expect(doc.paragraphs[0]).toEqual({ style: 'Title', text: 'Writer test data' });
    expect(doc.paragraphs.map((p) => p.text)).toContain('Seed: 7   ·   Tables: 2');
    expect(doc.paragraphs.filter((p) => p.style === 'Heading 1').map((p) => p.text)).toEqual(['Tables', 'customers', 'orders']);

    const [summary, ...data] = doc.tables;
    expect(summary!.rows[0]).toEqual(['Table', 'Rows', 'Columns']);
    expect(summary!.rows.slice(1).map((r) => r.slice(0, 2))).toEqual(tables.map((t) => [t.name, String(rows.get(t.name)!.length)]));
    expect(summary!.rows[1]![2]).toContain('balance: decimal(2); ratio: float; active: bool; born: date');
    expect(summary!.rows[1]![2]).toContain('note: string, nullable');

    expect(data).toHaveLength(tables.length);
    for (const [i, t] of tables.entries()) {
      const expected = expectedCells(t, rows.get(t.name)!);
      expect(data[i]!.rows[0]).toEqual(t.columns.map((c) => c.name));
      expect(data[i]!.rows.slice(1)).toEqual(expected);
    }
    // Nulls read as an em dash, values with line breaks keep them.
    expect(data[0]!.rows.some((r) => r[11] === '—')).toBe(true);
    expect(data[0]!.rows[1]![2]).toContain('\n');
  });

  it('marks exactly the first row of each table as a header row that repeats on every page', async () => {
    const { bytes } = await writeWith(docxWriter, TYPES_SPEC);
    const doc = readDocx(bytes);
    for (const t of doc.tables) expect(t.headerRows).toEqual(t.rows.map((_, i) => i === 0));
  });

  it('puts wide tables on landscape pages', async () => {
    const { bytes } = await writeWith(docxWriter, TYPES_SPEC);
    // Summary (portrait), customers (12 columns: landscape), orders (4 columns: portrait).
    expect(readDocx(bytes).sections).toEqual([{ landscape: false }, { landscape: true }, { landscape: false }]);
    const all = await writeWith(docxWriter, TYPES_SPEC, { options: { orientation: 'landscape' } });
    expect(readDocx(all.bytes).sections.every((s) => s.landscape)).toBe(true);
  });

  it('writes the same bytes every time, with fixed dates in the document and the zip', async () => {
    const a = await writeWith(docxWriter, TYPES_SPEC);
    await sleep(1100);
    const b = await writeWith(docxWriter, TYPES_SPEC);
    expect(b.bytes.equals(a.bytes)).toBe(true);
    const doc = readDocx(a.bytes);
    expect(doc.core).toEqual({ title: 'Writer test data', creator: 'synth', created: '2000-01-01T00:00:00', modified: '2000-01-01T00:00:00' });
    for (const t of doc.zipTimes) expect(t).toEqual([1980, 1, 1, 0, 0, 0]);
  });

  it('fails before rendering when a table has more rows than `max_rows`, saying what to do', async () => {
    const error = await writeWith(docxWriter, TYPES_SPEC, { tables: ['customers'], options: { max_rows: 100 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriterOptionError);
    const message = (error as Error).message;
    expect(message).toContain('`customers`');
    expect(message).toContain('120 rows');
    expect(message).toContain('docx output');
    expect(message).toContain('limit of 100');
    expect(message).toContain('raise `max_rows` to 120');
    expect(message).toContain('csv or xlsx');

    // A table the file did not announce is checked as it starts.
    const writer = docxWriter({ write: async () => {} }, { multiTable: false, options: {}, context: { title: 't', seed: '1', tables: [] } });
    await expect(writer.startTable({ name: 'big', columns: [], rowCount: 2001 })).rejects.toThrow('table `big` has 2,001 rows, more than the docx output\'s limit of 2,000');
  });

  it('shows the first `max_rows` rows with a note when `truncate` is set', async () => {
    const { bytes, tables, rows } = await writeWith(docxWriter, TYPES_SPEC, { tables: ['customers'], options: { max_rows: 40, truncate: true } });
    const doc = readDocx(bytes);
    expect(doc.paragraphs.map((p) => p.text)).toContain('Showing the first 40 of 120 rows.');
    expect(doc.tables[0]!.rows[1]![1]).toBe('120 (first 40 shown)');
    expect(doc.tables[1]!.rows.slice(1)).toEqual(expectedCells(tables[0]!, rows.get('customers')!).slice(0, 40));
  });

  it('rejects bad options', () => {
    const make = (options: Record<string, unknown>) => () => docxWriter({ write: async () => {} }, { multiTable: false, options, context: { title: 't', seed: '1', tables: [] } });
    for (const bad of [0, 1.5, 10_001, '100']) expect(make({ max_rows: bad })).toThrow('`max_rows` must be a whole number from 1 to 10,000');
    expect(make({ truncate: 1 })).toThrow('`truncate` must be true or false');
    expect(make({ orientation: 'wide' })).toThrow('`orientation` must be `auto`, `portrait` or `landscape`');
  });

  it('stays valid XML when values hold control characters or lone surrogates', async () => {
    const sink = new MemorySink();
    const info: TableInfo = { name: 't', rowCount: 2, columns: [{ name: 's', type: 'string', nullable: true }] };
    const writer = docxWriter(sink, { multiTable: false, options: {}, context: { title: 'ctl\u0007', seed: '1', tables: [info] } });
    await writer.startTable(info);
    await writer.writeBatch({ table: 't', startRow: 0, rowCount: 2, columns: [['a\u0001b\r\nc', '\uD800x']] });
    await writer.endTable();
    await writer.finish();
    const doc = readDocx(sink.buffer());
    expect(doc.core.title).toBe('ctl\uFFFD');
    expect(doc.tables[1]!.rows).toEqual([['s'], ['a\uFFFDb\nc'], ['\uFFFDx']]);
  });

  it('holds 1,000 rows (the default limit)', async () => {
    const spec = TYPES_SPEC.replace('rows: 120', 'rows: 1000');
    const { bytes, tables, rows } = await writeWith(docxWriter, spec, { tables: ['customers'] });
    const doc = readDocx(bytes);
    expect(doc.tables[1]!.rows.slice(1)).toEqual(expectedCells(tables[0]!, rows.get('customers')!));
  });
});
