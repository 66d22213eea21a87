import { loadSpecFile as readSpecFile, type LoadedSpecFile, type Limits } from '@synth/spec';
import type { PluginSet } from '@synth/compiler';

export type LoadedSpec = LoadedSpecFile;

/** Reads (relative to `cwd`) and validates a spec file, against what the configured `plugins` provide and the limits (`--max`). */
export function loadSpecFile(path: string, cwd = process.cwd(), plugins?: PluginSet, limits?: Partial<Limits>): Promise<LoadedSpec> {
  return readSpecFile(path, cwd, { ...(plugins ? { plugins: plugins.catalogue() } : {}), ...(limits ? { limits } : {}) });
}
