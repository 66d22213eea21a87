import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Plan } from '@synth/compiler';
import { duckdb, quoteIdent as q, quoteString as s } from './duckdb.js';
import { listFiles, REPO, runCli, tempDir } from './run-cli.js';

const FIXTURES = join(REPO, 'fixtures');
const GOLDEN = join(FIXTURES, 'golden-hashes.json');
const fixtures = readdirSync(FIXTURES).filter((f) => f.endsWith('.synth.yaml')).sort();
const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as Record<string, Record<string, string>>;
const updating = process.env.UPDATE_GOLDEN === '1';

/** sha256 of every file under dir. */
function hashes(dir: string): Record<string, string> {
  return Object.fromEntries(listFiles(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));
}

async function build(fixture: string, extra: string[] = []): Promise<{ dir: string; code: number; stderr: string }> {
  const dir = tempDir();
  const r = await runCli(['build', join(FIXTURES, fixture), '--out', dir, ...extra], { cwd: dir });
  return { dir, code: r.code, stderr: r.stderr };
}

describe('fixtures', () => {
  it('there are at least six', () => expect(fixtures.length).toBeGreaterThanOrEqual(6));

  const built: Record<string, Record<string, string>> = {};
  afterAll(() => {
    if (updating) writeFileSync(GOLDEN, `${JSON.stringify(built, null, 2)}\n`);
  });

  describe.each(fixtures)('%s', (fixture) => {
    let first: { dir: string; code: number; stderr: string };
    beforeAll(async () => {
      first = await build(fixture);
    });

    it('validates and builds', async () => {
      expect((await runCli(['validate', join(FIXTURES, fixture)])).code).toBe(0);
      expect(first.stderr).not.toMatch(/SYN\d|error/);
      expect(first.code).toBe(0);
      expect(listFiles(first.dir).length).toBeGreaterThan(0);
    });

    it('builds the same bytes twice, and as recorded in fixtures/golden-hashes.json', async () => {
      const a = hashes(first.dir);
      const again = await build(fixture);
      expect(hashes(again.dir)).toEqual(a);
      built[fixture] = a;
      if (!updating) expect(a).toEqual(golden[fixture]); // run `UPDATE_GOLDEN=1 pnpm test:jest fixtures` after an intended change
    });

    it('builds different data with another seed', async () => {
      const other = await build(fixture, ['--seed', 'another-seed']);
      const a = hashes(first.dir);
      const b = hashes(other.dir);
      expect(Object.keys(b)).toEqual(Object.keys(a));
      expect(Object.values(b)).not.toEqual(Object.values(a));
    });

    it('holds its keys, foreign keys and row counts when read back by DuckDB', async () => {
      const dir = (await build(fixture, ['--format', 'csv'])).dir;
      const plan = JSON.parse((await runCli(['plan', join(FIXTURES, fixture), '--json'])).stdout) as Plan;
      const db = await duckdb();
      try {
        for (const t of plan.tables) {
          await db.all(`CREATE TABLE ${q(t.name)} AS SELECT * FROM read_csv(${s(join(dir, `${t.name}.csv`))}, header = true, all_varchar = true)`);
          const [{ n }] = (await db.all(`SELECT count(*)::INTEGER AS n FROM ${q(t.name)}`)) as [{ n: number }];
          expect({ table: t.name, rows: n }).toEqual({ table: t.name, rows: t.rowCount });
        }
        for (const t of plan.tables) {
          for (const c of t.columns.filter((x) => x.unique)) {
            const [r] = await db.all(`SELECT count(${q(c.name)})::INTEGER AS n, count(DISTINCT ${q(c.name)})::INTEGER AS d FROM ${q(t.name)}`);
            expect({ column: `${t.name}.${c.name}`, distinct: r!.d }).toEqual({ column: `${t.name}.${c.name}`, distinct: r!.n });
          }
          for (const g of t.uniqueGroups) {
            const cols = g.columns.map(q).join(', ');
            const [r] = await db.all(`SELECT count(*)::INTEGER AS n, count(DISTINCT (${cols}))::INTEGER AS d FROM ${q(t.name)} WHERE ${g.columns.map((c) => `${q(c)} IS NOT NULL`).join(' AND ')}`);
            expect({ key: `${t.name}(${g.columns})`, distinct: r!.d }).toEqual({ key: `${t.name}(${g.columns})`, distinct: r!.n });
          }
        }
        for (const e of plan.edges) {
          const target = plan.tables.find((t) => t.name === e.from)!.columns.find((c) => c.name === e.column)!.references!.split('.')[1]!;
          const [r] = await db.all(`SELECT count(*)::INTEGER AS n FROM ${q(e.from)} c WHERE c.${q(e.column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${q(e.to)} p WHERE p.${q(target)} = c.${q(e.column)})`);
          expect({ edge: `${e.from}.${e.column} → ${e.to}.${target}`, orphans: r!.n }).toEqual({ edge: `${e.from}.${e.column} → ${e.to}.${target}`, orphans: 0 });
          if (!e.nullable) {
            const [z] = await db.all(`SELECT count(*)::INTEGER AS n FROM ${q(e.from)} WHERE ${q(e.column)} IS NULL`);
            expect(z!.n).toBe(0);
          }
        }
      } finally {
        db.close();
      }
    });
  });
});

describe('shop checks, read back by DuckDB', () => {
  it('orders are placed after signup, payments after the order, shipped_at only when shipped', async () => {
    const dir = (await build('shop.synth.yaml', ['--format', 'csv'])).dir;
    const db = await duckdb();
    try {
      const csv = (t: string) => `read_csv(${s(join(dir, `${t}.csv`))}, header = true)`;
      const [bad] = await db.all(`SELECT
          (SELECT count(*) FROM ${csv('orders')} o JOIN ${csv('customers')} c ON o.customer_id = c.id WHERE o.placed_at < c.signed_up_at)::INTEGER AS early_orders,
          (SELECT count(*) FROM ${csv('payments')} p JOIN ${csv('orders')} o ON p.order_id = o.id WHERE p.paid_at < o.placed_at)::INTEGER AS early_payments,
          (SELECT count(*) FROM ${csv('orders')} WHERE (shipped_at IS NULL) <> (status IN ('pending', 'cancelled')))::INTEGER AS bad_shipping,
          (SELECT count(*) FROM ${csv('order_items')} WHERE line NOT BETWEEN 1 AND 5 OR quantity NOT BETWEEN 1 AND 10)::INTEGER AS out_of_range,
          (SELECT count(*) FROM ${csv('products')} WHERE NOT regexp_full_match(sku, '[A-Z]{3}-\\d{5}'))::INTEGER AS bad_skus`);
      expect(bad).toEqual({ early_orders: 0, early_payments: 0, bad_shipping: 0, out_of_range: 0, bad_skus: 0 });
    } finally {
      db.close();
    }
  });
});
