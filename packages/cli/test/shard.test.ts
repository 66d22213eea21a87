import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { executePlan, planBuild } from '@synth/compiler';
import { loadSpec } from '@synth/spec';
import { duckdb } from './duckdb.js';
import { listFiles, REPO, runBin, runCli, tempDir } from './run-cli.js';

const FIXTURES = readdirSync(join(REPO, 'fixtures')).filter((f) => f.endsWith('.synth.yaml')).sort();

/**
 * Cross-shard references on purpose: order lines point at any product (random), employees at any earlier
 * employee (self), customers carry a unique e-mail drawn with retries (sequential by nature).
 */
const SPEC = `synth: 1
seed: 11
tables:
  products:
    rows: 3000
    columns:
      id: { type: sequence, primary_key: true }
      name: { type: commerce.productName }
      price: { type: decimal, scale: 2, min: 1, max: 500 }
  customers:
    rows: 2000
    columns:
      id: { type: uuid, primary_key: true }
      email: { type: internet.email, unique: true }
  orders:
    rows: { per: customers, count: { poisson: { mean: 2 } } }
    columns:
      id: { type: sequence, primary_key: true }
      customer_id: { ref: customers.id }
      placed_at: { type: datetime, min: 2024-01-01T00:00:00Z, max: 2024-12-31T00:00:00Z }
  order_lines:
    rows: 9000
    columns:
      id: { type: sequence, primary_key: true }
      order_id: { ref: orders.id }
      product_id: { ref: products.id }
      unit_price: { type: decimal, scale: 2, expr: "products.price" }
  employees:
    rows: 500
    columns:
      id: { type: sequence, primary_key: true }
      manager_id: { ref: employees.id, nulls: 0.05 }
`;


