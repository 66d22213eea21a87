import type { Destination } from './types.js';

/**
 * The destination, with every failure rolling the load back at once: nothing of a failed load is kept (no
 * temporary file, no open transaction or connection) whether or not the caller goes on to call abort, which
 * stays harmless to call again.
 */
export function abortOnFailure(d: Destination): Destination {
  const guard =
    <A extends unknown[], R>(f: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await f(...args);
      } catch (e) {
        await d.abort();
        throw e;
      }
    };
  return {
    open: guard((tables) => d.open(tables)),
    startTable: guard((table) => d.startTable(table)),
    writeBatch: guard((batch) => d.writeBatch(batch)),
    endTable: guard(() => d.endTable()),
    finish: guard(() => d.finish()),
    abort: () => d.abort(),
  };
}
