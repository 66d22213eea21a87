import { loadSpec, type SpecDocument } from '@synth/spec';
import { rangeBatches, tableInfo } from '../execute/execute-plan.js';
import { GenerationError, PlanRuntime } from '../execute/table-runtime.js';
import { planBuild } from '../plan/plan-build.js';
import { importPlugins } from '../plugins/load-plugins.js';
import { MemorySink } from '../writers/hash-sink.js';
import { writers } from '../writers/registry.js';
import type { Plan, RowBatch, Writer } from '../types.js';
import type { ChunkResult, ChunkTask } from './chunk-task.js';

/** One runtime per build, kept between chunks: Faker, compiled expressions and child counts are built once. */
let current: { build: string; runtime: PlanRuntime; plan: Plan } | undefined;

async function runtimeFor(task: ChunkTask): Promise<{ runtime: PlanRuntime; plan: Plan }> {
  if (current?.build === task.build) return current;
  const plugins = task.plugins.length > 0 ? await importPlugins(task.plugins) : undefined;
  let doc: SpecDocument | undefined;
  if (task.source) doc = loadSpec(task.source).value?.doc;
  const planned = planBuild(task.spec, { ...task.planOptions, ...(doc ? { doc } : {}), ...(plugins ? { plugins } : {}) });
  // The main thread planned the same spec with the same options and found it valid.
  if (!planned.value) throw new Error(`internal: a worker could not plan the spec (${planned.diagnostics[0]?.message ?? 'unknown'})`);
  current = { build: task.build, runtime: new PlanRuntime(planned.value, task.spec, doc, true, plugins), plan: planned.value };
  return current;
}

/** Generates one chunk of a table and encodes it for every output that can take bytes made elsewhere. */
export async function runChunk(task: ChunkTask): Promise<ChunkResult> {
  try {
    const { runtime, plan } = await runtimeFor(task);
    const t = plan.tables.find((x) => x.name === task.table)!;
    if (task.candidates) return { encoded: [], batches: [], rowCount: 0, candidates: runtime.table(t.name).candidates(task.start, task.end) };
    const info = tableInfo(t, task.spec);
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
    for (const batch of rangeBatches(runtime, t, task.start, task.end, task.batchRows, task.settled)) {
      for (const w of encoders) await w.writeBatch(batch);
      if (task.wantBatches) batches.push(batch);
      rowCount += batch.rowCount;
    }
    return { encoded: sinks.map((s) => s.buffer()), batches, rowCount };
  } catch (e) {
    if (e instanceof GenerationError) return { encoded: [], batches: [], rowCount: 0, error: e.diagnostic };
    throw e;
  }
}
