import { checkBeforeBuild, type Plan, type PluginSet } from '@synth/compiler';
import { hasErrors, type Diagnostic, type Limits } from '@synth/spec';
import { reportDiagnostics } from './diagnostics-out.js';
import { specLocation, type LoadedSpec } from './load-spec-file.js';
import { EXIT, type CommandContext } from './context.js';
import { loadConfiguredSpec } from './configured-plugins.js';

export interface PlannedSpec {
  plugins?: PluginSet;
  loaded: LoadedSpec & { spec: NonNullable<LoadedSpec['spec']> };
  plan: Plan;
  /** Warnings found on the way, for the caller to print with its own output. */
  diagnostics: Diagnostic[];
  sources: Map<string, string>;
}

/** Loads, validates, plans and probes a spec file; prints the diagnostics and gives the exit code when that fails. */
export async function planSpecFile(ctx: CommandContext, file: string, options: { seed?: string; rows?: number; scale?: number; limits?: Partial<Limits> }): Promise<PlannedSpec | { exit: number }> {
  // Plugins come from the config file only (a spec cannot load code); their generators are known to validation.
  const { loaded, plugins } = await loadConfiguredSpec(ctx, file);
  const sources = new Map(loaded.text !== undefined ? [[loaded.path, loaded.text]] : []);
  if (!loaded.spec) {
    reportDiagnostics(ctx.io, loaded.diagnostics, ctx.diagnosticsFormat, sources);
    return { exit: EXIT.invalid };
  }
  // What build checks before writing (validate's checks), so plan, report and validate agree on a spec.
  const planned = await checkBeforeBuild(loaded.spec, { doc: loaded.doc!, cwd: ctx.cwd, ...specLocation(file, ctx.cwd), ...pick(options), ...(plugins ? { plugins } : {}) });
  const diagnostics = [...loaded.diagnostics, ...planned.diagnostics];
  if (hasErrors(diagnostics) || !planned.plan) {
    reportDiagnostics(ctx.io, diagnostics, ctx.diagnosticsFormat, sources);
    return { exit: EXIT.invalid };
  }
  return { loaded: loaded as PlannedSpec['loaded'], plan: planned.plan, diagnostics, sources, ...(plugins ? { plugins } : {}) };
}

/** The plan options a command's arguments carry (`--seed`, `--rows`, `--scale`, `--max`), without the unset ones. */
export function pick(args: { seed?: string; rows?: number; scale?: number; limits?: Partial<Limits> }): { seed?: string; rows?: number; scale?: number; limits?: Partial<Limits> } {
  return {
    ...(args.limits !== undefined ? { limits: args.limits } : {}),
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.rows !== undefined ? { rows: args.rows } : {}),
    ...(args.scale !== undefined ? { scale: args.scale } : {}),
  };
}
