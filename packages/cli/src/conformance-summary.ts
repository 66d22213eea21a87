import type { ConformanceFinding, ConformanceReport } from '@synth/compiler';

/** Lines of problems shown before "… and N more" (the summary fits one screen). */
const SHOWN = 12;

/**
 * The one-screen summary printed after `synth build` (docs/report.md#summary): a count line, then every failure
 * and warning (failures first), each with the rows involved. Passing rules are only counted.
 */
export function formatConformanceSummary(report: ConformanceReport): string {
  const count = (o: ConformanceFinding['outcome']) => report.findings.filter((f) => f.outcome === o).length;
  const [pass, fail, warn, skip] = [count('pass'), count('fail'), count('warn'), count('skip')];
  const rows = report.tables.reduce((n, t) => n + t.rows, 0);
  const parts = [`${pass} passed`];
  if (fail) parts.push(`${fail} failed`);
  if (warn) parts.push(`${warn} warning${warn === 1 ? '' : 's'}`);
  if (skip) parts.push(`${skip} not checked`);
  const lines = [`conformance: ${parts.join(', ')} (${report.tables.length} table${report.tables.length === 1 ? '' : 's'}, ${rows.toLocaleString('en-US')} rows)`];
  const problems = [...report.findings.filter((f) => f.outcome === 'fail'), ...report.findings.filter((f) => f.outcome === 'warn')];
  for (const f of problems.slice(0, SHOWN)) lines.push(`  ${f.outcome === 'fail' ? 'FAIL' : 'warn'}  ${findingLine(f)}`);
  if (problems.length > SHOWN) lines.push(`  … and ${problems.length - SHOWN} more (synth report for all)`);
  const flaws = report.flaws.filter((f) => f.kind !== 'anomalies');
  if (flaws.length > 0) {
    const duplicated = flaws.filter((f) => f.kind === 'duplicates').reduce((n, f) => n + f.count, 0);
    const values = flaws.filter((f) => f.kind !== 'duplicates').reduce((n, f) => n + f.count, 0);
    lines.push(`  flaws: ${flaws.length} declared: ${values.toLocaleString('en-US')} dirty values, ${duplicated.toLocaleString('en-US')} duplicated rows (every row: --diagnostics-format json)`);
  }
  const anomalies = report.flaws.filter((f) => f.kind === 'anomalies').reduce((n, f) => n + f.count, 0);
  if (anomalies > 0) lines.push(`  anomalies: ${anomalies.toLocaleString('en-US')} rows of series columns (every row: --diagnostics-format json)`);
  return `${lines.join('\n')}\n`;
}

/** `orders.amount  range [1, 100]: 3 of 1,000 rows break it (rows 4, 9, 17)`. */
export function findingLine(f: ConformanceFinding): string {
  const where = f.column !== undefined ? `${f.table}.${f.column}` : f.table;
  const rows = f.rows?.length ? ` (rows ${f.rows.join(', ')}${(f.violations ?? 0) > f.rows.length ? ', …' : ''})` : '';
  return `${where}  ${f.rule} ${f.expected}: ${f.detail}${rows}`;
}
