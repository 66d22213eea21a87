import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { listFiles, runBin, tempDir } from './run-cli.js';


/**
 * Big enough for several chunks per table (a chunk is 65,536 rows). `handle` is unique by retry over 1.76M values,
 * so thousands of first draws collide with earlier rows: workers draw them, the main thread settles them (redraws
 * the taken ones), and `label` reads the settled value.
 */
const SPEC = `synth: 1
seed: 5
tables:
  accounts:
    rows: 140000
    columns:
      id: { type: sequence, primary_key: true }
      handle: { type: string, pattern: "[a-z]{3}[0-9]{2}", unique: true, nulls: 0.02 }
      tier: { type: enum, values: { free: 70, pro: 25, team: 5 } }
      label: { type: string, expr: "handle == null ? tier : handle + '/' + tier" }
  events:
    rows: { per: accounts, count: { poisson: { mean: 1.2 } } }
    columns:
      id: { type: sequence, primary_key: true }
      account_id: { ref: accounts.id }
      kind: { type: enum, values: [login, view, click, purchase] }
      amount: { type: decimal, scale: 2, min: 0, max: 500, nulls: 0.1 }
      at: { type: datetime, min: 2024-01-01T00:00:00Z, max: 2024-12-31T00:00:00Z }
outputs:
  - { format: csv, path: "csv/{table}.csv" }
  - { format: jsonl, path: "jsonl/{table}.jsonl" }
  - { format: parquet, path: "parquet/{table}.parquet" }
`;


describe('--workers N', () => {
  it('writes the same bytes with 1, 2 and 3 workers, for csv, jsonl and parquet', async () => {
    const outputs: Array<Record<string, Buffer>> = [];
    for (const workers of [1, 2, 3]) {
      const dir = tempDir();
      writeFileSync(join(dir, 'x.synth.yaml'), SPEC);
      const r = await runBin(dir, ['build', 'x.synth.yaml', '--workers', String(workers)]);
      expect(r.stderr).not.toMatch(/error|Error/);
      expect(r.code).toBe(0);
      const files = listFiles(dir).filter((f) => f !== 'x.synth.yaml');
      outputs.push(Object.fromEntries(files.map((f) => [f, readFileSync(join(dir, f))])));
    }
    expect(Object.keys(outputs[0]!).sort()).toEqual(['csv/accounts.csv', 'csv/events.csv', 'jsonl/accounts.jsonl', 'jsonl/events.jsonl', 'parquet/accounts.parquet', 'parquet/events.parquet']);
    // Both tables span several chunks: a misplaced or reordered chunk would show here.
    expect(outputs[0]!['csv/events.csv']!.toString().split('\n').length).toBeGreaterThan(2 * 65536);
    const handles = outputs[0]!['csv/accounts.csv']!.toString().trim().split('\n').slice(1).map((l) => l.split(',')[1]!).filter((h) => h !== '');
    expect(handles.length).toBeGreaterThan(130_000);
    expect(new Set(handles).size).toBe(handles.length);
    for (const other of outputs.slice(1)) {
      for (const [f, bytes] of Object.entries(outputs[0]!)) expect({ f, same: other[f]!.equals(bytes) }).toEqual({ f, same: true });
    }
  });

  it('a shard built by workers settles the unique values of the rows before its own: its part is the tail of the single build', async () => {
    const dir = tempDir();
    // 2 × 140,000 accounts: the second shard's 140,000 rows are enough for workers, after 140,000 settled ones.
    writeFileSync(join(dir, 'x.synth.yaml'), SPEC.replace('rows: 140000', 'rows: 280000'));
    expect((await runBin(dir, ['build', 'x.synth.yaml', '--format', 'csv', '--out', 'full'])).code).toBe(0);
    const r = await runBin(dir, ['build', 'x.synth.yaml', '--format', 'csv', '--out', 'parts', '--shard', '1/2', '--workers', '2']);
    expect(r.stderr).not.toMatch(/error|Error/);
    expect(r.code).toBe(0);
    for (const t of ['accounts', 'events']) {
      const full = readFileSync(join(dir, 'full', `${t}.csv`), 'utf8');
      const part = readFileSync(join(dir, 'parts', t, 'part-00001-of-00002.csv'), 'utf8');
      expect(part.length).toBeGreaterThan(full.length / 3);
      expect({ t, tail: full.endsWith(part) }).toEqual({ t, tail: true });
    }
  });

  it('a value that fails in a worker is a diagnostic at its line in the spec, exit 1, and no file is written', async () => {
    const dir = tempDir();
    // Row 150,000 divides by zero: past the plan-time probe, deep in a worker's chunk.
    const spec = SPEC.replace('      kind: { type: enum, values: [login, view, click, purchase] }', '      kind: { type: enum, values: [login, view, click, purchase] }\n      ratio: { type: int, expr: "100 / (id - 150000)" }');
    writeFileSync(join(dir, 'x.synth.yaml'), spec);
    const r = await runBin(dir, ['build', 'x.synth.yaml', '--workers', '2']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/SYN\d+/);
    expect(r.stderr).toContain('x.synth.yaml:17:33');
    expect(r.stderr).toContain('row 149999');
    expect(r.stderr).not.toMatch(/at .*\.(js|ts):\d+:\d+/);
    expect(listFiles(dir)).toEqual(['x.synth.yaml']);
  });

  it('with --check, compares the same bytes; with --to, is a usage error', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.synth.yaml'), SPEC);
    expect((await runBin(dir, ['build', 'x.synth.yaml'])).code).toBe(0);
    const check = await runBin(dir, ['build', 'x.synth.yaml', '--check', '--workers', '2']);
    expect(check.stdout).toContain('6 files up to date');
    expect(check.code).toBe(0);
    const load = await runBin(dir, ['build', 'x.synth.yaml', '--to', 'sqlite:x.db', '--workers', '2']);
    expect(load.code).toBe(2);
    expect(load.stderr).toContain('--workers');
  });

  it('rejects a worker count that is not a whole number from 1 to 64', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.synth.yaml'), SPEC);
    for (const bad of ['0', '1.5', '65']) {
      const r = await runBin(dir, ['build', 'x.synth.yaml', '--workers', bad]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--workers takes a whole number');
    }
  });
});
