import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { listFiles, REPO, runCli, tempDir } from './run-cli.js';

const FIXTURES = join(REPO, 'fixtures');
const sources = readdirSync(FIXTURES).filter((f) => f.endsWith('.synth.yaml')).map((f) => readFileSync(join(FIXTURES, f), 'utf8'));

const TOKENS = ['0', '-1', '1e309', '""', 'null', '[]', '{}', 'x.y', 'tables', '{ type: int, min: 5, max: 1 }', "'('", '&a', '*a', 'true', '999999999999', '2024-13-45', "'[a-z'", 'YYYY', 'per', 'ref'];

/** Small, plausible edits a person (or an LLM) makes to a spec: drop, duplicate or replace a line, or a value. */
const mutation = fc.record({
  source: fc.integer({ min: 0, max: sources.length - 1 }),
  line: fc.nat(),
  kind: fc.constantFrom('drop', 'duplicate', 'value', 'indent'),
  token: fc.constantFrom(...TOKENS),
});

function mutate(m: { source: number; line: number; kind: string; token: string }): string {
  const lines = sources[m.source]!.split('\n');
  const i = m.line % lines.length;
  const l = lines[i]!;
  switch (m.kind) {
    case 'drop':
      lines.splice(i, 1);
      break;
    case 'duplicate':
      lines.splice(i, 0, l);
      break;
    case 'indent':
      lines[i] = ` ${l}`;
      break;
    default: {
      // Replace the first value after a `key:` on the line.
      lines[i] = l.replace(/(:\s*)([^,{}\s][^,}]*)/, `$1${m.token}`);
    }
  }
  return lines.join('\n');
}

describe('robustness', () => {
  it('edited fixtures never crash: a build succeeds or reports located diagnostics, never an internal error', async () => {
    const dir = tempDir();
    const spec = join(dir, 'm.synth.yaml');
    await fc.assert(fc.asyncProperty(mutation, async (m) => {
      writeFileSync(spec, mutate(m));
      const out = join(dir, 'out');
      const r = await runCli(['build', spec, '--out', out, '--rows', '20'], { cwd: dir });
      expect(r.stderr).not.toContain('SYN499');
      expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
      if (r.code !== 0) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/error SYN\d{3}:/);
      }
    }), { numRuns: 150 });
    expect(listFiles(dir).some((f) => f.endsWith('.synth-tmp'))).toBe(false);
  });
});
