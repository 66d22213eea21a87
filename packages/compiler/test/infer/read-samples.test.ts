import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import ExcelJS from 'exceljs';
import { Table as WasmTable, writeParquet } from 'parquet-wasm';
import { profileSamples } from '@synth/compiler';
import { readSampleFile, type Cell } from '../../src/infer/read-samples.js';
import { toCsv } from './sample-data.js';

const dir = () => mkdtempSync(join(tmpdir(), 'synth-readers-'));

const ROWS = [
  { id: 1, name: 'Ann, "the" first', score: 1.5, active: true, born: '2001-02-03' },
  { id: 2, name: 'Bob', score: null, active: false, born: '1999-12-31' },
  { id: 3, name: 'Cé\nline', score: -2.25, active: true, born: null },
];
const HEADERS = Object.keys(ROWS[0]!);

async function read(path: string, maxRows?: number): Promise<Array<{ name: string; headers: string[]; rows: Cell[][]; truncated: boolean }>> {
  const out: Array<{ name: string; headers: string[]; rows: Cell[][]; truncated: boolean }> = [];
  await readSampleFile(path, '/', { maxBytes: 1e9, ...(maxRows !== undefined ? { maxRows } : {}) }, async (t) => {
    const rows: Cell[][] = [];
    for await (const r of t.rows) rows.push(r);
    out.push({ name: t.name, headers: [...t.headers], rows, truncated: t.truncated });
  });
  return out;
}

/** Cells as text, which is how csv hands them over; typed formats keep their types. */
const asText = (rows: Cell[][]) => rows.map((r) => r.map((v) => (v === null ? null : String(v))));
const EXPECTED_TEXT = ROWS.map((r) => HEADERS.map((h) => (r[h as keyof typeof r] === null ? null : String(r[h as keyof typeof r]))));

describe('sample readers: the same table from every format', () => {
  it('csv (quotes, embedded newlines, empty = null) and tsv', async () => {
    const d = dir();
    writeFileSync(join(d, 'people.csv'), toCsv(ROWS));
    writeFileSync(join(d, 'people.tsv'), toCsv(ROWS, '\t'));
    writeFileSync(join(d, 'semi.csv'), toCsv(ROWS).replace(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/g, ';'));
    for (const f of ['people.csv', 'people.tsv', 'semi.csv']) {
      const [t] = await read(join(d, f));
      expect(t!.headers).toEqual(HEADERS);
      expect(asText(t!.rows)).toEqual(EXPECTED_TEXT);
    }
  });

  it('json (an array, or an object of arrays: one table per key) and jsonl, typed', async () => {
    const d = dir();
    writeFileSync(join(d, 'people.json'), JSON.stringify(ROWS));
    writeFileSync(join(d, 'all.json'), JSON.stringify({ people: ROWS, pets: [{ pet: 'cat' }] }));
    writeFileSync(join(d, 'people.jsonl'), ROWS.map((r) => JSON.stringify(r)).join('\n') + '\n\n');
    const typed = ROWS.map((r) => HEADERS.map((h) => r[h as keyof typeof r]));
    expect((await read(join(d, 'people.json')))[0]!.rows).toEqual(typed);
    expect((await read(join(d, 'people.jsonl')))[0]!.rows).toEqual(typed);
    const both = await read(join(d, 'all.json'));
    expect(both.map((t) => t.name)).toEqual(['people', 'pets']);
    expect(both[1]!.rows).toEqual([['cat']]);
  });

  it('xlsx: one table per sheet, dates as ISO text, blank sheets skipped', async () => {
    const d = dir();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('people');
    ws.addRow(HEADERS);
    for (const r of ROWS) ws.addRow(HEADERS.map((h) => (h === 'born' && r.born ? new Date(`${r.born}T00:00:00Z`) : r[h as keyof typeof r])));
    wb.addWorksheet('Blank');
    const other = wb.addWorksheet('Order Lines');
    other.addRow(['line', 'at']);
    other.addRow([1, new Date('2024-05-06T07:08:09Z')]);
    await wb.xlsx.writeFile(join(d, 'book.xlsx'));
    const tables = await read(join(d, 'book.xlsx'));
    expect(tables.map((t) => t.name)).toEqual(['people', 'Blank', 'Order_Lines']);
    expect(tables[0]!.rows).toEqual(ROWS.map((r) => HEADERS.map((h) => r[h as keyof typeof r])));
    expect(tables[2]!.rows).toEqual([[1, '2024-05-06T07:08:09Z']]);
    const p = (await profileSamples([join(d, 'book.xlsx')])).value!;
    expect(p.tables.map((t) => t.name)).toEqual(['people', 'Order_Lines']);
  });

  it('parquet through parquet-wasm and apache-arrow', async () => {
    const d = dir();
    const arrow = tableFromArrays({ id: Int32Array.from([1, 2, 3]), name: ROWS.map((r) => r.name), score: Float64Array.from([1.5, NaN, -2.25]) });
    const wasm = WasmTable.fromIPCStream(tableToIPC(arrow, 'stream'));
    writeFileSync(join(d, 'people.parquet'), writeParquet(wasm));
    const [t] = await read(join(d, 'people.parquet'));
    expect(t!.headers).toEqual(['id', 'name', 'score']);
    expect(t!.rows.map((r) => r.slice(0, 2))).toEqual(ROWS.map((r) => [r.id, r.name]));
    expect((await read(join(d, 'people.parquet'), 2))[0]!).toMatchObject({ truncated: true, rows: [expect.anything(), expect.anything()] });
  });

  it('--max-rows reads the first N rows and marks the table truncated', async () => {
    const d = dir();
    writeFileSync(join(d, 'people.csv'), toCsv(ROWS));
    writeFileSync(join(d, 'people.jsonl'), ROWS.map((r) => JSON.stringify(r)).join('\n'));
    for (const f of ['people.csv', 'people.jsonl']) {
      const [t] = await read(join(d, f), 2);
      expect(t!.rows).toHaveLength(2);
      expect(t!.truncated).toBe(true);
      expect((await read(join(d, f), 3))[0]!.truncated).toBe(false);
    }
  });
});

