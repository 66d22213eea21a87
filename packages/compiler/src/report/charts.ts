import type { ColumnProfile } from '../conformance/conformance-types.js';
import { axisLabel, esc, n } from './svg.js';

const W = 360;
const H = 150;
const PAD = { l: 8, r: 8, t: 8, b: 22 };

/**
 * One column's chart as inline SVG (docs/report.md#html): a histogram of the sampled values with the declared
 * distribution's expected counts as a line, a bar chart of categories with their declared shares as ticks, or the
 * first series over time. Undefined when the column has nothing to draw.
 */
export function columnChart(table: string, c: ColumnProfile): string | undefined {
  const id = `${table}.${c.name}`;
  if (c.series && c.series.some((s) => s.points.length > 1)) return lineChart(id, c);
  if (c.categories && c.categories.length) return barChart(id, c);
  if (c.histogram) return histogramChart(id, c);
  return undefined;
}

function frame(id: string, kind: string, body: string, left: string, right: string, legend: string): string {
  return `<svg class="chart" data-column="${esc(id)}" data-kind="${kind}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(`${kind} of ${id}`)}">`
    + `<rect x="0" y="0" width="${W}" height="${H}" fill="#fff"/>${body}`
    + `<line x1="${PAD.l}" y1="${H - PAD.b}" x2="${W - PAD.r}" y2="${H - PAD.b}" stroke="#999"/>`
    + `<text x="${PAD.l}" y="${H - 6}" font-size="10" fill="#555">${esc(left)}</text>`
    + `<text x="${W - PAD.r}" y="${H - 6}" font-size="10" fill="#555" text-anchor="end">${esc(right)}</text>`
    + (legend ? `<text x="${W - PAD.r}" y="${PAD.t + 8}" font-size="10" fill="#555" text-anchor="end">${esc(legend)}</text>` : '')
    + '</svg>';
}

function axisKind(c: ColumnProfile): 'date' | 'datetime' | 'number' {
  return c.type === 'date' ? 'date' : c.type === 'datetime' ? 'datetime' : 'number';
}

function histogramChart(id: string, c: ColumnProfile): string {
  const h = c.histogram!;
  const top = Math.max(1, ...h.counts, ...(h.expected ?? []));
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const bw = iw / h.counts.length;
  const bars = h.counts.map((k, i) => {
    const bh = (k / top) * ih;
    return `<rect class="bar" x="${n(PAD.l + i * bw + 1)}" y="${n(H - PAD.b - bh)}" width="${n(Math.max(1, bw - 2))}" height="${n(bh)}" fill="#4c78a8"/>`;
  }).join('');
  const expected = h.expected
    ? `<polyline class="expected" fill="none" stroke="#e45756" stroke-width="2" points="${h.expected.map((e, i) => `${n(PAD.l + (i + 0.5) * bw)},${n(H - PAD.b - (e / top) * ih)}`).join(' ')}"/>`
    : '';
  const kind = h.of === 'value' ? axisKind(c) : 'number';
  const lo = h.edges[0]!;
  const hi = h.edges[h.edges.length - 1]!;
  const prefix = h.of === 'value' ? '' : `${h.of} `;
  return frame(id, 'histogram', bars + expected, `${prefix}${axisLabel(lo, kind)}`, axisLabel(hi, kind), h.expected ? `red: ${c.declared ?? 'declared'}` : '');
}

function barChart(id: string, c: ColumnProfile): string {
  const cats = c.categories!.slice(0, 12);
  const total = c.categories!.reduce((a, x) => a + x.count, 0) || 1;
  const top = Math.max(...cats.map((x) => Math.max(x.count / total, x.expected ?? 0)), 0.01);
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b - 12;
  const bw = iw / cats.length;
  const body = cats.map((x, i) => {
    const bh = (x.count / total / top) * ih;
    const x0 = PAD.l + i * bw;
    const tick = x.expected === undefined ? '' : `<line class="expected" x1="${n(x0 + 2)}" x2="${n(x0 + bw - 2)}" y1="${n(H - PAD.b - (x.expected / top) * ih)}" y2="${n(H - PAD.b - (x.expected / top) * ih)}" stroke="#e45756" stroke-width="2"/>`;
    const label = x.value.length > 10 ? `${x.value.slice(0, 9)}…` : x.value;
    return `<rect class="bar" x="${n(x0 + 2)}" y="${n(H - PAD.b - bh)}" width="${n(Math.max(1, bw - 4))}" height="${n(bh)}" fill="#72b7b2"/>${tick}`
      + `<text x="${n(x0 + bw / 2)}" y="${n(H - PAD.b - bh - 3)}" font-size="9" text-anchor="middle" fill="#333">${esc(label)}</text>`;
  }).join('');
  const more = c.categories!.length > cats.length ? `+${c.categories!.length - cats.length} more` : '';
  return frame(id, 'bars', body, `${cats.length} values${more ? `, ${more}` : ''}`, '', cats.some((x) => x.expected !== undefined) ? 'red: declared share' : '');
}

const LINE_COLOURS = ['#4c78a8', '#f58518', '#54a24b'];

function lineChart(id: string, c: ColumnProfile): string {
  const series = c.series!.filter((s) => s.points.length > 1);
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  const [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  const iw = W - PAD.l - PAD.r;
  const ih = H - PAD.t - PAD.b;
  const sx = (x: number) => PAD.l + ((x - x0) / (x1 - x0 || 1)) * iw;
  const sy = (y: number) => H - PAD.b - ((y - y0) / (y1 - y0 || 1)) * ih;
  const lines = series.map((s, i) => `<polyline class="line" fill="none" stroke="${LINE_COLOURS[i % LINE_COLOURS.length]}" stroke-width="1" points="${s.points.map(([x, y]) => `${n(sx(x))},${n(sy(y))}`).join(' ')}"/>`).join('');
  const kind = x1 > 1e11 ? 'datetime' : 'number';
  return frame(id, 'series', lines, axisLabel(x0, kind), axisLabel(x1, kind), `${series.length} series, ${axisLabel(y0, 'number')} to ${axisLabel(y1, 'number')}`);
}
