import { describe, expect, it } from '@jest/globals';
import { ConformanceChecker, executePlan } from '@synth/compiler';
import { parquetWriter } from '../src/writers/parquet-writer.js';
import { planOf, specOf } from './helpers.js';
import { writeWith } from './writers/write-with.js';

const SPEC = `synth: 1
seed: 5
tables:
  parents:
    rows: 40
    columns:
      id: { type: sequence, primary_key: true }
      maybe: { type: int, min: 0, max: 9, nulls: 0.5 }
      relayed: { type: int, expr: "maybe" }
  kids:
    rows: 200
    columns:
      id: { type: sequence, primary_key: true }
      parent_id: { ref: parents.id, as: parent }
      a: { type: int, min: 0, max: 9, nulls: 0.5 }
      same: { type: int, expr: "a" }
      twice_removed: { type: int, expr: "same" }
      parent_chain: { type: int, expr: "parent.relayed" }
      from_parent: { type: int, expr: "parent.maybe" }
      never: { type: int, expr: "id * 2" }
outputs: []
`;

describe('expression columns pass the nulls they read through', () => {
  const spec = specOf(SPEC);
  const { plan } = planOf(spec);
  const kids = plan!.tables.find((t) => t.name === 'kids')!;
  const nullable = (c: string) => kids.columns.find((x) => x.name === c)!.info.nullable;

  it('declares nullable what reads a nullable column of its row or of its parent, along chains of expressions', () => {
    expect(['same', 'twice_removed', 'from_parent', 'parent_chain'].map(nullable)).toEqual([true, true, true, true]);
    expect(nullable('never')).toBe(false);
  });

  it('builds to parquet and passes the conformance check (it was SYN499 and a failed not-null rule)', async () => {
    const { rows } = await writeWith(parquetWriter, SPEC, { tables: ['kids'] });
    const kidRows = rows.get('kids')!;
    expect(kidRows.some((r) => r.same === null)).toBe(true);
    // Each link passes the null through, and the values where it is not null.
    for (const r of kidRows) expect([r.twice_removed, r.same]).toEqual([r.a, r.a]);
    expect(kidRows.some((r) => r.parent_chain === null) && kidRows.some((r) => r.parent_chain !== null)).toBe(true);
    const checker = new ConformanceChecker(plan!, spec);
    for (const s of executePlan(plan!, spec)) for (const b of s.batches()) checker.observe(b);
    const report = checker.finish();
    expect(report.findings.filter((f) => f.outcome === 'fail')).toEqual([]);
  });
});
