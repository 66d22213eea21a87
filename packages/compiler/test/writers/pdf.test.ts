import { spawnSync } from 'node:child_process';
import { describe, expect, it } from '@jest/globals';
import { textFormatter, WriterOptionError, type CellValue, type TableInfo } from '@synth/compiler';
import { pdfWriter } from '../../src/writers/pdf-writer.js';
import { tempFile, TYPES_SPEC, writeWith } from './write-with.js';

/** pdftotext (poppler): `-raw` keeps the content stream's order, which is cell after cell, row after row. */
function pdfText(path: string, mode: '-raw' | '-layout'): string {
  const r = spawnSync('/usr/bin/pdftotext', [mode, '-enc', 'UTF-8', path, '-'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

function pdfInfo(path: string): Record<string, string> {
  const r = spawnSync('/usr/bin/pdfinfo', [path], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  return Object.fromEntries(r.stdout.split('\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]));
}

/** Text wraps anywhere in a cell (even inside a uuid), so compare with all whitespace removed. */
const squash = (s: string) => s.replace(/\s+/g, '');

/** What each cell should read: the text formats' rules (docs/formats.md), an em dash for null. */
function expectedCells(table: TableInfo, rows: Array<Record<string, CellValue>>): string[][] {
  const fmts = table.columns.map(textFormatter);
  return rows.map((row) => table.columns.map((c, k) => (row[c.name] === null ? '—' : fmts[k]!(row[c.name]!))));
}

/** Every expected text, found in order in the extracted text; returns the first one missing. */
function firstMissingInOrder(text: string, cells: string[][]): string | undefined {
  const hay = squash(text);
  let at = 0;
  for (const [r, row] of cells.entries()) {
    for (const cell of row) {
      const needle = squash(cell);
      const i = hay.indexOf(needle, at);
      if (i < 0) return `row ${r + 1}: ${JSON.stringify(cell)}`;
      at = i + needle.length;
    }
  }
  return undefined;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('pdf writer', () => {
  it('writes the title, the summary, and every cell of every table in order', async () => {
    const { bytes, tables, rows } = await writeWith(pdfWriter, TYPES_SPEC);
    const path = tempFile(bytes, 'report.pdf');
    const layout = pdfText(path, '-layout');
    expect(layout).toContain('Writer test data');
    expect(layout).toContain('Seed: 7');
    for (const t of tables) {
      expect(layout).toMatch(new RegExp(`${t.name}\\s+${rows.get(t.name)!.length}\\s`));
    }
    expect(squash(layout)).toContain(squash('balance: decimal(2)'));
    expect(squash(layout)).toContain(squash('note: string, nullable'));

    const raw = pdfText(path, '-raw');
    for (const t of tables) {
      const cells = expectedCells(t, rows.get(t.name)!);
      expect(cells.length).toBeGreaterThan(50);
      expect(firstMissingInOrder(raw, [t.columns.map((c) => c.name), ...cells])).toBeUndefined();
    }
    // Nulls show as an em dash.
    expect(rows.get('customers')!.some((r) => r.note === null)).toBe(true);
  });

  it('repeats each table’s header row on every page the table runs onto', async () => {
    const { bytes, tables } = await writeWith(pdfWriter, TYPES_SPEC);
    const path = tempFile(bytes, 'report.pdf');
    const pageCount = Number(pdfInfo(path).Pages);
    const pages = pdfText(path, '-raw').split('\f').slice(0, pageCount);
    expect(pages).toHaveLength(pageCount);
    const headers = tables.map((t) => squash(t.columns.map((c) => c.name).join('')));
    const perPage = pages.map((p) => headers.map((h) => squash(p).split(h).length - 1));
    // Page 1 holds the summary; every later page carries exactly one table header.
    expect(perPage[0]).toEqual([0, 0]);
    for (const counts of perPage.slice(1)) expect(counts.reduce((a, b) => a + b, 0)).toBe(1);
    // Both tables run over several pages, so the header really repeats.
    expect(perPage.filter((c) => c[0] === 1).length).toBeGreaterThan(1);
    expect(perPage.filter((c) => c[1] === 1).length).toBeGreaterThan(1);
  });

  it('writes the same bytes every time, with fixed dates', async () => {
    const a = await writeWith(pdfWriter, TYPES_SPEC, { tables: ['customers'] });
    await sleep(1100);
    const b = await writeWith(pdfWriter, TYPES_SPEC, { tables: ['customers'] });
    expect(b.bytes.equals(a.bytes)).toBe(true);
    const info = pdfInfo(tempFile(a.bytes, 'report.pdf'));
    expect(info.CreationDate).toMatch(/2000/);
    expect(info.ModDate).toMatch(/2000/);
    expect(info.Producer).toBe('synth (pdfmake)');
  });

  it('fails before rendering when a table has more rows than `max_rows`, saying what to do', async () => {
    const error = await writeWith(pdfWriter, TYPES_SPEC, { tables: ['customers'], options: { max_rows: 100 } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WriterOptionError);
    const message = (error as Error).message;
    expect(message).toContain('`customers`');
    expect(message).toContain('120 rows');
    expect(message).toContain('limit of 100');
    expect(message).toContain('raise `max_rows` to 120');
    expect(message).toContain('truncate: true');
    expect(message).toContain('csv or xlsx');

    // A table the file did not announce is checked as it starts.
    const writer = pdfWriter({ write: async () => {} }, { multiTable: false, options: {}, context: { title: 't', seed: '1', tables: [] } });
    await expect(writer.startTable({ name: 'big', columns: [], rowCount: 25_000 })).rejects.toThrow(/`big` has 25,000 rows, more than the pdf output's limit of 2,000.*can go up to 10,000 only/);
  });

  it('shows the first `max_rows` rows with a note when `truncate` is set', async () => {
    const { bytes, tables, rows } = await writeWith(pdfWriter, TYPES_SPEC, { tables: ['customers'], options: { max_rows: 40, truncate: true } });
    const raw = pdfText(tempFile(bytes, 'report.pdf'), '-raw');
    expect(raw).toContain('Showing the first 40 of 120 rows.');
    expect(raw).toContain('120 (first 40 shown)');
    const cells = expectedCells(tables[0]!, rows.get('customers')!);
    expect(firstMissingInOrder(raw, cells.slice(0, 40))).toBeUndefined();
    expect(squash(raw)).not.toContain(squash(cells[40]![9]!)); // the 41st row's uuid
  });

  it('rejects bad options', () => {
    const make = (options: Record<string, unknown>) => () => pdfWriter({ write: async () => {} }, { multiTable: false, options, context: { title: 't', seed: '1', tables: [] } });
    for (const bad of [0, -1, 1.5, 10_001, '100']) expect(make({ max_rows: bad })).toThrow('`max_rows` must be a whole number from 1 to 10,000');
    expect(make({ truncate: 'yes' })).toThrow('`truncate` must be true or false');
    expect(make({ orientation: 'sideways' })).toThrow('`orientation` must be `auto`, `portrait` or `landscape`');
    expect(make({ max_rows: 10_000, truncate: true, orientation: 'landscape' })).not.toThrow();
  });

  it('lays out 1,000 rows (the default limit) with every row present', async () => {
    const spec = TYPES_SPEC.replace('rows: 120', 'rows: 1000');
    const { bytes, tables, rows } = await writeWith(pdfWriter, spec, { tables: ['customers'] });
    const path = tempFile(bytes, 'report.pdf');
    const cells = expectedCells(tables[0]!, rows.get('customers')!);
    expect(cells).toHaveLength(1000);
    expect(firstMissingInOrder(pdfText(path, '-raw'), cells)).toBeUndefined();
    expect(Number(pdfInfo(path).Pages)).toBeGreaterThan(20);
  });
});
