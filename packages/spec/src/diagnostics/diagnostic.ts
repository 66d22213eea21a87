import type { Diagnostic, Severity, SpecDocument, Span } from '../types.js';
import { catalogue, type DiagnosticId } from './catalogue.js';
import { MESSAGE_QUOTE_MAX } from '../generation-limits.js';

export interface DiagOptions {
  doc?: SpecDocument;
  /** JSON pointer of the offending node; its span is looked up in `doc`. */
  pointer?: string;
  /** Point at the key rather than the value (unknown keys, duplicates). */
  atKey?: boolean;
  /** An explicit span (wins over the pointer's). */
  span?: Span;
  file?: string;
  severity?: Severity;
  hint?: string;
}

function fill(template: string, args: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in args ? shorten(String(args[name])) : whole));
}

/**
 * User input quoted in a message, cut to a readable length: `'aaaa…' (100,000 characters)`. A spec can hold a
 * 100 KB type name or path; the message names it, the code frame shows where it is.
 */
export function quote(text: string, max = MESSAGE_QUOTE_MAX): string {
  if (text.length <= max) return `'${visible(text)}'`;
  return `'${visible(text.slice(0, max))}…' (${text.length.toLocaleString('en-US')} characters)`;
}

/** Control characters as escapes: a NUL or an ESC sequence in user input must not reach the terminal raw. */
function visible(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\0' ? '\\0' : c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

/** A quoted message argument is cut by {@link quote}; others (details, lists of known names) at a generous length. */
function shorten(value: string): string {
  if (value.length > MESSAGE_QUOTE_MAX + 2 && value.startsWith("'") && value.endsWith("'") && !value.slice(1, -1).includes("'")) return quote(value.slice(1, -1));
  return value.length > MESSAGE_ARG_MAX ? `${value.slice(0, MESSAGE_ARG_MAX)}… (${value.length.toLocaleString('en-US')} characters)` : value;
}

// A quoted stretch opens after a space or bracket and closes before one, and neither end is a space: the text
// *between* two quoted names (`'a' is not 'b'`) is not taken for one.
const LONG_QUOTED = new RegExp(`(^|[\\s(\\[{=:,])'([^'\\s][^'\\n]{${MESSAGE_QUOTE_MAX},}[^'\\s])'(?=$|[\\s)\\]},.;:!?])`, 'g');

/** Every quoted stretch (`'…'`, how messages and hints quote user input) longer than the limit, cut by {@link quote} (a cut one is one character longer: left alone). */
function cutQuoted(text: string): string {
  return text.length > MESSAGE_QUOTE_MAX ? text.replace(LONG_QUOTED, (_, before: string, inner: string) => `${before}${quote(inner)}`) : text;
}

/** Longest unquoted message argument (details, lists of known names) before it is cut. */
const MESSAGE_ARG_MAX = 2000;

/** Build a diagnostic from the catalogue, locating it in the document when a pointer is given. */
export function diag(id: DiagnosticId, args: Record<string, unknown> = {}, opts: DiagOptions = {}): Diagnostic {
  const entry = catalogue[id];
  const d: Diagnostic = {
    code: entry.code,
    severity: opts.severity ?? 'error',
    message: cutQuoted(fill(entry.message, args)),
    hint: cutQuoted(opts.hint ?? fill(entry.hint, args)),
  };
  if (opts.pointer !== undefined) d.pointer = opts.pointer;
  const file = opts.file ?? opts.doc?.source.path;
  if (file !== undefined) d.file = file;
  const span = opts.span ?? (opts.doc && opts.pointer !== undefined ? spanOf(opts.doc, opts.pointer, opts.atKey) : undefined);
  if (span) {
    d.span = span;
    if (opts.doc) Object.assign(d, lineColumn(opts.doc.source.text, span.start));
  }
  return d;
}

/** The span of the node at `pointer`, or of its nearest ancestor that has one. */
export function spanOf(doc: SpecDocument, pointer: string, atKey = false): Span | undefined {
  let p = pointer;
  for (;;) {
    const pos = doc.positions.get(p);
    if (pos) return (atKey && pos.key) || pos.value;
    if (p === '') return undefined;
    p = p.slice(0, p.lastIndexOf('/'));
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** RFC 6901 pointer from path segments. */
export function pointerOf(...segments: Array<string | number>): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Sort by file, then position, so output is stable and reads top to bottom. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort(
    (a, b) => (a.file ?? '').localeCompare(b.file ?? '') || (a.span?.start ?? -1) - (b.span?.start ?? -1) || a.code.localeCompare(b.code),
  );
}
