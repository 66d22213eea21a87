import Table from 'cli-table3';
import { executePlan, loadFakerLocale, planAndProbe, textFormatter, GenerationError } from '@synth/compiler';
import { hasErrors } from '@synth/spec';
import { reportDiagnostics } from '../diagnostics-out.js';
import { loadConfiguredSpec } from '../configured-plugins.js';
import { EXIT, type CommandContext } from '../context.js';
import { pick } from '../plan-spec-file.js';

export interface PreviewArgs {
  file: string;
  table?: string;
  limit: number;
  seed?: string;
}

/** `synth preview FILE`: the first rows of a table (or of each) as a terminal table, exactly as built. */
export async function previewCommand(ctx: CommandContext, args: PreviewArgs): Promise<number> {
  const { loaded, plugins } = await loadConfiguredSpec(ctx, args.file);
  const sources = new Map(loaded.text !== undefined ? [[loaded.path, loaded.text]] : []);
  if (!loaded.spec) {
    reportDiagnostics(ctx.io, loaded.diagnostics, ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  const spec = loaded.spec;
  if (args.table !== undefined && !(args.table in spec.tables)) {
    ctx.io.stderr(`error: no table '${args.table}' in ${loaded.path}; tables: ${Object.keys(spec.tables).join(', ')}\n`);
    return EXIT.usage;
  }
  const withPlugins = plugins ? { plugins } : {};
  await loadFakerLocale(spec.locale);
  const planned = planAndProbe(spec, { doc: loaded.doc!, ...pick(args), ...withPlugins });
  const diagnostics = [...loaded.diagnostics, ...planned.diagnostics];
  if (!planned.plan || hasErrors(diagnostics)) {
    reportDiagnostics(ctx.io, diagnostics, ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  try {
    for (const stream of executePlan(planned.plan, spec, { doc: loaded.doc!, batchRows: args.limit, ...withPlugins })) {
      // Tables read by this one generate what it reads of them on demand.
      if (args.table !== undefined && stream.info.name !== args.table) continue;
      const fmts = stream.info.columns.map(textFormatter);
      const t = new Table({ head: stream.info.columns.map((c) => c.name), style: { head: ctx.io.color ? ['cyan'] : [], border: ctx.io.color ? ['grey'] : [] } });
      const batches = stream.batches();
      const first = batches.next();
      if (!first.done) {
        const b = first.value;
        for (let r = 0; r < Math.min(b.rowCount, args.limit); r++) t.push(b.columns.map((col, k) => (col[r] === null ? '∅' : fmts[k]!(col[r]!))));
      }
      ctx.io.stdout(`${stream.info.name} (${stream.info.rowCount.toLocaleString('en-US')} rows)\n${t.toString()}\n`);
    }
  } catch (e) {
    if (!(e instanceof GenerationError)) throw e;
    reportDiagnostics(ctx.io, [e.diagnostic], ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  return EXIT.ok;
}
