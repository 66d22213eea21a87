import { describe, expect, it } from '@jest/globals';
import { ConformanceChecker, conformanceDiagnostics, executePlan, type CellValue, type ConformanceReport, type Plan, type RowBatch } from '@synth/compiler';
import type { Spec } from '@synth/spec';
import { planOf, specOf } from '../helpers.js';

const SPEC = `
synth: 1
seed: 7
tables:
  customers:
    rows: 400
    columns:
      id: { type: sequence, primary_key: true }
      tier: { type: enum, values: { gold: 10, silver: 30, bronze: 60 } }
      score: { type: float, distribution: { normal: { mean: 50, stddev: 10 } } }
      code: { type: string, pattern: '[A-Z]{3}-\\d{2}' }
      phone: { type: string, pattern: '\\d{3}', nulls: 0.2 }
  orders:
    rows: { per: customers, count: { min: 1, max: 4 } }
    columns:
      id: { type: uuid, primary_key: true }
      customer_id: { ref: customers.id }
      qty: { type: int, min: 1, max: 9 }
      price: { type: decimal, min: 1, max: 100, scale: 2 }
    checks: [ "double(qty) * price >= 1.0" ]
outputs: []
`;

/** Every batch of every table, as a build writes them. */
function batchesOf(spec: Spec): { plan: Plan; batches: RowBatch[] } {
  const { plan } = planOf(spec);
  const batches: RowBatch[] = [];
  for (const s of executePlan(plan!, spec, { batchRows: 128 })) batches.push(...s.batches());
  return { plan: plan!, batches };
}

function check(spec: Spec, plan: Plan, batches: RowBatch[], options: ConstructorParameters<typeof ConformanceChecker>[2] = {}): ConformanceReport {
  const checker = new ConformanceChecker(plan, spec, options);
  for (const b of batches) checker.observe(b);
  return checker.finish();
}

/** Sets column `name` of row `row` of table `table` (absolute row index) in the batches. */
function poke(plan: Plan, batches: RowBatch[], table: string, name: string, row: number, value: CellValue): void {
  const k = plan.tables.find((t) => t.name === table)!.outputOrder.indexOf(name);
  const b = batches.find((x) => x.table === table && row >= x.startRow && row < x.startRow + x.rowCount)!;
  b.columns[k]![row - b.startRow] = value;
}

const find = (r: ConformanceReport, table: string, rule: string, column?: string) => r.findings.filter((f) => f.table === table && f.rule === rule && f.column === column);

