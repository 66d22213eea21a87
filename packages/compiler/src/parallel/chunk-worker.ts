import { workerData } from 'node:worker_threads';
import { move, transferableSymbol, valueSymbol } from 'piscina';
import { ConformanceChecker } from '../conformance/conformance-checker.js';
import { tallyBuffers } from '../conformance/chunk-tally.js';
import { rangeBatches, tableInfo } from '../execute/execute-plan.js';
import { GenerationError, PlanRuntime } from '../execute/table-runtime.js';
import { importPlugins } from '../plugins/load-plugins.js';
import { MemorySink } from '../writers/hash-sink.js';
import { writers } from '../writers/registry.js';
import type { RowBatch, Writer } from '../types.js';
import type { ChunkResult, ChunkTask, WorkerSetup } from './chunk-task.js';

/**
 * The build's runtime, made once per worker from the setup the pool started it with (Faker, compiled expressions
 * and child counts are built once). It is started as the worker loads, so it is ready by the time the first chunk
 * arrives; a failure is reported by the first task that waits for it.
 */
const setup = workerData as WorkerSetup | undefined;
const ready = setup ? prepare(setup) : undefined;
ready?.catch(() => undefined);

let checker: ConformanceChecker | undefined;

async function prepare(s: WorkerSetup): Promise<PlanRuntime> {
  const plugins = s.plugins.length > 0 ? await importPlugins(s.plugins) : undefined;
  return new PlanRuntime(s.plan, s.spec, undefined, true, plugins);
}

/** Generates one chunk of a table and encodes it for every output that can take bytes made elsewhere. */
export async function runChunk(task: ChunkTask): Promise<ChunkResult> {
  if (!ready || setup?.build !== task.build) throw new Error('internal: a chunk reached a worker started for another build');
  try {
    const runtime = await ready;
    const { plan, spec } = runtime;
    const t = plan.tables.find((x) => x.name === task.table)!;
    if (task.candidates) return { encoded: [], batches: [], rowCount: 0, candidates: runtime.table(t.name).candidates(task.start, task.end) };
    const info = tableInfo(t, spec);
    const sinks = task.encode.map(() => new MemorySink());
    const encoders: Writer[] = [];
    for (const [k, e] of task.encode.entries()) {
      const factory = await writers[e.format]!.load();
      // What startTable writes (a csv header) is the main thread's to write, once: only the rows' bytes are kept.
      let open = false;
      const gated = { write: (chunk: string | Uint8Array) => (open ? sinks[k]!.write(chunk) : Promise.resolve()) };
      const w = factory(gated, { multiTable: false, options: e.options, context: { title: '', seed: plan.seed, tables: [info] } });
      await w.startTable(info);
      open = true;
      encoders.push(w);
    }
    const batches: RowBatch[] = [];
    let rowCount = 0;
    const checked: RowBatch[] = [];
    for (const batch of rangeBatches(runtime, t, task.start, task.end, task.batchRows, task.settled)) {
      for (const w of encoders) await w.writeBatch(batch);
      if (task.wantBatches) batches.push(batch);
      if (task.tally) checked.push(batch);
      rowCount += batch.rowCount;
    }
    const result: ChunkResult = { encoded: sinks.map((s) => s.buffer()), batches, rowCount };
    if (!task.tally) return result;
    checker ??= new ConformanceChecker(plan, spec, { ...setup.conformance, worker: true });
    result.tally = checker.tallyChunk(t.name, checked, task.sampleBound);
    // The key hashes are moved, not copied, to the main thread.
    return move({ [transferableSymbol]: tallyBuffers(result.tally), [valueSymbol]: result } as never) as unknown as ChunkResult;
  } catch (e) {
    // Without the document here, the diagnostic carries its pointer; the main thread gives it its file:line:col.
    if (e instanceof GenerationError) return { encoded: [], batches: [], rowCount: 0, error: e.diagnostic };
    throw e;
  }
}
