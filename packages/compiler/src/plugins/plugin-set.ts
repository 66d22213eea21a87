import { diag, pluginNameParts, type Diagnostic, type PluginCatalogue, type Result } from '@synth/spec';
import { PLUGIN_API_VERSION, type GeneratorDefinition, type ProviderDefinition, type SynthPlugin, type WriterDefinition } from './plugin-api.js';

export interface LoadedPlugin {
  plugin: SynthPlugin;
  /** How the config file (or the caller) named it, for messages. */
  source: string;
  /** The module it came from, so worker threads can import it too; absent for plugin objects given directly. */
  url?: string;
}

const NAME = /^[a-z][a-z0-9-]*$/;
const PART = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** The plugins of one build: looks up what a spec's `plugin/name` means. Holds no state besides the plugins. */
export class PluginSet {
  static readonly empty = new PluginSet([]);
  private readonly byName: Map<string, LoadedPlugin>;

  private constructor(readonly loaded: readonly LoadedPlugin[]) {
    this.byName = new Map(loaded.map((l) => [l.plugin.name, l]));
  }

  /** Checks each plugin's shape and API version; every problem is a diagnostic (no plugin is half-accepted). */
  static from(plugins: readonly LoadedPlugin[], configFile?: string): Result<PluginSet> {
    const diagnostics: Diagnostic[] = [];
    const seen = new Map<string, string>();
    for (const l of plugins) {
      const problem = shapeProblem(l.plugin);
      const at = configFile !== undefined ? { file: configFile } : {};
      if (problem?.version !== undefined) {
        diagnostics.push(diag('pluginApiVersion', { plugin: `'${l.source}'`, version: problem.version, supported: PLUGIN_API_VERSION }, at));
      } else if (problem) {
        diagnostics.push(diag('pluginLoad', { plugin: `'${l.source}'`, detail: problem.detail, config: configFile ?? 'the config file' }, at));
      } else if (seen.has(l.plugin.name)) {
        diagnostics.push(diag('pluginLoad', { plugin: `'${l.source}'`, detail: `its name '${l.plugin.name}' is taken by '${seen.get(l.plugin.name)}'`, config: configFile ?? 'the config file' }, at));
      } else seen.set(l.plugin.name, l.source);
    }
    return diagnostics.length > 0 ? { diagnostics } : { value: new PluginSet(plugins), diagnostics };
  }

  get size(): number {
    return this.loaded.length;
  }

  /** Module URLs of every plugin, or undefined when one was given as an object (a worker thread cannot import it). */
  get moduleUrls(): string[] | undefined {
    return this.loaded.every((l) => l.url !== undefined) ? this.loaded.map((l) => l.url!) : undefined;
  }

  generator(type: string): GeneratorDefinition | undefined {
    const p = pluginNameParts(type);
    return p ? this.byName.get(p.plugin)?.plugin.generators?.[p.name] : undefined;
  }

  writer(format: string): WriterDefinition | undefined {
    const p = pluginNameParts(format);
    return p ? this.byName.get(p.plugin)?.plugin.writers?.[p.name] : undefined;
  }

  provider(name: string): ProviderDefinition | undefined {
    const p = pluginNameParts(name);
    return p ? this.byName.get(p.plugin)?.plugin.providers?.[p.name] : undefined;
  }

  /** Every `plugin/name` of a provider, for `--provider` choices and messages. */
  providerNames(): string[] {
    return this.loaded.flatMap((l) => Object.keys(l.plugin.providers ?? {}).map((n) => `${l.plugin.name}/${n}`));
  }

  /** What the spec checks need to know: names, and each generator's check of its options. */
  catalogue(): PluginCatalogue {
    return {
      plugins: new Map(this.loaded.map((l) => [l.plugin.name, {
        generators: new Map(Object.entries(l.plugin.generators ?? {}).map(([n, g]) => [n, g.checkOptions ? { checkOptions: (o: Record<string, unknown>) => g.checkOptions!(o) } : {}])),
        formats: Object.keys(l.plugin.writers ?? {}),
      }])),
    };
  }
}

/** Why a value is not a version-1 plugin, or undefined when it is one. `version` is set for a version mismatch. */
function shapeProblem(p: unknown): { detail: string; version?: unknown } | undefined {
  if (typeof p !== 'object' || p === null) return { detail: 'its default export is not a plugin object (see docs/plugins.md)' };
  const x = p as Record<string, unknown>;
  if (x.apiVersion === undefined) return { detail: 'its default export has no `apiVersion` (see docs/plugins.md)' };
  if (x.apiVersion !== PLUGIN_API_VERSION) return { detail: '', version: JSON.stringify(x.apiVersion) };
  if (typeof x.name !== 'string' || !NAME.test(x.name)) return { detail: '`name` must be lower-case letters, digits and dashes, starting with a letter' };
  for (const [group, required] of [['generators', 'create'], ['writers', 'create'], ['providers', 'create']] as const) {
    const g = x[group];
    if (g === undefined) continue;
    if (typeof g !== 'object' || g === null || Array.isArray(g)) return { detail: `\`${group}\` must be an object of definitions by name` };
    for (const [n, def] of Object.entries(g)) {
      if (!PART.test(n)) return { detail: `${group.slice(0, -1)} name '${n}' must start with a letter and hold letters, digits, _ and -` };
      if (typeof def !== 'object' || def === null || typeof (def as Record<string, unknown>)[required] !== 'function') return { detail: `${group.slice(0, -1)} '${n}' has no \`${required}\` function` };
    }
  }
  for (const [n, w] of Object.entries((x.writers ?? {}) as Record<string, Record<string, unknown>>)) {
    if (typeof w.extension !== 'string' || !/^[A-Za-z0-9.]+$/.test(w.extension)) return { detail: `writer '${n}' needs an \`extension\` such as 'txt'` };
  }
  for (const [n, v] of Object.entries((x.providers ?? {}) as Record<string, Record<string, unknown>>)) {
    if (typeof v.defaultModel !== 'string') return { detail: `provider '${n}' needs a \`defaultModel\`` };
  }
  return undefined;
}
