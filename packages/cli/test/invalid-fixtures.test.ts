import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { listFiles, REPO, runCli, tempDir } from './run-cli.js';

const DIR = join(REPO, 'fixtures/invalid');
const invalid = readdirSync(DIR).filter((f) => f.endsWith('.synth.yaml')).sort();

/** The code a bad fixture must produce, from its `# expect: SYNxxx` line. */
function expected(file: string): string {
  const m = /^# expect: (SYN\d{3})$/m.exec(readFileSync(join(DIR, file), 'utf8'));
  if (!m) throw new Error(`${file} has no '# expect: SYNxxx' line`);
  return m[1]!;
}

describe('fixtures/invalid', () => {
  it('covers many codes', () => expect(new Set(invalid.map(expected)).size).toBeGreaterThanOrEqual(20));

  it.each(invalid)('%s fails with its code at file:line:col, no stack, nothing written', async (file) => {
    const code = expected(file);
    expect(file.startsWith(code)).toBe(true);
    const out = tempDir();
    const r = await runCli(['build', join(DIR, file), '--out', out], { cwd: out });
    expect(r.code).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.includes(`error ${code}:`));
    expect(line).toBeDefined();
    expect(line).toMatch(new RegExp(`${file.replaceAll('.', '\\.')}:\\d+:\\d+ - error ${code}:`));
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
    expect(r.stderr).not.toContain('SYN499');
    expect(listFiles(out)).toEqual([]);
    // plan agrees
    const p = await runCli(['plan', join(DIR, file)]);
    expect(p.code).toBe(1);
    expect(p.stderr).toContain(code);
  });

  it.each(invalid)('%s: validate fails with the code build fails with, at the same place, writing nothing', async (file) => {
    // validate is "would build fail before writing?" (docs/cli.md#validate): plan, probe and outputs included.
    const code = expected(file);
    const out = tempDir();
    const built = await runCli(['build', join(DIR, file), '--out', out], { cwd: out });
    const v = await runCli(['validate', join(DIR, file)], { cwd: out });
    expect(v.code).toBe(1);
    const located = (stderr: string) => stderr.split('\n').filter((l) => / - error SYN\d{3}:/.test(l)).map((l) => l.slice(l.indexOf(file)));
    expect(located(v.stderr)).toContain(located(built.stderr).find((l) => l.includes(`error ${code}:`)));
    expect(v.stdout).not.toContain('valid (');
    expect(listFiles(out)).toEqual([]);
  });
});

describe('the real synth process', () => {
  const run = promisify(execFile);
  const bin = join(REPO, 'packages/cli/bin/synth.js');

  it('exits 1 with a diagnostic and no stack trace on a bad spec', async () => {
    const bad = invalid.find((f) => f.startsWith('SYN101')) ?? invalid[0]!;
    const err = await run(bin, ['validate', join(DIR, bad)]).then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(err).toBeDefined();
    expect(err!.code).toBe(1);
    expect(err!.stderr).toMatch(/:\d+:\d+ - error SYN\d{3}:/);
    expect(err!.stderr).not.toMatch(/\n\s+at /);
  });

  it('builds a fixture and exits 0', async () => {
    const out = tempDir();
    const r = await run(bin, ['build', join(REPO, 'fixtures/shop.synth.yaml'), '--out', out, '--rows', '5'], { cwd: out });
    expect(r.stdout).toContain('customers.csv  5 rows');
  });
});
