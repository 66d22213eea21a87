import { describe, expect, it } from '@jest/globals';
import { normalizeColumn, type ColumnKind, type ColumnSpec } from '@synth/spec';
import { columnModule } from '../src/columns/registry.js';
import { valueRules } from '../src/conformance/column-rules.js';
import { createFakerSource } from '../src/generators/faker-source.js';
import { domainValueFor, drawFor } from '../src/generators/draw.js';
import { columnInfo, enumerableDomain } from '../src/plan/column-info.js';
import { CellRandom, streamKey } from '../src/random/cell-random.js';
import { specOf } from './helpers.js';

/** One column of each kind, as a validated spec holds it; the key is the kind normalizeColumn must find. */
const spec = specOf(`synth: 1
seed: 7
tables:
  parents:
    rows: 5
    columns:
      id: { type: sequence, primary_key: true }
  kinds:
    rows: 5
    columns:
      sequence: { type: sequence, start: 5, step: 2 }
      int: { type: int, min: -3, max: 4 }
      float: { type: float, min: 0, max: 1, scale: 2 }
      decimal: { type: decimal, min: 1, max: 2 }
      bool: { type: bool, probability: 0.3 }
      enum: { type: enum, values: { a: 2, b: 0, c: 1 } }
      enum_list: { type: enum, values: [x, y, x, 3] }
      date: { type: date, min: '2024-02-01', max: '2024-03-15' }
      datetime: { type: datetime, min: '2024-02-01T00:00:00Z', max: '2024-02-01T01:00:00Z' }
      time: { type: time, min: '08:00:00', max: '08:10:00' }
      uuid: { type: uuid }
      string: { type: string, pattern: '[A-C]{2}-[0-9]' }
      constant: { type: constant, value: 7 }
      object: { type: object, fields: { n: { type: int, min: 1, max: 3 }, d: { type: date }, s: { type: enum, values: [p, q], nulls: 0.5 } } }
      array: { type: array, items: { type: time }, count: { min: 1, max: 2 } }
      json: { type: json, schema: { type: object, properties: { a: { type: integer } }, required: [a] } }
      faker: { type: person.firstName }
      ref: { ref: parents.id }
`);
const columns = Object.entries(spec.tables.kinds!.columns);
const faker = createFakerSource('en');
const kindOfName = (name: string) => name.replace(/_list$/, '') as ColumnKind;
const rulesOf = (name: string, c: ColumnSpec) => valueRules(c, columnInfo(name, c, spec, faker));

describe('normalizeColumn', () => {
  it('finds the kind of every column form and hands back the object the user wrote', () => {
    for (const [name, c] of columns) {
      const n = normalizeColumn(c);
      expect([name, n.kind]).toEqual([name, kindOfName(name)]);
      expect(n.spec).toBe(c);
      expect(typeof columnModule(n).info).toBe('function');
    }
  });

  it('splits a Faker path and its arguments, and a plugin generator name', () => {
    expect(normalizeColumn({ type: 'person.firstName' })).toMatchObject({ kind: 'faker', method: 'person.firstName', args: [] });
    expect(normalizeColumn({ type: 'lorem.words', args: [3] })).toMatchObject({ kind: 'faker', method: 'lorem.words', args: [3] });
    expect(normalizeColumn({ type: 'acme/sku' })).toMatchObject({ kind: 'plugin', plugin: 'acme', name: 'sku' });
  });
});

describe('a kind module agrees with itself', () => {
  it('every value its draw makes satisfies its rules', () => {
    for (const [name, c] of columns) {
      const kind = normalizeColumn(c).kind;
      if (kind === 'sequence' || kind === 'ref') continue; // counted and picked by the executor, not drawn
      const draw = drawFor(c, faker);
      const rules = rulesOf(name, c);
      const key = streamKey('column-kinds', name);
      for (let row = 0; row < 300; row++) {
        const v = draw(new CellRandom(key).at(row));
        expect(v).not.toBeNull();
        const broken = rules.filter((r) => !r.holds(v!, row)).map((r) => r.rule);
        expect([name, v, broken]).toEqual([name, v, []]);
      }
    }
  });

  it('a finite domain enumerates that many distinct values, each one its rules accept', () => {
    const finite = columns.filter(([, c]) => enumerableDomain(c).size !== undefined);
    expect(finite.map(([name]) => name)).toEqual(['int', 'bool', 'enum', 'enum_list', 'date', 'datetime', 'time', 'constant']);
    for (const [name, c] of finite) {
      const size = enumerableDomain(c).size!;
      const value = domainValueFor(c)!;
      const rules = rulesOf(name, c);
      const values = Array.from({ length: size }, (_, i) => value(i));
      expect([name, new Set(values).size]).toEqual([name, size]);
      for (const v of values) expect([name, v, rules.filter((r) => !r.holds(v!, 0)).map((r) => r.rule)]).toEqual([name, v, []]);
    }
  });
});
