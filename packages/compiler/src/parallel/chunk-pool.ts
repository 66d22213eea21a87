import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Piscina } from 'piscina';
import type { CellValue } from '../types.js';
import type { ChunkResult, ChunkTask, WorkerSetup } from './chunk-task.js';

/** Batches a worker generates per task: large enough to amortize messaging, small enough to keep memory flat. */
export const CHUNK_BATCHES = 16;

/**
 * A pool of worker threads generating chunks of tables. Results come back in row order whatever order the
 * workers finish in, and at most `2 × workers` chunks are in flight, so memory stays bounded.
 */
export class ChunkPool {
  private constructor(private readonly pool: Piscina, readonly workers: number, readonly build: string) {}

  /** Starts the workers of one build: each gets the plan, the spec and the plugins' URLs once, as it starts. */
  static async start(workers: number, setup: Omit<WorkerSetup, 'build'>): Promise<ChunkPool> {
    const { Piscina } = await import('piscina');
    // Node 20's worker threads do not take tsx's loader: run from the sources (development), the workers run the
    // built compiler, which `pnpm install` and `pnpm build` write (README: Development), without the condition
    // that resolves @synth/* to the sources.
    const fromSource = import.meta.url.endsWith('.ts');
    // No resourceLimits: any limit (even a generous one) gives the workers' heaps V8's small-heap sizing, and
    // their garbage collection then cost 2.3× the CPU of one thread's (users-orders, 2M rows: 20.6 s of CPU and
    // 11.9 s wall with a 128 MB limit, 17.5 s and 10.3 s without; peak RSS 661 → 819 MB).
    const filename = new URL(fromSource ? '../../dist/parallel/chunk-worker.js' : './chunk-worker.js', import.meta.url);
    if (fromSource && !existsSync(filename)) throw new Error(`--workers needs the built compiler (${filename.pathname}); run \`pnpm build\``);
    const build = randomUUID();
    const workerData: WorkerSetup = { build, ...setup };
    const pool = new Piscina({ filename: filename.href, minThreads: workers, maxThreads: workers, idleTimeout: 60_000, workerData, ...(fromSource ? { execArgv: [] } : {}) });
    return new ChunkPool(pool, workers, build);
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
        inFlight.push(this.run(next.value));
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

  /**
   * The chunks of a speculative table (TableRuntime.speculative), in order. Workers draw each chunk's retry
   * columns (`candidates`), `settle` turns them on this thread into the values one thread would have drawn (the
   * few an earlier row took are drawn again), and a worker then generates the chunk's rows with them. `prefix`
   * chunks (a shard's rows before its own) are settled only. Drawing a chunk's candidates overlaps generating the
   * chunks before it, so the only sequential work left is a hash and a Bloom filter probe per value.
   */
  settled(prefix: Iterable<Omit<ChunkTask, 'build'>>, tasks: Iterable<Omit<ChunkTask, 'build'>>, settle: (start: number, candidates: CellValue[][]) => void): AsyncIterable<ChunkResult> {
    const all = [...[...prefix].map((task) => ({ task, write: false })), ...[...tasks].map((task) => ({ task, write: true }))];
    const candidates = this.start(all.map(({ task }) => ({ ...task, encode: [], wantBatches: false, tally: false, candidates: true })));
    const pool = this;
    return {
      async *[Symbol.asyncIterator]() {
        const chunks: Array<Promise<ChunkResult>> = [];
        let k = 0;
        for await (const drawn of candidates) {
          const { task, write } = all[k++]!;
          if (drawn.error) {
            // Reported after the chunks before it, as a one-thread build would.
            chunks.push(Promise.resolve(drawn));
            break;
          }
          settle(task.start, drawn.candidates!);
          if (!write) continue;
          chunks.push(pool.run({ ...task, settled: drawn.candidates! }));
          while (chunks.length > 2 * pool.workers) yield await chunks.shift()!;
        }
        while (chunks.length > 0) yield await chunks.shift()!;
      },
    };
  }

  private run(task: Omit<ChunkTask, 'build'>): Promise<ChunkResult> {
    const p = this.pool.run({ ...task, build: this.build }, { name: 'runChunk' }) as Promise<ChunkResult>;
    // Rejections are observed when awaited in order; this keeps a later failure from being unhandled meanwhile.
    p.catch(() => undefined);
    return p;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}

/** [start, end) split into chunks of `chunkRows` (a multiple of the batch size, so batches fall where one thread's would). */
export function* chunkRanges(start: number, end: number, chunkRows: number): Generator<[number, number]> {
  for (let s = start; s < end; s += chunkRows) yield [s, Math.min(end, s + chunkRows)];
}
