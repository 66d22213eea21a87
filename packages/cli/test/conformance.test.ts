import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { REPO, runCli, tempDir } from './run-cli.js';

const SHOP = join(REPO, 'fixtures/shop.synth.yaml');

function project(text: string): { dir: string; spec: string } {
  const dir = tempDir();
  writeFileSync(join(dir, 'spec.synth.yaml'), text);
  return { dir, spec: join(dir, 'spec.synth.yaml') };
}

describe('synth build: conformance summary', () => {
  it('prints a one-line summary after the files when every rule holds', async () => {
    const out = tempDir();
    const r = await runCli(['build', SHOP, '--out', out, '--allow-outside', '--rows', '200'], { cwd: out });
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/rows/);
    // Every rule of the shop spec is checked, the parent-row check of orders too.
    expect(lines[lines.length - 1]).toMatch(/^conformance: \d+ passed \(5 tables, [\d,]+ rows\)$/);
    // Nothing failed or warned, so nothing else is listed.
    expect(r.stdout).not.toMatch(/FAIL|warn/);
  });

  it('includes the findings in --format json, and --no-conformance leaves them out', async () => {
    const out = tempDir();
    const json = await runCli(['build', SHOP, '--out', out, '--allow-outside', '--rows', '50', '--diagnostics-format', 'json'], { cwd: out });
    const parsed = JSON.parse(json.stdout) as { conformance: { ok: boolean; findings: Array<{ table: string; rule: string; outcome: string }> } };
    expect(parsed.conformance.ok).toBe(true);
    expect(parsed.conformance.findings.some((f) => f.table === 'orders' && f.rule === 'foreign-key' && f.outcome === 'pass')).toBe(true);
    const off = await runCli(['build', SHOP, '--out', out, '--allow-outside', '--rows', '50', '--no-conformance'], { cwd: out });
    expect(off.code).toBe(0);
    expect(off.stdout).not.toContain('conformance');
  });

  it('fails with a diagnostic, and writes nothing, when a check contradicts a range', async () => {
    const { dir, spec } = project(`synth: 1
seed: 1
tables:
  t:
    rows: 100
    columns:
      v: { type: int, min: 0, max: 10 }
    checks: [ "v > 20" ]
outputs:
  - { format: csv, path: "out/{table}.csv" }
`);
    const r = await runCli(['build', spec], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("spec.synth.yaml:8:15 - error SYN315: Check 'v > 20' failed for row 0 of 't'");
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('checks a table-level unique set like the column flag, and passes when it holds', async () => {
    // unique: [[slug]] is unique: true on slug (docs/spec.md); the checker used to leave it unchecked.
    const { dir, spec } = project(`synth: 1
seed: 5
tables:
  tags:
    rows: 300
    columns:
      slug: { type: string, pattern: '[a-z]{6}' }
      tenant: { type: int, min: 1, max: 3 }
      name: { type: enum, values: [a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, v, w, x, y, z, aa, bb, cc, dd, ee, ff, gg, hh, ii, jj, kk, ll, mm, nn, oo, pp, qq, rr, ss, tt, uu, vv, ww, xx, yy, zz, a1, b1, c1, d1, e1, f1, g1, h1, i1, j1, k1, l1, m1, n1, o1, p1, q1, r1, s1, t1, u1, v1, w1, x1, y1, z1, a2, b2, c2, d2, e2, f2, g2, h2, i2, j2, k2, l2, m2, n2, o2, p2, q2, r2, s2, t2, u2, v2] }
    unique: [[slug], [tenant, name]]
outputs:
  - { format: csv, path: "out/{table}.csv" }
`);
    const r = await runCli(['build', spec, '--diagnostics-format', 'json'], { cwd: dir });
    expect(r.code).toBe(0);
    const { conformance } = JSON.parse(r.stdout) as { conformance: { ok: boolean; findings: Array<{ column?: string; rule: string; outcome: string }> } };
    expect(conformance.ok).toBe(true);
    expect(conformance.findings.filter((f) => f.rule === 'unique').map((f) => [f.column, f.outcome])).toEqual([['slug', 'pass'], ['tenant, name', 'pass']]);
  });
});
