import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { writers, type Plan } from '@synth/compiler';
import { OUTPUT_FORMATS, type OutputFormat } from '@synth/spec';
import { pdfText, readArrow, readDocx, readSqliteScript, readWithDuckdb, readXlsx, readXml, type Back } from './read-back.js';
import { listFiles, REPO, runCli, tempDir } from './run-cli.js';

/**
 * Every fixture builds to every format, and what a reader no one here wrote finds in each file matches the csv
 * build of the same spec: row counts, column names, and a sample of values (compared by column type).
 */
const FIXTURES = join(REPO, 'fixtures');
const fixtures = ['shop', 'saas', 'hr', 'library', 'bank', 'kitchen-sink'];
const BINARY: OutputFormat[] = ['parquet', 'arrow', 'xlsx', 'pdf', 'docx'];

type ColumnType = Plan['tables'][number]['columns'][number]['info'];

async function build(fixture: string, format: OutputFormat, extra: string[] = []): Promise<{ dir: string; files: string[] }> {
  const dir = tempDir();
  const r = await runCli(['build', join(FIXTURES, `${fixture}.synth.yaml`), '--out', dir, '--format', format, ...extra], { cwd: dir });
  if (r.code !== 0) throw new Error(`build ${fixture} --format ${format} failed (${r.code}):\n${r.stderr}`);
  return { dir, files: listFiles(dir) };
}

async function planOf(fixture: string): Promise<Plan> {
  const r = await runCli(['plan', join(FIXTURES, `${fixture}.synth.yaml`), '--json']);
  return JSON.parse(r.stdout) as Plan;
}

/** Rows sampled for comparison: first, last, middle, and every 37th. */
function sample(n: number): number[] {
  const out = new Set([0, n - 1, Math.floor(n / 2)]);
  for (let i = 0; i < n; i += 37) out.add(i);
  return [...out].filter((i) => i >= 0 && i < n).sort((a, b) => a - b);
}

/**
 * A value as a comparable string, by column type, whatever the reader made of it (text, number, bigint, Date,
 * 0/1). undefined means "not comparable in this format" (a temporal column with a custom text format, which typed
 * formats store natively).
 */
function normalize(info: ColumnType, v: unknown, typed: boolean): string | null | undefined {
  if (v === null || v === undefined || v === '') return null;
  const custom = info.format !== undefined && info.format !== 'iso';
  switch (info.type) {
    case 'int':
    case 'float':
    case 'decimal':
      return String(Number(v));
    case 'bool':
      return String(v === true || v === 1 || v === 'true' || v === 'True' || v === 1n);
    case 'date':
    case 'datetime': {
      if (custom) return typed ? undefined : String(v);
      const ms = v instanceof Date ? v.getTime() : typeof v === 'number' ? v : Date.parse(/[zZ]|[+-]\d\d(:?\d\d)?$/.test(String(v)) ? String(v) : `${String(v).replace(' ', 'T')}Z`);
      return info.type === 'date' ? new Date(ms).toISOString().slice(0, 10) : String(ms);
    }
    case 'time': {
      if (custom) return typed ? undefined : String(v);
      if (typeof v === 'number' || typeof v === 'bigint') {
        // ms (arrow) or µs (DuckDB's TIME) since midnight: both fit in a day when read in the right unit.
        const n = Number(v);
        const ms = n >= 86_400_000 ? n / 1000 : n;
        return new Date(ms).toISOString().slice(11, 19);
      }
      if (v instanceof Date) return v.toISOString().slice(11, 19);
      return String(v).slice(0, 8);
    }
    default:
      return String(v);
  }
}