describe('--shard i/n', () => {
  it.each(['csv', 'tsv', 'jsonl'])('%s: the parts of every fixture, concatenated in order, are the single build byte for byte', async (format) => {
    for (const fixture of FIXTURES) {
      const dir = tempDir();
      writeFileSync(join(dir, 's.synth.yaml'), readFileSync(join(REPO, 'fixtures', fixture)));
      expect((await runCli(['build', 's.synth.yaml', '--format', format, '--out', 'full'], { cwd: dir })).code).toBe(0);
      for (let i = 0; i < 3; i++) {
        const r = await runCli(['build', 's.synth.yaml', '--format', format, '--out', 'parts', '--shard', `${i}/3`], { cwd: dir });
        expect(r.stderr).not.toContain('error');
        expect(r.code).toBe(0);
      }
      const tables = listFiles(join(dir, 'full'));
      expect(listFiles(join(dir, 'parts'))).toEqual(tables.flatMap((f) => [0, 1, 2].map((i) => `${f.replace(`.${format}`, '')}/part-0000${i}-of-00003.${format}`)).sort());
      for (const f of tables) {
        const t = f.replace(`.${format}`, '');
        const joined = Buffer.concat([0, 1, 2].map((i) => readFileSync(join(dir, 'parts', t, `part-0000${i}-of-00003.${format}`))));
        expect({ fixture, table: t, same: joined.equals(readFileSync(join(dir, 'full', f))) }).toEqual({ fixture, table: t, same: true });
      }
    }
  });

  it('four separate processes write parquet part files whose union is the single build, with foreign keys resolving across parts', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.synth.yaml'), SPEC);
    expect((await runCli(['build', 'x.synth.yaml', '--format', 'csv', '--out', 'full'], { cwd: dir })).code).toBe(0);
    const runs = await Promise.all([0, 1, 2, 3].map((i) => runBin(dir, ['build', 'x.synth.yaml', '--format', 'parquet', '--out', 'ds', '--shard', `${i}/4`])));
    for (const r of runs) expect(r).toEqual({ code: 0, stdout: expect.stringContaining('part-'), stderr: expect.not.stringContaining('error') });

    const db = await duckdb();
    try {
      for (const t of ['products', 'customers', 'orders', 'order_lines', 'employees']) {
        // Part files are complete parquet files: DuckDB reads the directory as one dataset.
        const parts = `read_parquet('${join(dir, 'ds', t)}/part-*.parquet')`;
        const full = `read_csv('${join(dir, 'full', `${t}.csv`)}', all_varchar = true)`;
        const cols = (await db.all(`SELECT column_name FROM (DESCRIBE SELECT * FROM ${full})`)).map((r) => `"${String(r.column_name)}"`);
        // Values compared as text, timestamps as instants (csv leaves out zero milliseconds): parquet rows minus
        // csv rows and the reverse are both empty.
        const norm = cols.map((c) => (c === '"placed_at"' ? `epoch_ms(CAST(${c} AS TIMESTAMPTZ))::VARCHAR AS ${c}` : `CAST(${c} AS VARCHAR) AS ${c}`)).join(', ');
        const diff = await db.all(`SELECT count(*)::INT AS n FROM ((SELECT ${norm} FROM ${parts} EXCEPT ALL SELECT ${norm} FROM ${full}) UNION ALL (SELECT ${norm} FROM ${full} EXCEPT ALL SELECT ${norm} FROM ${parts}))`);
        expect({ t, n: diff[0]!.n }).toEqual({ t, n: 0 });
      }
      const ds = (t: string) => `read_parquet('${join(dir, 'ds', t)}/part-*.parquet', filename = true)`;
      const dangling = await db.all(`SELECT count(*)::INT AS n FROM ${ds('order_lines')} l LEFT JOIN ${ds('products')} p ON l.product_id = p.id WHERE p.id IS NULL`);
      expect(dangling[0]!.n).toBe(0);
      // The proof that shards do not need each other: lines in the last part point at products written by the first.
      const across = await db.all(`SELECT count(*)::INT AS n FROM ${ds('order_lines')} l JOIN ${ds('products')} p ON l.product_id = p.id WHERE l.filename LIKE '%part-00003-%' AND p.filename LIKE '%part-00000-%'`);
      expect(across[0]!.n).toBeGreaterThan(100);
      const managers = await db.all(`SELECT count(*)::INT AS n FROM ${ds('employees')} e LEFT JOIN ${ds('employees')} m ON e.manager_id = m.id WHERE e.manager_id IS NOT NULL AND m.id IS NULL`);
      expect(managers[0]!.n).toBe(0);
      const emails = await db.all(`SELECT count(*)::INT AS n, count(DISTINCT email)::INT AS d FROM ${ds('customers')}`);
      expect(emails[0]).toEqual({ n: 2000, d: 2000 });
    } finally {
      db.close();
    }
  });

  it("a shard computes its child rows without generating the parent table's stream", () => {
    const loaded = loadSpec({ path: 'x.synth.yaml', text: SPEC });
    expect(loaded.diagnostics).toEqual([]);
    const spec = loaded.value!.spec;
    const plan = planBuild(spec).value!;
    const rowsOf = (streams: ReturnType<typeof executePlan>, table: string) => streams.find((s) => s.info.name === table)!;
    const single = [...rowsOf(executePlan(plan, spec), 'order_lines').batches()].flatMap((b) => b.columns[2]!);
    // Only the order_lines stream of shard 2/3 is consumed: products and orders are never walked.
    const shard = rowsOf(executePlan(plan, spec, { shard: { index: 2, count: 3 } }), 'order_lines');
    const batches = [...shard.batches()];
    expect(shard.info.rowCount).toBe(3000);
    expect(batches[0]!.startRow).toBe(6000);
    expect(batches.flatMap((b) => b.columns[2]!)).toEqual(single.slice(6000));
  });

  it('refuses a malformed shard, --to, and document formats that hold every table in one file', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'x.synth.yaml'), SPEC);
    for (const bad of ['3/3', '1', 'a/b', '1/-2', '0/0']) {
      const r = await runCli(['build', 'x.synth.yaml', `--shard=${bad}`], { cwd: dir });
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('--shard takes I/N');
    }
    expect((await runCli(['build', 'x.synth.yaml', '--shard', '0/2', '--to', 'sqlite:x.db'], { cwd: dir })).code).toBe(2);
    for (const format of ['sql', 'xlsx']) {
      const r = await runCli(['build', 'x.synth.yaml', '--shard', '0/2', '--format', format], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain('SYN');
      expect(r.stderr).toContain('--shard writes each table as part files');
    }
    expect(listFiles(dir)).toEqual(['x.synth.yaml']);
  });
});
