import type { ConformanceFinding, ConformanceReport } from '../conformance/conformance-types.js';
import type { Plan } from '../types.js';
import { columnChart } from './charts.js';
import { planGraph } from './plan-graph.js';
import { esc } from './svg.js';

export interface HtmlReportInput {
  title: string;
  seed: string;
  plan: Plan;
  report: ConformanceReport;
}

/** Dirty rows shown per flaw in the page (the JSON output has them all). */
const FLAW_ROWS_SHOWN = 40;

/**
 * The conformance report as one self-contained HTML page (docs/report.md#html): the plan as a graph, a chart per
 * column over its declared shape, every check's result and every declared flaw. Inline CSS and SVG only — no script,
 * no external resource, and a Content-Security-Policy that forbids loading any — and no timestamp, so the same build
 * writes the same page.
 */
export function renderHtmlReport(input: HtmlReportInput): string {
  const { plan, report } = input;
  const count = (o: ConformanceFinding['outcome']) => report.findings.filter((f) => f.outcome === o).length;
  const tables = report.tables.map((t) => {
    const findings = report.findings.filter((f) => f.table === t.name);
    const cards = t.columns.map((c) => {
      const chart = columnChart(t.name, c);
      const own = findings.filter((f) => f.column === c.name);
      const worst = own.some((f) => f.outcome === 'fail') ? 'fail' : own.some((f) => f.outcome === 'warn') ? 'warn' : 'pass';
      const nulls = c.rows ? ` · ${((c.nulls / c.rows) * 100).toFixed(1)}% null` : '';
      return `<div class="card ${worst}"><h4>${esc(c.name)} <span class="type">${esc(c.type)}${c.declared ? ` · ${esc(c.declared)}` : ''}${nulls}</span></h4>`
        + (chart ?? '<p class="nochart">no values to chart</p>')
        + `<ul>${own.map((f) => `<li class="${f.outcome}">${badge(f.outcome)} ${esc(f.rule)} ${esc(f.expected)}: ${esc(f.detail)}${rowsOf(f)}</li>`).join('')}</ul></div>`;
    }).join('');
    const tableLevel = findings.filter((f) => f.column === undefined || !t.columns.some((c) => c.name === f.column));
    const flaws = report.flaws.filter((f) => f.table === t.name);
    return `<section class="table" id="table-${esc(t.name)}"><h2>${esc(t.name)} <span class="type">${t.rows.toLocaleString('en-US')} rows</span></h2>`
      + (tableLevel.length ? `<ul class="table-checks">${tableLevel.map((f) => `<li class="${f.outcome}">${badge(f.outcome)} ${esc(f.column ? `${f.column}: ` : '')}${esc(f.rule)} ${esc(f.expected)}: ${esc(f.detail)}${rowsOf(f)}</li>`).join('')}</ul>` : '')
      + (flaws.length ? `<table class="flaws"><tr><th>flaw</th><th>column</th><th>rate</th><th>rows hit</th><th>first rows</th></tr>${flaws.map((f) => `<tr><td>${esc(f.kind)}</td><td>${esc(f.column ?? '(row)')}</td><td>${(f.rate * 100).toFixed(2)}%</td><td>${f.count.toLocaleString('en-US')}</td><td>${f.rows.slice(0, FLAW_ROWS_SHOWN).join(', ')}${f.count > FLAW_ROWS_SHOWN ? ', …' : ''}</td></tr>`).join('')}</table>` : '')
      + `<div class="cards">${cards}</div></section>`;
  }).join('');
  const status = report.ok ? '<span class="ok">conforms</span>' : '<span class="bad">does not conform</span>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(input.title)} — synth report</title>
<style>
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#222;background:#fafafa}
h1{margin:0 0 4px}h2{margin:28px 0 8px;border-bottom:1px solid #ddd}h4{margin:0 0 6px;font-size:13px}
.type{font-weight:400;color:#666;font-size:12px}.summary{margin:8px 0 16px}.ok{color:#2a7d2a;font-weight:600}.bad{color:#b3261e;font-weight:600}
.cards{display:flex;flex-wrap:wrap;gap:12px}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:10px;width:380px}
.card.fail{border-color:#b3261e}.card.warn{border-color:#d49b00}.card ul,.table-checks{list-style:none;padding:0;margin:6px 0 0;font-size:12px}
.badge{display:inline-block;min-width:34px;text-align:center;border-radius:3px;font-size:10px;font-weight:700;color:#fff;padding:0 3px}
.badge.pass{background:#2a7d2a}.badge.fail{background:#b3261e}.badge.warn{background:#d49b00}.badge.skip{background:#888}
.plan-wrap{overflow-x:auto;background:#fff;border:1px solid #ddd;border-radius:6px;padding:8px}.nochart{color:#888;font-size:12px}
table.flaws{border-collapse:collapse;margin:8px 0;font-size:12px;background:#fff}table.flaws td,table.flaws th{border:1px solid #ddd;padding:3px 6px;text-align:left}
</style></head><body>
<h1>${esc(input.title)}</h1>
<p class="summary">seed ${esc(input.seed)} · ${report.tables.length} tables · ${report.tables.reduce((a, t) => a + t.rows, 0).toLocaleString('en-US')} rows · ${status}: ${count('pass')} passed, ${count('fail')} failed, ${count('warn')} warnings, ${count('skip')} not checked</p>
<h2>Plan</h2><div class="plan-wrap">${planGraph(plan)}</div>
${tables}
<p class="type">Charts: blue, the values (a histogram of a ${'sample of up to 4,096 rows'}, or all rows' categories); red, what the spec declares. Statistical tests warn below p = ${report.alpha}.</p>
</body></html>
`;
}

function badge(o: ConformanceFinding['outcome']): string {
  return `<span class="badge ${o}">${o}</span>`;
}

function rowsOf(f: ConformanceFinding): string {
  return f.rows?.length ? ` <span class="type">(rows ${f.rows.join(', ')}${(f.violations ?? 0) > f.rows.length ? ', …' : ''})</span>` : '';
}
