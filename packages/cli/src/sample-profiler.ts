import { MAX_SHARED_ROWS, type SampleProfiler } from '@synth/llm-author';

/** Rows profiled for the model: enough for stable statistics, few enough to answer in a second or two. */
const PROFILE_ROWS = 100_000;

/**
 * The profiler `synth author --sample` uses: `synth infer`'s profile (statistics and category labels, no
 * other sample value), and the first rows only when the user passed --share-samples. A file it cannot read
 * rejects with the diagnostic's message, which never quotes the file's contents.
 */
export function defaultSampleProfiler(cwd: string): SampleProfiler {
  return {
    async profile(file, { includeRows }) {
      const { profileSamples, firstSampleRows } = await import('@synth/compiler');
      const profiled = await profileSamples([file], { cwd, maxRows: PROFILE_ROWS });
      if (!profiled.value) throw new Error(profiled.diagnostics.map((d) => d.message).join('; ') || 'cannot profile the file');
      return { profile: profiled.value, ...(includeRows ? { rows: await firstSampleRows(file, cwd, MAX_SHARED_ROWS) } : {}) };
    },
  };
}
