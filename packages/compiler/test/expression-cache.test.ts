import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { build, expressionCompileCount } from '@synth/compiler';
import { parse } from 'yaml';
import { generate, specOf } from './helpers.js';

const REPO = new URL('../../../', import.meta.url).pathname;
const SHOP = join(REPO, 'fixtures/shop.synth.yaml');

/** Every distinct (table, expression) of a spec's text: `expr`, `when` and checks, read from the YAML itself. */
function distinctExpressions(path: string): number {
  const doc = parse(readFileSync(path, 'utf8')) as { tables: Record<string, { columns: Record<string, { expr?: string; when?: string }>; checks?: Array<string | { expr: string }> }> };
  const seen = new Set<string>();
  for (const [t, table] of Object.entries(doc.tables)) {
    for (const c of Object.values(table.columns)) for (const e of [c.expr, c.when]) if (typeof e === 'string') seen.add(`${t}\0${e}`);
    for (const ch of table.checks ?? []) seen.add(`${t}\0${typeof ch === 'string' ? ch : ch.expr}`);
  }
  return seen.size;
}

describe('expressions are compiled once per process', () => {
  it('a build of the shop fixture parses each of its expressions once (validate, plan, probe, generate, check)', async () => {
    const expected = distinctExpressions(SHOP);
    expect(expected).toBe(5);
    const before = expressionCompileCount();
    await build(SHOP, { seed: 3, rows: 200, format: 'csv', outDir: mkdtempSync(join(tmpdir(), 'synth-expr-')), allowOutside: true });
    expect(expressionCompileCount() - before).toBe(expected);
  });

  it('one compiled expression shared by tables and rows still draws each cell from its own stream', () => {
    // Both tables use the same source: one compile per table (the environments differ), shared by every row.
    const before = expressionCompileCount();
    const spec = specOf(`
synth: 1
seed: 4
tables:
  a:
    rows: 50
    columns:
      x: { type: int, min: 0, max: 9 }
      r: { type: int, expr: "x + uniform(0, 1000)" }
    checks: [ "r >= x" ]
  b:
    rows: 50
    columns:
      x: { type: int, min: 0, max: 9 }
      r: { type: int, expr: "x + uniform(0, 1000)" }
outputs: []
`);
    const first = generate(spec);
    expect(expressionCompileCount() - before).toBe(3);
    const again = generate(spec);
    expect(expressionCompileCount() - before).toBe(3);
    expect(again).toEqual(first);
    // The same values as a spec parsed apart (its own compiled expressions), and the two tables draw apart.
    expect(generate(specOf(JSON.stringify(spec)))).toEqual(first);
    expect(first.get('a')!.map((r) => r.r)).not.toEqual(first.get('b')!.map((r) => r.r));
  });
});
