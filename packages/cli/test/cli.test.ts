import { existsSync, readFileSync, writeFileSync, mkdirSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { listFiles, REPO, runCli, tempDir } from './run-cli.js';

const SHOP = join(REPO, 'fixtures/shop.synth.yaml');

/** A project directory holding one spec (outputs are relative to it). */
function project(specText: string, name = 'spec.synth.yaml'): { dir: string; spec: string } {
  const dir = tempDir();
  writeFileSync(join(dir, name), specText);
  return { dir, spec: join(dir, name) };
}

const SMALL = `synth: 1
seed: 3
tables:
  t:
    rows: 200
    columns:
      id: { type: sequence, primary_key: true }
      v: { type: int, min: 0, max: 9 }
    checks: [ "id < 150 || v >= 0" ]
outputs:
  - { format: csv, path: "out/{table}.csv" }
`;

describe('synth CLI', () => {
  it('--help on every command shows an example', async () => {
    for (const cmd of ['init', 'validate', 'plan', 'build', 'preview', 'schema']) {
      const r = await runCli([cmd, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
    }
  });

  it('exits 2 on usage errors, with help', async () => {
    const r = await runCli(['biuld', 'x.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Did you mean build|Unknown argument/);
    expect((await runCli([])).code).toBe(2);
    expect((await runCli(['build', SHOP, '--format', 'xls'])).code).toBe(2);
  });

  it('reports a missing file as a diagnostic, exit 1, no stack', async () => {
    const r = await runCli(['validate', '/nonexistent/shop.synth.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SYN401');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('prints diagnostics as JSON with --format json', async () => {
    const { spec } = project('synth: 1\ntables:\n  t:\n    rows: 5\n    colums: {}\n');
    const r = await runCli(['validate', spec, '--format', 'json']);
    expect(r.code).toBe(1);
    const ds = JSON.parse(r.stdout) as Array<{ code: string; line: number; column: number; hint: string }>;
    expect(ds.map((d) => d.code)).toContain('SYN203');
    expect(ds[0]!.line).toBeGreaterThan(0);
  });

  it('validates and plans the shop', async () => {
    expect((await runCli(['validate', SHOP])).stdout).toContain('valid (5 tables)');
    const plan = await runCli(['plan', SHOP]);
    expect(plan.code).toBe(0);
    // Referenced tables come before the tables that reference them.
    const order = ['customers', 'products', 'orders', 'order_items', 'payments'].map((t) => plan.stdout.indexOf(`. ${t} `));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order.indexOf(Math.max(...order.slice(0, 3)))).toBe(2);
    const json = JSON.parse((await runCli(['plan', SHOP, '--json', '--scale', '2'])).stdout) as { tables: Array<{ name: string; rowCount: number }> };
    expect(json.tables.find((t) => t.name === 'customers')!.rowCount).toBe(400);
  });

  it('builds with --out/--format/--rows, then --check passes, and fails after an edit', async () => {
    const out = tempDir();
    const b = await runCli(['build', SHOP, '--out', out, '--format', 'jsonl', '--rows', '20'], { cwd: out });
    expect(b.code).toBe(0);
    expect(listFiles(out)).toEqual(['customers.jsonl', 'order_items.jsonl', 'orders.jsonl', 'payments.jsonl', 'products.jsonl']);
    expect(readFileSync(join(out, 'customers.jsonl'), 'utf8').trim().split('\n')).toHaveLength(20);

    const ok = await runCli(['build', SHOP, '--out', out, '--format', 'jsonl', '--rows', '20', '--check'], { cwd: out });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('5 files up to date');

    const file = join(out, 'orders.jsonl');
    writeFileSync(file, readFileSync(file, 'utf8').replace('"shipped"', '"pending"'));
    const drift = await runCli(['build', SHOP, '--out', out, '--format', 'jsonl', '--rows', '20', '--check'], { cwd: out });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toBe('changed: orders.jsonl\n');
    expect(drift.stderr).toContain('SYN403');
  });

  it('--check names missing files', async () => {
    const out = tempDir();
    const r = await runCli(['build', SHOP, '--out', out, '--check'], { cwd: out });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('missing: out/shop/customers.csv');
    expect(listFiles(out)).toEqual([]);
  });

  it('refuses spec output paths that leave the project (also under --out), unless allowed', async () => {
    const { dir, spec } = project(SMALL.replace('out/{table}.csv', '../escaped/{table}.csv'));
    const r = await runCli(['build', spec], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SYN316');
    expect(r.stderr).toMatch(/spec\.synth\.yaml:\d+:\d+/);
    expect(existsSync(join(dir, '..', 'escaped'))).toBe(false);
    const out = tempDir();
    const under = await runCli(['build', spec, '--out', join(out, 'deep')], { cwd: dir });
    expect(under.code).toBe(1);
    expect(under.stderr).toContain('SYN316');
    expect(existsSync(join(out, 'escaped'))).toBe(false);
    const allowed = await runCli(['build', spec, '--out', join(out, 'deep'), '--allow-outside', '--no-history'], { cwd: dir });
    expect(allowed.code).toBe(0);
    expect(listFiles(out)).toEqual(['escaped/t.csv']);
  });

  it("trusts the operator's own --out and --report: any folder, outside the working directory too", async () => {
    const { dir, spec } = project(SMALL);
    const elsewhere = tempDir();
    const r = await runCli(['build', spec, '--out', join(elsewhere, 'exports'), '--report', join(elsewhere, 'report.html'), '--no-history'], { cwd: dir });
    expect(r.stderr).not.toMatch(/SYN\d/);
    expect(r.code).toBe(0);
    expect(listFiles(elsewhere)).toEqual(['exports/out/t.csv', 'report.html']);
    // Relative to the working directory, up and out of it.
    mkdirSync(join(dir, 'work'));
    const up = await runCli(['build', spec, '--out', '../sibling-exports', '--no-history'], { cwd: join(dir, 'work') });
    expect(up.code).toBe(0);
    expect(existsSync(join(dir, 'sibling-exports', 'out', 't.csv'))).toBe(true);
  });

  it('keeps the previous outputs when a build fails part-way, and leaves no temporary file', async () => {
    const { dir, spec } = project(SMALL);
    expect((await runCli(['build', spec], { cwd: dir })).code).toBe(0);
    const before = readFileSync(join(dir, 'out/t.csv'), 'utf8');
    // Row 150 breaks a check that the plan-time probe (first rows only) cannot see.
    writeFileSync(spec, SMALL.replace('"id < 150 || v >= 0"', '"id < 150"').replace('seed: 3', 'seed: 4'));
    const r = await runCli(['build', spec], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('SYN315');
    expect(readFileSync(join(dir, 'out/t.csv'), 'utf8')).toBe(before);
    expect(listFiles(dir)).toEqual(['out/t.csv', 'spec.synth.yaml']);
  });

  it('init writes a starter spec that validates and builds, and does not overwrite', async () => {
    const dir = tempDir();
    expect((await runCli(['init', 'starter.synth.yaml'], { cwd: dir })).code).toBe(0);
    expect(listFiles(dir)).toEqual(['starter.synth.yaml', 'synth.schema.json']);
    expect((await runCli(['validate', join(dir, 'starter.synth.yaml')])).code).toBe(0);
    expect((await runCli(['build', join(dir, 'starter.synth.yaml')], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'out/orders.csv'))).toBe(true);
    const again = await runCli(['init', 'starter.synth.yaml'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('--force');
  });

  it('prints the JSON Schema', async () => {
    const r = await runCli(['schema']);
    expect(JSON.parse(r.stdout)).toEqual(JSON.parse(readFileSync(join(REPO, 'schemas/synth.schema.json'), 'utf8')));
  });

  it('previews the first rows of a table', async () => {
    const r = await runCli(['preview', SHOP, '-t', 'orders', '-n', '3']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('orders (');
    expect(r.stdout.split('\n').filter((l) => /[0-9a-f]{8}-[0-9a-f]{4}/.test(l))).toHaveLength(3);
  });

  it('takes settings from flags over SYNTH_* env over the config file', async () => {
    const dir = tempDir();
    copyFileSync(SHOP, join(dir, 'shop.synth.yaml'));
    writeFileSync(join(dir, 'synth.config.json'), JSON.stringify({ out: 'from-config' }));
    mkdirSync(join(dir, 'sub'));
    const spec = join(dir, 'shop.synth.yaml');
    await runCli(['build', spec, '--rows', '3'], { cwd: dir });
    expect(existsSync(join(dir, 'from-config/out/shop/customers.csv'))).toBe(true);
    await runCli(['build', spec, '--rows', '3'], { cwd: dir, env: { SYNTH_OUT: 'from-env' } });
    expect(existsSync(join(dir, 'from-env/out/shop/customers.csv'))).toBe(true);
    await runCli(['build', spec, '--rows', '3', '--out', 'from-flag'], { cwd: dir, env: { SYNTH_OUT: 'from-env' } });
    expect(existsSync(join(dir, 'from-flag/out/shop/customers.csv'))).toBe(true);
  });
});
