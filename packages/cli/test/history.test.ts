import { createHash } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO, runCli, tempDir } from './run-cli.js';

const SHOP = join(REPO, 'fixtures/shop.synth.yaml');

interface Record_ { id: string; spec: string; specSha256: string; seed: string; synthVersion: string; status: string; rows: Record<string, number>; outputs: Array<{ path: string; bytes: number; sha256: string }>; conformance?: { ok: boolean; failed: number }; options: Record<string, unknown>; errors: string[] }

describe('synth history', () => {
  it('records every build in the state file, lists them newest first and shows one', async () => {
    const data = tempDir();
    const out = tempDir();
    const env = { XDG_DATA_HOME: data };
    expect((await runCli(['history'], { env })).stdout).toBe(`no builds recorded in ${join(data, 'synth/state.sqlite')}\n`);
    expect((await runCli(['build', SHOP, '--out', out, '--allow-outside', '--rows', '30'], { cwd: out, env })).code).toBe(0);
    expect((await runCli(['build', SHOP, '--out', out, '--allow-outside', '--seed', '7'], { cwd: out, env })).code).toBe(0);

    const list = JSON.parse((await runCli(['history', '--json'], { env })).stdout) as Record_[];
    expect(list).toHaveLength(2);
    const [latest, first] = list;
    expect(latest!.seed).toBe('7');
    expect(first!.options).toEqual({ rows: 30, out });
    expect(first!.specSha256).toBe(createHash('sha256').update(readFileSync(SHOP)).digest('hex'));
    expect(latest!.synthVersion).toBe((JSON.parse(readFileSync(join(REPO, 'packages/cli/package.json'), 'utf8')) as { version: string }).version);
    expect(latest!.status).toBe('ok');
    expect(latest!.conformance!.ok).toBe(true);
    expect(latest!.rows.customers).toBe(200);
    // Each output with the size and hash of the file on disk.
    for (const o of latest!.outputs) {
      expect(o.bytes).toBe(statSync(o.path).size);
      expect(o.sha256).toBe(createHash('sha256').update(readFileSync(o.path)).digest('hex'));
    }

    const text = (await runCli(['history'], { env })).stdout.split('\n');
    expect(text[0]).toMatch(new RegExp(`^${latest!.id}  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  ok      ${SHOP.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}  5 files  ${Object.values(latest!.rows).reduce((a, b) => a + b, 0).toLocaleString('en-US')} rows  \\d+\\.\\d s  conforms$`));
    const show = await runCli(['history', 'show', first!.id], { env });
    expect(show.stdout).toContain(`build     ${first!.id} (ok)`);
    expect(show.stdout).toContain('seed      42   options --rows 30');
    expect(show.stdout).toMatch(/output    .*orders\.csv  csv  .*  sha256 [0-9a-f]{64}/);
    expect(show.stdout).toContain('checks    conforms:');
  });

  it('records a failed build with its error codes; --no-history records nothing', async () => {
    const data = tempDir();
    const env = { XDG_DATA_HOME: data };
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.synth.yaml'), 'synth: 1\ntables:\n  t:\n    rows: 5\n    columns:\n      v: { type: int, min: 0, max: 3 }\n    checks: [ "v > 9" ]\n');
    expect((await runCli(['build', join(dir, 'bad.synth.yaml')], { cwd: dir, env })).code).toBe(1);
    expect((await runCli(['build', SHOP, '--out', dir, '--allow-outside', '--no-history'], { cwd: dir, env })).code).toBe(0);
    const list = JSON.parse((await runCli(['history', '--json'], { env })).stdout) as Record_[];
    expect(list.map((b) => [b.status, b.errors])).toEqual([['failed', ['SYN315']]]);
  });

  it('a build that fails part-way records the rows it wrote (none: no file was kept), not the planned rows', async () => {
    const env = { XDG_DATA_HOME: tempDir() };
    const dir = tempDir();
    // Passes plan and probe; division by zero at row 3,176 (int division fails in CEL).
    writeFileSync(join(dir, 'late.synth.yaml'), 'synth: 1\ntables:\n  t:\n    rows: 100000\n    columns:\n      id: { type: sequence, start: 1 }\n      v: { type: int, expr: "100 / (id - 3176)" }\noutputs:\n  - { format: csv, path: "out/{table}.csv" }\n');
    const r = await runCli(['build', 'late.synth.yaml', '--no-conformance'], { cwd: dir, env });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SYN406');
    expect(r.stderr).toContain('at row 3175');
    const [failed] = JSON.parse((await runCli(['history', '--json'], { env })).stdout) as Record_[];
    expect(failed!.status).toBe('failed');
    expect(failed!.rows).toEqual({ t: 0 });
    expect(failed!.outputs).toEqual([]);
    expect((await runCli(['history'], { env })).stdout).toMatch(/failed .* 0 rows /);
  });

  it('names an unknown id and a missing one', async () => {
    const env = { XDG_DATA_HOME: tempDir() };
    const unknown = await runCli(['history', 'show', 'deadbeef'], { env });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("SYN426: No recorded build 'deadbeef'");
    const missing = await runCli(['history', 'show'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('needs a build id');
  });
});
