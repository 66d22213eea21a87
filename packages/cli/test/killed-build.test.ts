import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { listFiles, REPO, runCli, tempDir } from './run-cli.js';

const BIN = join(REPO, 'packages/cli/bin/synth.js');
const SHOP = readFileSync(join(REPO, 'fixtures/shop.synth.yaml'), 'utf8');

/** Polls until `test` holds or the bound passes (a bound against hangs, not a timing assertion). */
async function waitFor(test: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return test();
}

describe('a build killed mid-write', () => {
  // A text format, and binary ones whose writers buffer (row groups, zip entries): all go through the same
  // temporary-file-and-rename path.
  it.each(['csv', 'parquet', 'xlsx'])('%s: leaves the previous outputs intact and no partial file at any output path; the next build cleans up', async (format) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'shop.synth.yaml'), SHOP);
    const outDir = join(dir, 'o');
    const args = ['build', 'shop.synth.yaml', '--out', 'o', '--format', format];
    // A small build first: these are the "previous outputs".
    expect((await runCli([...args, '--rows', '10'], { cwd: dir })).code).toBe(0);
    const before = Object.fromEntries(listFiles(outDir).map((f) => [f, readFileSync(join(outDir, f))]));
    expect(Object.keys(before).length).toBeGreaterThan(0);

    const child = spawn(BIN, [...args, '--scale', '500'], { cwd: dir, stdio: 'ignore' });
    const writing = await waitFor(() => readdirSync(outDir).some((f) => f.endsWith('.synth-tmp')), 60_000);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(writing).toBe(true);

    // Every output path still holds the complete previous file, byte for byte.
    for (const [f, bytes] of Object.entries(before)) expect(readFileSync(join(outDir, f)).equals(bytes)).toBe(true);
    expect(readdirSync(outDir).some((f) => f.endsWith('.synth-tmp'))).toBe(true);

    // The next build removes the dead process's temporaries.
    expect((await runCli([...args, '--rows', '10'], { cwd: dir })).code).toBe(0);
    expect(readdirSync(outDir).filter((f) => f.endsWith('.synth-tmp'))).toEqual([]);
    expect(listFiles(outDir)).toEqual(Object.keys(before));
  });
});
