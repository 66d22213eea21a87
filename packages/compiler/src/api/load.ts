import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasErrors, loadSpec as loadSource, loadSpecFile, type Diagnostic, type Spec, type SpecDocument } from '@synth/spec';
import { loadPlugins } from '../plugins/load-plugins.js';
import { PluginSet } from '../plugins/plugin-set.js';
import type { SynthPlugin } from '../plugins/plugin-api.js';
import { asSynthError, SynthError } from './synth-error.js';

/**
 * A spec as the API takes it: a file path (or file: URL), YAML text (anything with a line break), or the object
 * a YAML file would parse to.
 */
export type SpecInput = string | URL | Record<string, unknown> | LoadedSpec;

export interface LoadOptions {
  /** Relative paths (the spec's, `outDir`, plugin paths) are taken from here; default process.cwd(). */
  cwd?: string;
  /**
   * Plugins whose generators and writers the spec names as `plugin/name` (docs/plugins.md): plugin objects, npm
   * package names or module paths (relative to `cwd`). The API never reads a config file: its caller decides
   * what code runs.
   */
  plugins?: ReadonlyArray<SynthPlugin | string> | PluginSet;
}

/** A validated spec, ready for plan, build and rows. */
export interface LoadedSpec {
  readonly kind: 'synth-spec';
  spec: Spec;
  /** The parsed document: diagnostics point at its text. */
  doc: SpecDocument;
  /** The spec's file, when it came from one. */
  path?: string;
  /** Paths in the spec's `outputs` are relative to this directory. */
  dir: string;
  plugins: PluginSet;
  /** Warnings (a spec with errors is never returned). */
  warnings: Diagnostic[];
}

/** Reads and validates a spec; throws a SynthError with every problem found. */
export function loadSpec(input: SpecInput, options: LoadOptions = {}): Promise<LoadedSpec> {
  return asSynthError(async () => {
    const r = await load(input, options);
    if (!r.loaded) throw new SynthError(r.diagnostics, r.sources);
    return r.loaded;
  });
}

/** Validates a spec without throwing for its problems: `ok` is false when there is an error among `diagnostics`. */
export function validate(input: SpecInput, options: LoadOptions = {}): Promise<{ ok: boolean; diagnostics: Diagnostic[] }> {
  return asSynthError(async () => {
    const r = await load(input, options);
    return { ok: r.loaded !== undefined, diagnostics: r.diagnostics };
  });
}

async function load(input: SpecInput, options: LoadOptions): Promise<{ loaded?: LoadedSpec; diagnostics: Diagnostic[]; sources: Map<string, string> }> {
  if (isLoaded(input)) return { loaded: input, diagnostics: input.warnings, sources: new Map([[input.doc.source.path, input.doc.source.text]]) };
  const cwd = options.cwd ?? process.cwd();
  const plugins = await pluginSet(options.plugins, cwd);
  const validateOptions = plugins.size > 0 ? { plugins: plugins.catalogue() } : {};
  let r: { path?: string; text?: string; doc?: SpecDocument; spec?: Spec; diagnostics: Diagnostic[] };
  let dir = cwd;
  let sourcePath: string;
  if (input instanceof URL || (typeof input === 'string' && !/[\r\n]/.test(input))) {
    const path = input instanceof URL ? fileURLToPath(input) : input;
    r = await loadSpecFile(path, cwd, validateOptions);
    sourcePath = path;
    dir = dirname(isAbsolute(path) ? path : resolve(cwd, path));
  } else {
    // An object is checked as the JSON text it serializes to: diagnostics then point at a line of that text.
    const source = typeof input === 'string' ? { path: '<spec text>', text: input } : { path: '<spec object>', text: JSON.stringify(input, null, 2) };
    const loaded = loadSource(source, validateOptions);
    sourcePath = source.path;
    r = { text: source.text, ...(loaded.value ?? {}), diagnostics: loaded.diagnostics };
  }
  const sources = new Map<string, string>();
  if (r.text !== undefined) sources.set(sourcePath, r.text);
  if (!r.spec || !r.doc || hasErrors(r.diagnostics)) return { diagnostics: r.diagnostics, sources };
  const loaded: LoadedSpec = { kind: 'synth-spec', spec: r.spec, doc: r.doc, dir, plugins, warnings: r.diagnostics, ...(r.path !== undefined ? { path: r.path } : {}) };
  return { loaded, diagnostics: r.diagnostics, sources };
}

function isLoaded(input: SpecInput): input is LoadedSpec {
  return typeof input === 'object' && !(input instanceof URL) && (input as { kind?: unknown }).kind === 'synth-spec';
}

/** The `plugins` option as a PluginSet; a plugin that cannot be loaded is a SynthError. */
async function pluginSet(plugins: LoadOptions['plugins'], cwd: string): Promise<PluginSet> {
  if (plugins === undefined) return PluginSet.empty;
  if (plugins instanceof PluginSet) return plugins;
  const named = plugins.filter((p): p is string => typeof p === 'string');
  const objects = plugins.filter((p): p is SynthPlugin => typeof p !== 'string');
  const fromModules = named.length > 0 ? await loadPlugins(named, { baseDir: cwd }) : { value: PluginSet.empty, diagnostics: [] };
  if (!fromModules.value) throw new SynthError(fromModules.diagnostics);
  const all = PluginSet.from([...fromModules.value.loaded, ...objects.map((plugin) => ({ plugin, source: typeof plugin?.name === 'string' ? plugin.name : 'a plugin object' }))]);
  if (!all.value) throw new SynthError(all.diagnostics);
  return all.value;
}
