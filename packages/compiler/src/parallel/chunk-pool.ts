import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
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
    // Node 20's worker threads do not take tsx's loader: run from the sources (development), the workers run the
    // built compiler, which `pnpm install` and `pnpm build` write (README: Development), without the condition
    // that resolves @synth/* to the sources.
    const fromSource = import.meta.url.endsWith('.ts');
    const filename = new URL(fromSource ? '../../dist/parallel/chunk-worker.js' : './chunk-worker.js', import.meta.url);
    if (fromSource && !existsSync(filename)) throw new Error(`--workers needs the built compiler (${filename.pathname}); run \`pnpm build\``);
    return new ChunkPool(new Piscina({ filename: filename.href, minThreads: workers, maxThreads: workers, idleTimeout: 60_000, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB }, ...(fromSource ? { execArgv: [] } : {}) }), workers);
  }

  /**
   * Starts the tasks (chunks of one table, in order) right away — a table's chunks can be generated while the main
   * thread is still busy with an earlier table — and returns their results in the same order.
   */
  start(tasks: Iterable<Omit<ChunkTask, 'build'>>): AsyncIterable<ChunkResult> {
    const inFlight: Array<Promise<ChunkResult>> = [];
    const iter = tasks[Symbol.iterator]();
    const fill = () => {
      while (inFlight.length < 2 * this.workers) {
        const next = iter.next();
        if (next.done) return;
        const p = this.pool.run({ ...next.value, build: this.build }, { name: 'runChunk' }) as Promise<ChunkResult>;
        // Rejections are observed when awaited in order; this keeps a later failure from being unhandled meanwhile.
        p.catch(() => undefined);
        inFlight.push(p);
      }
    };
    fill();
    return {
      async *[Symbol.asyncIterator]() {
        while (inFlight.length > 0) {
          const result = await inFlight.shift()!;
          fill();
          yield result;
        }
      },
    };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** [start, end) split into chunks of `chunkRows` (a multiple of the batch size, so batches fall where one thread's would). */
export function* chunkRanges(start: number, end: number, chunkRows: number): Generator<[number, number]> {
  for (let s = start; s < end; s += chunkRows) yield [s, Math.min(end, s + chunkRows)];
}
