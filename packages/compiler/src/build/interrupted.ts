import { diag, type Diagnostic } from '@synth/spec';

/** Thrown inside a build or load when its AbortSignal fires, so the failure path cleans up as for any failure. */
export class Interrupted extends Error {
  constructor(readonly signal: AbortSignal) {
    super('interrupted');
  }

  /** SYN455 naming the reason the signal was aborted with (the CLI passes the signal's name, e.g. SIGINT). */
  diagnostic(detail: string): Diagnostic {
    const reason = this.signal.reason as unknown;
    return diag('interrupted', { signal: typeof reason === 'string' ? reason : 'an abort', detail });
  }
}

/** Throws Interrupted when the signal has fired: called between batches, where stopping leaves nothing half-done. */
export function interrupted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Interrupted(signal);
}
