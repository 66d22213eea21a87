import { diag, hasErrors, pointerOf, resolveLimits, type Diagnostic, type OutputFormat, type Spec, type SpecDocument } from '@synth/spec';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, relative, resolve, sep } from 'node:path';
import { BATCH_ROWS, executePlan, planAndProbe, type TableStream } from '../execute/execute-plan.js';
import type { ChunkResult } from '../parallel/chunk-task.js';
import { CHUNK_BATCHES, ChunkPool, chunkRanges } from '../parallel/chunk-pool.js';
import { locateDiagnostic } from '../plan/locate-diagnostic.js';
import { GenerationError } from '../execute/table-runtime.js';
import { loadFakerLocale } from '../generators/faker-source.js';
import type { PlanOptions } from '../plan/plan-build.js';
import { estimateOutputBytes, formatSize } from '../plan/size-estimate.js';
import { shardRange } from '../execute/shard.js';
import { WriterOptionError, type AnyFormat, type Plan, type Writer } from '../types.js';
import { AtomicFile } from '../writers/atomic-file.js';
import { interrupted, Interrupted, itemsUntilAborted, untilAborted } from './interrupted.js';
import { HashSink } from '../writers/hash-sink.js';
import { writerFor } from '../writers/registry.js';
import { resolveOutputs, type OutputLocation } from './resolve-outputs.js';
import type { RemoteStore } from '../destinations/remote-store.js';
import { ConformanceChecker } from '../conformance/conformance-checker.js';
import { RowSample } from '../conformance/row-sample.js';
import { conformanceDiagnostics } from '../conformance/conformance-diagnostics.js';
import type { ConformanceReport } from '../conformance/conformance-types.js';

export interface BuildOptions extends Omit<PlanOptions, 'doc'>, Omit<OutputLocation, 'doc'> {
  /** Compare with the files on disk instead of writing (`--check`). */
  check?: boolean;
  /**
   * `--workers N`: worker threads generate chunks of every table whose rows do not depend on earlier rows; the
   * output is byte-identical to one thread's.
   */
  workers?: number;
  /** Called after every batch with the rows generated so far and the build's total (for a progress bar). */
  onProgress?: (done: number, total: number) => void;
  /**
   * `--out s3://…`, `gs://…`, `azure://…`: files are staged locally, then uploaded once all are complete (`outDir`
   * is ignored). See `remoteStore`.
   */
  remote?: RemoteStore;
  /** Check the output against the spec while writing it (docs/report.md); on by default. */
  conformance?: boolean;
  /**
   * Aborts the build between batches (the CLI's SIGINT/SIGTERM): every temporary file is removed, the worker threads
   * stop, and the result carries SYN455 with the abort reason (the signal's name).
   */
  signal?: AbortSignal;
}

export interface BuiltFile {
  /** As given to the user: relative to the working directory. */
  path: string;
  format: AnyFormat;
  tables: string[];
  bytes: number;
  sha256: string;
  /** `--check` only: how the file on disk compares. */
  status?: 'same' | 'changed' | 'missing';
}

export interface BuildResult {
  plan?: Plan;
  files: BuiltFile[];
  diagnostics: Diagnostic[];
  /** What the conformance checker found (absent when it was off or nothing was generated). */
  conformance?: ConformanceReport;
}

/**
 * Spec → files: plan (every impossible constraint reported before anything is opened), probe the first rows,
 * then stream every table once through every writer that wants it. All files are committed together at the
 * end by rename; on any failure every temporary file is removed and the previous outputs stay as they were.
 */
export async function buildOutputs(spec: Spec, doc: SpecDocument | undefined, options: BuildOptions): Promise<BuildResult> {
  if (options.remote) return buildRemote(spec, doc, { ...options, remote: options.remote });
  return buildLocal(spec, doc, options);
}

/**
 * Object storage: build into a local staging directory exactly as a local build would (so a failed build uploads
 * nothing), then upload every file, one PUT each. `--check` compares the objects' hashes instead.
 */
