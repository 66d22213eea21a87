import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { duckdb, quoteString as s } from './duckdb.js';

/**
 * Readers that no one here wrote, each returning a built file's tables as column names and raw rows, for
 * comparing every format with the csv build of the same spec.
 */
export interface TableBack {
  columns: string[];
  rows: unknown[][];
}
export type Back = Map<string, TableBack>;

const PYTHON = '/usr/bin/python3';

function python(script: string, ...args: string[]): Back {
  const out = execFileSync(PYTHON, ['-c', script, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: 'pipe' });
  return new Map(Object.entries(JSON.parse(out) as Record<string, TableBack>));
}

/** DuckDB's readers (csv, tsv, json, jsonl, parquet); one file is one table. */
export async function readWithDuckdb(format: string, path: string, table: string): Promise<Back> {
  const from: Record<string, string> = {
    csv: `read_csv(${s(path)}, header = true, all_varchar = true)`,
    tsv: `read_csv(${s(path)}, header = true, delim = '\t', all_varchar = true)`,
    json: `read_json(${s(path)}, format = 'array')`,
    jsonl: `read_json(${s(path)}, format = 'newline_delimited')`,
    parquet: `read_parquet(${s(path)})`,
  };
  const db = await duckdb();
  try {
    const reader = await db.conn.runAndReadAll(`SELECT * FROM ${from[format]!}`);
    return new Map([[table, { columns: reader.columnNames(), rows: reader.getRowsJS() as unknown[][] }]]);
  } finally {
    db.close();
  }
}

/** Python's xml.etree: a null is a left-out element. */
export function readXml(path: string, columns: Map<string, string[]>): Back {
  const script = `
import json, sys
import xml.etree.ElementTree as ET
cols = json.loads(sys.argv[2])
out = {}
for table in ET.parse(sys.argv[1]).getroot():
    names = cols[table.tag]
    rows = []
    for row in table:
        cells = {c.tag: (c.text or "") for c in row}
        rows.append([cells.get(n) for n in names])
    out[table.tag] = {"columns": names, "rows": rows}
print(json.dumps(out))
`;
  return python(script, path, JSON.stringify(Object.fromEntries(columns)));
}

/** Runs a sqlite-dialect script in Python's sqlite3 (foreign keys enforced) and reads every table back. */
export function readSqliteScript(path: string): Back {
  const script = `
import json, sqlite3, sys
db = sqlite3.connect(":memory:")
db.execute("PRAGMA foreign_keys = ON")
db.executescript(open(sys.argv[1], encoding="utf-8").read())
assert db.execute("PRAGMA foreign_key_check").fetchall() == []
out = {}
for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid"):
    cur = db.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
    out[name] = {"columns": [d[0] for d in cur.description], "rows": [list(r) for r in cur.fetchall()]}
print(json.dumps(out))
`;
  return python(script, path);
}

/** openpyxl: one sheet per table, header row first; dates come back as ISO text (naive, meaning UTC). */
export function readXlsx(path: string): Back {
  const script = `
import json, sys, datetime
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], read_only=True)
def cell(v):
    if isinstance(v, (datetime.datetime, datetime.date, datetime.time)):
        return v.isoformat()
    return v
out = {}
for ws in wb.worksheets:
    rows = [[cell(v) for v in r] for r in ws.iter_rows(values_only=True)]
    out[ws.title] = {"columns": rows[0] if rows else [], "rows": rows[1:]}
print(json.dumps(out))
`;
  return python(script, path);
}

/** python-docx: every table of the document as text; the header row first. */
export function readDocx(path: string): Array<{ columns: string[]; rows: string[][] }> {
  const script = `
import json, sys
from docx import Document
from docx.table import _Cell
out = []
for t in Document(sys.argv[1]).tables:
    # row.cells rebuilds the table grid on every call (quadratic); read the row XML directly.
    rows = [[_Cell(tc, t).text for tc in tr.tc_lst] for tr in t._tbl.tr_lst]
    out.append({"columns": rows[0] if rows else [], "rows": rows[1:]})
print(json.dumps(out))
`;
  return JSON.parse(execFileSync(PYTHON, ['-c', script, path], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: 'pipe' })) as Array<{ columns: string[]; rows: string[][] }>;
}

/** pdftotext's text of a PDF (poppler-utils). */
export function pdfText(path: string): string {
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: 'pipe' });
}

/** apache-arrow's own reader (DuckDB needs an extension for Arrow IPC, which is not reachable offline). */
export async function readArrow(path: string, table: string): Promise<Back> {
  const { tableFromIPC, DataType } = await import('apache-arrow');
  const t = tableFromIPC(readFileSync(path));
  const columns = t.schema.fields.map((f) => f.name);
  // A Decimal cell comes back unscaled (1796 for 17.96 at scale 2).
  const scales = t.schema.fields.map((f) => (DataType.isDecimal(f.type) ? 10 ** f.type.scale : undefined));
  const rows: unknown[][] = [];
  for (let i = 0; i < t.numRows; i++) {
    rows.push(columns.map((_, k) => {
      const v: unknown = t.getChildAt(k)!.get(i);
      return v !== null && scales[k] !== undefined ? Number(v) / scales[k]! : v;
    }));
  }
  return new Map([[table, { columns, rows }]]);
}
