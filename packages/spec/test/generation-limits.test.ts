import { describe, expect, it } from '@jest/globals';
import { checkPattern } from '../src/validate/pattern-check.js';
import { expressionTextProblem } from '../src/expr/expression-limits.js';
import { diag, quote } from '../src/diagnostics/diagnostic.js';
import { didYouMean } from '../src/validate/did-you-mean.js';
import { outputPathProblem } from '../src/validate/output-path.js';
import { loadSpec } from '../src/validate/validate-spec.js';

describe('checkPattern', () => {
  it.each([
    '\\+1-\\d{3}-\\d{3}-\\d{4}', '[A-Z]{3}-\\d{5}', '978-[01]-\\d{3}-\\d{5}-\\d', '^[a-z]+$', '^a|^b', '(^a)', '(\\d{3})-\\1',
    '(?:a|b)(c)\\1', '(a|b)\\1', '.{3}', '[^,]{2,}', '\\u00E9{2}', '\\x4A', '(é|è)', '[a-z]{10000}', '(x{100}){100}', 'a*', 'a|',
  ])('accepts %s', (p) => expect(checkPattern(p)).toBeUndefined());

  it.each([
    ['(', 'badRegex', 'Unterminated group'],
    ['(?<=a)b', 'badRegex', 'lookbehind'],
    ['(?=a)b', 'badRegex', 'lookahead'],
    ['\\bx', 'badRegex', 'word boundary'],
    ['a^b', 'badRegex', 'anchor'],
    ['a$b', 'badRegex', 'anchor'],
    ['(a){2}$b', 'badRegex', 'anchor'],
    ['\\p{Lu}', 'badRegex', 'Unicode property'],
    ['\\k<n>(?<n>a)', 'badRegex', 'named backreference'],
    ['(?<n>a)\\1', 'badRegex', 'named groups'],
    ['(a)?(b)\\2', 'badRegex', 'optional'],
    ['(a|(b))\\1', 'badRegex', 'optional'],
    ['\\u{41}', 'badRegex', 'code point'],
    ['\\u00e9', 'badRegex', 'lower-case hex'],
    ['[éè]', 'badRegex', 'printable ASCII'],
    ['[a-z]{10001}', 'patternTooLong', '10,001 characters'],
    ['[a-z]{9993,}', 'patternTooLong', '10,001 characters'],
    ['((a{0}){1000}){1000}', 'patternTooSlow', '2,002,002'],
  ])('refuses %s (%s: %s)', (p, id, words) => {
    const problem = checkPattern(p);
    expect(problem?.id).toBe(id);
    expect(problem?.detail).toContain(words);
  });

  it('measures a 100,000,000-character repetition without generating it', () => {
    const started = performance.now();
    expect(checkPattern('(([a-z]{100000}){100000}){100000}')?.id).toBe('patternTooLong');
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('expression text limits', () => {
  it('passes ordinary expressions and refuses long or deep ones before parsing', () => {
    expect(expressionTextProblem("status != 'pending' ? placed_at + duration('72h') : null")).toBeUndefined();
    expect(expressionTextProblem('"((((" + \'[[[\'')).toBeUndefined(); // brackets in strings do not count
    expect(expressionTextProblem('x'.repeat(10_001))).toContain('10,001 characters');
    expect(expressionTextProblem(`${'!'.repeat(101)}true`)).toContain('100 levels');
    expect(expressionTextProblem(`${'('.repeat(101)}1${')'.repeat(101)}`)).toContain('100 levels');
  });
});

describe('messages', () => {
  it('quote() cuts long input and shows control characters', () => {
    expect(quote('abc')).toBe("'abc'");
    expect(quote('a\u0000b\u001b')).toBe("'a\\0b\\u001b'");
    expect(quote('x'.repeat(100_000))).toBe(`'${'x'.repeat(80)}…' (100,000 characters)`);
  });

  it('diag() cuts quoted arguments and quoted stretches of hints', () => {
    const d = diag('unknownFaker', { type: `'${'a'.repeat(100_000)}'`, builtins: 'int', suggest: '' }, { hint: `'${'b'.repeat(5000)}' is odd` });
    expect(d.message.length).toBeLessThan(200);
    expect(d.message).toContain('(100,000 characters)');
    expect(d.hint).toBe(`'${'b'.repeat(80)}…' (5,000 characters) is odd`);
  });

  it('didYouMean skips words far longer than any candidate, quickly', () => {
    const started = performance.now();
    expect(didYouMean('a'.repeat(100_000), ['person.fullName', 'internet.email'])).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(50);
    expect(didYouMean('person.fulName', ['person.fullName', 'internet.email'])).toBe('person.fullName');
  });
});

describe('outputPathProblem', () => {
  it.each([
    ['out/{table}.csv', undefined],
    ['out/a\u0000b.csv', 'NUL byte'],
    ['out/a\nb.csv', 'U+000A'],
    [`out/${'n'.repeat(256)}.csv`, '260 bytes'],
    [`${Array(17).fill('d'.repeat(250)).join('/')}/x.csv`, '4,096'],
  ])('%j', (path, words) => {
    const problem = outputPathProblem(path);
    if (words === undefined) expect(problem).toBeUndefined();
    else expect(problem).toContain(words);
  });
});

describe('raising the pattern limits (--max pattern-length, pattern-steps)', () => {
  it('a longer pattern passes under a raised limit, and is refused at the default', () => {
    expect(checkPattern('[a-z]{20000}')?.id).toBe('patternTooLong');
    expect(checkPattern('[a-z]{20000}', { length: 20_000, steps: 100_000 })).toBeUndefined();
    expect(checkPattern('((a{0}){1000}){1000}')?.id).toBe('patternTooSlow');
    expect(checkPattern('((a{0}){1000}){1000}', { length: 10_000, steps: 3_000_000 })).toBeUndefined();
  });

  it('validate takes the raised limit from the options (as --max passes it)', () => {
    const text = "synth: 1\ntables:\n  t:\n    rows: 1\n    columns:\n      s: { type: string, pattern: '[a-z]{20000}' }\n";
    expect(loadSpec({ path: 't.synth.yaml', text }).diagnostics.map((d) => d.code)).toEqual(['SYN355']);
    expect(loadSpec({ path: 't.synth.yaml', text }, { limits: { patternLength: 20_000 } }).diagnostics).toEqual([]);
  });
});
