import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { main } from '@synth/cli';
import { listFiles, tempDir } from '../run-cli.js';
import type { BadInput } from './bad-input.js';

const HERE = dirname(new URL(import.meta.url).pathname);
const caseFiles = readdirSync(HERE).filter((f) => f.endsWith('.cases.ts')).sort();
const catalogue: Array<[string, BadInput]> = [];
for (const f of caseFiles) {
  const mod = (await import(join(HERE, f))) as { cases: BadInput[] };
  for (const c of mod.cases) catalogue.push([`${f.replace('.cases.ts', '')}: ${c.name}`, c]);
}

/** Runs one case in its own directory, with HOME and XDG_* inside it, and returns what it printed and left. */
async function runCase(c: BadInput): Promise<{ exit: number; output: string; before: string[]; after: string[]; changed: string[] }> {
  const dir = tempDir('synth-bad-');
  for (const [path, content] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const home = tempDir('synth-bad-home-');
  const env = { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state'), ...c.env };
  const before = listFiles(dir);
  let output = '';
  const exit = await main(c.args, { cwd: dir, env, io: { stdout: (s) => void (output += s), stderr: (s) => void (output += s), color: false } });
  // The files the case started with (an earlier build's output among them) are as they were, byte for byte.
  const changed = Object.entries(c.files ?? {}).filter(([path, content]) => !existsSync(join(dir, path)) || !readFileSync(join(dir, path)).equals(Buffer.from(content))).map(([path]) => path);
  return { exit, output, before, after: listFiles(dir), changed };
}

describe('bad-input catalogue', () => {
  it('is large enough to mean something (issue 14: at least 150 cases)', () => expect(catalogue.length).toBeGreaterThanOrEqual(150));

  it.each(catalogue)('%s', async (_name, c) => {
    const r = await runCase(c);
    expect({ exit: r.exit, code: r.output.includes(c.code) }).toEqual({ exit: c.exit, code: true });
    for (const m of c.mentions ?? []) expect(r.output).toContain(m);
    expect(r.output).not.toContain('SYN499');
    expect(r.output).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
    // Nothing written: no output file, no temp file, no partial database.
    expect(r.after).toEqual(r.before);
    expect(r.changed).toEqual([]);
  });
});
