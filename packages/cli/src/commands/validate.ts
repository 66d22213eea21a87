import { hasErrors } from '@synth/spec';
import { reportDiagnostics } from '../diagnostics-out.js';
import { loadSpecFile } from '../load-spec-file.js';
import { configuredPlugins } from '../configured-plugins.js';
import { EXIT, type CommandContext } from '../context.js';

/** `synth validate FILE…`: parse, schema and semantic checks for every file; all problems at once. */
export async function validateCommand(ctx: CommandContext, files: string[]): Promise<number> {
  let failed = false;
  const all = [];
  const sources = new Map<string, string>();
  const plugins = await configuredPlugins(ctx);
  if (!plugins.set && plugins.diagnostics.length > 0) {
    reportDiagnostics(ctx.io, plugins.diagnostics, ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  for (const file of files) {
    const loaded = await loadSpecFile(file, ctx.cwd, plugins.set, ctx.limits);
    if (loaded.text !== undefined) sources.set(file, loaded.text);
    all.push(...loaded.diagnostics);
    if (hasErrors(loaded.diagnostics)) failed = true;
    else if (ctx.diagnosticsFormat === 'text') {
      const n = Object.keys(loaded.spec!.tables).length;
      ctx.io.stdout(`${file}: valid (${n} table${n === 1 ? '' : 's'})\n`);
    }
  }
  reportDiagnostics(ctx.io, all, ctx.diagnosticsFormat, sources);
  return failed ? EXIT.invalid : EXIT.ok;
}
