import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AtomicFile, inferSpec, loadFakerLocale, planAndProbe, profileSamples } from '@synth/compiler';
import { diag, hasErrors, loadSpec, type Diagnostic } from '@synth/spec';
import { reportDiagnostics } from '../diagnostics-out.js';
import { EXIT, type CommandContext } from '../context.js';
import { sampleLimits, type SampleLimitArgs } from '../sample-limits.js';

export interface InferArgs extends SampleLimitArgs {
  files: string[];
  output?: string;
  force?: boolean;
  /** False with --no-categories: no sample value at all in the spec. */
  categories?: boolean;
  seed?: string;
  /** Print the profile (JSON) instead of the spec. */
  profile?: boolean;
}

/**
 * `synth infer SAMPLE…`: profiles the sample files and writes a spec whose output looks like them (docs/infer.md).
 * Prints to stdout, or writes `-o FILE` atomically (never over an existing file without --force).
 */
export async function inferCommand(ctx: CommandContext, args: InferArgs): Promise<number> {
  const limits = sampleLimits(args);
  if (typeof limits === 'string') {
    ctx.io.stderr(`error: ${limits}\n`);
    return EXIT.usage;
  }
  const target = args.output !== undefined ? resolve(ctx.cwd, args.output) : undefined;
  if (target && !args.force && (await access(target, constants.F_OK).then(() => true, () => false))) {
    ctx.io.stderr(`error: ${args.output} already exists; pass --force to overwrite it\n`);
    return EXIT.invalid;
  }
  const started = performance.now();
  const profiled = await profileSamples(args.files, { cwd: ctx.cwd, ...limits, categories: args.categories !== false });
  if (!profiled.value) {
    reportDiagnostics(ctx.io, profiled.diagnostics, ctx.diagnosticsFormat, new Map());
    return profiled.usage ? EXIT.usage : EXIT.invalid;
  }
  const profile = profiled.value;
  const rows = profile.tables.reduce((s, t) => s + t.rows, 0);
  ctx.log.verbose(`profiled ${rows} rows of ${profile.tables.length} table(s) in ${Math.round(performance.now() - started)} ms`);
  let text: string;
  let planWarnings: Diagnostic[] = [];
  let planSource = new Map<string, string>();
  if (args.profile) text = `${JSON.stringify(profile, null, 2)}\n`;
  else {
    const seed = args.seed === undefined ? 1 : /^-?\d+$/.test(args.seed) ? Number(args.seed) : args.seed;
    text = inferSpec(profile, { seed });
    // The emitter only makes what the format allows; if it ever does not, say so instead of writing a broken spec.
    const check = loadSpec({ path: args.output ?? '<stdout>', text });
    if (hasErrors(check.diagnostics)) {
      const detail = `the inferred spec does not validate (${check.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')})`;
      reportDiagnostics(ctx.io, [diag('internal', { detail })], ctx.diagnosticsFormat, new Map());
      return EXIT.invalid;
    }
    // A valid spec can still be impossible to build (a key whose pattern has fewer values than the sample has rows):
    // the spec is written all the same, with the plan's findings as warnings, for a person to edit.
    await loadFakerLocale(check.value!.spec.locale);
    const planned = planAndProbe(check.value!.spec, { doc: check.value!.doc });
    planWarnings = planned.diagnostics.filter((d) => d.severity === 'error').map((d) => ({ ...d, severity: 'warning' as const }));
    planSource = new Map([[check.value!.doc.source.path, text]]);
  }
  const warn = () => {
    if (planWarnings.length === 0) return;
    ctx.io.stderr('warning: the inferred spec does not build as it is; edit it where these point:\n');
    reportDiagnostics(ctx.io, planWarnings, ctx.diagnosticsFormat, planSource);
  };
  if (!target) {
    ctx.io.stdout(text);
    warn();
    return EXIT.ok;
  }
  const file = new AtomicFile(target);
  try {
    await file.open();
    await file.write(text);
    await file.commit();
  } catch (e) {
    await file.abort();
    reportDiagnostics(ctx.io, [diag('writeFailed', { path: `'${args.output}'`, detail: (e as NodeJS.ErrnoException).code ?? String(e) })], ctx.diagnosticsFormat, new Map());
    return EXIT.invalid;
  }
  warn();
  const fks = profile.foreignKeys.length;
  const what = args.profile ? 'profile' : 'spec';
  ctx.io.stdout(`wrote ${args.output}: ${what} of ${profile.tables.length} table${profile.tables.length === 1 ? '' : 's'}, ${rows.toLocaleString('en-US')} rows profiled, ${fks} foreign key${fks === 1 ? '' : 's'}${args.profile ? '' : `; next: synth build ${args.output}`}\n`);
  return EXIT.ok;
}
