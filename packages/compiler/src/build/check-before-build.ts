import { diag, pointerOf, type Diagnostic, type Spec, type SpecDocument } from '@synth/spec';
import { executePlan, PROBE_ROWS, tableInfo } from '../execute/execute-plan.js';
import { GenerationError } from '../execute/table-runtime.js';
import { loadFakerLocale } from '../generators/faker-source.js';
import { planBuild, type PlanOptions } from '../plan/plan-build.js';
import { WriterOptionError, type Plan } from '../types.js';
import { HashSink } from '../writers/hash-sink.js';
import { writerFor } from '../writers/registry.js';
import { ConformanceChecker } from '../conformance/conformance-checker.js';
import { conformanceDiagnostics } from '../conformance/conformance-diagnostics.js';
import { resolveOutputs, type OutputLocation } from './resolve-outputs.js';

export interface CheckBeforeBuildOptions extends Omit<PlanOptions, 'doc'>, Omit<OutputLocation, 'doc' | 'plugins'> {
  doc?: SpecDocument;
}

/**
 * Hard rules of the conformance check that hold or break row by row: when one breaks in the first rows, the build
 * breaks it too. Foreign keys and per-parent counts are left out (the probe holds only the first rows of a parent),
 * and so are row checks (enforced while generating; a failure would come from the first rows' generation).
 */
const ROW_RULES = new Set(['type', 'range', 'scale', 'pattern', 'values', 'sequence', 'constant', 'document', 'not-null', 'unique']);

/**
 * Everything `synth build` checks before it writes a row, without writing (`synth validate`, docs/cli.md#validate):
 * the plan (row counts, keys, unique domains, limits), a probe of the first rows through every generator and row
 * check, the spec's outputs (paths, formats, writer options), and the conformance rules on the probe's rows. When
 * this returns no error, a default build fails only on what shows after the first rows.
 */
export async function checkBeforeBuild(spec: Spec, options: CheckBeforeBuildOptions): Promise<{ plan?: Plan; diagnostics: Diagnostic[] }> {
  await loadFakerLocale(spec.locale);
  const planned = planBuild(spec, options);
  const plan = planned.value;
  if (!plan) return { diagnostics: planned.diagnostics };
  // One probe of the first rows serves both the generators and the conformance rules (planAndProbe's probe, and a
  // second run of the same rows for the checker, was a fifth of validate's time).
  const probed = probeRows(plan, spec, options);
  const outputs = resolveOutputs(plan, options);
  const diagnostics = [...planned.diagnostics, ...probed.failure, ...outputs.diagnostics, ...(await checkWriterOptions(outputs.targets, spec, plan, options))];
  if (diagnostics.some((d) => d.severity === 'error')) return { plan, diagnostics };
  diagnostics.push(...probed.conformance());
  return { plan, diagnostics };
}

/** Opens each output's writer on a sink that keeps nothing: writers refuse bad options when they are created. */
async function checkWriterOptions(targets: ReturnType<typeof resolveOutputs>['targets'], spec: Spec, plan: Plan, options: CheckBeforeBuildOptions): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const { doc } = options;
  const seen = new Set<number | undefined>();
  for (const target of targets) {
    // One check per output of the spec, not per file a `{table}` path makes of it.
    if (seen.has(target.index) && target.index !== undefined) continue;
    seen.add(target.index);
    const entry = writerFor(target.format, options.plugins);
    if (!entry) continue;
    const factory = await entry.load();
    const tables = target.tables.map((t) => plan.tables.find((p) => p.name === t)!);
    try {
      factory(new HashSink(), {
        multiTable: entry.multiTable && target.tables.length > 1,
        options: target.options,
        context: { title: spec.description ?? 'spec', seed: plan.seed, tables: tables.map((t) => tableInfo(t, spec)) },
      });
    } catch (e) {
      if (!(e instanceof WriterOptionError)) throw e;
      const pointer = target.index !== undefined ? pointerOf('outputs', target.index, 'options') : undefined;
      out.push(diag('invalidParameter', { detail: `${target.format} output: ${e.message}` }, { ...(doc ? { doc } : {}), ...(pointer ? { pointer } : {}), hint: 'See docs/formats.md for the options of each format.' }));
    }
  }
  return out;
}

/**
 * The first rows of every table, as a build generates them: a generator or row check that fails in them is the
 * `failure`. Then, through the conformance rules the build applies to every row: a declaration the spec's own
 * generators break at once (a pattern they cannot follow, a derived value outside its declared range) is reported
 * here instead of after the build has generated everything.
 */
function probeRows(plan: Plan, spec: Spec, options: CheckBeforeBuildOptions): { failure: Diagnostic[]; conformance: () => Diagnostic[] } {
  const checker = new ConformanceChecker(plan, spec);
  try {
    for (const stream of executePlan(plan, spec, { ...(options.doc ? { doc: options.doc } : {}), batchRows: PROBE_ROWS, ...(options.plugins ? { plugins: options.plugins } : {}) })) {
      const first = stream.batches().next();
      if (!first.done) checker.observe(first.value);
    }
  } catch (e) {
    if (e instanceof GenerationError) return { failure: [e.diagnostic], conformance: () => [] };
    throw e;
  }
  return {
    failure: [],
    conformance: () => {
      const report = checker.finish();
      return conformanceDiagnostics({ ...report, findings: report.findings.filter((f) => ROW_RULES.has(f.rule)) }, options.doc);
    },
  };
}
