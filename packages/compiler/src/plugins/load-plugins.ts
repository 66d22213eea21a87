import { isAbsolute, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolve as resolveModule } from 'import-meta-resolve';
import { diag, type Diagnostic, type Result } from '@synth/spec';
import { PluginSet, type LoadedPlugin } from './plugin-set.js';

export interface LoadPluginsOptions {
  /** Where relative paths and npm package names are resolved from: the config file's directory. */
  baseDir: string;
  /** The config file, for messages. */
  configFile?: string;
}

/**
 * The config file's `plugins:` → a PluginSet. Paths (`./x.js`) are relative to the config file; other entries are
 * npm packages resolved from its directory, as Node would resolve an import there. Only the config file names
 * plugins: nothing in a spec reaches this function.
 */
export async function loadPlugins(entries: unknown, options: LoadPluginsOptions): Promise<Result<PluginSet>> {
  const config = options.configFile ?? 'the config file';
  const at = options.configFile !== undefined ? { file: options.configFile } : {};
  if (entries === undefined) return { value: PluginSet.empty, diagnostics: [] };
  if (!Array.isArray(entries) || entries.some((e) => typeof e !== 'string' || e.length === 0)) {
    return { diagnostics: [diag('wrongType', { what: '`plugins` in the config file', expected: 'a list of npm package names or module paths' }, { ...at, hint: 'For example "plugins": ["synth-plugin-iban", "./plugins/local.js"]. See docs/plugins.md.' })] };
  }
  const loaded: LoadedPlugin[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const source of entries as string[]) {
    let url: string;
    try {
      url = source.startsWith('file:') ? source : isPath(source) ? pathToFileURL(resolvePath(options.baseDir, source)).href : resolveModule(source, pathToFileURL(resolvePath(options.baseDir, 'synth.config.js')).href);
    } catch (e) {
      diagnostics.push(diag('pluginLoad', { plugin: `'${source}'`, detail: `it cannot be found from ${options.baseDir} (${firstLine(e)})`, config }, { ...at, hint: `Install it (npm i -D ${source}) next to ${config}, or fix the path. See docs/plugins.md.` }));
      continue;
    }
    try {
      const mod = (await import(url)) as { default?: unknown };
      loaded.push({ plugin: pluginOf(mod), source, url });
    } catch (e) {
      diagnostics.push(diag('pluginLoad', { plugin: `'${source}'`, detail: firstLine(e), config }, at));
    }
  }
  if (diagnostics.length > 0) return { diagnostics };
  return PluginSet.from(loaded, options.configFile);
}

/** Imports plugins by module URL (a worker thread, given the main thread's resolved URLs). */
export async function importPlugins(urls: readonly string[]): Promise<PluginSet> {
  const loaded: LoadedPlugin[] = [];
  for (const url of urls) loaded.push({ plugin: pluginOf(await import(url)), source: url, url });
  const set = PluginSet.from(loaded);
  if (!set.value) throw new Error(`internal: a worker could not load the plugins the main thread loaded (${set.diagnostics[0]?.message ?? ''})`);
  return set.value;
}

/** The plugin object: a module's default export (or, for CommonJS modules, the exports themselves). */
function pluginOf(mod: unknown): LoadedPlugin['plugin'] {
  return ((mod as { default?: unknown }).default ?? mod) as LoadedPlugin['plugin'];
}

function isPath(s: string): boolean {
  return s.startsWith('./') || s.startsWith('../') || isAbsolute(s);
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}
