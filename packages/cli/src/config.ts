import { cosmiconfig } from 'cosmiconfig';
import { diag, type Diagnostic } from '@synth/spec';

/** Keys a config file may set; flags and SYNTH_* variables override them (yargs applies the precedence). */
export const CONFIG_KEYS = ['logLevel', 'logFormat', 'out', 'allowOutside', 'color', 'seed', 'author', 'plugins', 'max'] as const;

export interface ConfigResult {
  config: Record<string, unknown>;
  filepath?: string;
  diagnostics: Diagnostic[];
}

/** Finds `synth.config.*`, `.synthrc*` or a `synth` key in package.json, from `cwd` upwards. */
export async function loadConfig(cwd: string, explicitPath?: string): Promise<ConfigResult> {
  const explorer = cosmiconfig('synth', {
    searchStrategy: 'project',
    searchPlaces: [
      'package.json',
      '.synthrc',
      '.synthrc.json',
      '.synthrc.yaml',
      '.synthrc.yml',
      '.synthrc.js',
      '.synthrc.mjs',
      'synth.config.js',
      'synth.config.mjs',
      'synth.config.json',
      'synth.config.yaml',
      'synth.config.yml',
    ],
  });
  try {
    const found = explicitPath ? await explorer.load(explicitPath) : await explorer.search(cwd);
    if (!found || found.isEmpty) return { config: {}, diagnostics: [] };
    const config = found.config as unknown;
    if (typeof config !== 'object' || config === null || Array.isArray(config)) {
      return { config: {}, diagnostics: [diag('wrongType', { what: `The config file ${found.filepath}`, expected: 'a mapping of options' }, {})] };
    }
    const unknown = Object.keys(config).filter((k) => !(CONFIG_KEYS as readonly string[]).includes(k));
    const diagnostics = unknown.map((k) => ({ ...diag('unknownKey', { key: `'${k}'`, allowed: CONFIG_KEYS.join(', ') }, {}), file: found.filepath }));
    return { config: config as Record<string, unknown>, filepath: found.filepath, diagnostics };
  } catch (e) {
    return { config: {}, diagnostics: [diag('fileRead', { path: explicitPath ?? 'the config file', detail: (e as Error).message.split('\n')[0] }, {})] };
  }
}
