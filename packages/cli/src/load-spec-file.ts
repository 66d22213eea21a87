import { loadSpecFile as readSpecFile, type LoadedSpecFile } from '@synth/spec';
import type { PluginSet } from '@synth/compiler';

export type LoadedSpec = LoadedSpecFile;

/** Reads (relative to `cwd`) and validates a spec file, against what the configured `plugins` provide. */
export function loadSpecFile(path: string, cwd = process.cwd(), plugins?: PluginSet): Promise<LoadedSpec> {
  return readSpecFile(path, cwd, plugins ? { plugins: plugins.catalogue() } : {});
}
