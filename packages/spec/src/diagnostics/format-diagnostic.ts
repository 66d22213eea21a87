import type { Diagnostic } from '../types.js';

export interface FormatOptions {
  color?: boolean;
  /** Source texts by file path, for code frames. */
  sources?: Map<string, string>;
}

const paint = (on: boolean, code: string) => (s: string) => (on ? `\u001b[${code}m${s}\u001b[0m` : s);

/**
 * `file:line:col - error SYN305: message`, then the source line with `~~~` under the span, then the hint —
 * the shape of TypeScript's compiler output, so editors and CI annotators recognise it.
 */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions = {}): string {
  const color = opts.color ?? false;
  const red = paint(color, '31');
  const yellow = paint(color, '33');
  const cyan = paint(color, '36');
  const grey = paint(color, '90');
  const where = d.file ? `${cyan(d.file)}${d.line ? `:${yellowNum(d.line, color)}:${yellowNum(d.column ?? 1, color)}` : ''} - ` : '';
  const sev = d.severity === 'error' ? red('error') : yellow('warning');
  const lines = [`${where}${sev} ${grey(d.code)}: ${d.message}`];
  const text = d.file ? opts.sources?.get(d.file) : undefined;
  if (text !== undefined && d.span && d.line) {
    lines.push(...codeFrame(text, d.span.start, d.span.length, d.line, color));
  }
  if (d.pointer !== undefined && d.pointer !== '') lines.push(grey(`  at ${d.pointer}`));
  if (d.hint) lines.push(`  ${cyan('hint:')} ${d.hint}`);
  return lines.join('\n');
}

function yellowNum(n: number, color: boolean): string {
  return paint(color, '33')(String(n));
}

function codeFrame(text: string, start: number, length: number, line: number, color: boolean): string[] {
  // lastIndexOf reads a negative fromIndex as 0: at offset 0 of a file that starts with a newline it would find that
  // newline and put the line start after the span (a negative column: String.repeat threw, SYN499).
  const lineStart = start <= 0 ? 0 : text.lastIndexOf('\n', start - 1) + 1;
  let lineEnd = text.indexOf('\n', start);
  if (lineEnd === -1) lineEnd = text.length;
  const src = text.slice(lineStart, lineEnd).replace(/\r$/, '');
  const col = start - lineStart;
  // Underline at most to the end of this line: multi-line spans are marked on their first line.
  const width = Math.max(1, Math.min(length, src.length - col));
  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  const shown = src.length > 200 ? src.slice(0, 200) + '…' : src;
  return [
    `${paint(color, '7')(gutter)} ${shown}`,
    `${paint(color, '7')(pad)} ${' '.repeat(Math.min(col, 200))}${paint(color, '31')('~'.repeat(Math.min(width, 200)))}`,
  ];
}

/** The JSON form printed by `--format json`: stable keys, no colour. */
export function diagnosticsToJson(diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(
    diagnostics.map((d) => ({
      code: d.code,
      severity: d.severity,
      message: d.message,
      file: d.file ?? null,
      line: d.line ?? null,
      column: d.column ?? null,
      start: d.span?.start ?? null,
      length: d.span?.length ?? null,
      pointer: d.pointer ?? null,
      hint: d.hint ?? null,
    })),
    null,
    2,
  );
}
