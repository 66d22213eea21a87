import { formatPlan, planAndProbe } from '@synth/compiler';
import { hasErrors } from '@synth/spec';
import { reportDiagnostics } from '../diagnostics-out.js';
import { loadSpecFile } from '../load-spec-file.js';
import { configuredPlugins } from '../configured-plugins.js';
import { EXIT, type CommandContext } from '../context.js';

export interface PlanArgs {
  file: string;
  json?: boolean;
  seed?: string;
  rows?: number;
  scale?: number;
}

/** `synth plan FILE`: the resolved plan (tables in order, row counts, edges, generation order). */
export async function planCommand(ctx: CommandContext, args: PlanArgs): Promise<number> {
  const plugins = await configuredPlugins(ctx);
  const loaded = plugins.set || plugins.diagnostics.length === 0 ? await loadSpecFile(args.file, ctx.cwd, plugins.set) : { diagnostics: plugins.diagnostics, text: undefined, spec: undefined, doc: undefined };
  const sources = new Map(loaded.text !== undefined ? [[args.file, loaded.text]] : []);
  if (!loaded.spec) {
    reportDiagnostics(ctx.io, loaded.diagnostics, ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  const planned = planAndProbe(loaded.spec, { doc: loaded.doc!, ...pick(args), ...(plugins.set ? { plugins: plugins.set } : {}) });
  const diagnostics = [...loaded.diagnostics, ...planned.diagnostics];
  if (hasErrors(diagnostics) || !planned.plan) {
    reportDiagnostics(ctx.io, diagnostics, ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  if (args.json) ctx.io.stdout(`${JSON.stringify(planned.plan, (k, v) => (k === 'spec' ? undefined : v), 2)}\n`);
  else ctx.io.stdout(formatPlan(planned.plan));
  reportDiagnostics(ctx.io, diagnostics, ctx.diagnosticsFormat === 'json' && args.json ? 'text' : ctx.diagnosticsFormat, sources);
  return EXIT.ok;
}

export function pick(args: { seed?: string; rows?: number; scale?: number }): { seed?: string; rows?: number; scale?: number } {
  return {
    ...(args.seed !== undefined ? { seed: args.seed } : {}),
    ...(args.rows !== undefined ? { rows: args.rows } : {}),
    ...(args.scale !== undefined ? { scale: args.scale } : {}),
  };
}
