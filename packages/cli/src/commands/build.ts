import { basename, dirname, resolve } from 'node:path';
import { buildOutputs, compareSamples, loadDestination, sampleFormatOf, ObjectStoreError, parseRemoteUrl, parseShard, pathKind, remoteStore, shardRange, type RemoteStore, type RemoteUrl, type AnyFormat, type BuildOptions, type OutputFormat, type PluginSet, type Shard } from '@synth/compiler';
import { diag, diagnosticsToJson, hasErrors, OUTPUT_FORMATS, outputPathProblem, pluginNameParts, quote, type Diagnostic } from '@synth/spec';
import { reportDiagnostics } from '../diagnostics-out.js';
import { specLocation, type LoadedSpec } from '../load-spec-file.js';
import { loadConfiguredSpec } from '../configured-plugins.js';
import { EXIT, type CommandContext } from '../context.js';
import { pick } from '../plan-spec-file.js';
import { createProgress } from '../progress.js';
import { formatCompareReport } from '../compare-report.js';
import { formatConformanceSummary } from '../conformance-summary.js';
import { writeReportFile } from '../report-file.js';
import { buildRecord, recordBuild } from '../build-history.js';
import { gracefully, interruptSignal } from '../interrupt.js';
import { checkLocalTarget, checkOutputPath } from '../output-path.js';

export interface BuildArgs {
  file: string;
  seed?: string;
  out?: string;
  format?: AnyFormat;
  dialect?: string;
  rows?: number;
  scale?: number;
  check?: boolean;
  allowOutside?: boolean;
  to?: string;
  replace?: boolean;
  /** Show a progress bar (default: on a terminal). */
  progress?: boolean;
  /** `I/N`: build only part I of N. */
  shard?: string;
  workers?: number;
  /** After the build, score the written files against this sample file or directory (docs/infer.md). */
  compare?: string;
  /** `--no-conformance`: skip checking the output against the spec. */
  conformance?: boolean;
  /** `--report FILE`: write the conformance report as HTML. */
  report?: string;
  /** `--no-history`: do not record the build in the state file. */
  history?: boolean;
}

/**
 * `synth build FILE`: writes every output atomically; with `--check`, writes nothing and fails when a file
 * on disk differs from what the spec produces now (naming each one).
 */
