import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { diag, type Diagnostic, type Result } from '@synth/spec';
import type { BuiltInProviderName, ProviderName } from './types.js';

/** The settings as a person writes them: a flag, a SYNTH_* variable or the config file's `author:` section. */
export interface WrittenAuthorSettings {
  provider?: string;
  model?: string;
  baseUrl?: string;
  temperature?: number | string;
  maxTokens?: number | string;
  /** Seconds per request. */
  timeout?: number | string;
  /** Draft-and-repair rounds before giving up. */
  rounds?: number | string;
  stateFile?: string;
  offline?: boolean | string;
}

/** Normalized settings (docs/author.md#configuration). The key is kept out of anything that is printed. */
export interface AuthorSettings {
  provider: ProviderName;
  model: string;
  /** Undefined: the provider's public endpoint. */
  baseUrl?: string;
  apiKey: string;
  temperature: number;
  maxTokens: number;
  timeoutMs: number;
  rounds: number;
  stateFile: string;
  offline: boolean;
}

export const AUTHOR_SETTING_KEYS = ['provider', 'model', 'baseUrl', 'temperature', 'maxTokens', 'timeout', 'rounds', 'stateFile', 'offline'] as const;

export const DEFAULT_MODELS: Record<BuiltInProviderName, string> = { openai: 'gpt-4.1-mini', anthropic: 'claude-sonnet-4-6' };

const DEFAULTS = { temperature: 0, maxTokens: 8192, timeout: 120, rounds: 3 } as const;

/** SYNTH_* variables read here (and kept away from yargs, which would take them for flags). */
export const AUTHOR_ENV: Record<(typeof AUTHOR_SETTING_KEYS)[number], string> = {
  provider: 'SYNTH_PROVIDER',
  model: 'SYNTH_MODEL',
  baseUrl: 'SYNTH_BASE_URL',
  temperature: 'SYNTH_TEMPERATURE',
  maxTokens: 'SYNTH_MAX_TOKENS',
  timeout: 'SYNTH_TIMEOUT',
  rounds: 'SYNTH_ROUNDS',
  stateFile: 'SYNTH_STATE_FILE',
  offline: 'SYNTH_OFFLINE',
};

export interface SettingLayers {
  flags: WrittenAuthorSettings;
  env: NodeJS.ProcessEnv;
  /** The config file's `author:` section (already checked to be a mapping). */
  file: WrittenAuthorSettings;
  /** Relative state-file paths in the config file are taken from here. */
  cwd: string;
  /** Providers of the configured plugins by `plugin/name`, with their default models. */
  pluginProviders?: ReadonlyMap<string, { defaultModel: string }>;
}

/**
 * flags > SYNTH_* env > the SDKs' own variables (OPENAI_BASE_URL, ANTHROPIC_BASE_URL) > config file >
 * defaults. Keys come only from OPENAI_API_KEY / ANTHROPIC_API_KEY: a key in a flag would land in shell
 * history, one in a config file in git.
 */
