import type { Plan } from '../types.js';
import { esc, n } from './svg.js';

const BOX_W = 150;
const BOX_H = 44;
const GAP_X = 70;
const GAP_Y = 24;

/**
 * The plan as a graph (inline SVG): one box per table with its row count, in columns by depth (a table sits right of
 * every table it references), and an arrow per foreign key from the referenced table to the referencing one.
 */
export function planGraph(plan: Plan): string {
  const depth = new Map<string, number>();
  // Plan order puts referenced tables first (cycles are broken at nullable edges), so one pass settles depths.
  // An edge goes from the referencing table (`from`) to the referenced one (`to`).
  for (const t of plan.tables) {
    const parents = plan.edges.filter((e) => e.from === t.name && e.to !== t.name).map((e) => depth.get(e.to) ?? -1);
    depth.set(t.name, parents.length ? Math.max(...parents) + 1 : 0);
  }
  const columns = new Map<number, string[]>();
  for (const t of plan.tables) columns.set(depth.get(t.name)!, [...(columns.get(depth.get(t.name)!) ?? []), t.name]);
  const pos = new Map<string, { x: number; y: number }>();
  for (const [d, names] of columns) names.forEach((name, i) => pos.set(name, { x: 10 + d * (BOX_W + GAP_X), y: 10 + i * (BOX_H + GAP_Y) }));
  const width = 20 + (Math.max(...columns.keys()) + 1) * (BOX_W + GAP_X) - GAP_X;
  const height = 20 + Math.max(...[...columns.values()].map((c) => c.length)) * (BOX_H + GAP_Y) - GAP_Y;
  const edges = plan.edges.map((e) => {
    const a = pos.get(e.to)!;
    const b = pos.get(e.from)!;
    if (e.from === e.to) {
      return `<path class="edge" d="M${n(a.x + BOX_W - 20)},${n(a.y)} c 0,-14 24,-14 20,0" fill="none" stroke="#888" marker-end="url(#arrow)"/>`;
    }
    const [x1, y1, x2, y2] = [a.x + BOX_W, a.y + BOX_H / 2, b.x, b.y + BOX_H / 2];
    return `<line class="edge" x1="${n(x1)}" y1="${n(y1)}" x2="${n(x2 - 2)}" y2="${n(y2)}" stroke="#888"${e.nullable ? ' stroke-dasharray="4 3"' : ''} marker-end="url(#arrow)"><title>${esc(`${e.from}.${e.column} → ${e.to}${e.kind === 'per-parent' ? ' (rows per parent)' : ''}`)}</title></line>`;
  }).join('');
  const boxes = plan.tables.map((t) => {
    const p = pos.get(t.name)!;
    return `<g class="table-node" data-table="${esc(t.name)}"><rect x="${p.x}" y="${p.y}" width="${BOX_W}" height="${BOX_H}" rx="6" fill="#eef3fa" stroke="#4c78a8"/>`
      + `<text x="${p.x + 10}" y="${p.y + 18}" font-size="13" font-weight="600" fill="#223">${esc(t.name)}</text>`
      + `<text x="${p.x + 10}" y="${p.y + 35}" font-size="11" fill="#555">${t.rowCount.toLocaleString('en-US')} rows${t.perParent ? ` · per ${esc(t.perParent.table)}` : ''}</text></g>`;
  }).join('');
  return `<svg class="plan" viewBox="0 0 ${width} ${height + 10}" width="${width}" height="${height + 10}" role="img" aria-label="generation plan">`
    + '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#888"/></marker></defs>'
    + `${edges}${boxes}</svg>`;
}
