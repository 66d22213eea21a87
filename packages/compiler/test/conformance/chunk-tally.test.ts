import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { buildOutputs, ConformanceChecker, executePlan, type CellValue, type ConformanceReport, type Plan, type RowBatch } from '@synth/compiler';
import type { Spec } from '@synth/spec';
import { RowSample } from '../../src/conformance/row-sample.js';
import { planOf, specOf } from '../helpers.js';

/**
 * Workers check their own chunks (ConformanceChecker.tallyChunk) and the main thread merges the tallies: the report
 * must be the one a single thread's checker makes from every batch. Chunks here are small (a few 64-row batches),
 * so every run, key and listing crosses many chunk boundaries.
 */
const BATCH = 64;
const CHUNK_BATCHES = 3;

function batchesOf(spec: Spec): { plan: Plan; batches: RowBatch[] } {
  const { plan, diagnostics } = planOf(spec);
  if (!plan) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const batches: RowBatch[] = [];
  for (const s of executePlan(plan, spec, { batchRows: BATCH })) batches.push(...s.batches());
  return { plan, batches };
}

function oneThread(spec: Spec, plan: Plan, batches: RowBatch[]): ConformanceReport {
  const checker = new ConformanceChecker(plan, spec);
  for (const b of batches) checker.observe(b);
  return checker.finish();
}

/**
 * As a build with workers: every table in chunks tallied by a worker's checker, sent by structured clone, merged.
 * `bound`: workers send only the rows that can be in the sample (as builds do), rather than their chunk's sample.
 */
function workers(spec: Spec, plan: Plan, batches: RowBatch[], viaWorkers = (_table: string) => true, bound = true): ConformanceReport {
  const main = new ConformanceChecker(plan, spec);
  const worker = new ConformanceChecker(plan, spec, { worker: true });
  for (const t of plan.tables) {
    const own = batches.filter((b) => b.table === t.name);
    const sampleBound = bound ? RowSample.bound(t.name, 0, t.rowCount) : undefined;
    for (let k = 0; k < own.length; k += CHUNK_BATCHES) {
      const chunk = own.slice(k, k + CHUNK_BATCHES);
      if (viaWorkers(t.name)) main.merge(structuredClone(worker.tallyChunk(t.name, structuredClone(chunk), sampleBound)));
      else for (const b of chunk) main.observe(b);
    }
  }
  return main.finish();
}

function poke(plan: Plan, batches: RowBatch[], table: string, name: string, row: number, value: CellValue): void {
  const k = plan.tables.find((t) => t.name === table)!.outputOrder.indexOf(name);
  const b = batches.find((x) => x.table === table && row >= x.startRow && row < x.startRow + x.rowCount)!;
  b.columns[k]![row - b.startRow] = value;
}

const FIXTURES = join(import.meta.dirname, '../../../../fixtures');

/** Quality flaws (duplicated rows, cell flaws), a series table with anomalies, composite keys, checks of parent rows. */
const mixed = (flaws: boolean) => `
synth: 1
seed: 3
${flaws ? 'quality: { typos: 0.03 }' : ''}
tables:
  users:
    rows: 2500
    columns:
      id: { type: sequence, primary_key: true }
      email: { type: internet.email, unique: true }
      region: { type: enum, values: { eu: 5, us: 3, apac: 2 } }
      slot: { type: int, min: 1, max: 100000 }
      score: { type: int, min: 0, max: 100, distribution: { normal: { mean: 50, stddev: 12 } }${flaws ? ', quality: { outliers: { rate: 0.05, magnitude: 40 }, nulls: 0.04 }' : ''} }
      joined: { type: datetime, min: 2020-01-01T00:00:00Z, max: 2023-12-31T00:00:00Z }
    unique: [[region, slot]]
  orders:
    rows: { per: users, count: { poisson: { mean: 2 } } }
    ${flaws ? 'quality: { whitespace: 0.05 }' : ''}
    columns:
      id: { type: uuid, primary_key: true }
      user_id: { ref: users.id }
      total: { type: decimal, scale: 2, min: 1, max: 500 }
      placed: { type: datetime, expr: "uniform(users.joined, timestamp('2024-06-30T00:00:00Z'))" }
    checks:
      - "total >= 1.0"
      - "placed >= users.joined"
  events:
    rows: 900
    ${flaws ? 'quality: { duplicates: 0.04 }' : ''}
    columns:
      id: { type: sequence }
      user_id: { ref: users.id }
      kind: { type: enum, values: [view, click, buy]${flaws ? ', quality: { case: 0.1 }' : ''} }
  sensors:
    rows: 6
    columns:
      id: { type: sequence, primary_key: true }
  readings:
    series: { per: sensors, start: 2024-01-01T00:00:00Z, end: 2024-01-06T00:00:00Z, every: 1h }
    columns:
      sensor_id: { ref: sensors.id }
      ts: { type: datetime, series: time }
      temp: { type: float, series: { level: 20, noise: 1, anomalies: { rate: 0.02, magnitude: 8 } } }
outputs: []
`;

