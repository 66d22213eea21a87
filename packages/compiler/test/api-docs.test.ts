import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from '@jest/globals';

const REPO = new URL('../../../', import.meta.url).pathname;
const COMPILER = join(REPO, 'packages/compiler');
const TSX = join(REPO, 'node_modules/tsx/dist/cli.mjs');

/** Every ```ts block of docs/api.md, with the line it starts on. */
function examples(): Array<{ line: number; code: string }> {
  const text = readFileSync(join(REPO, 'docs/api.md'), 'utf8');
  const out: Array<{ line: number; code: string }> = [];
  const re = /^```ts\n([\s\S]*?)^```$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push({ line: text.slice(0, m.index).split('\n').length, code: m[1]! });
  return out;
}

// Inside the package, so `import … from '@synth/compiler'` resolves to the package itself (Node's self-reference),
// exactly as a user's import does; tsx with the synth-source condition runs it from the sources.
const scripts = mkdtempSync(join(COMPILER, '.api-docs-'));
afterAll(() => rmSync(scripts, { recursive: true, force: true }));

/** A directory as the docs assume: shop.synth.yaml, and the example plugin installed as synth-plugin-iban. */
function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'synth-api-docs-'));
  copyFileSync(join(REPO, 'fixtures/shop.synth.yaml'), join(dir, 'shop.synth.yaml'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(join(REPO, 'examples/plugins/synth-plugin-iban'), join(dir, 'node_modules/synth-plugin-iban'), 'dir');
  return dir;
}

describe('docs/api.md', () => {
  const blocks = examples();

  it('has examples of every function', () => {
    const all = blocks.map((b) => b.code).join('\n');
    for (const fn of ['build', 'rows', 'synthFixtures', 'plan', 'validate', 'SynthError']) expect(all).toMatch(new RegExp(`\\b${fn}\\(|instanceof ${fn}`));
    expect(blocks.length).toBeGreaterThanOrEqual(5);
  });

  it.each(blocks.map((b) => [b.line, b.code] as const))('the example at line %i runs', async (line, code) => {
    const file = join(scripts, `example-${line}.ts`);
    writeFileSync(file, code);
    const env = { ...process.env, NODE_OPTIONS: '' };
    const run = await promisify(execFile)(process.execPath, [TSX, '--conditions=synth-source', file], { cwd: workDir(), env }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
  });

  it('a failing example fails the test (the runner is not blind)', async () => {
    const file = join(scripts, 'failing.ts');
    writeFileSync(file, "import assert from 'node:assert/strict';\nimport { synthFixtures } from '@synth/compiler';\nconst { tables } = await synthFixtures('shop.synth.yaml', { rows: 2 });\nassert.equal(tables.customers!.length, 3);\n");
    const failed = await promisify(execFile)(process.execPath, [TSX, '--conditions=synth-source', file], { cwd: workDir(), env: { ...process.env, NODE_OPTIONS: '' } }).then(() => false, () => true);
    expect(failed).toBe(true);
  });
});
