import { describe, expect, it } from '@jest/globals';
import { didYouMean, loadSpec, type Diagnostic } from '@synth/spec';

const load = (text: string) => loadSpec({ path: 'x.synth.yaml', text });
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const at = (ds: Diagnostic[], code: string) => ds.filter((d) => d.code === code).map((d) => d.pointer);

/** One table `t` with these column lines (6 spaces in). */
const spec = (columns: string, extra = '') => `synth: 1
tables:
  t:
    rows: 10
    columns:
${columns.replace(/^/gm, '      ')}
${extra}`;

describe('schema errors do not hide the semantic checks of the well-formed parts', () => {
  it("a typo'd key and three semantic errors elsewhere: all four", () => {
    const r = load(spec('id: { type: sequence, primary_kye: true }\nn: { type: int, min: 9, max: 1 }\nf: { type: person.fulName }\nboss: { ref: managers.id }'));
    expect(r.value).toBeUndefined();
    expect(codes(r.diagnostics).sort()).toEqual(['SYN203', 'SYN301', 'SYN305', 'SYN306']);
  });

  it('a broken table is left out, and references to it are not reported as unknown', () => {
    const r = load(`synth: 1
tables:
  users:
    rows: 5
    colums:
      id: { type: sequence, primary_key: true }
  orders:
    rows: 10
    columns:
      id: { type: sequence, primary_key: true }
      user_id: { ref: users.id }
      n: { type: int, min: 9, max: 1 }
`);
    expect(codes(r.diagnostics).sort()).toEqual(['SYN203', 'SYN205', 'SYN306']);
  });

  it('a broken column is left out, and an expression reading it is not reported', () => {
    const r = load(spec('a: { type: int, min: "one" }\nb: { type: int, expr: "a + 1" }\nc: { type: int, min: 5, max: 1 }'));
    expect(codes(r.diagnostics).sort()).toEqual(['SYN204', 'SYN306']);
  });

  it('a broken root gives the schema errors alone', () => {
    expect(codes(load('synth: 1\ntables: 3\n').diagnostics)).toEqual(['SYN204']);
    expect(codes(load(spec('id: { type: sequence }').replace('tables:', 'tabels:')).diagnostics).sort()).toEqual(['SYN203', 'SYN205']);
  });
});

describe('reserved names (SYN107)', () => {
  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('%s as a table, column or enum value name is refused at the key', (name) => {
    expect(at(load(spec('id: { type: sequence }')).diagnostics, 'SYN107')).toEqual([]);
    expect(at(load(spec('id: { type: sequence }').replace('  t:', `  ${name}:`)).diagnostics, 'SYN107')).toEqual([`/tables/${name}`]);
    expect(at(load(spec(`id: { type: sequence }\n${name}: { type: int }`)).diagnostics, 'SYN107')).toEqual([`/tables/t/columns/${name}`]);
    expect(at(load(spec(`e: { type: enum, values: { ${name}: 1, b: 2 } }`)).diagnostics, 'SYN107')).toEqual([`/tables/t/columns/e/values/${name}`]);
  });

  it('a reference to an undeclared prototype name is an unknown table or column', () => {
    expect(codes(load(spec('id: { type: sequence, primary_key: true }\nb: { ref: toString.id, nullable: true }')).diagnostics)).toEqual(['SYN301']);
    expect(codes(load(spec('id: { type: sequence, primary_key: true }\nb: { ref: t.constructor, nullable: true }')).diagnostics)).toEqual(['SYN302']);
  });

  it('the tables and columns of a Spec find only what was declared', () => {
    const s = load(spec('id: { type: sequence }')).value!.spec;
    expect('toString' in s.tables).toBe(false);
    expect('constructor' in s.tables.t!.columns).toBe(false);
  });
});

