/**
 * The fuzzer in CI (issue 14 item 7): 2,000 specs from spec-arbitrary.ts, each through validate → plan → a 5-row
 * build in a child process (case-runner.ts). A case fails on any exception, any SYN499, a raw JavaScript error in a
 * diagnostic, a file left behind, or over 2 s. The seed is fixed so CI is reproducible; `pnpm fuzz` explores with
 * random seeds (docs/cli.md#fuzzing).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { CaseRunner } from './case-runner.js';
import { CASE_LIMIT_MS, runFuzzCase } from './fuzz-case.js';
import { FIXTURES, specText } from './spec-arbitrary.js';
import { tempDir } from '../run-cli.js';

const SEED = 20_140_007;
const RUNS = 2_000;
/** The whole run's budget on a busy 2-core machine; an interrupted run fails (fewer cases than promised). */
const BUDGET_MS = 90_000;

describe('fuzzer', () => {
  const runner = new CaseRunner();
  afterAll(() => runner.close());

  it('the harness passes a good spec, and fails a case that throws or does not answer in time', async () => {
    const good = await runner.run(FIXTURES.find((f) => f.name === 'shop')!.text);
    expect({ failure: good.failure, built: good.built }).toEqual({ failure: undefined, built: true });
    // A case not answered in time is killed and reported (here a good one, with a limit no case can meet).
    const impatient = new CaseRunner({ killAfterMs: 1 });
    try {
      expect((await impatient.run(FIXTURES.find((f) => f.name === 'shop')!.text)).failure?.kind).toBe('slow');
    } finally {
      impatient.close();
    }
    // A throw is an exception, not a pass (here the work directory cannot be made: its parent is a file).
    const dir = tempDir('synth-fuzz-self-');
    const file = join(dir, 'file');
    writeFileSync(file, '');
    const thrown = await runFuzzCase('synth: 1\ntables:\n  t:\n    rows: 1\n    columns:\n      id: { type: sequence }\n', join(file, 'work'));
    rmSync(dir, { recursive: true, force: true });
    expect(thrown.failure?.kind).toBe('exception');
  });

  it(`${RUNS} generated and mutated specs: no exception, no SYN499, no leak, nothing left behind, none over ${CASE_LIMIT_MS} ms`, async () => {
    let cases = 0;
    let built = 0;
    const started = Date.now();
    // One case in ten through `synth build` (main()): exit 0 or 1, a located diagnostic, nothing left.
    const property = fc.asyncProperty(specText, fc.nat({ max: 9 }), async (input, way) => {
      const r = await runner.run(input.text, { cli: way === 0 });
      cases++;
      if (r.built) built++;
      if (r.failure) throw new Error(`${way === 0 ? '[synth build] ' : ''}${r.failure.kind} in ${r.failure.stage}: ${r.failure.message}${r.failure.stack ? `\n${r.failure.stack}` : ''}\n--- spec (${input.origin}) ---\n${input.text.slice(0, 4_000)}`);
    });
    try {
      await fc.assert(property, { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: BUDGET_MS, markInterruptAsFailure: true });
    } finally {
      process.stdout.write(`fuzz: seed ${SEED}, ${cases} cases (${built} built) in ${((Date.now() - started) / 1000).toFixed(1)} s, ${runner.starts} child start(s)\n`);
    }
    expect(cases).toBeGreaterThanOrEqual(RUNS);
  }, BUDGET_MS + 60_000);
});
