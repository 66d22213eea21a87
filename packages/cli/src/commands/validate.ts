import { hasErrors, type Diagnostic } from '@synth/spec';
import { reportDiagnostics } from '../diagnostics-out.js';
import { loadSpecFile, specLocation } from '../load-spec-file.js';
import { configuredPlugins } from '../configured-plugins.js';
import { EXIT, type CommandContext } from '../context.js';

/**
 * `synth validate FILE…`: for every file, what `synth build` checks before it writes a row (docs/cli.md#validate):
 * YAML, JSON Schema, semantics, the plan, a probe of the first rows through every generator and check, and the
 * outputs. All problems at once; `-` reads a spec from standard input.
 */
export async function validateCommand(ctx: CommandContext, files: string[]): Promise<number> {
  let failed = false;
  const all: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const plugins = await configuredPlugins(ctx);
  if (!plugins.set && plugins.diagnostics.length > 0) {
    reportDiagnostics(ctx.io, plugins.diagnostics, ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  for (const file of files) {
    const loaded = await loadSpecFile(file, ctx.cwd, plugins.set, ctx.io, ctx.limits);
    if (loaded.text !== undefined) sources.set(loaded.path, loaded.text);
    const diagnostics = [...loaded.diagnostics];
    if (loaded.spec) {
      // The compiler (and Faker, for the probe) loads only once a spec has passed the spec checks; only the part of
      // it that checks, not the package's index (inference, comparison, reports, remote destinations).
      const { checkBeforeBuild } = await import('@synth/compiler/check');
      const checked = await checkBeforeBuild(loaded.spec, { doc: loaded.doc!, cwd: ctx.cwd, ...specLocation(file, ctx.cwd), ...(plugins.set ? { plugins: plugins.set } : {}) });
      diagnostics.push(...checked.diagnostics);
    }
    all.push(...diagnostics);
    if (hasErrors(diagnostics)) failed = true;
    else if (ctx.diagnosticsFormat === 'text') {
      const n = Object.keys(loaded.spec!.tables).length;
      ctx.io.stdout(`${loaded.path}: valid (${n} table${n === 1 ? '' : 's'})\n`);
    }
  }
  reportDiagnostics(ctx.io, all, ctx.diagnosticsFormat, sources);
  return failed ? EXIT.invalid : EXIT.ok;
}