/** The file(s) of a format read back, as one Back over all tables. */
async function readBack(format: OutputFormat, dir: string, files: string[], plan: Plan): Promise<Back | 'text'> {
  const back: Back = new Map();
  const tableOf = (f: string) => f.replace(/\.[^.]+$/, '');
  for (const f of files) {
    const path = join(dir, f);
    switch (format) {
      case 'csv':
      case 'tsv':
      case 'json':
      case 'jsonl':
      case 'parquet':
        for (const [k, v] of await readWithDuckdb(format, path, tableOf(f))) back.set(k, v);
        break;
      case 'arrow':
        for (const [k, v] of await readArrow(path, tableOf(f))) back.set(k, v);
        break;
      case 'xml':
        for (const [k, v] of readXml(path, new Map(plan.tables.map((t) => [t.name, t.outputOrder])))) back.set(k, v);
        break;
      case 'sql':
        for (const [k, v] of readSqliteScript(path)) back.set(k, v);
        break;
      case 'xlsx':
        for (const [k, v] of readXlsx(path)) back.set(k, v);
        break;
      case 'docx': {
        // A report: the first table is the spec summary, then one table per spec table in plan order.
        const tables = readDocx(path);
        const data = tables.slice(tables.length - plan.tables.length);
        plan.tables.forEach((t, i) => back.set(t.name, data[i]!));
        break;
      }
      case 'pdf':
        return 'text';
    }
  }
  return back;
}

describe.each(fixtures)('%s in every format', (fixture) => {
  let plan: Plan;
  let csv: Back;
  beforeAll(async () => {
    plan = await planOf(fixture);
    const { dir, files } = await build(fixture, 'csv');
    csv = (await readBack('csv', dir, files, plan)) as Back;
  });

  it('every format of the grammar has a writer', () => {
    expect(OUTPUT_FORMATS.filter((f) => !writers[f])).toEqual([]);
  });

  it.each(OUTPUT_FORMATS.filter((f) => f !== 'csv'))('%s: rows, columns and sampled values match the csv build', async (format) => {
    const extra = format === 'sql' ? ['--dialect', 'sqlite'] : [];
    const { dir, files } = await build(fixture, format, extra);
    const back = await readBack(format, dir, files, plan);
    if (back === 'text') {
      // pdftotext reflows cells; each table's heading and short sampled values must be there.
      const text = pdfText(join(dir, files[0]!));
      for (const t of plan.tables) {
        expect(text).toContain(t.name);
        const ref = csv.get(t.name)!;
        for (const i of sample(ref.rows.length).slice(0, 5)) {
          const first = String(ref.rows[i]![0] ?? '');
          if (first && first.length < 12 && !/\s/.test(first)) expect(text).toContain(first);
        }
      }
      return;
    }
    const typed = !['tsv', 'xml', 'docx'].includes(format);
    for (const t of plan.tables) {
      const ref = csv.get(t.name)!;
      const got = back.get(t.name);
      expect(got).toBeDefined();
      expect(got!.columns).toEqual(ref.columns);
      expect(got!.rows.length).toBe(ref.rows.length);
      const infos = t.outputOrder.map((name) => t.columns.find((c) => c.name === name)!.info);
      for (const i of sample(ref.rows.length)) {
        infos.forEach((info, k) => {
          const want = normalize(info, ref.rows[i]![k], false);
          const raw = got!.rows[i]![k];
          // A report shows null as an em dash (docs/formats.md#docx).
          const have = normalize(info, format === 'docx' && raw === '\u2014' ? null : raw, typed);
          if (have === undefined) return;
          if (want !== have) throw new Error(`${fixture} ${format} ${t.name}[${i}].${info.name}: csv ${JSON.stringify(want)}, ${format} ${JSON.stringify(have)}`);
        });
      }
    }
  });

  it.each(BINARY)('%s: two builds are byte-identical', async (format) => {
    const a = await build(fixture, format);
    const b = await build(fixture, format);
    const digest = (dir: string, f: string) => createHash('sha256').update(readFileSync(join(dir, f))).digest('hex');
    expect(b.files).toEqual(a.files);
    for (const f of a.files) expect(digest(b.dir, f)).toBe(digest(a.dir, f));
  });
});
