import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO, runCli, tempDir } from './run-cli.js';

const BIN = join(REPO, 'packages/cli/bin/synth.js');

/** 10,000 events with every kind of flaw (and customers with a few), and the same spec without them. */
const body = (quality: boolean) => `synth: 1
seed: 11
${quality ? 'quality: { typos: 0.05 }' : ''}
tables:
  customers:
    rows: 2000
    columns:
      id: { type: sequence, primary_key: true }
      name: { type: person.fullName }
      score: { type: int, min: 0, max: 100${quality ? ', quality: { outliers: { rate: 0.1, magnitude: 50 }, nulls: 0.08 }' : ''} }
  events:
    rows: 10000
    ${quality ? 'quality: { duplicates: 0.04, whitespace: 0.06 }' : ''}
    columns:
      id: { type: sequence }
      customer_id: { ref: customers.id }
      kind: { type: enum, values: [view, click, buy]${quality ? ', quality: { case: 0.12 }' : ''} }
      at: { type: datetime, min: 2024-01-01T00:00:00Z, max: 2024-12-31T00:00:00Z }
outputs:
  - { format: csv, path: "out/{table}.csv" }
`;

interface Listing { table: string; column?: string; kind: string; rate: number; count: number; rows: number[] }

async function build(text: string, extra: string[] = []): Promise<{ dir: string; flaws: Listing[]; ok: boolean; code: number }> {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.synth.yaml'), text);
  const r = await runCli(['build', join(dir, 'spec.synth.yaml'), '--diagnostics-format', 'json', ...extra], { cwd: dir });
  const json = JSON.parse(r.stdout) as { ok: boolean; conformance: { ok: boolean; flaws?: Listing[] } };
  return { dir, flaws: json.conformance?.flaws ?? [], ok: json.conformance?.ok, code: r.code };
}

/** Rows of a csv file without quoting subtleties (no value here holds a comma). */
function rows(dir: string, table: string): string[][] {
  return readFileSync(join(dir, `out/${table}.csv`), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(',').map((v) => v.replace(/^"|"$/g, '')));
}

describe('quality controls', () => {
  it('inject each flaw at its declared rate (±2 points at 10k rows), list exactly the dirty rows, and pass conformance', async () => {
    const dirty = await build(body(true));
    const clean = await build(body(false));
    expect(dirty.code).toBe(0);
    expect(dirty.ok).toBe(true);
    const listing = (table: string, kind: string, column?: string) => dirty.flaws.find((f) => f.table === table && f.kind === kind && f.column === column)!;
    for (const f of dirty.flaws) {
      const n = f.table === 'events' ? 10000 : 2000;
      expect(f.count).toBe(f.rows.length);
      expect(Math.abs(f.count / n - f.rate)).toBeLessThanOrEqual(0.02);
    }
    expect(dirty.flaws.map((f) => `${f.table}.${f.column ?? '*'}.${f.kind}`).sort()).toEqual([
      'customers.name.typos', 'customers.score.nulls', 'customers.score.outliers',
      'events.*.duplicates', 'events.kind.case', 'events.kind.typos', 'events.kind.whitespace',
    ]);

    // The listed rows are exactly where the written values differ from the clean build's.
    const differing = (table: string, column: number, except: Set<number> = new Set()) => {
      const a = rows(dirty.dir, table);
      const b = rows(clean.dir, table);
      return a.map((r, i) => (r[column] !== b[i]![column] && !except.has(i) ? i : -1)).filter((i) => i >= 0);
    };
    const union = (...lists: number[][]) => [...new Set(lists.flat())].sort((x, y) => x - y);
    expect(differing('customers', 1)).toEqual(listing('customers', 'typos', 'name').rows);
    expect(differing('customers', 2)).toEqual(union(listing('customers', 'nulls', 'score').rows, listing('customers', 'outliers', 'score').rows));
    const dup = listing('events', 'duplicates').rows;
    expect(differing('events', 2, new Set(dup))).toEqual(union(listing('events', 'case', 'kind').rows, listing('events', 'typos', 'kind').rows, listing('events', 'whitespace', 'kind').rows));
    // A duplicated row repeats the row before it, every column.
    const events = rows(dirty.dir, 'events');
    for (const i of dup) expect(events[i]).toEqual(events[i - 1]);
    expect(differing('events', 0)).toEqual(dup);
    // Nulls are empty cells.
    const scores = rows(dirty.dir, 'customers').map((r) => r[2]!);
    for (const i of listing('customers', 'nulls', 'score').rows) expect(scores[i]).toBe('');
  });

  it('injects the same flaws in a sharded build as in a single one', async () => {
    const single = await build(body(true));
    const parts: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await build(body(true), ['--shard', `${i}/3`]);
      parts.push(readFileSync(join(r.dir, 'out/events/part-00000-of-00003.csv'.replace('00000', String(i).padStart(5, '0'))), 'utf8'));
    }
    expect(parts.join('')).toBe(readFileSync(join(single.dir, 'out/events.csv'), 'utf8'));
  });

  it('refuses flaws that cannot apply, with a diagnostic at the key', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'spec.synth.yaml'), `synth: 1
tables:
  a:
    rows: 10
    quality: { duplicates: 0.1 }
    columns:
      id: { type: sequence, primary_key: true, quality: { nulls: 0.1 } }
      n: { type: int, quality: { typos: 0.1 } }
      s: { type: string, pattern: "[a-z]{4}", quality: { outliers: 0.1 } }
  b:
    rows: 10
    columns:
      a_id: { ref: a.id }
`);
    const r = await runCli(['validate', join(dir, 'spec.synth.yaml')], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain("5:28 - error SYN333: Table 'a' is referenced by other tables, so its rows cannot be duplicated");
    expect(r.stdout + r.stderr).toContain("7:57 - error SYN333: Column 'a.id' is a key; it cannot have flaws");
    expect(r.stdout + r.stderr).toContain("8:41 - error SYN333: 'typos' applies to strings, and 'a.n' is int");
    expect(r.stdout + r.stderr).toContain("9:68 - error SYN333: 'outliers' applies to int, float and decimal columns, and 'a.s' is string");
  });
});

describe('quality controls on worker threads', () => {
  it('inject the same flaws with --workers 2 as with one thread', async () => {
    const spec = body(true).replace('rows: 10000', 'rows: 140000');
    const outs: string[] = [];
    for (const workers of ['1', '2']) {
      const dir = tempDir();
      writeFileSync(join(dir, 'spec.synth.yaml'), spec);
      const code = await new Promise<number | null>((resolve, reject) => {
        const child = spawn(process.execPath, [BIN, 'build', 'spec.synth.yaml', '--workers', workers], { cwd: dir, stdio: 'ignore' });
        child.once('error', reject);
        child.once('exit', resolve);
      });
      expect(code).toBe(0);
      outs.push(readFileSync(join(dir, 'out/events.csv'), 'utf8'));
    }
    expect(outs[1]).toBe(outs[0]);
  }, 60_000);
});
