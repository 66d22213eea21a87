import { checkPlan, GenerationError } from '@synth/compiler';
import { diag } from '@synth/spec';
import { reportDiagnostics } from '../diagnostics-out.js';
import { EXIT, type CommandContext } from '../context.js';
import { planSpecFile } from '../plan-spec-file.js';
import { specLocation } from '../load-spec-file.js';
import { formatConformanceSummary } from '../conformance-summary.js';
import { writeReportFile } from '../report-file.js';
import { checkLocalTarget, checkOutputPath } from '../output-path.js';

export interface ReportArgs {
  file: string;
  out?: string;
  seed?: string;
  rows?: number;
  scale?: number;
}

/**
 * `synth report FILE`: generates the spec's data without writing it, checks it, and writes the HTML report
 * (docs/report.md#html). Exits 1 when a hard rule fails — the report is written all the same, to show why.
 */
export async function reportCommand(ctx: CommandContext, args: ReportArgs): Promise<number> {
  const badPath = args.out !== undefined ? checkOutputPath('--out', args.out, { objectStores: false }) ?? await checkLocalTarget('--out', args.out, ctx.cwd, 'file') : undefined;
  if (badPath) {
    reportDiagnostics(ctx.io, [badPath], ctx.diagnosticsFormat, new Map());
    return EXIT.usage;
  }
  const planned = await planSpecFile(ctx, args.file, args);
  if ('exit' in planned) return planned.exit;
  const { loaded, plan, diagnostics, sources } = planned;
  let report;
  try {
    report = checkPlan(plan, loaded.spec, loaded.doc);
  } catch (e) {
    if (!(e instanceof GenerationError)) throw e;
    reportDiagnostics(ctx.io, [...diagnostics, e.diagnostic], ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  const name = specLocation(args.file, ctx.cwd).specName;
  let written: string;
  try {
    written = await writeReportFile(ctx.cwd, args.out ?? `${name}.report.html`, { title: loaded.spec.description ?? name, seed: plan.seed, plan, report });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    reportDiagnostics(ctx.io, [diag('writeFailed', { path: `'${args.out ?? `${name}.report.html`}'`, detail: err.code ?? err.message }, {})], ctx.diagnosticsFormat, sources);
    return EXIT.invalid;
  }
  reportDiagnostics(ctx.io, diagnostics, ctx.diagnosticsFormat, sources);
  ctx.io.stdout(formatConformanceSummary(report));
  ctx.io.stdout(`report: ${written}\n`);
  return report.ok ? EXIT.ok : EXIT.invalid;
}
