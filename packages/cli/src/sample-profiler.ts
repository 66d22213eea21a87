import type { SampleProfiler } from '@synth/llm-author';

/**
 * The profiler `synth author --sample` uses. The `infer` profiler (another branch) plugs in here; until
 * then there is none, and --sample says so instead of sending anything.
 */
export function defaultSampleProfiler(): SampleProfiler | undefined {
  return undefined;
}
