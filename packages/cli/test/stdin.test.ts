import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { main } from '@synth/cli';
import { BIN, listFiles, REPO, tempDir } from './run-cli.js';

const SHOP = readFileSync(join(REPO, 'fixtures/shop.synth.yaml'), 'utf8');
/** A typo'd key (SYN203) on line 6 and a min above max (SYN306) on line 7. */
const BROKEN = `synth: 1
tables:
  t:
    rows: 3
    columns:
      id: { type: sequence, primary_kye: true }
      n: { type: int, min: 9, max: 1 }
`;

/** `synth ARGS` in-process in `cwd`, with `stdin` as standard input (in chunks, as a pipe delivers it). */
async function withStdin(args: string[], stdin: string, cwd = tempDir()): Promise<{ code: number; stdout: string; stderr: string; cwd: string }> {
  let stdout = '';
  let stderr = '';
  const home = tempDir('synth-home-');
  const chunks = stdin.match(/[\s\S]{1,100}/g) ?? [];
  const code = await main(args, {
    cwd,
    env: { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') },
    io: { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), color: false, stdin: async function* () { yield* chunks; } },
  });
  return { code, stdout, stderr, cwd };
}

describe('`-` reads the spec from standard input', () => {
  it('validate - with a broken spec: exit 1, every problem located in <stdin>', async () => {
    const r = await withStdin(['validate', '-'], BROKEN);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<stdin>:6:29 - error SYN203:');
    expect(r.stderr).toContain('<stdin>:7:28 - error SYN306:');
    expect(r.stderr).toContain('6       id: { type: sequence, primary_kye: true }');
  });

  it('validate - with a good spec, next to a file and read once for two dashes', async () => {
    const r = await withStdin(['validate', '-', join(REPO, 'fixtures/shop.synth.yaml'), '-'], SHOP);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/<stdin>: valid \(5 tables\)/g)).toHaveLength(2);
  });

  it('validate - with an empty stdin is SYN102, with more than 5 MiB SYN105 (not read further)', async () => {
    expect((await withStdin(['validate', '-'], '')).stderr).toContain('error SYN102');
    const big = await withStdin(['validate', '-'], `# ${'x'.repeat(5 * 1024 * 1024)}\n`);
    expect(big.code).toBe(1);
    expect(big.stderr).toContain('SYN105');
  });

  it('build -: outputs are relative to the working directory; a broken spec writes nothing', async () => {
    const built = await withStdin(['build', '--no-history', '-', '--rows', '3'], SHOP);
    expect(built.code).toBe(0);
    expect(listFiles(built.cwd)).toEqual(['out/shop/customers.csv', 'out/shop/order_items.csv', 'out/shop/orders.csv', 'out/shop/payments.csv', 'out/shop/products.csv']);
    const broken = await withStdin(['build', '-'], BROKEN);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain('<stdin>:6:29 - error SYN203:');
    expect(listFiles(broken.cwd)).toEqual([]);
  });

  it('plan -, preview - and report - (the report is stdin.report.html in the working directory)', async () => {
    expect((await withStdin(['plan', '-'], SHOP)).stdout).toContain('customers');
    expect((await withStdin(['preview', '-', '-t', 'customers', '-n', '2'], SHOP)).stdout).toContain('customers (200 rows)');
    const report = await withStdin(['report', '-', '--rows', '20'], SHOP);
    expect(report.code).toBe(0);
    expect(existsSync(join(report.cwd, 'stdin.report.html'))).toBe(true);
    expect((await withStdin(['plan', '-'], BROKEN)).stderr).toContain('<stdin>:7:28 - error SYN306:');
  });
});

describe('`-` in the real synth process (packages/cli/bin/synth.js, built by `npx tsc -b`)', () => {
  /** Runs the bin with `input` piped to its stdin, with its own HOME and XDG folders. */
  const pipeTo = (args: string[], input: string) => new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const home = tempDir('synth-home-');
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: tempDir(),
      env: { PATH: process.env.PATH, HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });

  it('synth validate - with a broken spec on stdin exits 1 with located diagnostics (it printed nothing, exit 0)', async () => {
    const r = await pipeTo(['validate', '-'], BROKEN);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('<stdin>:6:29 - error SYN203:');
    expect(r.stderr).toContain('<stdin>:7:28 - error SYN306:');
  });

  it('synth --log-level warn validate - with a good spec exits 0', async () => {
    const r = await pipeTo(['--log-level', 'warn', 'validate', '-'], SHOP);
    expect(r).toMatchObject({ code: 0, stdout: '<stdin>: valid (5 tables)\n' });
  });
});
