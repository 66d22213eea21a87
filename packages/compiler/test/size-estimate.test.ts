import { describe, expect, it } from '@jest/globals';
import { parseSpec, validateSpec } from '@synth/spec';
import { planBuild } from '../src/plan/plan-build.js';
import { estimateOutputBytes, estimateRowBytes, formatSize } from '../src/plan/size-estimate.js';
import type { ColumnInfo } from '../src/types.js';

const cols: ColumnInfo[] = [
  { name: 'id', type: 'int', nullable: false },
  { name: 'email', type: 'string', nullable: false },
  { name: 'created_at', type: 'datetime', nullable: false },
];

function planOf(text: string, options: Parameters<typeof planBuild>[1] = {}) {
  const doc = parseSpec({ path: 's.synth.yaml', text }).value!;
  const spec = validateSpec(doc).value!;
  return planBuild(spec, { doc, ...options });
}

const SPEC = `synth: 1
seed: 1
tables:
  users:
    rows: 1000
    columns:
      id: { type: sequence, primary_key: true }
      email: { type: internet.email }
  orders:
    rows: { per: users, count: 3 }
    columns:
      id: { type: uuid, primary_key: true }
      user_id: { ref: users.id }
      amount: { type: decimal, scale: 2, min: 1, max: 100 }
`;

describe('output size estimate', () => {
  it('adds the value sizes, and each format its separators or names', () => {
    expect(estimateRowBytes(cols, 'csv')).toBe(1 + 13 + 41 + 29);
    // jsonl repeats every column name in every row
    expect(estimateRowBytes(cols, 'jsonl')).toBe(3 + (12 + 4 + 2) + (40 + 4 + 5) + (28 + 4 + 10));
    expect(estimateRowBytes(cols, 'parquet')).toBeLessThan(estimateRowBytes(cols, 'csv'));
    expect(estimateRowBytes(cols, 'some-plugin/format')).toBe(estimateRowBytes(cols, 'csv'));
  });

  it('sums rows × row size over every output and its tables, and shrinks with a shard', () => {
    const plan = planOf(SPEC).value!;
    const csv = estimateOutputBytes(plan, [{ format: 'csv', tables: ['users', 'orders'] }]);
    const users = 1000 * estimateRowBytes(plan.tables.find((t) => t.name === 'users')!.columns.map((c) => c.info), 'csv');
    const orders = 3000 * estimateRowBytes(plan.tables.find((t) => t.name === 'orders')!.columns.map((c) => c.info), 'csv');
    expect(csv).toBe(Math.ceil(users + orders));
    expect(estimateOutputBytes(plan, [{ format: 'csv', tables: ['users'] }, { format: 'jsonl', tables: ['users'] }])).toBeGreaterThan(users);
    expect(estimateOutputBytes(plan, [{ format: 'csv', tables: ['users', 'orders'] }], (_t, n) => n / 4)).toBe(Math.ceil(csv / 4));
  });

  it('is not below what the csv writer really writes for a fixture-like table (it guards the disk)', () => {
    // A real users.csv of 1000 rows of ids and emails is ~30 KB; the estimate must be at least that.
    const plan = planOf(SPEC).value!;
    expect(estimateOutputBytes(plan, [{ format: 'csv', tables: ['users'] }])).toBeGreaterThan(30_000);
  });

  it('prints sizes in binary units', () => {
    expect(formatSize(10 * 1024 ** 3)).toBe('10.0 GiB');
    expect(formatSize(512)).toBe('512 B');
    expect(formatSize(1.5 * 1024 ** 2)).toBe('1.5 MiB');
  });
});

describe('row counts against the limits (plan)', () => {
  it('refuses rows × --scale over rows-per-table, at the table, before planning further', () => {
    const r = planOf(SPEC, { scale: 2e6 });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.line])).toEqual([['SYN340', 5]]);
  });

  it('adds up per-parent counts and stops at the limit', () => {
    const r = planOf(SPEC, { limits: { rowsPerTable: 2000 } });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SYN340']);
    expect(r.diagnostics[0]!.message).toContain("'orders'");
  });

  it('refuses a build whose tables together are over total-rows', () => {
    expect(planOf(SPEC, { limits: { totalRows: 3999 } }).diagnostics.map((d) => d.code)).toEqual(['SYN341']);
    expect(planOf(SPEC, { limits: { totalRows: 4000 } }).value).toBeDefined();
  });
});
