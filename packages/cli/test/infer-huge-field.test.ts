import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { runCli, tempDir } from './run-cli.js';

/**
 * `synth infer` on a CSV with one 10 MB field (issue 14): pattern induction built `[a-z]{1,10000000}` and its test
 * overflowed the regex engine's stack (SYN499). Such a value now takes no part in pattern induction, the fallback
 * pattern is capped at PATTERN_MAX_LENGTH, and the inferred spec builds.
 */
describe('synth infer with a 10 MB field', () => {
  it('writes a spec that validates and builds, with the long column capped', async () => {
    const dir = tempDir('synth-infer-huge-');
    writeFileSync(join(dir, 'notes.csv'), `id,note\n1,${'x'.repeat(10_000_000)}\n2,y\n3,zz\n`);
    const r = await runCli(['infer', 'notes.csv', '-o', 'notes.synth.yaml'], { cwd: dir });
    expect(r.stderr).not.toContain('SYN499');
    expect(r.code).toBe(0);
    const spec = readFileSync(join(dir, 'notes.synth.yaml'), 'utf8');
    expect(spec).toMatch(/note: \{ type: string, pattern: '\[a-z\]\{1,10000\}'/);
    expect(spec).toContain('values capped at 10000 characters');
    const b = await runCli(['build', 'notes.synth.yaml', '--no-history'], { cwd: dir });
    expect(b.stderr).not.toMatch(/error SYN/);
    expect(b.code).toBe(0);
  }, 30_000);
});
