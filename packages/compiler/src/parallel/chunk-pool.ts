import { randomUUID } from 'node:crypto';
import type { Piscina } from 'piscina';
import type { ChunkResult, ChunkTask } from './chunk-task.js';

/** Batches a worker generates per task: large enough to amortize messaging, small enough to keep memory flat. */
export const CHUNK_BATCHES = 16;

/**
 * A worker's live set is one runtime and one chunk; a small old generation makes V8 collect instead of growing
 * (a worker's RSS otherwise climbs towards the default heap limit on long builds).
 */
const WORKER_HEAP_MB = 128;

/**
 * A pool of worker threads generating chunks of tables. Results come back in row order whatever order the
 * workers finish in, and at most `2 × workers` chunks are in flight, so memory stays bounded.
 */
export class ChunkPool {
  readonly build = randomUUID();

  private constructor(private readonly pool: Piscina, readonly workers: number) {}

  static async start(workers: number): Promise<ChunkPool> {
    const { Piscina } = await import('piscina');
    // Under tsx (development) the worker is the .ts source; built, it is the .js next to this file.
    const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
    const filename = new URL(`./chunk-worker.${ext}`, import.meta.url).href;
    return new ChunkPool(new Piscina({ filename, minThreads: workers, maxThreads: workers, idleTimeout: 60_000, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } }), workers);
  }

  /** Runs the tasks (chunks of one table in order) and yields their results in the same order. */
  async *run(tasks: Iterable<Omit<ChunkTask, 'build'>>): AsyncGenerator<ChunkResult> {
    const inFlight: Array<Promise<ChunkResult>> = [];
    const iter = tasks[Symbol.iterator]();
    const fill = () => {
      while (inFlight.length < 2 * this.workers) {
        const next = iter.next();
        if (next.done) return;
        const p = this.pool.run({ ...next.value, build: this.build }) as Promise<ChunkResult>;
        // Rejections are observed when awaited in order; this keeps a later failure from being unhandled meanwhile.
        p.catch(() => undefined);
        inFlight.push(p);
      }
    };
    fill();
    while (inFlight.length > 0) {
      const result = await inFlight.shift()!;
      fill();
      yield result;
    }
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** [start, end) split into chunks of `chunkRows` (a multiple of the batch size, so batches fall where one thread's would). */
export function* chunkRanges(start: number, end: number, chunkRows: number): Generator<[number, number]> {
  for (let s = start; s < end; s += chunkRows) yield [s, Math.min(end, s + chunkRows)];
}
