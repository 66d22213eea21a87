import { describe, expect, it } from '@jest/globals';
import { loadSpec, type Diagnostic } from '@synth/spec';

const load = (text: string) => loadSpec({ path: 'x.synth.yaml', text });
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

const VALID = `synth: 1
tables:
  t:
    rows: 10
    columns:
      id: { type: sequence, primary_key: true }
`;

describe('parsing and validation of bad input', () => {
  it('accepts a minimal spec and fills defaults', () => {
    const r = load(VALID);
    expect(r.diagnostics).toEqual([]);
    expect(r.value!.spec.seed).toBe(0);
    expect(r.value!.spec.locale).toBe('en');
  });

  it.each([
    ['malformed YAML', 'synth: 1\ntables: {\n  t: [\n', 'SYN101'],
    ['an empty file', '', 'SYN102'],
    ['a comment-only file', '# nothing here\n', 'SYN102'],
    ['duplicate keys', 'synth: 1\nsynth: 1\ntables: {}\n', 'SYN106'],
    ['a docker-compose file', 'services:\n  web:\n    image: nginx\n', 'SYN201'],
    ['a list', '- 1\n- 2\n', 'SYN201'],
    ['version 2', VALID.replace('synth: 1', 'synth: 2'), 'SYN202'],
    ['an unknown key', VALID.replace('rows: 10', 'rows: 10\n    colums: {}'), 'SYN203'],
    ['a wrong type', VALID.replace('rows: 10', 'rows: ten'), 'SYN204'],
    ['a missing key', 'synth: 1\ntables:\n  t:\n    rows: 1\n', 'SYN205'],
  ])('reports %s with its code and a position', (_, text, code) => {
    const r = load(text);
    expect(r.value).toBeUndefined();
    expect(codes(r.diagnostics)).toContain(code);
    const d = r.diagnostics.find((x) => x.code === code)!;
    if (text.trim() !== '' && !text.trim().startsWith('#')) expect(d.line).toBeGreaterThan(0);
    expect(d.hint).toBeTruthy();
  });

  it('suggests the intended key for a typo', () => {
    const r = load(VALID.replace('primary_key: true', 'primery_key: true'));
    const d = r.diagnostics.find((x) => x.code === 'SYN203')!;
    expect(`${d.message} ${d.hint}`).toContain('primary_key');
    expect(d.line).toBe(6);
  });

  it('refuses an alias bomb quickly', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 12; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(',')}]`);
    const started = Date.now();
    const r = load(lines.join('\n'));
    expect(codes(r.diagnostics)).toContain('SYN104');
    expect(Date.now() - started).toBeLessThan(5000); // a bound against hangs, not a benchmark
  });

  it('refuses very deep nesting', () => {
    const r = load(`${'['.repeat(5000)}${']'.repeat(5000)}`);
    expect(codes(r.diagnostics)).toContain('SYN103');
  });

  it('reports several problems at once', () => {
    const r = load(`synth: 1
tables:
  a:
    rows: 5
    columns:
      id: { type: int, min: 10, max: 1, primary_key: true }
      who: { type: person.fullNam }
      b_id: { ref: nothing.id }
`);
    expect(codes(r.diagnostics)).toEqual(expect.arrayContaining(['SYN306', 'SYN305', 'SYN301']));
  });
});
