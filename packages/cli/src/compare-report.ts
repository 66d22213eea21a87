import Table from 'cli-table3';
import type { CompareReport } from '@synth/compiler';

const METRIC_NAMES = { ks: 'KS', tvd: 'TVD', semantic: 'Δ semantic match', pattern: 'Δ pattern match', 'length-ks': 'KS of lengths' } as const;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The fidelity report as text: the score, then per column, key and worst pairs. */
export function formatCompareReport(r: CompareReport, color: boolean): string {
  const style = { head: color ? ['cyan'] : [], border: color ? ['grey'] : [] };
  const parts = [`column shapes ${r.parts.shapes.toFixed(1)}%`, r.parts.pairs !== undefined ? `column pairs ${r.parts.pairs.toFixed(1)}%` : '', r.parts.keys !== undefined ? `keys ${r.parts.keys.toFixed(1)}%` : ''].filter(Boolean);
  const lines = [`fidelity ${r.score.toFixed(1)}%  (${parts.join(', ')})`, ''];
  lines.push(`tables: ${r.tables.map((t) => `${t.name} ${t.sampleRows.toLocaleString('en-US')} → ${t.outputRows === undefined ? 'missing' : t.outputRows.toLocaleString('en-US')} rows`).join(', ')}`);
  const cols = new Table({ head: ['column', 'metric', 'null (sample → output)', 'score'], style });
  for (const c of r.columns) {
    const metric = c.metric === 'missing' ? 'missing in output' : c.metric === 'nulls-only' ? 'nulls only' : `${METRIC_NAMES[c.metric]} ${c.distance!.toFixed(3)}`;
    const nulls = c.outputNullRate === undefined ? pct(c.sampleNullRate) : `${pct(c.sampleNullRate)} → ${pct(c.outputNullRate)}`;
    cols.push([`${c.table}.${c.column}`, metric, nulls, pct(c.score)]);
  }
  lines.push(cols.toString());
  if (r.keys.length > 0) {
    const keys = new Table({ head: ['key', 'check', 'violations', 'score'], style });
    for (const k of r.keys) {
      keys.push([`${k.table}.${k.column}`, k.kind === 'primary' ? 'unique, not null' : `⊆ ${k.parent!}`, `${k.violations.toLocaleString('en-US')} ${k.kind === 'primary' ? 'duplicates or nulls' : 'values not in the parent'}`, pct(k.score)]);
    }
    lines.push(keys.toString());
  }
  const worstPairs = [...r.pairs].sort((a, b) => a.score - b.score).slice(0, 3);
  if (worstPairs.length > 0) {
    lines.push(`weakest column pairs: ${worstPairs.map((p) => `${p.table}.(${p.columns.join(', ')}) ${pct(p.score)}${p.metric === 'correlation' ? ` (correlation ${p.sample!.toFixed(2)} → ${p.output!.toFixed(2)})` : ''}`).join('; ')}`);
  }
  lines.push(`worst columns: ${r.worst.map((c) => `${c.table}.${c.column} ${pct(c.score)}`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}
