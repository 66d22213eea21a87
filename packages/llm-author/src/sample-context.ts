import type { SampleContext } from './prompts.js';

/**
 * Turns a sample file into what the model may see. The implementation (the `infer` profiler) plugs in
 * here; `synth author --sample` refuses to run without one.
 */
export interface SampleProfiler {
  /** Rejects with an Error whose message names the problem (never a row) when the file cannot be read. */
  profile(file: string, options: { includeRows: boolean }): Promise<{ profile: unknown; rows?: unknown[] }>;
}

/** At most this many shared rows go to the model (they cost tokens; a profile says more per token). */
export const MAX_SHARED_ROWS = 20;

/**
 * The privacy rule in one place: the model sees the statistical profile only; raw rows only when the user
 * passed --share-samples, and then a few of them.
 */
export async function sampleContext(profiler: SampleProfiler, file: string, shareSamples: boolean): Promise<SampleContext> {
  const profiled = await profiler.profile(file, { includeRows: shareSamples });
  if (shareSamples && profiled.rows && profiled.rows.length > 0) return { kind: 'rows', profile: profiled.profile, rows: profiled.rows.slice(0, MAX_SHARED_ROWS) };
  return { kind: 'profile', profile: profiled.profile };
}
