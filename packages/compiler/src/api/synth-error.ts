import { diag, formatDiagnostic, type Diagnostic } from '@synth/spec';

/**
 * What the Node API throws: every problem as a diagnostic (code, file:line:col, message, hint), the same ones the
 * CLI prints. `message` is their text with code frames, so an uncaught SynthError in a test run reads like
 * `synth validate` output. A bug in synth is one too, with code SYN499 and the original error as `cause`.
 */
export class SynthError extends Error {
  override readonly name = 'SynthError';
  /** Every problem found (errors, and the warnings that came with them). */
  readonly diagnostics: readonly Diagnostic[];
  /** The code of the first error, e.g. SYN302. */
  readonly code: string;

  constructor(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string> = new Map(), options?: { cause?: unknown }) {
    const errors = diagnostics.filter((d) => d.severity === 'error');
    super(diagnostics.map((d) => formatDiagnostic(d, { sources: new Map(sources) })).join('\n'), options);
    this.diagnostics = diagnostics;
    this.code = (errors[0] ?? diagnostics[0])?.code ?? 'SYN499';
  }
}

/** Runs an API call so that anything but a SynthError thrown inside it (a bug) still reaches the caller as one. */
export async function asSynthError<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof SynthError) throw e;
    const detail = e instanceof Error ? e.message.split('\n')[0] : String(e);
    throw new SynthError([diag('internal', { detail }, {})], new Map(), { cause: e });
  }
}
