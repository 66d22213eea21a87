import { diag, type Diagnostic, type SpecDocument } from '@synth/spec';
import type { ConformanceReport } from './conformance-types.js';

/** Rows named in a diagnostic's message. */
const ROWS_SHOWN = 5;

/** One error per failed hard rule, pointing at the spec key that declares the rule (docs/report.md#rules). */
export function conformanceDiagnostics(report: ConformanceReport, doc?: SpecDocument): Diagnostic[] {
  return report.findings
    .filter((f) => f.outcome === 'fail')
    .map((f) => {
      const what = f.column !== undefined ? `'${f.table}.${f.column}'` : `'${f.table}'`;
      const rows = f.rows?.length ? ` (rows ${f.rows.slice(0, ROWS_SHOWN).join(', ')}${(f.violations ?? 0) > ROWS_SHOWN ? ', …' : ''})` : '';
      return diag('conformanceFailed', { rule: f.rule, expected: `'${f.expected}'`, what, detail: `${f.detail}${rows}` }, { ...(doc ? { doc } : {}), ...(f.pointer ? { pointer: f.pointer } : {}) });
    });
}
