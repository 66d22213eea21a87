import { cosmiconfig } from 'cosmiconfig';
import { diag, type Diagnostic } from '@synth/spec';

interface ConfigKey {
  kind: 'string' | 'strings' | 'number' | 'boolean' | 'section';
  /** The commands whose option it sets ('*': every command). */
  commands: '*' | readonly string[];
  choices?: readonly string[];
}

const BUILD = ['build'] as const;
const PLANNED = ['build', 'plan', 'report', 'preview'] as const;

/**
 * Keys a config file may set, and the commands they apply to; flags and SYNTH_* variables override them (yargs
 * applies the precedence). Per-run choices (--to, --replace, --check, --shard, --rows, --report) are not here: a
 * file read on every run should not load a database or change the size of every build. docs/cli.md#configuration.
 */
export const CONFIG_KEYS: Readonly<Record<string, ConfigKey>> = {
  logLevel: { kind: 'string', commands: '*', choices: ['error', 'warn', 'info', 'verbose', 'debug'] },
  logFormat: { kind: 'string', commands: '*', choices: ['text', 'json'] },
  diagnosticsFormat: { kind: 'string', commands: '*', choices: ['text', 'json'] },
  seed: { kind: 'string', commands: PLANNED },
  out: { kind: 'string', commands: BUILD },
  format: { kind: 'string', commands: BUILD },
  dialect: { kind: 'string', commands: BUILD, choices: ['postgres', 'mysql', 'sqlite'] },
  workers: { kind: 'number', commands: BUILD },
  conformance: { kind: 'boolean', commands: BUILD },
  history: { kind: 'boolean', commands: BUILD },
  progress: { kind: 'boolean', commands: BUILD },
  allowOutside: { kind: 'boolean', commands: BUILD },
  // `rows-per-table=5e9,bytes=50G`: raises the limits of docs/spec.md#limits (parsed by number-options.ts).
  max: { kind: 'strings', commands: ['validate', 'plan', 'report', 'build', 'preview'] },
  // Read by `synth author` (settings.ts) and by the commands that load plugins (configured-plugins.ts).
  author: { kind: 'section', commands: [] },
  plugins: { kind: 'section', commands: [] },
};

export interface ConfigResult {
  config: Record<string, unknown>;
  filepath?: string;
  /** Unknown keys are warnings (reported, ignored); a file that cannot be used is an error. */
  diagnostics: Diagnostic[];
}

/** The config file's settings that are options of `command` (for yargs; sections are read elsewhere). */
export function configFor(config: Record<string, unknown>, command: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    const key = CONFIG_KEYS[k];
    if (!key || key.kind === 'section') continue;
    if (command === '*' ? key.commands === '*' : key.commands !== '*' && key.commands.includes(command)) out[k] = v;
  }
  return out;
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
  let found: Awaited<ReturnType<typeof explorer.search>>;
  try {
    found = explicitPath ? await explorer.load(explicitPath) : await explorer.search(cwd);
  } catch (e) {
    const detail = (e as Error).message.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 3).join(' ');
    return { config: {}, diagnostics: [diag('fileRead', { path: explicitPath ?? 'the config file', detail }, { hint: 'Fix the config file (JSON or YAML, docs/cli.md#configuration), or name another with --config.' })] };
  }
  if (!found || found.isEmpty) return { config: {}, diagnostics: [] };
  const file = found.filepath;
  const config = found.config as unknown;
  if (typeof config !== 'object' || config === null || Array.isArray(config)) {
    return { config: {}, diagnostics: [diag('wrongType', { what: `The config file ${file}`, expected: 'a mapping of settings (e.g. `out: build/fixtures`)' }, { file, hint: 'See docs/cli.md#configuration.' })] };
  }
  const diagnostics: Diagnostic[] = [];
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(config)) {
    const key = CONFIG_KEYS[k];
    if (!key) {
      diagnostics.push(diag('unknownKey', { key: `'${k}' in the config file (ignored)`, allowed: Object.keys(CONFIG_KEYS).join(', ') }, { file, severity: 'warning' }));
      continue;
    }
    if (key.kind === 'section') {
      kept[k] = v;
      continue;
    }
    // YAML reads `seed: 42` as a number; a seed is text.
    const value = k === 'seed' && typeof v === 'number' ? String(v) : v;
    const ok = key.kind === 'number' ? typeof value === 'number' && Number.isFinite(value)
      : key.kind === 'strings' ? typeof value === 'string' || (Array.isArray(value) && value.every((x) => typeof x === 'string'))
      : typeof value === key.kind;
    if (!ok) {
      const expected = key.kind === 'number' ? 'a finite number' : key.kind === 'strings' ? 'a string or a list of strings' : `a ${key.kind}`;
      diagnostics.push(diag('wrongType', { what: `Config key '${k}'`, expected }, { file, hint: 'See docs/cli.md#configuration.' }));
      continue;
    }
    if (key.choices && !key.choices.includes(value as string)) {
      diagnostics.push(diag('invalidValue', { what: `Config key '${k}'`, detail: `must be one of ${key.choices.join(', ')}, not '${String(value)}'` }, { file, hint: 'See docs/cli.md#configuration.' }));
      continue;
    }
    kept[k] = value;
  }
  return { config: kept, filepath: file, diagnostics };
}
