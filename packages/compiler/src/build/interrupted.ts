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

/**
 * `work`, or Interrupted as soon as the signal fires: for waits that do not end at a batch (worker threads starting,
 * a chunk still being generated). `dispose` gets what `work` yields if it comes after the abort.
 */
export async function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined, dispose?: (late: T) => unknown): Promise<T> {
  if (!signal) return work;
  interrupted(signal);
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(new Interrupted(signal));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([work, aborted]);
  } catch (e) {
    if (e instanceof Interrupted && dispose) work.then(dispose, () => undefined);
    throw e;
  } finally {
    signal.removeEventListener('abort', onAbort!);
  }
}

/** The items of `source`, ending with Interrupted as soon as the signal fires (not only when the next item comes). */
export async function* itemsUntilAborted<T>(source: AsyncIterable<T>, signal: AbortSignal | undefined): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  for (;;) {
    const r = await untilAborted(it.next(), signal);
    if (r.done) return;
    yield r.value;
  }
}
