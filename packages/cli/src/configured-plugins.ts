import { dirname } from 'node:path';
import type { PluginSet } from '@synth/compiler';
import type { Diagnostic } from '@synth/spec';
import type { CommandContext } from './context.js';
import { loadSpecFile, STDIN_ARG, STDIN_NAME, type LoadedSpec } from './load-spec-file.js';

/**
 * The plugins the config file lists (docs/plugins.md). When it lists none, nothing is imported, not even the
 * compiler: a spec naming a plugin generator is then reported by the spec checks alone, and no code runs.
 */
export async function configuredPlugins(ctx: CommandContext): Promise<{ set?: PluginSet; diagnostics: Diagnostic[] }> {
  const entries = ctx.config?.plugins;
  if (entries === undefined || (Array.isArray(entries) && entries.length === 0)) return { diagnostics: [] };
  const { loadPlugins } = await import('@synth/compiler');
  const baseDir = ctx.configPath !== undefined ? dirname(ctx.configPath) : ctx.cwd;
  const r = await loadPlugins(entries, { baseDir, ...(ctx.configPath !== undefined ? { configFile: ctx.configPath } : {}) });
  return r.value ? { set: r.value, diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
}

/**
 * The configured plugins, then the spec file validated against what they provide. A plugin that cannot be loaded
 * stops here: its diagnostics stand in for the spec's.
 */
export async function loadConfiguredSpec(ctx: CommandContext, file: string): Promise<{ loaded: LoadedSpec; plugins?: PluginSet }> {
  const plugins = await configuredPlugins(ctx);
  if (!plugins.set && plugins.diagnostics.length > 0) return { loaded: { path: file === STDIN_ARG ? STDIN_NAME : file, diagnostics: plugins.diagnostics } };
  return { loaded: await loadSpecFile(file, ctx.cwd, plugins.set, ctx.io, ctx.limits), ...(plugins.set ? { plugins: plugins.set } : {}) };
}
