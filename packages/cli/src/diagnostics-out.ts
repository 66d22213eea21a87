import { diagnosticsToJson, formatDiagnostic, hasErrors, type Diagnostic } from '@synth/spec';

export type DiagnosticsFormat = 'text' | 'json';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  color: boolean;
  /** What a spec-file argument `-` reads (default: process.stdin). Tests hand in the text as chunks. */
  stdin?: () => AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>;
}

/** Prints diagnostics like a compiler (stderr), or as JSON (stdout) for tools. */
export function reportDiagnostics(io: Io, diagnostics: Diagnostic[], format: DiagnosticsFormat, sources: Map<string, string>): void {
  if (format === 'json') {
    io.stdout(`${diagnosticsToJson(diagnostics)}\n`);
    return;
  }
  for (const d of diagnostics) io.stderr(`${formatDiagnostic(d, { color: io.color, sources })}\n`);
  if (diagnostics.length > 0) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const warnings = diagnostics.length - errors;
    io.stderr(`\n${hasErrors(diagnostics) ? 'Found' : 'Found no errors and'} ${[errors ? `${errors} error${errors > 1 ? 's' : ''}` : '', warnings ? `${warnings} warning${warnings > 1 ? 's' : ''}` : ''].filter(Boolean).join(', ')}.\n`);
  }
}