describe('conformance tallies of chunks checked by workers', () => {
  const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.synth.yaml'));

  it.each(fixtures)('%s: the merged report is the one thread report', (f) => {
    const spec = specOf(readFileSync(join(FIXTURES, f), 'utf8'));
    const { plan, batches } = batchesOf(spec);
    const one = oneThread(spec, plan, batches);
    expect(one.tables.length).toBeGreaterThan(0);
    expect(workers(spec, plan, batches)).toEqual(one);
    expect(workers(spec, plan, batches, undefined, false)).toEqual(one);
  });

  it('quality flaws, series anomalies, composite keys and checks of parent rows: the same report', () => {
    const spec = specOf(mixed(true));
    const { plan, batches } = batchesOf(spec);
    const one = oneThread(spec, plan, batches);
    expect(one.ok).toBe(true);
    // orders has more rows than a sample keeps: workers send only the rows below the sample's bound.
    expect(plan.tables.find((t) => t.name === 'orders')!.rowCount).toBeGreaterThan(4096);
    // What the spec is here to exercise did happen: flaws listed over many chunks, a parent-row check run, a trace.
    expect(one.flaws.map((l) => `${l.table}.${l.column ?? '*'} ${l.kind}`)).toEqual(expect.arrayContaining(['users.score outliers', 'events.* duplicates', 'events.kind case', 'readings.temp anomalies']));
    expect(one.flaws.every((l) => l.count > 0)).toBe(true);
    expect(one.findings.find((x) => x.table === 'orders' && x.rule === 'check' && x.expected === 'placed >= users.joined')!.outcome).toBe('pass');
    expect(one.findings.find((x) => x.table === 'users' && x.rule === 'unique' && x.column === 'region, slot')!.outcome).toBe('pass');
    expect(one.tables.find((t) => t.name === 'readings')!.columns.find((c) => c.name === 'temp')!.series!.length).toBeGreaterThan(0);
    expect(workers(spec, plan, batches)).toEqual(one);
    // Some tables on workers and some not (a parquet output wants the rows): still the same.
    expect(workers(spec, plan, batches, (t) => t !== 'users')).toEqual(one);
  });

  it('rules broken inside worker chunks are reported with the same rows as on one thread', () => {
    const spec = specOf(mixed(false));
    const { plan, batches } = batchesOf(spec);
    const users = plan.tables.find((t) => t.name === 'users')!.rowCount;
    const orders = plan.tables.find((t) => t.name === 'orders')!.rowCount;
    const valueAt = (table: string, name: string, row: number) => {
      const b = batches.find((x) => x.table === table && row >= x.startRow && row < x.startRow + x.rowCount)!;
      return b.columns[plan.tables.find((t) => t.name === table)!.outputOrder.indexOf(name)]![row - b.startRow]!;
    };
    // The orders of the user whose id is overwritten point at no user any more.
    const gone = valueAt('users', 'id', 400);
    const orphans = (table: string) => batches.filter((b) => b.table === table).flatMap((b) => {
      const k = plan.tables.find((t) => t.name === table)!.outputOrder.indexOf('user_id');
      return b.columns[k]!.flatMap((v, r) => (v === gone ? [b.startRow + r] : []));
    });
    const lost = orphans('orders');
    expect(lost.length).toBeGreaterThan(0);
    // A repeated e-mail two chunks later, a repeated sequence value, a value out of range, a null where none may be,
    // a dangling reference, and a check that fails: each in a different chunk.
    poke(plan, batches, 'users', 'email', 500, valueAt('users', 'email', 3));
    const events = [3, ...orphans('events')].sort((a, b) => a - b).slice(0, 5);
    poke(plan, batches, 'users', 'id', 400, 7);
    poke(plan, batches, 'users', 'score', 250, 101);
    poke(plan, batches, 'users', 'joined', 330, null);
    poke(plan, batches, 'orders', 'user_id', orders - 2, users + 50);
    poke(plan, batches, 'orders', 'total', 200, 0.5);
    poke(plan, batches, 'events', 'user_id', 3, -1);
    const one = oneThread(spec, plan, batches);
    const merged = workers(spec, plan, batches);
    expect(merged).toEqual(one);
    const failed = (table: string, rule: string, column?: string) => merged.findings.filter((x) => x.table === table && x.rule === rule && x.column === column && x.outcome === 'fail').map((x) => x.rows);
    expect(merged.ok).toBe(false);
    expect(failed('users', 'unique', 'email')).toEqual([[500]]);
    expect(failed('users', 'unique', 'id')).toEqual([[400]]);
    expect(failed('users', 'range', 'score')).toEqual([[250]]);
    expect(failed('users', 'not-null', 'joined')).toEqual([[330]]);
    expect(failed('orders', 'foreign-key', 'user_id')).toEqual([[...lost, orders - 2].slice(0, 5)]);
    expect(failed('events', 'foreign-key', 'user_id')).toEqual([events]);
    // The check of the row alone ran in the worker; the one reading the user ran on the main thread, where the
    // overwritten id and the null `joined` show (as on one thread).
    expect(merged.findings.find((x) => x.rule === 'check' && x.expected === 'total >= 1.0')!.rows).toEqual([200]);
    expect(merged.findings.find((x) => x.rule === 'check' && x.expected === 'placed >= users.joined')!.outcome).toBe('fail');
  });
});

