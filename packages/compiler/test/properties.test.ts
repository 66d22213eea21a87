import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { column, generate, specOf } from './helpers.js';

/** A random but valid two-table spec, with the parameters the assertions need. */
const specArb = fc.record({
  seed: fc.oneof(fc.nat(), fc.string({ minLength: 1, maxLength: 8 })),
  parentRows: fc.integer({ min: 1, max: 60 }),
  idStart: fc.integer({ min: -5, max: 1000 }),
  scoreMin: fc.integer({ min: -100, max: 100 }),
  scoreSpan: fc.integer({ min: 0, max: 500 }),
  normal: fc.boolean(),
  uniqueSlack: fc.integer({ min: 0, max: 40 }),
  nullRate: fc.constantFrom(0, 0.1, 0.5),
  childMax: fc.integer({ min: 0, max: 4 }),
  perParent: fc.boolean(),
  childRows: fc.integer({ min: 0, max: 80 }),
  weights: fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 4 }),
});
type Params = typeof specArb extends fc.Arbitrary<infer T> ? T : never;

function specText(p: Params): string {
  const enumValues = Object.fromEntries(p.weights.map((w, i) => [`v${i}`, w]));
  const spec = {
    synth: 1,
    seed: p.seed,
    tables: {
      parent: {
        rows: p.parentRows,
        columns: {
          id: { type: 'sequence', start: p.idStart, primary_key: true },
          code: { type: 'string', pattern: '[A-Z]{2}-\\d{3}', unique: true },
          score: { type: 'int', min: p.scoreMin, max: p.scoreMin + p.scoreSpan, ...(p.normal ? { distribution: { normal: { mean: p.scoreMin, stddev: 50 } } } : {}), nulls: p.nullRate },
          rank: { type: 'int', min: 1, max: p.parentRows + p.uniqueSlack, unique: true },
          kind: { type: 'enum', values: enumValues },
          born: { type: 'date', min: '1990-01-01', max: '1999-12-31' },
        },
      },
      child: {
        rows: p.perParent ? { per: 'parent', count: { min: 0, max: p.childMax } } : p.childRows,
        ...(p.perParent ? { unique: [['parent_id', 'line']] } : {}),
        columns: {
          id: { type: 'uuid', primary_key: true },
          parent_id: { ref: 'parent.id' },
          line: { type: 'int', min: 1, max: Math.max(p.childMax, 1) },
          qty: { type: 'int', min: 1, max: 5 },
          amount: { type: 'decimal', scale: 2, min: 0, max: 100 },
          doubled: { type: 'decimal', scale: 2, expr: 'amount * 2.0' },
          big: { type: 'bool', expr: 'qty >= 4' },
          note: { type: 'string', pattern: 'n\\d', when: 'qty >= 4' },
          after_parent: { type: 'date', expr: "uniform(parent.born, timestamp('2005-01-01T00:00:00Z'))" },
        },
        checks: ['qty != 3', 'after_parent >= parent.born'],
      },
    },
  };
  return JSON.stringify(spec); // JSON is YAML: the test goes through the real parser and validator
}

