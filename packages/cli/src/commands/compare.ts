import { compareSamples } from '@synth/compiler';
import { reportDiagnostics } from '../diagnostics-out.js';
import { EXIT, type CommandContext } from '../context.js';
import { formatCompareReport } from '../compare-report.js';
import { sampleLimits, type SampleLimitArgs } from '../sample-limits.js';

export interface CompareArgs extends SampleLimitArgs {
  /** SAMPLE OUTPUT, or with --against: the sample paths. */
  paths: string[];
  /** The output paths, when the sample has more than one path. */
  against?: string[];
  json?: boolean;
  minScore?: number;
}

/**
 * `synth compare SAMPLE OUTPUT` (files or directories; or `SAMPLE… --against OUTPUT…`): how closely generated data follows a sample (docs/infer.md, "Compare").
 * Exits 1 when the score is below --min-score.
 */
export async function compareCommand(ctx: CommandContext, args: CompareArgs): Promise<number> {
  const limits = sampleLimits(args);
  if (typeof limits === 'string' || (args.minScore !== undefined && !(args.minScore >= 0 && args.minScore <= 100))) {
    ctx.io.stderr(`error: ${typeof limits === 'string' ? limits : '--min-score must be a percentage between 0 and 100'}\n`);
    return EXIT.usage;
  }
  let sample = args.paths;
  let output = args.against ?? [];
  if (args.against === undefined) {
    if (args.paths.length !== 2) {
      ctx.io.stderr('error: name the sample and the output (`synth compare SAMPLE OUTPUT`), or several of each with --against (`synth compare a.csv b.csv --against out/`)\n');
      return EXIT.usage;
    }
    [sample, output] = [[args.paths[0]!], [args.paths[1]!]];
  }
  const result = await compareSamples(sample, output, { cwd: ctx.cwd, ...limits });
  if (!result.value) {
    reportDiagnostics(ctx.io, result.diagnostics, ctx.diagnosticsFormat, new Map());
    return result.usage ? EXIT.usage : EXIT.invalid;
  }
  const report = result.value;
  const below = args.minScore !== undefined && report.score < args.minScore;
  if (args.json) ctx.io.stdout(`${JSON.stringify({ ...report, ...(args.minScore !== undefined ? { minScore: args.minScore, passed: !below } : {}) }, null, 2)}\n`);
  else ctx.io.stdout(formatCompareReport(report, ctx.io.color));
  if (below) {
    ctx.io.stderr(`error: fidelity ${report.score.toFixed(1)}% is below --min-score ${args.minScore}\n`);
    return EXIT.invalid;
  }
  return EXIT.ok;
}
