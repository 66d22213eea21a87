import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DEFAULT_LIMITS, type Diagnostic } from '@synth/spec';
import { checkNumberOptions, expectedText, parseMaxSettings, parseNumberText } from '../src/number-options.js';

const whole = { integer: true, min: 0, max: 1000 };
const sources = (argv: string[], env: Record<string, string> = {}, config: Record<string, unknown> = {}) => ({ argv, env, config, configPath: '/p/synth.config.json' });

describe('parseNumberText', () => {
  it.each([
    ['10', whole, { value: 10 }],
    [' 7 ', whole, { value: 7 }],
    ['1e3', whole, { value: 1000 }],
    ['+5', whole, { value: 5 }],
    [12, whole, { value: 12 }],
    ['0.5', { integer: false, min: 0, max: 2 }, { value: 0.5 }],
    ['.5', { integer: false, min: 0, max: 2 }, { value: 0.5 }],
    ['abc', whole, { error: 'nan' }],
    ['', whole, { error: 'nan' }],
    ['NaN', whole, { error: 'nan' }],
    ['Infinity', whole, { error: 'nan' }],
    ['0x10', whole, { error: 'nan' }],
    ['1e400', { integer: false, min: 0, max: Number.MAX_VALUE }, { error: 'nan' }],
    [Number.NaN, whole, { error: 'nan' }],
    [true, whole, { error: 'nan' }],
    ['2.5', whole, { error: 'fraction' }],
    ['-1', whole, { error: 'range' }],
    ['1001', whole, { error: 'range' }],
    ['0', { integer: false, min: 0, minExclusive: true, max: 2 }, { error: 'range' }],
    ['512M', { integer: true, min: 1, max: 2 ** 53, size: true }, { value: 512 * 1024 ** 2 }],
    ['1.5GiB', { integer: true, min: 1, max: 2 ** 53, size: true }, { value: 1.5 * 1024 ** 3 }],
    ['2g', { integer: true, min: 1, max: 2 ** 53, size: true }, { value: 2 * 1024 ** 3 }],
    ['12Q', { integer: true, min: 1, max: 2 ** 53, size: true }, { error: 'nan' }],
  ] as const)('%p (%j) → %j', (raw, rule, want) => expect(parseNumberText(raw, rule)).toEqual(want));

  it('gives back every whole number in range as itself, and refuses every one outside', () => {
    fc.assert(fc.property(fc.integer({ min: -5000, max: 5000 }), (n) => {
      const r = parseNumberText(String(n), whole);
      expect(r).toEqual(n >= 0 && n <= 1000 ? { value: n } : { error: 'range' });
    }));
  });

  it('never returns a non-finite or fractional value for an integer rule, whatever the text', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const r = parseNumberText(s, whole);
      if ('value' in r) expect(Number.isInteger(r.value) && r.value >= 0 && r.value <= 1000).toBe(true);
    }));
  });

  it('says the range in words', () => {
    expect(expectedText({ integer: true, min: 1, max: 64 })).toBe('a whole number from 1 to 64');
    expect(expectedText({ integer: false, min: 0, minExclusive: true, max: 2 })).toBe('a number above 0 and at most 2');
    expect(expectedText({ integer: true, min: 1, max: Number.MAX_SAFE_INTEGER })).toBe('a whole number of at least 1');
  });
});

describe('checkNumberOptions', () => {
  const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);

  it('turns valid options into numbers and leaves other commands\' options alone', () => {
    const r = checkNumberOptions('build', { rows: '20', scale: '0.5', workers: '4', limit: 'x' }, sources(['build', 'a', '--rows', '20']));
    expect(r.diagnostics).toEqual([]);
    expect(r.args).toMatchObject({ rows: 20, scale: 0.5, workers: 4, limit: 'x' });
  });

  it('names where a bad value came from: the command line, a SYNTH_* variable, the config file', () => {
    const flag = checkNumberOptions('build', { rows: 'abc' }, sources(['build', 'a', '--rows=abc']));
    expect(flag.diagnostics[0]!.message).toBe("--rows takes a whole number from 0 to 1,000,000,000, not 'abc' (on the command line)");
    const env = checkNumberOptions('plan', { rows: '1.5' }, sources(['plan', 'a'], { SYNTH_ROWS: '1.5' }));
    expect(env.diagnostics[0]!.message).toContain('(from SYNTH_ROWS)');
    expect(codes(env.diagnostics)).toEqual(['SYN212']);
    const file = checkNumberOptions('build', { workers: 0 }, sources(['build', 'a'], {}, { workers: 0 }));
    expect(file.diagnostics[0]!.message).toContain('(from the config file synth.config.json)');
    expect(codes(file.diagnostics)).toEqual(['SYN213']);
  });

  it("reads synth author's numbers from the flag, then SYNTH_*, then author: in the config file", () => {
    expect(codes(checkNumberOptions('author', {}, sources(['author'], { SYNTH_ROUNDS: '0' })).diagnostics)).toEqual(['SYN213']);
    expect(checkNumberOptions('author', {}, sources(['author'], {}, { author: { temperature: 'hot' } })).diagnostics[0]!.message).toContain('author.temperature');
    expect(checkNumberOptions('author', { temperature: '1' }, sources(['author', '--temperature', '1'], { SYNTH_TEMPERATURE: 'hot' })).diagnostics).toEqual([]);
  });

  it('gives --rows over the rows-per-table limit the limit\'s code, and --max raises it', () => {
    expect(codes(checkNumberOptions('build', { rows: '2e9' }, sources(['--rows', '2e9'])).diagnostics)).toEqual(['SYN340']);
    const raised = checkNumberOptions('build', { rows: '2e9', max: 'rows-per-table=5e9' }, sources(['--rows', '2e9', '--max', 'rows-per-table=5e9']));
    expect(raised.diagnostics).toEqual([]);
    expect(raised.limits).toEqual({ rowsPerTable: 5e9 });
  });

  it('makes --max-bytes of a build its bytes limit (and of infer, the sample size)', () => {
    expect(checkNumberOptions('build', { maxBytes: '50G' }, sources([])).limits).toEqual({ outputBytes: 50 * 1024 ** 3 });
    const infer = checkNumberOptions('infer', { maxBytes: '2M' }, sources([]));
    expect(infer.limits).toEqual({});
    expect(infer.args.maxBytes).toBe(2 * 1024 ** 2);
  });
});

describe('parseMaxSettings', () => {
  it('takes repeated and comma-separated NAME=VALUE, sizes for bytes', () => {
    const ds: Diagnostic[] = [];
    expect(parseMaxSettings(['rows-per-table=5e9', 'total-rows=1e11,bytes=50G'], 'here', ds)).toEqual({ rowsPerTable: 5e9, totalRows: 1e11, outputBytes: 50 * 1024 ** 3 });
    expect(ds).toEqual([]);
  });

  it.each(['rows=5', 'rows-per-table', 'rows-per-table=abc', 'rows-per-table=0', 'rows-per-table=2.5', 'array-length=1e400'])('refuses %s with SYN214', (text) => {
    const ds: Diagnostic[] = [];
    expect(parseMaxSettings(text, 'here', ds)).toEqual({});
    expect(ds.map((d) => d.code)).toEqual(['SYN214']);
  });

  it('has a default for every limit', () => {
    for (const v of Object.values(DEFAULT_LIMITS)) expect(Number.isSafeInteger(v) && v > 0).toBe(true);
  });
});