describe('random valid specs', () => {
  it('build deterministically and satisfy every declared constraint', () => {
    fc.assert(fc.property(specArb, (p) => {
      const spec = specOf(specText(p));
      const a = generate(spec);
      const b = generate(specOf(specText(p)));
      expect(JSON.stringify([...b])).toBe(JSON.stringify([...a]));

      const parent = a.get('parent')!;
      const child = a.get('child')!;
      expect(parent).toHaveLength(p.parentRows);
      // Keys: unique and not null.
      const ids = column(parent, 'id');
      expect(ids).toEqual(ids.map((_, i) => p.idStart + i));
      for (const col of ['code', 'rank']) expect(new Set(column(parent, col)).size).toBe(p.parentRows);
      expect(new Set(column(child, 'id')).size).toBe(child.length);
      // Ranges and patterns.
      for (const r of parent) {
        if (r.score !== null) {
          expect(Number.isInteger(r.score)).toBe(true);
          expect(r.score).toBeGreaterThanOrEqual(p.scoreMin);
          expect(r.score).toBeLessThanOrEqual(p.scoreMin + p.scoreSpan);
        }
        expect(r.rank).toBeGreaterThanOrEqual(1);
        expect(r.rank).toBeLessThanOrEqual(p.parentRows + p.uniqueSlack);
        expect(r.code).toMatch(/^[A-Z]{2}-\d{3}$/);
        expect(Object.keys(p.weights.map((_, i) => `v${i}`))).toBeDefined();
        expect(p.weights.map((_, i) => `v${i}`)).toContain(r.kind);
        expect(r.born).toBeGreaterThanOrEqual(Date.UTC(1990, 0, 1));
        expect(r.born).toBeLessThanOrEqual(Date.UTC(1999, 11, 31));
      }
      if (p.nullRate === 0) expect(column(parent, 'score')).not.toContain(null);
      // Foreign keys, cardinality, composite uniqueness, checks, derived and conditional values.
      const bornById = new Map(parent.map((r) => [r.id, r.born as number]));
      const perParent = new Map<unknown, number>();
      for (const r of child) {
        expect(bornById.has(r.parent_id)).toBe(true);
        perParent.set(r.parent_id, (perParent.get(r.parent_id) ?? 0) + 1);
        expect(r.qty).not.toBe(3);
        expect(r.after_parent as number).toBeGreaterThanOrEqual(bornById.get(r.parent_id)!);
        expect(r.doubled).toBeCloseTo((r.amount as number) * 2, 2);
        expect(r.big).toBe((r.qty as number) >= 4);
        if ((r.qty as number) >= 4) expect(r.note).toMatch(/^n\d$/);
        else expect(r.note).toBeNull();
      }
      if (p.perParent) {
        for (const n of perParent.values()) expect(n).toBeLessThanOrEqual(p.childMax);
        const pairs = child.map((r) => `${r.parent_id}/${r.line}`);
        expect(new Set(pairs).size).toBe(pairs.length);
        // Families are contiguous and in parent order.
        const order = column(child, 'parent_id') as number[];
        for (let i = 1; i < order.length; i++) expect(order[i]!).toBeGreaterThanOrEqual(order[i - 1]!);
      } else {
        expect(child).toHaveLength(p.childRows);
      }
    }), { numRuns: 40 });
  });

  it('give different data for a different seed', () => {
    const p: Params = { seed: 1, parentRows: 30, idStart: 1, scoreMin: 0, scoreSpan: 1000, normal: false, uniqueSlack: 100, nullRate: 0, childMax: 3, perParent: true, childRows: 0, weights: [1, 2] };
    const a = generate(specOf(specText(p))).get('parent')!;
    const b = generate(specOf(specText({ ...p, seed: 2 }))).get('parent')!;
    expect(column(a, 'score')).not.toEqual(column(b, 'score'));
    expect(column(a, 'id')).toEqual(column(b, 'id'));
  });
});

describe('self-references', () => {
  it('a row reading its parent row in the same table sees exactly the values written for it', () => {
    const spec = specOf(`synth: 1
seed: 5
tables:
  employees:
    rows: 300
    columns:
      id: { type: sequence, primary_key: true }
      manager_id: { ref: employees.id, as: manager, nullable: true }
      level: { type: int, expr: "manager == null ? 0 : manager.level + uniform(1, 5)" }
      hired: { type: datetime, expr: "manager == null ? timestamp('2000-01-01T00:00:00Z') : uniform(manager.hired, manager.hired + duration('8760h'))" }
    checks: [ "manager == null || (level > manager.level && level <= manager.level + 5 && hired >= manager.hired)" ]
`);
    const rows = generate(spec).get('employees')!;
    const byId = new Map(rows.map((r) => [r.id, r]));
    let checked = 0;
    for (const r of rows) {
      if (r.manager_id === null) continue;
      const m = byId.get(r.manager_id)!;
      expect(r.manager_id as number).toBeLessThan(r.id as number);
      expect(r.level as number).toBeGreaterThan(m.level as number);
      expect(r.level as number).toBeLessThanOrEqual((m.level as number) + 5);
      expect(r.hired as number).toBeGreaterThanOrEqual(m.hired as number);
      checked++;
    }
    expect(checked).toBe(299);
  });
});