describe('bad sample files are diagnostics, never exceptions', () => {
  const diagnose = async (files: Record<string, string>, paths?: string[], options = {}) => {
    const d = dir();
    for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
    const r = await profileSamples(paths ?? Object.keys(files), { cwd: d, ...options });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toHaveLength(1);
    return { ...r.diagnostics[0]!, usage: r.usage === true };
  };

  it('a missing file', async () => {
    expect(await diagnose({}, ['nope.csv'])).toMatchObject({ code: 'SYN401', file: 'nope.csv', message: "Cannot read 'nope.csv': no such file" });
  });
  it('an empty file, a header without rows, an empty array', async () => {
    expect(await diagnose({ 'e.csv': '' })).toMatchObject({ code: 'SYN422', message: "Sample 'e.csv' holds no data: the file is empty" });
    expect(await diagnose({ 'h.csv': 'a,b\n' })).toMatchObject({ code: 'SYN422', message: "Sample 'h.csv' holds no data: it has a header but no rows" });
    expect(await diagnose({ 'a.json': '[]' })).toMatchObject({ code: 'SYN422' });
  });
  it('a ragged csv, at its line', async () => {
    expect(await diagnose({ 'r.csv': 'a,b\n1,2\n3,4,5\n' })).toMatchObject({ code: 'SYN423', file: 'r.csv', line: 3 });
    expect(await diagnose({ 'q.csv': 'a,b\n1,"open\n' })).toMatchObject({ code: 'SYN423', file: 'q.csv' });
  });
  it('invalid json and jsonl, at the line', async () => {
    expect(await diagnose({ 'x.jsonl': '{"a":1}\n{"a":\n' })).toMatchObject({ code: 'SYN423', line: 2 });
    expect(await diagnose({ 'y.jsonl': '{"a":1}\n[1]\n' })).toMatchObject({ code: 'SYN423', line: 2, message: expect.stringContaining('each line must be a JSON object') });
    expect(await diagnose({ 'z.json': '{"a": 1' })).toMatchObject({ code: 'SYN423' });
    expect(await diagnose({ 'w.json': '"text"' })).toMatchObject({ code: 'SYN423' });
  });
  it('never quotes the sample in a message', async () => {
    for (const [name, text] of [['a.csv', 'a,b\n1,se"topsecret"x\n'], ['b.csv', 'a,b\n1,"topsecret\n'], ['c.json', '[{"a": topsecret}]'], ['d.jsonl', '{"a":"topsecret"\n'], ['e.json', '[{"a": "topsecret"} x]']]) {
      const d = await diagnose({ [name!]: text! });
      expect(d.code).toBe('SYN423');
      expect(JSON.stringify(d)).not.toContain('secret');
    }
  });
  it('a file over the size limit, before reading it', async () => {
    expect(await diagnose({ 'big.csv': 'a\n1\n2\n' }, undefined, { maxBytes: 4 })).toMatchObject({ code: 'SYN421', message: "Sample 'big.csv' is 6 bytes; the limit is 4" });
  });
  it('an unknown extension is a usage error', async () => {
    expect(await diagnose({ 'data.txt': 'a\n1\n' })).toMatchObject({ code: 'SYN420', usage: true });
  });
  it('a directory without sample files, and a file that is not what its name says', async () => {
    expect(await diagnose({ 'notes.md': '#' }, ['.'])).toMatchObject({ code: 'SYN422', message: expect.stringContaining('no sample files') });
    expect(await diagnose({ 'p.parquet': 'not parquet' })).toMatchObject({ code: 'SYN423', file: 'p.parquet' });
    expect(await diagnose({ 'b.xlsx': 'not a zip' })).toMatchObject({ code: 'SYN423', file: 'b.xlsx' });
  });
});