/**
 * Through the build, with worker threads (the built compiler, `pnpm build`): tables of more than two chunks go to
 * the workers. csv and jsonl outputs: the workers send tallies. (A parquet output keeps the rows coming back, and
 * the main thread's checker reading them: workers.test.ts builds that path, the tests above merge both.)
 */
describe('a build with --workers 2 reports what one thread reports', () => {
  const spec = (outputs: string) => `
synth: 1
seed: 9
tables:
  accounts:
    rows: 140000
    columns:
      id: { type: sequence, primary_key: true }
      handle: { type: string, pattern: "[a-z]{4}[0-9]{3}", unique: true }
      nickname: { type: person.firstName, quality: { typos: 0.02 } }
      tier: { type: enum, values: { free: 70, pro: 25, team: 5 } }
      score: { type: int, min: 0, max: 100, distribution: { normal: { mean: 50, stddev: 12 } }, quality: { nulls: 0.03 } }
      opened: { type: datetime, min: 2020-01-01T00:00:00Z, max: 2023-12-31T00:00:00Z }
  events:
    rows: { per: accounts, count: { poisson: { mean: 1.2 } } }
    quality: { duplicates: 0.01 }
    columns:
      id: { type: sequence }
      account_id: { ref: accounts.id }
      amount: { type: decimal, scale: 2, min: 0, max: 500, nulls: 0.1 }
      at: { type: datetime, expr: "uniform(accounts.opened, timestamp('2024-06-30T00:00:00Z'))" }
    checks: [ "amount == null || amount >= 0.0", "at >= accounts.opened" ]
outputs:
${outputs}
`;

  it.each([
    ['csv and jsonl (tallies)', '  - { format: csv, path: "{table}.csv" }\n  - { format: jsonl, path: "{table}.jsonl" }'],
  ])('%s', async (_what, outputs) => {
    const s = specOf(spec(outputs));
    const reports: ConformanceReport[] = [];
    for (const workers of [1, 2]) {
      const dir = mkdtempSync(join(tmpdir(), 'synth-chunk-tally-'));
      try {
        const r = await buildOutputs(s, undefined, { specDir: dir, cwd: dir, workers });
        expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
        reports.push(r.conformance!);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const [one, two] = reports as [ConformanceReport, ConformanceReport];
    expect(one.tables.map((t) => t.rows)).toEqual([140000, expect.any(Number)]);
    expect(one.tables[1]!.rows).toBeGreaterThan(2 * 65536);
    expect(one.findings.filter((f) => f.rule === 'check').map((f) => f.outcome)).toEqual(['pass', 'pass']);
    expect(one.flaws.every((f) => f.count > 0)).toBe(true);
    expect(two).toEqual(one);
  }, 120_000);
});
