/** Text for HTML and SVG: the only escaping the report needs (it holds no URLs and no script). */
export function esc(s: string | number): string {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A coordinate with two decimals: smaller files, and the same text on every machine. */
export function n(x: number): string {
  return (Math.round(x * 100) / 100).toString();
}

/** Short labels for axis ends: dates as dates, big numbers with SI suffixes. */
export function axisLabel(v: number, kind: 'date' | 'datetime' | 'number'): string {
  if (kind === 'date') return new Date(v).toISOString().slice(0, 10);
  if (kind === 'datetime') return new Date(v).toISOString().slice(0, 16).replace('T', ' ');
  const a = Math.abs(v);
  if (a >= 1e9) return `${n(v / 1e9)}G`;
  if (a >= 1e6) return `${n(v / 1e6)}M`;
  if (a >= 1e4) return `${n(v / 1e3)}k`;
  return Number.isInteger(v) ? String(v) : v.toPrecision(4).replace(/\.?0+$/, '');
}
