import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { MemorySink, textFormatter, WriterOptionError, type CellValue, type TableInfo } from '@synth/compiler';
import { xmlWriter } from '../../src/writers/xml-writer.js';
import { tempFile, TYPES_SPEC, writeWith } from './write-with.js';

const PYTHON = '/usr/bin/python3';

/** Python's xml.etree.ElementTree parses the file; each row comes back as its child elements' text or its attributes. */
const READ_XML = `
import json, sys
import xml.etree.ElementTree as ET
mode = sys.argv[2]
root = ET.parse(sys.argv[1]).getroot()
out = {"root": root.tag, "tables": []}
for table in root:
    rows = []
    for row in table:
        if mode == "attributes":
            assert len(row) == 0 and not (row.text or "").strip()
            values = dict(row.attrib)
        else:
            assert not row.attrib
            values = {}
            for cell in row:
                assert len(cell) == 0 and not cell.attrib and cell.tag not in values
                values[cell.tag] = cell.text or ""
        rows.append({"tag": row.tag, "values": values})
    out["tables"].append({"tag": table.tag, "rows": rows})
print(json.dumps(out))
`;

interface ReadBack {
  root: string;
  tables: Array<{ tag: string; rows: Array<{ tag: string; values: Record<string, string> }> }>;
}

function readXml(bytes: Buffer, mode: 'elements' | 'attributes'): ReadBack {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} is needed to read the XML back (Debian's python3)`);
  const path = tempFile(bytes, 'data.xml');
  return JSON.parse(execFileSync(PYTHON, ['-c', READ_XML, path, mode], { encoding: 'utf8', maxBuffer: 1 << 28 })) as ReadBack;
}

/** The rows as the reader should see them: non-null values as textFormatter text, nulls left out. */
function expectedRows(info: TableInfo, rows: Array<Record<string, CellValue>>, name: (column: string) => string = (c) => c): Array<Record<string, string>> {
  const fmts = new Map(info.columns.map((c) => [c.name, textFormatter(c)]));
  return rows.map((row) => {
    const out: Record<string, string> = {};
    for (const c of info.columns) {
      const v = row[c.name]!;
      if (v !== null) out[name(c.name)] = fmts.get(c.name)!(v);
    }
    return out;
  });
}

describe('xml writer', () => {
  for (const mode of ['elements', 'attributes'] as const) {
    it(`is read back by Python's ElementTree with the same rows and values (columns as ${mode})`, async () => {
      const { bytes, tables, rows } = await writeWith(xmlWriter, TYPES_SPEC, mode === 'attributes' ? { options: { columns_as: 'attributes' } } : {});
      const back = readXml(bytes, mode);
      expect(back.root).toBe('dataset');
      expect(back.tables.map((t) => t.tag)).toEqual(['customers', 'orders']);
      for (const info of tables) {
        const table = back.tables.find((t) => t.tag === info.name)!;
        const expected = expectedRows(info, rows.get(info.name)!);
        expect(table.rows).toHaveLength(expected.length);
        expect(table.rows.every((r) => r.tag === 'row')).toBe(true);
        // Every value, in column order (nulls left out), with the same text as csv.
        expect(table.rows.map((r) => r.values)).toEqual(expected);
        expect(table.rows.map((r) => Object.keys(r.values))).toEqual(expected.map((r) => Object.keys(r)));
      }
      // The awkward values (quotes, a line break, <, >, &) really were there, and some notes were null.
      const customers = rows.get('customers')!;
      expect(customers.some((r) => /\n/.test(String(r.weird_value)))).toBe(true);
      expect(customers.some((r) => r.note === null)).toBe(true);
    });
  }

  it('writes one row per line', async () => {
    const { bytes, rows } = await writeWith(xmlWriter, TYPES_SPEC);
    const lines = bytes.toString('utf8').split('\n');
    expect(lines.slice(0, 3)).toEqual(['<?xml version="1.0" encoding="UTF-8"?>', '<dataset>', '<customers>']);
    const rowLines = lines.filter((l) => l.startsWith('<row>'));
    expect(rowLines).toHaveLength(rows.get('customers')!.length + rows.get('orders')!.length);
    expect(rowLines.every((l) => l.endsWith('</row>'))).toBe(true);
    expect(lines.slice(-3)).toEqual(['</orders>', '</dataset>', '']);
  });

  it('escapes markup, entity-like text, line breaks and characters XML 1.0 cannot hold; guards xml… names', async () => {
    const values = ['&amp;', '&#10;', '&lt;&', ' ', '', 'a\r\nb\rc', ']]> <x a="1">\'', 'tab\there', 'ctl\u0001x\u001f\u0000', '😀 ünïcödé', 'back\\slash', '  lead and trail  '];
    const spec = `synth: 1
seed: 3
tables:
  xml_things:
    rows: ${values.length}
    columns:
      id: { type: sequence, primary_key: true }
      XmlText: { type: enum, unique: true, values: [${values.map((v) => JSON.stringify(v)).join(', ')}] }
      plain: { type: enum, values: [a], nulls: 0.5 }
`;
    const renamed = (c: string) => (c === 'XmlText' ? '_XmlText' : c);
    const clean = (r: Record<string, string>) => ({ ...r, ...(r._XmlText !== undefined ? { _XmlText: r._XmlText.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '\uFFFD') } : {}) });
    for (const mode of ['elements', 'attributes'] as const) {
      const { bytes, tables, rows } = await writeWith(xmlWriter, spec, { options: { columns_as: mode, root: 'export', row: 'item' } });
      const text = bytes.toString('utf8');
      expect(text).toContain('\uFFFD');
      expect(text.split('\n').filter((l) => l.startsWith('<item'))).toHaveLength(values.length);
      const back = readXml(bytes, mode);
      expect(back.root).toBe('export');
      expect(back.tables.map((t) => t.tag)).toEqual(['_xml_things']);
      expect(back.tables[0]!.rows.every((r) => r.tag === 'item')).toBe(true);
      const expected = expectedRows(tables[0]!, rows.get('xml_things')!, renamed).map(clean);
      expect(back.tables[0]!.rows.map((r) => r.values)).toEqual(expected);
      expect(new Set(expected.map((r) => r._XmlText)).size).toBe(values.length);
    }
  });

  it('is byte-for-byte deterministic', async () => {
    for (const options of [{}, { columns_as: 'attributes' }]) {
      const a = await writeWith(xmlWriter, TYPES_SPEC, { options });
      const b = await writeWith(xmlWriter, TYPES_SPEC, { options });
      expect(a.bytes.equals(b.bytes)).toBe(true);
    }
  });

  it('writes an empty root for no tables, and rejects bad options', async () => {
    const sink = new MemorySink();
    const context = { title: 't', seed: '0', tables: [] };
    const w = xmlWriter(sink, { multiTable: false, options: {}, context });
    await w.finish();
    expect(sink.text()).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<dataset>\n</dataset>\n');
    const make = (options: Record<string, unknown>) => () => xmlWriter(new MemorySink(), { multiTable: false, options, context });
    expect(make({ columns_as: 'children' })).toThrow(WriterOptionError);
    expect(make({ root: 'has space' })).toThrow(WriterOptionError);
    expect(make({ root: 'xmlRoot' })).toThrow(WriterOptionError);
    expect(make({ row: '1row' })).toThrow(WriterOptionError);
    expect(make({ row: 5 })).toThrow(WriterOptionError);
  });
});