export function resolveAuthorSettings(layers: SettingLayers): Result<AuthorSettings> {
  const { flags, env, file } = layers;
  const diagnostics: Diagnostic[] = [];
  // Set below, before anything but the provider itself is picked (the base URL variable depends on it).
  let provider: ProviderName = 'openai';
  const fromEnv = (k: (typeof AUTHOR_SETTING_KEYS)[number]) => nonEmpty(env[AUTHOR_ENV[k]]);
  const pick = <K extends (typeof AUTHOR_SETTING_KEYS)[number]>(k: K): { value: WrittenAuthorSettings[K] | string; from: string } | undefined => {
    if (flags[k] !== undefined) return { value: flags[k], from: `--${kebab(k)}` };
    const e = fromEnv(k);
    if (e !== undefined) return { value: e, from: AUTHOR_ENV[k] };
    if (k === 'baseUrl') {
      const sdkVar = provider === 'anthropic' ? 'ANTHROPIC_BASE_URL' : 'OPENAI_BASE_URL';
      const v = nonEmpty(env[sdkVar]);
      if (v !== undefined) return { value: v, from: sdkVar };
    }
    if (file[k] !== undefined) return { value: file[k], from: `author.${k} in the config file` };
    return undefined;
  };

  const providerPick = pick('provider');
  if (providerPick) {
    const value = String(providerPick.value);
    if (value === 'openai' || value === 'anthropic' || layers.pluginProviders?.has(value)) provider = value as ProviderName;
    else {
      const plugins = [...(layers.pluginProviders?.keys() ?? [])];
      const why = value.includes('/') ? `; no configured plugin provides it (plugins are listed in the config file, docs/plugins.md)` : '';
      diagnostics.push(bad(providerPick.from, `is '${value}'${why}; use openai, anthropic${plugins.length ? ` or ${plugins.join(', ')}` : ''}`));
    }
  } else if (nonEmpty(env.OPENAI_API_KEY) === undefined && nonEmpty(env.ANTHROPIC_API_KEY) !== undefined) {
    provider = 'anthropic';
  }

  const number = (k: 'temperature' | 'maxTokens' | 'timeout' | 'rounds', def: number, ok: (n: number) => boolean, expected: string): number => {
    const p = pick(k);
    if (!p) return def;
    const n = typeof p.value === 'number' ? p.value : Number(p.value);
    if (typeof p.value === 'boolean' || !Number.isFinite(n) || !ok(n)) {
      diagnostics.push(bad(p.from, `is '${String(p.value)}'; expected ${expected}`));
      return def;
    }
    return n;
  };
  const temperature = number('temperature', DEFAULTS.temperature, (n) => n >= 0 && n <= 2, 'a number from 0 to 2');
  const maxTokens = number('maxTokens', DEFAULTS.maxTokens, (n) => Number.isInteger(n) && n >= 256, 'a whole number of at least 256');
  const timeout = number('timeout', DEFAULTS.timeout, (n) => n > 0, 'a number of seconds above 0');
  const rounds = number('rounds', DEFAULTS.rounds, (n) => Number.isInteger(n) && n >= 1 && n <= 10, 'a whole number from 1 to 10');

  const baseUrlPick = pick('baseUrl');
  let baseUrl: string | undefined;
  if (baseUrlPick) {
    const v = String(baseUrlPick.value);
    if (/^https?:\/\/[^/]/i.test(v) && URL.canParse(v)) baseUrl = v;
    else diagnostics.push(bad(baseUrlPick.from, `is not an http(s) URL`));
  }

  const offlinePick = pick('offline');
  const offline = offlinePick ? offlinePick.value === true || /^(1|true|yes)$/i.test(String(offlinePick.value)) : false;

  const stateFile = resolveStateFile(layers);

  const plugin = layers.pluginProviders?.get(provider);
  const keyVar = provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY';
  // A plugin's provider reads its own credentials from the environment it is given.
  let apiKey = plugin ? '' : nonEmpty(env[keyVar]);
  if (apiKey === undefined) {
    // Local servers take no key, but the SDKs insist on one.
    if (baseUrl !== undefined && isLoopbackUrl(baseUrl)) apiKey = 'no-key-for-local-server';
    else diagnostics.push(diag('llmMissingKey', { provider, variable: keyVar }));
  }
  if (offline && (baseUrl === undefined || !isLoopbackUrl(baseUrl))) {
    diagnostics.push(diag('llmOfflineRemote', { endpoint: baseUrl === undefined ? `the public ${provider} API` : hostOf(baseUrl) }));
  }
  if (diagnostics.length > 0) return { diagnostics };
  const model = pick('model')?.value;
  return {
    value: {
      provider,
      model: model !== undefined ? String(model) : plugin ? plugin.defaultModel : DEFAULT_MODELS[provider as BuiltInProviderName],
      ...(baseUrl !== undefined ? { baseUrl } : {}),
      apiKey: apiKey!,
      temperature,
      maxTokens,
      timeoutMs: Math.round(timeout * 1000),
      rounds,
      stateFile,
      offline,
    },
    diagnostics,
  };
}

/** The state file alone (`synth sessions` needs no provider): flag > SYNTH_STATE_FILE > config > default. */
export function resolveStateFile(layers: SettingLayers): string {
  const v = layers.flags.stateFile ?? nonEmpty(layers.env.SYNTH_STATE_FILE) ?? layers.file.stateFile;
  return v !== undefined ? resolve(layers.cwd, String(v)) : defaultStateFile(layers.env);
}

/** The one SQLite file for sessions and the response cache: $XDG_DATA_HOME/synth/state.sqlite. */
export function defaultStateFile(env: NodeJS.ProcessEnv): string {
  const dataHome = nonEmpty(env.XDG_DATA_HOME) ?? join(nonEmpty(env.HOME) ?? homedir(), '.local', 'share');
  return join(dataHome, 'synth', 'state.sqlite');
}

/** True for localhost, 127.0.0.0/8 and ::1: the only hosts `--offline` lets a request reach. */
export function isLoopbackUrl(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return host === 'localhost' || host.endsWith('.localhost') || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Checks a config file's `author:` section: a mapping of known keys. */
export function checkAuthorConfig(section: unknown, file?: string): Result<WrittenAuthorSettings> {
  if (section === undefined) return { value: {}, diagnostics: [] };
  if (typeof section !== 'object' || section === null || Array.isArray(section)) {
    return { diagnostics: [{ ...diag('wrongType', { what: "The config file's `author` key", expected: 'a mapping of settings' }, { hint: 'See docs/author.md#configuration.' }), ...(file ? { file } : {}) }] };
  }
  const unknown = Object.keys(section).filter((k) => !(AUTHOR_SETTING_KEYS as readonly string[]).includes(k));
  const diagnostics = unknown.map((k) => ({ ...diag('unknownKey', { key: `'author.${k}'`, allowed: AUTHOR_SETTING_KEYS.join(', ') }), ...(file ? { file } : {}) }));
  return { value: section as WrittenAuthorSettings, diagnostics };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the configured base URL';
  }
}

function bad(from: string, detail: string): Diagnostic {
  return diag('authorSetting', { what: from, detail });
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v.trim() === '' ? undefined : v;
}

function kebab(k: string): string {
  return k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
