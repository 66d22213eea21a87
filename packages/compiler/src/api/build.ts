import { basename } from 'node:path';
import { hasErrors, type Diagnostic } from '@synth/spec';
import { buildOutputs, type BuiltFile } from '../build/build-outputs.js';
import { planAndProbe } from '../execute/execute-plan.js';
import { loadFakerLocale } from '../generators/faker-source.js';
import type { AnyFormat, Plan } from '../types.js';
import { loadSpec, type LoadedSpec, type LoadOptions, type SpecInput } from './load.js';
import { asSynthError, SynthError } from './synth-error.js';

/** What changes a build without changing the spec (the CLI's --seed, --rows, --scale). */
export interface PlanSettings extends LoadOptions {
  /** Overrides the spec's seed. */
  seed?: string | number;
  /** Row count of every root table (tables with a fixed `rows`). */
  rows?: number;
  /** Multiplies every fixed row count; per-parent tables follow. */
  scale?: number;
}

export interface BuildSettings extends PlanSettings {
  /** Re-roots the outputs under this directory (relative to `cwd`); default: the spec's paths, relative to it. */
  outDir?: string;
  /** One file per table in this format instead of the spec's outputs (`csv`, `parquet`, …, or a plugin's `plugin/format`). */
  format?: AnyFormat;
  /** Options of the `format` output, as in a spec's `options:` (e.g. `{ dialect: 'sqlite' }` for sql). */
  formatOptions?: Record<string, unknown>;
  /** Write nothing; report for each file whether the one on disk is the same (`status`). */
  check?: boolean;
  /** Worker threads generating rows; the files are byte-identical to one thread's. */
  workers?: number;
  /** Lets the spec's output paths leave the spec's directory (or `outDir`); `outDir` itself may be anywhere. */
  allowOutside?: boolean;
  /** Called after every batch with the rows generated so far and the build's total. */
  onProgress?: (done: number, total: number) => void;
}

export interface BuildSummary {
  plan: Plan;
  /** The files written (or, with `check`, compared: see each file's `status`). */
  files: BuiltFile[];
  warnings: Diagnostic[];
}

/** The plan of a spec: tables in generation order, row counts, columns; throws a SynthError for what cannot be met. */
export function plan(input: SpecInput, settings: PlanSettings = {}): Promise<Plan> {
  return asSynthError(async () => (await planned(input, settings)).plan);
}

/** Plans and probes: everything the spec gets wrong, reported before anything is generated. */
export async function planned(input: SpecInput, settings: PlanSettings): Promise<{ loaded: LoadedSpec; plan: Plan; warnings: Diagnostic[] }> {
  const loaded = await loadSpec(input, settings);
  await loadFakerLocale(loaded.spec.locale);
  const r = planAndProbe(loaded.spec, { doc: loaded.doc, plugins: loaded.plugins, ...planOptions(settings) });
  if (!r.plan || hasErrors(r.diagnostics)) throw new SynthError([...loaded.warnings, ...r.diagnostics], sourcesOf(loaded));
  return { loaded, plan: r.plan, warnings: [...loaded.warnings, ...r.diagnostics] };
}

/**
 * Writes the spec's outputs (or `format` files under `outDir`) exactly as `synth build` does: the same bytes for
 * the same spec and seed, every file committed together by rename, nothing half-written on failure.
 */
export function build(input: SpecInput, settings: BuildSettings = {}): Promise<BuildSummary> {
  return asSynthError(async () => {
    const loaded = await loadSpec(input, settings);
    const cwd = settings.cwd ?? process.cwd();
    const result = await buildOutputs(loaded.spec, loaded.doc, {
      ...planOptions(settings),
      plugins: loaded.plugins,
      specDir: loaded.dir,
      cwd,
      ...(loaded.path !== undefined ? { specName: basename(loaded.path).replace(/(\.synth)?\.ya?ml$/, '') } : {}),
      ...(settings.outDir !== undefined ? { outDir: settings.outDir } : {}),
      ...(settings.format !== undefined ? { format: settings.format } : {}),
      ...(settings.formatOptions !== undefined ? { formatOptions: settings.formatOptions } : {}),
      ...(settings.workers !== undefined ? { workers: settings.workers } : {}),
      ...(settings.onProgress ? { onProgress: settings.onProgress } : {}),
      allowOutside: settings.allowOutside === true,
      check: settings.check === true,
    });
    // Under `check`, a file that differs is the answer, not a failure: it is in the file's status.
    const drift = new Set(['SYN403', 'SYN405']);
    const diagnostics = [...loaded.warnings, ...result.diagnostics];
    const failures = settings.check ? diagnostics.filter((d) => !drift.has(d.code)) : diagnostics;
    if (!result.plan || hasErrors(failures)) throw new SynthError(failures, sourcesOf(loaded));
    return { plan: result.plan, files: result.files, warnings: failures };
  });
}

export function planOptions(s: PlanSettings): { seed?: string | number; rows?: number; scale?: number } {
  return { ...(s.seed !== undefined ? { seed: s.seed } : {}), ...(s.rows !== undefined ? { rows: s.rows } : {}), ...(s.scale !== undefined ? { scale: s.scale } : {}) };
}

export function sourcesOf(loaded: LoadedSpec): Map<string, string> {
  return new Map([[loaded.doc.source.path, loaded.doc.source.text]]);
}