async function buildRemote(spec: Spec, doc: SpecDocument | undefined, options: BuildOptions & { remote: NonNullable<BuildOptions['remote']> }): Promise<BuildResult> {
  const { ObjectStoreError } = await import('../destinations/object-store.js');
  const store = options.remote;
  const staging = await mkdtemp(join(tmpdir(), 'synth-out-'));
  const keyOf = (path: string) => relative(staging, path).split(sep).join('/');
  const failed = (e: unknown, result: BuildResult): BuildResult => {
    if (!(e instanceof ObjectStoreError)) throw e;
    return { ...result, files: [], diagnostics: [...result.diagnostics, diag('writeFailed', { path: `'${store.url('')}'`, detail: e.message }, { hint: store.hint })] };
  };
  try {
    const { remote: _remote, ...rest } = options;
    const local: BuildOptions = { ...rest, cwd: staging, outDir: staging };
    if (options.check) {
      // Hash what the spec produces now, and what the bucket holds.
      const result = await buildLocal(spec, doc, { ...local, check: true, remoteCheck: true });
      if (hasErrors(result.diagnostics)) return result;
      let digests: Map<string, string | undefined>;
      try {
        digests = await store.digests(result.files.map((f) => keyOf(resolve(staging, f.path))));
      } catch (e) {
        return failed(e, result);
      }
      const diagnostics = [...result.diagnostics];
      const files = result.files.map((f) => {
        const key = keyOf(resolve(staging, f.path));
        const remote = digests.get(key);
        const status = remote === undefined ? 'missing' as const : remote === f.sha256 ? 'same' as const : 'changed' as const;
        const path = store.url(key);
        if (status === 'changed') diagnostics.push({ ...diag('outputDrift', { path }, {}), file: path });
        if (status === 'missing') diagnostics.push({ ...diag('outputMissing', { path }, {}), file: path });
        return { ...f, path, status };
      });
      return { ...result, files, diagnostics };
    }
    const result = await buildLocal(spec, doc, local);
    if (hasErrors(result.diagnostics)) return result;
    const files = result.files.map((f) => ({ ...f, key: keyOf(resolve(staging, f.path)) }));
    try {
      await store.upload(files.map((f) => ({ key: f.key, localPath: join(staging, f.key), sha256: f.sha256 })));
    } catch (e) {
      return failed(e, result);
    }
    return { ...result, files: files.map(({ key, ...f }) => ({ ...f, path: store.url(key) })) };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function buildLocal(spec: Spec, doc: SpecDocument | undefined, options: BuildOptions & { remoteCheck?: boolean }): Promise<BuildResult> {
  await loadFakerLocale(spec.locale);
  const { plan, diagnostics } = planAndProbe(spec, { ...options, ...(doc ? { doc } : {}) });
  if (!plan) return { files: [], diagnostics };
  const { targets, diagnostics: outputDiagnostics } = resolveOutputs(plan, { ...options, ...(doc ? { doc } : {}) });
  diagnostics.push(...outputDiagnostics);
  const display = (p: string) => relative(options.cwd, p) || p;
  // A folder where a file goes fails only at the final rename, after the whole build (and breaks --check's read).
  for (const t of targets) {
    if ((await stat(t.path).catch(() => undefined))?.isDirectory()) {
      const pointer = t.index !== undefined ? pointerOf('outputs', t.index, 'path') : undefined;
      diagnostics.push(diag('outputIsDirectory', { path: `'${display(t.path)}'` }, { ...(doc ? { doc } : {}), ...(pointer ? { pointer } : {}) }));
    }
  }
  if (hasErrors(diagnostics)) return { plan, files: [], diagnostics };
  if (!options.check) {
    // Before a file is opened: a typo in a row count must not fill the disk (docs/spec.md#limits).
    const max = resolveLimits(options.limits).outputBytes;
    const estimate = estimateOutputBytes(plan, targets, (_t, n) => { const [a, b] = shardRange(n, options.shard); return b - a; });
    if (estimate > max) {
      const rows = plan.tables.reduce((s, t) => s + t.rowCount, 0);
      diagnostics.push(diag('outputBytesLimit', { estimate: formatSize(estimate), detail: `${rows.toLocaleString('en-US')} rows in ${targets.length} file${targets.length === 1 ? '' : 's'}`, max: formatSize(max) }, {}));
      return { plan, files: [], diagnostics };
    }
  }

  const opened: Array<{ target: (typeof targets)[number]; sink: AtomicFile | HashSink; writer: Writer; writerOptions: Record<string, unknown> }> = [];
  let pool: ChunkPool | undefined;
  const checker = options.conformance === false ? undefined : new ConformanceChecker(plan, spec, options.shard ? { shard: options.shard } : {});
  let conformance: ConformanceReport | undefined;
  try {
    const streams = executePlan(plan, spec, { ...(doc ? { doc } : {}), ...(options.shard ? { shard: options.shard } : {}), ...(options.plugins ? { plugins: options.plugins } : {}) });
    const infos = new Map(streams.map((s) => [s.info.name, s.info]));
    const context = { title: spec.description ?? basename(options.specDir), ...(spec.description ? { description: spec.description } : {}), seed: plan.seed };
    for (const target of targets) {
      const w = writerFor(target.format, options.plugins)!;
      const factory = await w.load();
      const sink = options.check ? new HashSink() : await new AtomicFile(target.path).open();
      let writer: Writer;
      // Shards after the first leave out the header, so the parts concatenate into the single build's file.
      const writerOptions = (target.format === 'csv' || target.format === 'tsv') && options.shard && options.shard.index > 0 ? { ...target.options, header: false } : target.options;
      try {
        writer = factory(sink, { multiTable: w.multiTable && target.tables.length > 1, options: writerOptions, context: { ...context, tables: target.tables.map((t) => infos.get(t)!) } });
      } catch (e) {
        if (sink instanceof AtomicFile) await sink.abort();
        if (!(e instanceof WriterOptionError)) throw e;
        const pointer = target.index !== undefined ? pointerOf('outputs', target.index, 'options') : undefined;
        throw new GenerationError(diag('invalidParameter', { detail: `${target.format} output: ${e.message}` }, { ...(doc ? { doc } : {}), ...(pointer ? { pointer } : {}), hint: 'See docs/formats.md for the options of each format.' }));
      }
      opened.push({ target, sink, writer, writerOptions });
    }
    const total = streams.reduce((n, s) => n + s.info.rowCount, 0);
    // Worker threads import the plugins by module URL; plugin objects handed to the Node API stay in this thread.
    const pluginUrls = options.plugins ? options.plugins.moduleUrls : [];
    let done = 0;
    const progressed = (rows: number) => {
      done += rows;
      options.onProgress?.(done, total);
    };
    // Worker threads take the tables whose rows do not depend on earlier rows, when they are worth a pool.
    const byWorkers = (s: TableStream) =>
      (options.workers ?? 1) > 1 && pluginUrls !== undefined && !s.sequential && s.info.rowCount > 2 * CHUNK_BATCHES * BATCH_ROWS && opened.some((o) => o.target.tables.includes(s.info.name));
    // Workers get the plan itself, once: they never see the YAML, validate or plan.
    if (streams.some(byWorkers)) pool = await untilAborted(ChunkPool.start(options.workers!, { plan, spec, plugins: pluginUrls!, ...(checker ? { conformance: options.shard ? { shard: options.shard } : {} } : {}) }), options.signal, (late) => late.close());
    const runs = new Map<string, AsyncIterable<ChunkResult>>();
    const chunksOf = (s: TableStream) => {
      let run = runs.get(s.info.name);
      if (!run) {
        const into = opened.filter((o) => o.target.tables.includes(s.info.name));
        // Only built-in writers are chunkable.
        const chunkable = (o: (typeof into)[number]) => writerFor(o.target.format, options.plugins)!.chunkable === true;
        const encode = into.filter(chunkable).map((o) => ({ format: o.target.format as OutputFormat, options: o.writerOptions }));
        // When no output needs the rows here, the workers check their chunks and send tallies; otherwise the
        // conformance checker reads every row as written.
        const tally = checker !== undefined && into.every(chunkable);
        const wantBatches = into.some((o) => !chunkable(o)) || (checker !== undefined && !tally);
        const sampleBound = tally ? RowSample.bound(s.info.name, s.start, s.start + s.info.rowCount) : undefined;
        const task = (start: number, end: number, write: boolean) => ({ table: s.info.name, start, end, batchRows: BATCH_ROWS, encode: write ? encode : [], wantBatches: write && wantBatches, tally: write && tally, ...(sampleBound !== undefined ? { sampleBound } : {}) });
        const ranges = (from: number, to: number, write: boolean) => [...chunkRanges(from, to, CHUNK_BATCHES * BATCH_ROWS)].map(([a, b]) => task(a, b, write));
        const tasks = ranges(s.start, s.start + s.info.rowCount, true);
        // A speculative table settles its unique values here, from the first row (a shard's earlier rows included).
        run = s.settle ? pool!.settled(ranges(0, s.start, false), tasks, s.settle) : pool!.start(tasks);
        runs.set(s.info.name, run);
      }
      return run;
    };
    for (const [ti, stream] of streams.entries()) {
      const name = stream.info.name;
      const into = opened.filter((o) => o.target.tables.includes(name));
      if (into.length === 0) {
        // Later tables generate what they read of it on demand.
        progressed(stream.info.rowCount);
        continue;
      }
      const parallel = byWorkers(stream);
      if (parallel) chunksOf(stream);
      // The workers start on the next table they can take while this one is written (or generated here).
      const ahead = streams.slice(ti + 1).find(byWorkers);
      if (ahead) chunksOf(ahead);
      for (const o of into) await o.writer.startTable(stream.info);
      if (parallel) {
        for await (const chunk of itemsUntilAborted(chunksOf(stream), options.signal)) {
          // A worker has no document: the diagnostic gets its file:line:col here.
          if (chunk.error) throw new GenerationError(doc ? locateDiagnostic(chunk.error, doc) : chunk.error);
          let e = 0;
          for (const o of into) {
            if (writerFor(o.target.format, options.plugins)!.chunkable) await o.sink.write(chunk.encoded[e++]!);
            else for (const b of chunk.batches) await o.writer.writeBatch(b);
          }
          if (chunk.tally) checker?.merge(chunk.tally);
          else for (const b of chunk.batches) checker?.observe(b);
          progressed(chunk.rowCount);
        }
      } else {
        for (const batch of stream.batches()) {
          interrupted(options.signal);
          for (const o of into) await o.writer.writeBatch(batch);
          checker?.observe(batch);
          progressed(batch.rowCount);
        }
      }
      for (const o of into) await o.writer.endTable();
    }
    for (const o of opened) await o.writer.finish();
    interrupted(options.signal);
    if (checker) {
      conformance = checker.finish();
      // Output that breaks its own spec is not committed: the build fails as it would on a generation error.
      if (!conformance.ok) throw new ConformanceFailure();
    }
  } catch (e) {
    await Promise.all(opened.map((o) => (o.sink instanceof AtomicFile ? o.sink.abort() : undefined)));
    if (e instanceof Interrupted) return { plan, files: [], diagnostics: [...diagnostics, e.diagnostic('no output was changed')] };
    if (e instanceof GenerationError) return { plan, files: [], diagnostics: [...diagnostics, e.diagnostic] };
    if (e instanceof ConformanceFailure) return { plan, files: [], diagnostics: [...diagnostics, ...conformanceDiagnostics(conformance!, doc)], ...(conformance ? { conformance } : {}) };
    // A writer can only tell some limits once a table starts (a pdf's row limit, xlsx's sheet size).
    if (e instanceof WriterOptionError) {
      return { plan, files: [], diagnostics: [...diagnostics, diag('invalidParameter', { detail: e.message }, { ...(doc ? { doc } : {}), hint: 'See docs/formats.md for the limits and options of each format.' })] };
    }
    const err = e as NodeJS.ErrnoException;
    if (err && typeof err.code === 'string' && typeof err.path === 'string') {
      return { plan, files: [], diagnostics: [...diagnostics, diag('writeFailed', { path: `'${display(err.path)}'`, detail: err.code }, {})] };
    }
    throw e;
  } finally {
    await pool?.close();
  }

  const files: BuiltFile[] = [];
  if (options.check) {
    for (const o of opened) {
      const sink = o.sink as HashSink;
      const sha256 = sink.digest();
      const path = display(o.target.path);
      if (options.remoteCheck) {
        // The caller compares with the objects in the bucket.
        files.push({ path, format: o.target.format, tables: o.target.tables, bytes: sink.bytes, sha256 });
        continue;
      }
      const onDisk = await hashFile(o.target.path);
      const status = onDisk === undefined ? 'missing' : onDisk === sha256 ? 'same' : 'changed';
      files.push({ path, format: o.target.format, tables: o.target.tables, bytes: sink.bytes, sha256, status });
      if (status === 'changed') diagnostics.push({ ...diag('outputDrift', { path }, {}), file: path });
      if (status === 'missing') diagnostics.push({ ...diag('outputMissing', { path }, {}), file: path });
    }
    return { plan, files, diagnostics, ...(conformance ? { conformance } : {}) };
  }
  // Commit only once every file is complete, so a failure leaves all previous outputs in place.
  if (options.signal?.aborted) {
    await Promise.all(opened.map((x) => (x.sink as AtomicFile).abort()));
    return { plan, files: [], diagnostics: [...diagnostics, new Interrupted(options.signal).diagnostic('no output was changed')] };
  }
  for (const o of opened) {
    const sink = o.sink as AtomicFile;
    const sha256 = sink.digest();
    try {
      await sink.commit();
    } catch (e) {
      await Promise.all(opened.map((x) => (x.sink as AtomicFile).abort()));
      return { plan, files, diagnostics: [...diagnostics, diag('writeFailed', { path: `'${display(o.target.path)}'`, detail: (e as Error).message }, {})] };
    }
    files.push({ path: display(o.target.path), format: o.target.format, tables: o.target.tables, bytes: sink.bytes, sha256 });
  }
  return { plan, files, diagnostics, ...(conformance ? { conformance } : {}) };
}

async function hashFile(path: string): Promise<string | undefined> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  return hash.digest('hex');
}

/** Thrown inside the write loop so the failure path aborts every temporary file. */
class ConformanceFailure extends Error {}
