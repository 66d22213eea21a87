/**
 * Engine v2's column-at-a-time fill (execute/column-fill.ts) against the row walk it replaced (TableRuntime.rows),
 * on the fuzzer's specs: every table both can make gives the same values, or fails with the same diagnostic. The
 * golden hashes hold the fill to the walk on the fixtures; this holds it on thousands of specs no one wrote, with
 * checks, nulls, `when`, references, expressions, unique columns and series mixed at random.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { loadSpec, type Spec } from '@synth/spec';
import { planBuild, type CellValue, type Plan } from '@synth/compiler';
import { canFillColumns, fillColumns } from '../../../compiler/src/execute/column-fill.js';
import { GenerationError, NotYetGenerated, PlanRuntime } from '../../../compiler/src/execute/table-runtime.js';
import { specText } from './spec-arbitrary.js';

const SEED = 20_151_204;
const RUNS = 2_500;
/** Rows of each table compared (and of each root table planned), so a case stays small. */
const ROWS = 120;

type Outcome = { values: CellValue[][] } | { code: string } | { skipped: true };

/** One table's first rows, after every table before it in plan order made its own, as a build would. */
function make(plan: Plan, spec: Spec, how: 'walk' | 'fill'): Map<string, Outcome> {
  const rt = new PlanRuntime(plan, spec);
  const out = new Map<string, Outcome>();
  for (const t of plan.tables) {
    const table = rt.table(t.name);
    const n = Math.min(t.rowCount, ROWS);
    if (how === 'fill' && !canFillColumns(table)) {
      out.set(t.name, { skipped: true });
      continue;
    }
    try {
      if (how === 'fill') out.set(t.name, { values: fillColumns(table, 0, n) });
      else {
        const cols: CellValue[][] = table.columns.map(() => []);
        for (const row of table.rows(0, n)) table.columns.forEach((c, k) => cols[k]!.push(row.valueAt(c.index)));
        out.set(t.name, { values: cols });
      }
    } catch (e) {
      if (e instanceof GenerationError) out.set(t.name, { code: e.diagnostic.code });
      else if (e instanceof NotYetGenerated) out.set(t.name, { skipped: true });
      else throw e;
      // A table that failed leaves the runtime in a state later tables should not build on.
      break;
    }
  }
  return out;
}

describe('column-at-a-time fill vs row walk', () => {
  it(`gives the same values or the same diagnostic for every table of ${RUNS} fuzzed specs`, () => {
    let compared = 0;
    fc.assert(
      fc.property(specText, ({ text }) => {
        const loaded = loadSpec({ path: 'case.synth.yaml', text });
        if (!loaded.value) return;
        const planned = planBuild(loaded.value.spec, { rows: ROWS });
        if (!planned.value) return;
        const walk = make(planned.value, loaded.value.spec, 'walk');
        const fill = make(planned.value, loaded.value.spec, 'fill');
        for (const [name, f] of fill) {
          if ('skipped' in f) continue;
          const w = walk.get(name);
          if (!w || 'skipped' in w) continue;
          expect({ table: name, ...f }).toEqual({ table: name, ...w });
          compared++;
        }
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The arbitrary reaches plans often enough for the comparison to mean something.
    expect(compared).toBeGreaterThan(400);
  });
});