export async function buildCommand(ctx: CommandContext, args: BuildArgs): Promise<number> {
  const started = performance.now();
  const { loaded, plugins } = await loadConfiguredSpec(ctx, args.file);
  const withPlugins = plugins ? { plugins } : {};
  const sources = new Map(loaded.text !== undefined ? [[loaded.path, loaded.text]] : []);
  const location = specLocation(args.file, ctx.cwd);
  if (!loaded.spec) {
    reportDiagnostics(ctx.io, loaded.diagnostics, ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  let shard: Shard | undefined;
  if (args.shard !== undefined) {
    shard = parseShard(args.shard);
    if (!shard || args.to !== undefined) {
      ctx.io.stderr(shard ? 'error: --shard writes part files; it cannot be combined with --to\n' : `error: --shard takes I/N with 0 <= I < N (e.g. 0/4 … 3/4), not '${args.shard}'\n`);
      return EXIT.usage;
    }
  }
  if (args.format !== undefined && !(OUTPUT_FORMATS as readonly string[]).includes(args.format) && !plugins?.writer(args.format)) {
    const plugin = pluginNameParts(args.format);
    ctx.io.stderr(plugin
      ? `error: --format ${args.format}: no configured plugin provides it (plugins are listed in the config file; docs/plugins.md)\n`
      : `error: --format takes one of ${OUTPUT_FORMATS.join(', ')}, or plugin/format for a plugin's writer, not '${args.format}'\n`);
    return EXIT.usage;
  }
  if (args.report !== undefined && (args.conformance === false || args.check || args.to !== undefined)) {
    ctx.io.stderr('error: --report shows the conformance check of the files a build writes; it cannot be combined with --no-conformance, --check or --to\n');
    return EXIT.usage;
  }
  // Control characters and over-long names, before any file is touched (SYN357).
  for (const [flag, value] of [['--out', args.out], ['--report', args.report]] as const) {
    const problem = value !== undefined && pathKind(value).kind !== 'object' ? outputPathProblem(value) : undefined;
    if (problem === undefined) continue;
    const hint = `Give ${flag}${flag === '--out' ? ' (or `out` in the config file)' : ''} a path without control characters, each name at most 255 bytes.`;
    reportDiagnostics(ctx.io, [diag('outputPathInvalid', { path: quote(value!), detail: problem }, { hint })], ctx.diagnosticsFormat, sources);
    return EXIT.usage;
  }
  // A URL that is not an object store would otherwise become a local folder named `ftp:`.
  const badPath = (args.out !== undefined ? checkOutputPath('--out', args.out, { objectStores: true }) : undefined)
    ?? (args.report !== undefined ? checkOutputPath('--report', args.report, { objectStores: false }) : undefined);
  const badTarget = badPath
    ?? (args.out !== undefined && pathKind(args.out).kind === 'local' && args.to === undefined ? await checkLocalTarget('--out', args.out, ctx.cwd, 'folder') : undefined)
    ?? (args.report !== undefined ? await checkLocalTarget('--report', args.report, ctx.cwd, 'file') : undefined);
  if (badTarget) {
    reportDiagnostics(ctx.io, [badTarget], ctx.diagnosticsFormat, sources);
    return EXIT.usage;
  }
  if (args.to !== undefined) return loadCommand(ctx, { ...args, ...withPlugins }, loaded, sources, started);
  let remote: BuildOptions['remote'];
  if (args.out !== undefined && pathKind(args.out).kind === 'object') {
    const r = remoteOut(args.out, args.compare !== undefined, ctx.env);
    if ('problem' in r) {
      reportDiagnostics(ctx.io, [r.problem], ctx.diagnosticsFormat, sources);
      return EXIT.usage;
    }
    remote = r.store;
  }
  const progress = createProgress(process.stderr, args.progress);
  const startedAt = new Date();
  const signal = interruptSignal();
  const result = await gracefully(() => buildOutputs(loaded.spec!, loaded.doc, {
    ...(signal ? { signal } : {}),
    onProgress: (done, total) => progress.update(done, total),
    ...pick(args),
    ...location,
    cwd: ctx.cwd,
    ...(remote ? { remote } : args.out !== undefined ? { outDir: args.out } : {}),
    ...(args.format !== undefined ? { format: args.format } : {}),
    ...(args.dialect !== undefined ? { formatOptions: { dialect: args.dialect } } : {}),
    allowOutside: args.allowOutside === true,
    check: args.check === true,
    ...(shard ? { shard } : {}),
    ...(args.workers !== undefined ? { workers: args.workers } : {}),
    ...withPlugins,
    // --check compares bytes with the committed files; the build that wrote them checked them already.
    conformance: args.conformance !== false && args.check !== true,
  }));
  progress.stop();
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
  let reportPath: string | undefined;
  if (args.report !== undefined && result.conformance && result.plan) {
    // Written even when the build failed its checks: it is how to see why.
    try {
      reportPath = await writeReportFile(ctx.cwd, args.report, { title: loaded.spec.description ?? location.specName, seed: result.plan.seed, plan: result.plan, report: result.conformance });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      diagnostics.push(diag('writeFailed', { path: `'${args.report}'`, detail: err.code ?? err.message }, {}));
    }
  }
  // Rows written, not planned: a failed build commits no file, so it wrote none (whatever row it failed at).
  const failed = hasErrors(result.diagnostics);
  const rows = new Map(result.plan?.tables.map((t) => [t.name, failed ? 0 : shardRows(t.rowCount, shard)]) ?? []);
  if (args.history !== false && !args.check && result.plan) {
    const options = Object.fromEntries(Object.entries({ rows: args.rows, scale: args.scale, format: args.format, out: args.out, shard: args.shard, workers: args.workers, seed: args.seed }).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
    await recordBuild(ctx, buildRecord(ctx, { file: loaded.path, ...(loaded.text !== undefined ? { specText: loaded.text } : {}), started: startedAt, durationMs: Math.round(performance.now() - started), options, result, rows }));
  }
  const ms = Math.round(performance.now() - started);
  if (ctx.diagnosticsFormat === 'json') {
    const conformance = result.conformance ? { conformance: { ok: result.conformance.ok, findings: result.conformance.findings, flaws: result.conformance.flaws } } : {};
    ctx.io.stdout(`${JSON.stringify({ ok: !hasErrors(diagnostics), files: result.files, ...conformance, diagnostics: JSON.parse(diagnosticsToJson(diagnostics)) as unknown }, null, 2)}\n`);
    return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
  }
  reportDiagnostics(ctx.io, diagnostics, 'text', sources);
  if (hasErrors(diagnostics) && !args.check) {
    if (result.conformance) ctx.io.stdout(formatConformanceSummary(result.conformance));
    if (reportPath) ctx.io.stdout(`report: ${reportPath}\n`);
    return EXIT.invalid;
  }
  if (args.check) {
    const changed = result.files.filter((f) => f.status !== 'same');
    if (changed.length === 0) ctx.io.stdout(`${result.files.length} file${result.files.length === 1 ? '' : 's'} up to date\n`);
    else for (const f of changed) ctx.io.stdout(`${f.status === 'missing' ? 'missing' : 'changed'}: ${f.path}\n`);
    return changed.length === 0 && !hasErrors(diagnostics) ? EXIT.ok : EXIT.invalid;
  }
  for (const f of result.files) {
    const n = f.tables.reduce((s, t) => s + (rows.get(t) ?? 0), 0);
    ctx.io.stdout(`${f.path}  ${n.toLocaleString('en-US')} rows  ${formatBytes(f.bytes)}\n`);
  }
  if (result.conformance) ctx.io.stdout(formatConformanceSummary(result.conformance));
  if (reportPath) ctx.io.stdout(`report: ${reportPath}\n`);
  ctx.log.info(`built ${result.files.length} file(s) in ${ms} ms`);
  return args.compare === undefined ? EXIT.ok : compareBuilt(ctx, args.compare, result.files.map((f) => f.path));
}

/** `--compare SAMPLE`: the fidelity of the files just written (those in a format compare reads). */
async function compareBuilt(ctx: CommandContext, sample: string, files: string[]): Promise<number> {
  const result = await compareSamples([sample], files.filter((f) => sampleFormatOf(f) !== undefined), { cwd: ctx.cwd });
  if (!result.value) {
    reportDiagnostics(ctx.io, result.diagnostics, ctx.diagnosticsFormat, new Map());
    return result.usage ? EXIT.usage : EXIT.invalid;
  }
  ctx.io.stdout(`\n${formatCompareReport(result.value, ctx.io.color)}`);
  return EXIT.ok;
}

/**
 * `--out s3://…`, `gs://…`, `azure://…`: the store, or the usage problem (SYN209, SYN461, SYN462) found before
 * anything is generated. Credentials come from the environment only, and never reach a log line or a diagnostic.
 */
function remoteOut(out: string, compare: boolean, env: NodeJS.ProcessEnv): { store: RemoteStore } | { problem: Diagnostic } {
  if (compare) return { problem: diag('compareRemote', { path: `'${out}'` }, {}) };
  let url: RemoteUrl;
  try {
    url = parseRemoteUrl(out)!;
  } catch (e) {
    if (!(e instanceof ObjectStoreError)) throw e;
    return { problem: diag('badObjectUrl', { flag: '--out', path: `'${out}'`, detail: e.message.replace(/\.$/, '') }, {}) };
  }
  try {
    return { store: remoteStore(url, env) };
  } catch (e) {
    if (!(e instanceof ObjectStoreError)) throw e;
    return { problem: diag('objectStoreConfig', { path: `'${out}'`, detail: e.message.replace(/\.$/, '') }, {}) };
  }
}

/** `synth build --to DB`: load the tables into a database (all or nothing) instead of writing files. */
async function loadCommand(ctx: CommandContext, args: BuildArgs & { plugins?: PluginSet }, loaded: LoadedSpec, sources: Map<string, string>, started: number): Promise<number> {
  if (args.check || args.out !== undefined || args.format !== undefined || args.compare !== undefined || (args.workers ?? 1) > 1) {
    ctx.io.stderr('error: --to loads a database; it cannot be combined with --check, --out, --format, --compare or --workers\n');
    return EXIT.usage;
  }
  const signal = interruptSignal();
  const result = await gracefully(() => loadDestination(loaded.spec!, loaded.doc, {
    ...(signal ? { signal } : {}),
    ...pick(args),
    ...(args.plugins ? { plugins: args.plugins } : {}),
    to: args.to!,
    replace: args.replace === true,
    cwd: ctx.cwd,
  }));
  const diagnostics = [...loaded.diagnostics, ...result.diagnostics];
  if (ctx.diagnosticsFormat === 'json') {
    ctx.io.stdout(`${JSON.stringify({ ok: !hasErrors(diagnostics), target: result.target, tables: result.tables, diagnostics: JSON.parse(diagnosticsToJson(diagnostics)) as unknown }, null, 2)}\n`);
    return hasErrors(diagnostics) ? EXIT.invalid : EXIT.ok;
  }
  reportDiagnostics(ctx.io, diagnostics, 'text', sources);
  if (hasErrors(diagnostics)) return EXIT.invalid;
  for (const t of result.tables) ctx.io.stdout(`${result.target}  ${t.name}  ${t.rows.toLocaleString('en-US')} rows\n`);
  ctx.log.info(`loaded ${result.tables.length} table(s) in ${Math.round(performance.now() - started)} ms`);
  return EXIT.ok;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}

function shardRows(rowCount: number, shard: Shard | undefined): number {
  const [start, end] = shardRange(rowCount, shard);
  return end - start;
}
