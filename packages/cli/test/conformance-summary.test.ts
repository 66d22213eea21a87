import { describe, expect, it } from '@jest/globals';
import type { ConformanceFinding, ConformanceReport } from '@synth/compiler';
import { formatConformanceSummary } from '../src/conformance-summary.js';

const finding = (over: Partial<ConformanceFinding>): ConformanceFinding => ({ table: 't', column: 'c', rule: 'range', outcome: 'pass', expected: '[0, 9]', detail: 'all 10 rows hold', ...over });

function report(findings: ConformanceFinding[]): ConformanceReport {
  return { ok: !findings.some((f) => f.outcome === 'fail'), alpha: 0.001, tables: [{ name: 't', rows: 1234, columns: [] }], findings, flaws: [] };
}

describe('formatConformanceSummary', () => {
  it('counts outcomes and lists failures before warnings, with their rows', () => {
    const text = formatConformanceSummary(report([
      finding({}),
      finding({ rule: 'distribution', outcome: 'warn', expected: 'normal(0, 1)', detail: 'KS D=0.2 (p=0.0001)' }),
      finding({ outcome: 'fail', detail: '7 of 1,234 rows break it', violations: 7, rows: [1, 2, 3, 4, 5] }),
      finding({ rule: 'foreign-key', outcome: 'skip', detail: 'not written' }),
    ]));
    expect(text).toBe([
      'conformance: 1 passed, 1 failed, 1 warning, 1 not checked (1 table, 1,234 rows)',
      '  FAIL  t.c  range [0, 9]: 7 of 1,234 rows break it (rows 1, 2, 3, 4, 5, …)',
      '  warn  t.c  distribution normal(0, 1): KS D=0.2 (p=0.0001)',
      '',
    ].join('\n'));
  });

  it('counts the declared flaws', () => {
    const r = report([finding({})]);
    r.flaws = [
      { table: 't', column: 'c', kind: 'typos', rate: 0.01, count: 12, rows: [] },
      { table: 't', column: 'd', kind: 'nulls', rate: 0.01, count: 3, rows: [] },
      { table: 't', kind: 'duplicates', rate: 0.01, count: 9, rows: [] },
    ];
    expect(formatConformanceSummary(r).split('\n')[1]).toBe('  flaws: 3 declared: 15 dirty values, 9 duplicated rows (every row: --diagnostics-format json)');
  });

  it('stays on one screen however many rules break', () => {
    const many = Array.from({ length: 40 }, (_, i) => finding({ column: `c${i}`, outcome: 'fail', detail: 'x' }));
    const lines = formatConformanceSummary(report(many)).trimEnd().split('\n');
    expect(lines).toHaveLength(14);
    expect(lines[13]).toBe('  … and 28 more (synth report for all)');
  });
});