describe('ConformanceChecker', () => {
  const spec = specOf(SPEC);

  it('passes the generated data of a spec, and tests every declared rule and shape', () => {
    const { plan, batches } = batchesOf(spec);
    const report = check(spec, plan, batches);
    expect(report.findings.filter((f) => f.outcome !== 'pass')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.tables.map((t) => t.name)).toEqual(['customers', 'orders']);
    const rules = new Set(report.findings.map((f) => `${f.table}.${f.column ?? ''}.${f.rule}`));
    for (const r of ['customers.id.sequence', 'customers.id.unique', 'customers.tier.values', 'customers.tier.distribution', 'customers.score.distribution',
      'customers.code.pattern', 'customers.phone.null-rate', 'orders.customer_id.foreign-key', 'orders.qty.range', 'orders.price.scale', 'orders..check', 'orders..cardinality', 'orders.id.type']) {
      expect(rules).toContain(r);
    }
  });

  it('fails each hard rule a written value breaks, naming the rows', () => {
    const { plan, batches } = batchesOf(spec);
    poke(plan, batches, 'customers', 'code', 3, 'abc');
    poke(plan, batches, 'customers', 'id', 200, 1);
    poke(plan, batches, 'customers', 'tier', 5, 'platinum');
    poke(plan, batches, 'customers', 'score', 6, null);
    poke(plan, batches, 'orders', 'qty', 10, 12);
    poke(plan, batches, 'orders', 'qty', 11, 0);
    poke(plan, batches, 'orders', 'price', 12, 0.001);
    poke(plan, batches, 'orders', 'customer_id', 20, 9999);
    const report = check(spec, plan, batches);
    expect(report.ok).toBe(false);
    const failed = report.findings.filter((f) => f.outcome === 'fail').map((f) => [f.table, f.column, f.rule, f.rows]);
    expect(failed).toEqual(expect.arrayContaining([
      ['customers', 'code', 'pattern', [3]],
      ['customers', 'id', 'sequence', [200]],
      ['customers', 'id', 'unique', [200]],
      ['customers', 'tier', 'values', [5]],
      ['customers', 'score', 'not-null', [6]],
      ['orders', 'qty', 'range', [10, 11]],
      ['orders', 'price', 'scale', [12]],
    ]));
    // Row 20 points at no customer; so do the orders of customer 201, whose id was overwritten above.
    const fk = find(report, 'orders', 'foreign-key', 'customer_id')[0]!;
    expect(fk.outcome).toBe('fail');
    expect(fk.rows![0]).toBe(20);
    expect(fk.violations).toBeGreaterThan(1);
    // qty 0 makes the check qty * price >= 1 fail too.
    expect(find(report, 'orders', 'check')[0]!.rows).toEqual([11, 12]);
    const diagnostics = conformanceDiagnostics(report);
    expect(diagnostics.every((d) => d.code === 'SYN425' && d.severity === 'error')).toBe(true);
    expect(diagnostics.find((d) => d.pointer === '/tables/orders/columns/qty/max')!.message).toBe("The output breaks range '[1, 9]' of 'orders.qty': 2 of " +
      `${report.tables[1]!.rows.toLocaleString('en-US')} rows break it (rows 10, 11)`);
  });

  it('fails a per-parent count outside the declared range', () => {
    const { plan, batches } = batchesOf(spec);
    // Five orders of customer 0 in a row: its family grows past max 4.
    const orders = batches.filter((b) => b.table === 'orders');
    const k = plan.tables.find((t) => t.name === 'orders')!.outputOrder.indexOf('customer_id');
    for (let r = 0; r < 5; r++) orders[0]!.columns[k]![r] = 1;
    const f = find(check(spec, plan, batches), 'orders', 'cardinality')[0]!;
    expect(f.outcome).toBe('fail');
    expect(f.expected).toBe('1–4 per customers row');
  });

  it('warns when a distribution or rate is far from the declared one, without failing', () => {
    const { plan, batches } = batchesOf(spec);
    for (const b of batches.filter((x) => x.table === 'customers')) {
      for (let r = 0; r < b.rowCount; r++) {
        const row = b.startRow + r;
        poke(plan, batches, 'customers', 'tier', row, 'gold');
        poke(plan, batches, 'customers', 'score', row, 80 + (row % 7));
        poke(plan, batches, 'customers', 'phone', row, '123');
      }
    }
    const report = check(spec, plan, batches);
    expect(report.ok).toBe(true);
    expect(find(report, 'customers', 'distribution', 'tier')[0]!.outcome).toBe('warn');
    expect(find(report, 'customers', 'distribution', 'score')[0]!.outcome).toBe('warn');
    expect(find(report, 'customers', 'null-rate', 'phone')[0]).toMatchObject({ outcome: 'warn', detail: expect.stringContaining('0.00% nulls') });
  });

  it('does not fail rows a quality control made dirty on purpose', () => {
    const { plan, batches } = batchesOf(spec);
    poke(plan, batches, 'orders', 'qty', 10, 500);
    const dirty = (table: string, column: string | undefined, row: number) => table === 'orders' && column === 'qty' && row === 10;
    const report = check(spec, plan, batches, { isDirty: dirty });
    expect(find(report, 'orders', 'range', 'qty')[0]!.outcome).toBe('pass');
    expect(report.ok).toBe(true);
  });

  it('checks table checks that read parent rows against the parent as written', () => {
    const s = specOf(`
synth: 1
seed: 3
tables:
  a:
    rows: 50
    columns:
      id: { type: sequence, primary_key: true }
      lo: { type: int, min: 0, max: 10 }
  b:
    rows: 200
    columns:
      a_id: { ref: a.id }
      v: { type: int, min: 0, max: 30 }
    checks: [ "v >= a.lo" ]
outputs: []
`);
    const { plan, batches } = batchesOf(s);
    expect(check(s, plan, batches).findings.find((f) => f.rule === 'check')!.outcome).toBe('pass');
    poke(plan, batches, 'b', 'v', 7, -1);
    expect(find(check(s, plan, batches), 'b', 'check')[0]).toMatchObject({ outcome: 'fail', rows: [7] });
    // Without the parent's batches (the table was not written), the check is reported as not checked.
    const onlyB = batches.filter((x) => x.table === 'b');
    expect(find(check(s, plan, onlyB), 'b', 'check')[0]!.outcome).toBe('skip');
    expect(find(check(s, plan, onlyB), 'b', 'foreign-key', 'a_id')[0]!.outcome).toBe('skip');
  });

  it('reads parent rows by any key: a sequence key by its position, a uuid or off-track key by lookup', () => {
    for (const key of ['{ type: sequence, start: 10, step: 5, primary_key: true }', '{ type: uuid, primary_key: true }']) {
      const s = specOf(`
synth: 1
seed: 3
tables:
  a:
    rows: 300
    columns:
      id: ${key}
      lo: { type: int, min: 0, max: 10 }
  b:
    rows: 900
    columns:
      a_id: { ref: a.id }
      v: { type: int, min: 10, max: 30 }
    checks: [ "v >= a.lo" ]
outputs: []
`);
      const { plan, batches } = batchesOf(s);
      expect(find(check(s, plan, batches), 'b', 'check')[0]!.outcome).toBe('pass');
      // The check reads the parent as written: raising a parent's lo above every v fails its children, and only them.
      const bOrder = plan.tables.find((t) => t.name === 'b')!.outputOrder;
      const aOrder = plan.tables.find((t) => t.name === 'a')!.outputOrder;
      const aRows = batches.filter((x) => x.table === 'a');
      const parentKey = aRows[1]!.columns[aOrder.indexOf('id')]![5]!;
      poke(plan, batches, 'a', 'lo', aRows[1]!.startRow + 5, 99);
      const children = batches.filter((x) => x.table === 'b').flatMap((x) => x.columns[bOrder.indexOf('a_id')]!.map((v, r) => (v === parentKey ? x.startRow + r : -1))).filter((r) => r >= 0);
      expect(children.length).toBeGreaterThan(0);
      expect(find(check(s, plan, batches), 'b', 'check')[0]).toMatchObject({ outcome: 'fail', rows: children.slice(0, 10) });
      // A parent key off the sequence's track is still found (the last row's id moved to a value no row has).
      const lastA = aRows[aRows.length - 1]!;
      const moved = typeof parentKey === 'number' ? 1_000_003 : 'not-a-uuid';
      const oldKey = lastA.columns[aOrder.indexOf('id')]![lastA.rowCount - 1]!;
      poke(plan, batches, 'a', 'id', lastA.startRow + lastA.rowCount - 1, moved);
      poke(plan, batches, 'a', 'lo', lastA.startRow + lastA.rowCount - 1, 99);
      for (const x of batches.filter((y) => y.table === 'b')) x.columns[bOrder.indexOf('a_id')] = x.columns[bOrder.indexOf('a_id')]!.map((v) => (v === oldKey ? moved : v));
      const moves = batches.filter((x) => x.table === 'b').flatMap((x) => x.columns[bOrder.indexOf('a_id')]!.map((v, r) => (v === moved ? x.startRow + r : -1))).filter((r) => r >= 0);
      expect(moves.length).toBeGreaterThan(0);
      const failed = find(check(s, plan, batches), 'b', 'check')[0]!;
      expect(failed.rows).toEqual([...children, ...moves].sort((x, y) => x - y).slice(0, 10));
    }
  });

  it('samples the same rows whatever the batch size, so the report is deterministic', () => {
    const { plan } = planOf(spec);
    const run = (batchRows: number) => {
      const checker = new ConformanceChecker(plan!, spec);
      for (const s of executePlan(plan!, spec, { batchRows })) for (const b of s.batches()) checker.observe(b);
      return checker.finish();
    };
    expect(JSON.stringify(run(7))).toBe(JSON.stringify(run(4096)));
  });

  describe('table-level unique sets', () => {
    // `unique: [[slug]]` is `slug: { unique: true }` (docs/spec.md); a composite set is checked as a tuple.
    const s = specOf(`
synth: 1
seed: 11
tables:
  tags:
    rows: 40
    columns:
      id: { type: sequence, primary_key: true }
      slug: { type: string, pattern: '[a-z]{8}' }
      tenant: { type: int, min: 1, max: 4 }
      name: { type: string, pattern: '[a-z]{6}' }
    unique: [[slug], [tenant, name]]
  posts:
    rows: 60
    columns:
      tag: { ref: tags.slug }
outputs: []
`);

    it('are planned once, normalized, and passed to writers', () => {
      const { plan } = batchesOf(s);
      const tags = plan.tables.find((t) => t.name === 'tags')!;
      expect(tags.primaryKey).toEqual(['id']);
      expect(tags.uniqueSets).toEqual([['slug'], ['tenant', 'name']]);
      const info = executePlan(plan, s).find((x) => x.info.name === 'tags')!.info;
      expect(info.primaryKey).toEqual(['id']);
      expect(info.unique).toEqual([['slug'], ['tenant', 'name']]);
    });

    it('pass when they hold, and the reference to a table-level unique column is checked', () => {
      const { plan, batches } = batchesOf(s);
      const report = check(s, plan, batches);
      expect(report.findings.filter((f) => f.outcome !== 'pass')).toEqual([]);
      expect(find(report, 'tags', 'unique', 'slug')[0]!.outcome).toBe('pass');
      expect(find(report, 'tags', 'unique', 'tenant, name')[0]!.outcome).toBe('pass');
      expect(find(report, 'posts', 'foreign-key', 'tag')[0]!.outcome).toBe('pass');
    });

    it('fail on a repeated one-column value', () => {
      const { plan, batches } = batchesOf(s);
      const slug = batches[0]!.columns[plan.tables.find((t) => t.name === 'tags')!.outputOrder.indexOf('slug')]![0]!;
      for (const row of [1, 2, 3]) poke(plan, batches, 'tags', 'slug', row, slug);
      const report = check(s, plan, batches);
      expect(report.ok).toBe(false);
      expect(find(report, 'tags', 'unique', 'slug')[0]).toMatchObject({ outcome: 'fail', violations: 3, rows: [1, 2, 3], pointer: '/tables/tags/columns/slug' });
    });

    it('fail on a repeated tuple of a composite set', () => {
      const { plan, batches } = batchesOf(s);
      const order = plan.tables.find((t) => t.name === 'tags')!.outputOrder;
      const at = (name: string, row: number) => batches[0]!.columns[order.indexOf(name)]![row]!;
      poke(plan, batches, 'tags', 'tenant', 5, at('tenant', 4));
      poke(plan, batches, 'tags', 'name', 5, at('name', 4));
      const report = check(s, plan, batches);
      expect(report.ok).toBe(false);
      expect(find(report, 'tags', 'unique', 'tenant, name')[0]).toMatchObject({ outcome: 'fail', rows: [5], pointer: '/tables/tags/unique/1' });
    });
  });
});
