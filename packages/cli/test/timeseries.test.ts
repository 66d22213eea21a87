import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO, runCli, tempDir } from './run-cli.js';

const BIN = join(REPO, 'packages/cli/bin/synth.js');
const IOT = join(REPO, 'fixtures/iot.synth.yaml');
const FINANCE = join(REPO, 'fixtures/finance.synth.yaml');

function runBin(cwd: string, args: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', resolve);
  });
}

describe('series tables', () => {
  it('shards split series mid-way and still concatenate to the single build, byte for byte', async () => {
    const single = tempDir();
    expect((await runCli(['build', IOT, '--out', single, '--allow-outside'], { cwd: single })).code).toBe(0);
    const parts: string[] = [];
    for (let i = 0; i < 5; i++) {
      const dir = tempDir();
      expect((await runCli(['build', IOT, '--out', dir, '--allow-outside', '--shard', `${i}/5`], { cwd: dir })).code).toBe(0);
      parts.push(readFileSync(join(dir, `out/iot/readings/part-0000${i}-of-00005.csv`), 'utf8'));
    }
    expect(parts.join('')).toBe(readFileSync(join(single, 'out/iot/readings.csv'), 'utf8'));
  });

  it('worker threads write the same bytes as one thread (chunks start mid-series)', async () => {
    const outs: string[] = [];
    for (const workers of ['1', '2']) {
      const dir = tempDir();
      // 70 devices × 2,016 readings: over two chunks of 65,536 rows, so the workers take part.
      expect(await runBin(dir, ['build', IOT, '--out', dir, '--allow-outside', '--rows', '70', '--workers', workers])).toBe(0);
      outs.push(readFileSync(join(dir, 'out/iot/readings.csv'), 'utf8'));
    }
    expect(outs[0]!.split('\n')).toHaveLength(70 * 2016 + 2);
    expect(outs[1]).toBe(outs[0]);
  }, 60_000);

  it('finance: business days only, every ticker on every one of 2024s 262 weekdays, prices positive', async () => {
    const dir = tempDir();
    expect((await runCli(['build', FINANCE, '--out', dir, '--allow-outside'], { cwd: dir })).code).toBe(0);
    const rows = readFileSync(join(dir, 'out/finance/prices.csv'), 'utf8').trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(8 * 262);
    for (const [, day, close] of rows) {
      const d = new Date(`${day}T00:00:00Z`).getUTCDay();
      expect(d >= 1 && d <= 5).toBe(true);
      expect(Number(close)).toBeGreaterThan(0);
    }
  });

  it('lists the rows of declared anomalies, exactly where the values jump', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'spec.synth.yaml'), `synth: 1
seed: 5
tables:
  s:
    rows: 3
    columns:
      id: { type: sequence, primary_key: true }
  r:
    series: { per: s, start: 2024-01-01T00:00:00Z, end: 2024-01-15T00:00:00Z, every: 1h }
    columns:
      s_id: { ref: s.id }
      v: { type: float, series: { level: 0, anomalies: { rate: 0.05, magnitude: 100 } } }
outputs:
  - { format: jsonl, path: "out/{table}.jsonl" }
`);
    const r = await runCli(['build', join(dir, 'spec.synth.yaml'), '--diagnostics-format', 'json'], { cwd: dir });
    const json = JSON.parse(r.stdout) as { conformance: { flaws: Array<{ kind: string; column: string; count: number; rows: number[] }> } };
    const listed = json.conformance.flaws.find((f) => f.kind === 'anomalies' && f.column === 'v')!;
    const values = readFileSync(join(dir, 'out/r.jsonl'), 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { v: number }).v);
    expect(values).toHaveLength(3 * 336);
    expect(values.map((v, i) => (v !== 0 ? i : -1)).filter((i) => i >= 0)).toEqual(listed.rows);
    expect(Math.abs(listed.count / values.length - 0.05)).toBeLessThan(0.02);
    expect(values.every((v) => v === 0 || Math.abs(v) === 100)).toBe(true);
  });

  it('reports series mistakes at their keys', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'spec.synth.yaml'), `synth: 1
tables:
  s:
    rows: 2
    columns:
      id: { type: sequence, primary_key: true }
      t: { type: datetime, series: time }
  r:
    series: { per: s, start: 2024-02-01T00:00:00Z, end: 2024-01-01T00:00:00Z, every: 5h, business_days: true }
    columns:
      s_id: { ref: s.id }
      v: { type: string, series: { level: 1 } }
`);
    const r = await runCli(['validate', join(dir, 'spec.synth.yaml')], { cwd: dir });
    const out = r.stdout + r.stderr;
    expect(r.code).toBe(1);
    expect(out).toContain("7:36 - error SYN334: Column 's.t' has `series`, but table 's' is not a series table");
    expect(out).toContain('9:57 - error SYN334: The series window ends (2024-01-01T00:00:00Z) before it starts (2024-02-01T00:00:00Z)');
    expect(out).toContain("9:86 - error SYN334: With `business_days`, `every` must divide a week; '5h' does not");
    expect(out).toContain("12:34 - error SYN334: A series value model makes numbers: 'r.v' must be int, float or decimal, not string");
  });
});