describe('numbers that are not finite (SYN210)', () => {
  it.each([
    ['max: .inf', 'n: { type: float, min: 0, max: .inf }', '/tables/t/columns/n/max'],
    ['min: -.inf', 'n: { type: int, min: -.inf, max: 1 }', '/tables/t/columns/n/min'],
    ['max: .nan', 'n: { type: decimal, max: .nan }', '/tables/t/columns/n/max'],
    ['a normal mean of .inf', 'n: { type: float, distribution: { normal: { mean: .inf, stddev: 1 } } }', '/tables/t/columns/n/distribution/normal/mean'],
  ])('%s', (_name, column, pointer) => {
    const r = load(spec(column));
    expect(r.value).toBeUndefined();
    expect(at(r.diagnostics, 'SYN210')).toEqual([pointer]);
    // The schema's own complaint about the same value is not repeated.
    expect(r.diagnostics.filter((d) => d.pointer === pointer)).toHaveLength(1);
  });

  it('rows: .inf is SYN210, not also a type error', () => {
    expect(codes(load(spec('id: { type: sequence }').replace('rows: 10', 'rows: .inf')).diagnostics)).toEqual(['SYN210']);
  });
});

describe('patterns with lookaround assertions (SYN308)', () => {
  it.each(['(?=A)[A-Z]{3}', '[a-z]{3}(?!x)', '(?<=a)b', '(?<!a)b+', 'x(a|(?=b))'])('%s is refused', (pattern) => {
    expect(codes(load(spec(`s: { type: string, pattern: '${pattern}' }`)).diagnostics)).toEqual(['SYN308']);
  });

  it.each(['(?<name>[a-z]{3})', '[(?=]{2}', '\\(?=x', '(?:ab)+', '[a-z]{2}\\d'])('%s is not a lookaround', (pattern) => {
    expect(load(spec(`s: { type: string, pattern: '${pattern}' }`)).diagnostics).toEqual([]);
  });
});

describe('old-grammar near misses', () => {
  const hintOf = (text: string, code: string) => load(text).diagnostics.find((d) => d.code === code)?.hint ?? '';

  it('type: int, sequence: { start: 5 } → type: sequence, start: 5', () => {
    expect(hintOf(spec('id: { type: int, sequence: { start: 5 } }'), 'SYN203')).toContain('{ type: sequence, start: 5 }');
  });

  it('count: { uniform: { min, max } } → count: { min, max }; never "must be an integer" nor an empty "Allowed here:"', () => {
    const r = load(`synth: 1
tables:
  p:
    rows: 3
    columns:
      id: { type: sequence, primary_key: true }
  c:
    rows: { per: p, count: { uniform: { min: 1, max: 3 } } }
    columns:
      p_id: { ref: p.id }
`);
    expect(codes(r.diagnostics)).toEqual(['SYN203', 'SYN203']);
    for (const d of r.diagnostics) {
      expect(d.hint).toContain('count: { min: 1, max: 3 }');
      expect(d.hint).not.toMatch(/Allowed here: \./);
    }
    expect(r.diagnostics.map((d) => d.message).join('\n')).not.toContain('must be an integer');
  });

  it('distribution: { uniform: { min, max } } says to bound the column', () => {
    expect(hintOf(spec('n: { type: int, distribution: { uniform: { min: 1 } } }'), 'SYN203')).toContain('bound the column itself');
  });

  it('type: integer / boolean / timestamp / text suggest the built-in type', () => {
    expect(didYouMean('integer', ['int', 'float'])).toBe('int');
    expect(didYouMean('Boolean', ['bool'])).toBe('bool');
    expect(didYouMean('integer', ['float'])).toBeUndefined();
    expect(hintOf(spec('n: { type: integer }'), 'SYN305')).toContain("Did you mean 'int'?");
    expect(hintOf(spec('n: { type: timestamp }'), 'SYN305')).toContain("Did you mean 'datetime'?");
    expect(hintOf(spec('n: { type: text }'), 'SYN305')).toContain("Did you mean 'string'?");
  });
});
