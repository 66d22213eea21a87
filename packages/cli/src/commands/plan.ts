import { formatPlan } from '@synth/compiler';
import { reportDiagnostics } from '../diagnostics-out.js';
import { EXIT, type CommandContext } from '../context.js';
import { planSpecFile } from '../plan-spec-file.js';

export interface PlanArgs {
  file: string;
  json?: boolean;
  seed?: string;
  rows?: number;
  scale?: number;
}

/** `synth plan FILE`: the resolved plan (tables in order, row counts, edges, generation order). */
export async function planCommand(ctx: CommandContext, args: PlanArgs): Promise<number> {
  const planned = await planSpecFile(ctx, args.file, args);
  if ('exit' in planned) return planned.exit;
  if (args.json) ctx.io.stdout(`${JSON.stringify(planned.plan, (k, v) => (k === 'spec' ? undefined : v), 2)}\n`);
  else ctx.io.stdout(formatPlan(planned.plan));
  reportDiagnostics(ctx.io, planned.diagnostics, ctx.diagnosticsFormat === 'json' && args.json ? 'text' : ctx.diagnosticsFormat, planned.sources);
  return EXIT.ok;
}
