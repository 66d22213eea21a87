import { diag, hasErrors, type Diagnostic, type Spec, type SpecDocument } from '@synth/spec';
import { DestinationError, maskUrl, openDestination, parseDestination, type Destination } from '../destinations/types.js';
import { executePlan, planAndProbe } from '../execute/execute-plan.js';
import { loadFakerLocale } from '../generators/faker-source.js';
import { GenerationError } from '../execute/table-runtime.js';
import { interrupted, Interrupted } from './interrupted.js';
import type { PlanOptions } from '../plan/plan-build.js';
import type { Plan } from '../types.js';

export interface LoadOptions extends Omit<PlanOptions, 'doc'> {
  /** `--to`: `sqlite:PATH` or `postgres://…`. */
  to: string;
  /** Drop and recreate the spec's tables when they exist. */
  replace?: boolean;
  /** A relative sqlite path is resolved from here. `--to` is the operator's own choice: it may point anywhere. */
  cwd: string;
  /** Aborts the load between batches (the CLI's SIGINT/SIGTERM): rolled back, SYN455. */
  signal?: AbortSignal;
}

export interface LoadResult {
  plan?: Plan;
  /** The destination as it may be printed (password masked). */
  target: string;
  tables: Array<{ name: string; rows: number }>;
  diagnostics: Diagnostic[];
}

/**
 * Spec → database: plan and probe (every impossible constraint is reported before connecting), then stream each
 * table, in generation order, into the destination, which keeps all of the load or none of it.
 */
export async function loadDestination(spec: Spec, doc: SpecDocument | undefined, options: LoadOptions): Promise<LoadResult> {
  const at = doc ? { doc } : {};
  let target: string;
  try {
    const parsed = parseDestination(options.to);
    target = parsed.kind === 'postgres' ? maskUrl(options.to) : options.to;
  } catch (e) {
    if (!(e instanceof DestinationError)) throw e;
    return { target: maskUrl(options.to), tables: [], diagnostics: [diag('badDestination', { detail: e.message }, {})] };
  }

  await loadFakerLocale(spec.locale);
  const { plan, diagnostics } = planAndProbe(spec, { ...options, ...at });
  if (!plan || hasErrors(diagnostics)) return { plan, target, tables: [], diagnostics };

  let destination: Destination | undefined;
  try {
    const streams = executePlan(plan, spec, { ...at, ...(options.plugins ? { plugins: options.plugins } : {}) });
    destination = await openDestination(options.to, { cwd: options.cwd, replace: options.replace ?? false });
    await destination.open(streams.map((s) => s.info));
    for (const stream of streams) {
      await destination.startTable(stream.info);
      for (const batch of stream.batches()) {
        interrupted(options.signal);
        await destination.writeBatch(batch);
      }
      await destination.endTable();
    }
    interrupted(options.signal);
    const { tables } = await destination.finish();
    return { plan, target, tables, diagnostics };
  } catch (e) {
    await destination?.abort();
    if (e instanceof Interrupted) return { plan, target, tables: [], diagnostics: [...diagnostics, e.diagnostic(`the load into ${target} was rolled back`)] };
    if (e instanceof GenerationError) return { plan, target, tables: [], diagnostics: [...diagnostics, e.diagnostic] };
    if (e instanceof DestinationError) return { plan, target, tables: [], diagnostics: [...diagnostics, diag('loadFailed', { target, detail: e.message }, {})] };
    throw e;
  }
}
