import { lineColumn, spanOf, type Diagnostic, type SpecDocument } from '@synth/spec';

/**
 * A diagnostic made without the document (row counts, a worker's generation error) at its place in the spec's
 * text: the file, and the span and line:col of its pointer.
 */
export function locateDiagnostic(d: Diagnostic, doc: SpecDocument): Diagnostic {
  if (d.pointer === undefined || d.file !== undefined) return d;
  const span = spanOf(doc, d.pointer);
  return { ...d, file: doc.source.path, ...(span ? { span, ...lineColumn(doc.source.text, span.start) } : {}) };
}
