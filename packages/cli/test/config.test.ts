import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { CONFIG_KEYS } from '../src/config.js';
import { REPO, runCli, tempDir } from './run-cli.js';

const SHOP = join(REPO, 'fixtures/shop.synth.yaml');

function project(config: Record<string, unknown>): string {
  const dir = tempDir();
  copyFileSync(SHOP, join(dir, 'shop.synth.yaml'));
  writeFileSync(join(dir, 'synth.config.json'), JSON.stringify(config));
  return dir;
}

describe('the config file', () => {
  it('documents exactly the keys it accepts (docs/cli.md)', () => {
    const docs = readFileSync(join(REPO, 'docs/cli.md'), 'utf8');
    const table = docs.slice(docs.indexOf('| config key | type | applies to |'));
    const documented = [...table.slice(0, table.indexOf('\n\n')).matchAll(/^\| `(\w+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(CONFIG_KEYS).sort());
  });

  it('applies every build key; an unknown key is a warning and ignored; validate and plan run with build keys set', async () => {
    const data = tempDir();
    const dir = project({ out: 'o', format: 'jsonl', seed: 7, workers: 2, conformance: false, history: false, progress: false, allowOutside: true, logLevel: 'warn', logFormat: 'json', diagnosticsFormat: 'text', frobnicate: 1 });
    const env = { XDG_DATA_HOME: data };
    const r = await runCli(['build', 'shop.synth.yaml', '--rows', '3'], { cwd: dir, env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("warning SYN203: Unknown key 'frobnicate' in the config file (ignored)");
    // out + format: jsonl under o/; conformance off: no summary; logLevel warn: no "built" info line.
    expect(readdirSync(join(dir, 'o')).sort()).toEqual(['customers.jsonl', 'order_items.jsonl', 'orders.jsonl', 'payments.jsonl', 'products.jsonl']);
    expect(r.stdout).not.toMatch(/conform/i);
    expect(r.stderr).not.toContain('built 5 file');
    // seed 7: the same bytes as --seed 7.
    const flagged = await runCli(['build', 'shop.synth.yaml', '--rows', '3', '--seed', '7', '--out', 'f', '--format', 'jsonl'], { cwd: dir, env });
    expect(flagged.code).toBe(0);
    expect(readFileSync(join(dir, 'f/customers.jsonl'), 'utf8')).toBe(readFileSync(join(dir, 'o/customers.jsonl'), 'utf8'));
    // history false: nothing recorded.
    expect(existsSync(join(data, 'synth/state.sqlite')) ? (await runCli(['history', '--json'], { cwd: dir, env })).stdout.trim() : '[]').toBe('[]');
    // Flags beat the file.
    expect((await runCli(['build', 'shop.synth.yaml', '--rows', '3', '--format', 'csv', '--out', 'c'], { cwd: dir, env })).code).toBe(0);
    expect(readdirSync(join(dir, 'c'))).toContain('customers.csv');
    // A build key does not break commands without that option.
    expect((await runCli(['validate', 'shop.synth.yaml'], { cwd: dir, env })).code).toBe(0);
    expect((await runCli(['plan', 'shop.synth.yaml'], { cwd: dir, env })).stdout).toContain('seed 7');
  });

  it('applies dialect, and workers (checked like the flag)', async () => {
    const dir = project({ format: 'sql', dialect: 'mysql', out: 'o' });
    expect((await runCli(['build', 'shop.synth.yaml', '--rows', '3'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'o/shop.sql'), 'utf8')).toContain('`customers`');
    const bad = project({ workers: 0 });
    const r = await runCli(['build', 'shop.synth.yaml', '--rows', '3'], { cwd: bad });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--workers');
  });
});

describe('SYNTH_* variables', () => {
  it('set the option of the commands that have it; the others run as if unset (SYNTH_OUT no longer breaks validate)', async () => {
    const dir = tempDir();
    copyFileSync(join(REPO, 'fixtures/shop.synth.yaml'), join(dir, 'shop.synth.yaml'));
    const env = { XDG_DATA_HOME: join(dir, 'data'), SYNTH_OUT: 'from-env', SYNTH_ROWS: '3', SYNTH_WORKERS: '1' };
    const validated = await runCli(['validate', 'shop.synth.yaml'], { cwd: dir, env });
    expect({ code: validated.code, out: validated.stdout }).toEqual({ code: 0, out: 'shop.synth.yaml: valid (5 tables)\n' });
    const planned = await runCli(['plan', 'shop.synth.yaml', '--json'], { cwd: dir, env });
    expect(planned.code).toBe(0);
    // plan has --rows: the variable applies there.
    expect((JSON.parse(planned.stdout) as { tables: Array<{ name: string; rowCount: number }> }).tables.find((t) => t.name === 'customers')?.rowCount).toBe(3);
    const built = await runCli(['build', 'shop.synth.yaml', '--no-history'], { cwd: dir, env });
    expect(built.code).toBe(0);
    expect(existsSync(join(dir, 'from-env'))).toBe(true);
    // A bad value is still refused where it applies, naming the variable.
    const bad = await runCli(['build', 'shop.synth.yaml'], { cwd: dir, env: { ...env, SYNTH_ROWS: '2.5' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('SYNTH_ROWS');
  });
});
