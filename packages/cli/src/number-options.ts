import { basename } from 'node:path';
import { diag, LIMIT_CEILING, LIMIT_INFO, limitByName, resolveLimits, type Diagnostic, type Limits } from '@synth/spec';

/**
 * Every number the command line takes, checked in one place before a command reads or writes a file
 * (docs/cli.md#numbers). yargs declares these options as strings, so what the user typed reaches here as typed:
 * `--rows abc` is reported as 'abc', not as NaN, and a fraction, a negative or an infinite value never reaches a
 * command. The same rules hold for a flag, a SYNTH_* variable and the config file, and the message says which.
 */
export interface NumberOption {
  /** The yargs key (camelCase). */
  key: string;
  /** As the user writes it: `--rows`. */
  flag: string;
  /** Short aliases (`-n`). */
  aliases?: string[];
  /** The commands that take it. */
  commands: readonly string[];
  integer: boolean;
  min: number;
  /** `min` itself is not allowed (a number above 0). */
  minExclusive?: boolean;
  /** The largest value; a function when a limit (`--max`) sets it. */
  max: number | ((limits: Limits) => number);
  /** Takes sizes: 500000, 512M, 2G. */
  size?: boolean;
  /** Read by `synth author` from its own variable and the config file's `author:` section, not through yargs. */
  author?: { env: string };
}

const PLAN_COMMANDS = ['plan', 'report', 'build'] as const;
const LIMIT_COMMANDS = ['validate', 'plan', 'report', 'build', 'preview'] as const;

/** More threads than this only queue for the same cores. */
export const MAX_WORKERS = 64;
/** Rows `synth preview` prints per table: a screenful, not a build. */
export const MAX_PREVIEW_ROWS = 10_000;

export const NUMBER_OPTIONS: readonly NumberOption[] = [
  { key: 'rows', flag: '--rows', commands: PLAN_COMMANDS, integer: true, min: 0, max: (l) => l.rowsPerTable },
  { key: 'scale', flag: '--scale', commands: PLAN_COMMANDS, integer: false, min: 0, minExclusive: true, max: (l) => l.rowsPerTable },
  { key: 'workers', flag: '--workers', commands: ['build'], integer: true, min: 1, max: MAX_WORKERS },
  { key: 'maxBytes', flag: '--max-bytes', commands: ['build', 'infer', 'compare'], integer: true, min: 1, max: LIMIT_CEILING, size: true },
  { key: 'limit', flag: '--limit', aliases: ['-n'], commands: ['preview'], integer: true, min: 1, max: MAX_PREVIEW_ROWS },
  { key: 'limit', flag: '--limit', commands: ['history'], integer: true, min: 1, max: 1_000_000 },
  { key: 'maxRows', flag: '--max-rows', commands: ['infer', 'compare'], integer: true, min: 1, max: LIMIT_CEILING },
  { key: 'minScore', flag: '--min-score', commands: ['compare'], integer: false, min: 0, max: 100 },
  { key: 'temperature', flag: '--temperature', commands: ['author'], integer: false, min: 0, max: 2, author: { env: 'SYNTH_TEMPERATURE' } },
  { key: 'maxTokens', flag: '--max-tokens', commands: ['author'], integer: true, min: 256, max: 1_000_000, author: { env: 'SYNTH_MAX_TOKENS' } },
  // setTimeout holds at most 2^31-1 ms (24.8 days); a day is more than any model reply needs.
  { key: 'timeout', flag: '--timeout', commands: ['author'], integer: false, min: 0, minExclusive: true, max: 86_400, author: { env: 'SYNTH_TIMEOUT' } },
  { key: 'rounds', flag: '--rounds', commands: ['author'], integer: true, min: 1, max: 10, author: { env: 'SYNTH_ROUNDS' } },
];

/** Where a setting's value came from, for the message. */
export interface Sources {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  /** The config file's settings, and its path. */
  config: Record<string, unknown>;
  configPath?: string;
}

export type Parsed = { value: number } | { error: 'nan' | 'fraction' | 'range' };

const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;
const SIZE = /^(\d+\.?\d*|\.\d+)(?:e\+?(\d+))?\s*([a-z]*)$/i;
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3, t: 1024 ** 4, tb: 1024 ** 4, tib: 1024 ** 4 };

/**
 * A number as a person writes it: digits with an optional fraction and exponent (`1000`, `1e6`, `0.5`). Not `NaN`,
 * `Infinity`, `0x10` or `''`, which Number() would take. With `size`, a unit may follow (512M, 2G, 1.5GiB).
 */
export function parseNumberText(raw: unknown, rule: { integer: boolean; min: number; minExclusive?: boolean; max: number; size?: boolean }): Parsed {
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const text = raw.trim();
    if (rule.size) {
      const m = SIZE.exec(text);
      const unit = m ? UNITS[m[3]!.toLowerCase()] : undefined;
      if (!m || unit === undefined) return { error: 'nan' };
      n = Number(m[1]) * 10 ** Number(m[2] ?? 0) * unit;
      // 1.5G is a whole number of bytes once the unit is applied; round what a fraction of a byte leaves.
      if (unit > 1) n = Math.floor(n);
    } else {
      if (!DECIMAL.test(text)) return { error: 'nan' };
      n = Number(text);
    }
  } else return { error: 'nan' };
  if (!Number.isFinite(n)) return { error: 'nan' };
  if (rule.integer && !Number.isInteger(n)) return { error: 'fraction' };
  if (n < rule.min || (rule.minExclusive && n === rule.min) || n > rule.max) return { error: 'range' };
  return { value: n };
}

/** "a whole number from 1 to 64", "a number above 0 and at most 2". */
export function expectedText(rule: { integer: boolean; min: number; minExclusive?: boolean; max: number; size?: boolean }): string {
  const what = rule.size ? 'a size in bytes (500000, 512M, 2G)' : rule.integer ? 'a whole number' : 'a number';
  const max = rule.max >= LIMIT_CEILING ? undefined : fmt(rule.max);
  if (rule.minExclusive) return `${what} above ${fmt(rule.min)}${max ? ` and at most ${max}` : ''}`;
  return max ? `${what} from ${fmt(rule.min)} to ${max}` : `${what} of at least ${fmt(rule.min)}`;
}

export interface CheckedOptions {
  /** The arguments with every number option as a number. */
  args: Record<string, unknown>;
  /** `--max` and `--max-bytes` of a build, over the defaults. */
  limits: Partial<Limits>;
  diagnostics: Diagnostic[];
}

/**
 * Checks the number options of `command` in yargs' arguments `args` (and, for `synth author`, its SYNTH_* variables
 * and the config file's `author:` section): each becomes a number, or a diagnostic with its own code
 * (SYN211 not a number, SYN212 not whole, SYN213 out of range, SYN340 over the row limit, SYN214 a bad `--max`).
 */
export function checkNumberOptions(command: string, args: Record<string, unknown>, sources: Sources): CheckedOptions {
  const diagnostics: Diagnostic[] = [];
  const out: Record<string, unknown> = { ...args };
  const limits: Partial<Limits> = (LIMIT_COMMANDS as readonly string[]).includes(command) ? parseMaxSettings(args.max, originOf('max', '--max', [], sources), diagnostics) : {};
  const effective = resolveLimits(limits);
  for (const o of NUMBER_OPTIONS) {
    if (!o.commands.includes(command)) continue;
    const found = o.author ? authorValue(o, args, sources) : args[o.key] !== undefined ? { raw: last(args[o.key]), origin: originOf(o.key, o.flag, o.aliases ?? [], sources) } : undefined;
    if (!found) continue;
    const max = typeof o.max === 'function' ? o.max(effective) : o.max;
    const rule = { integer: o.integer, min: o.min, max, ...(o.minExclusive ? { minExclusive: true } : {}), ...(o.size ? { size: true } : {}) };
    const r = parseNumberText(found.raw, rule);
    if ('value' in r) {
      out[o.key] = r.value;
      if (o.key === 'maxBytes' && command === 'build') limits.outputBytes = r.value;
      continue;
    }
    const raw = rawText(found.raw);
    const base = { option: o.flag, raw, origin: found.origin, expected: expectedText(rule) };
    if (r.error === 'nan') diagnostics.push(diag('optionNotANumber', base, { hint: hintFor(o, rule) }));
    else if (r.error === 'fraction') diagnostics.push(diag('optionNotWhole', base, { hint: hintFor(o, rule) }));
    else if (o.key === 'rows' && typeof found.raw !== 'boolean' && Number(raw) > max) {
      diagnostics.push(diag('rowsPerTableLimit', { what: `Every root table, with ${o.flag} ${raw} (${found.origin}),`, rows: fmt(Number(raw)), max: fmt(max) }, {}));
    } else diagnostics.push(diag('optionOutOfRange', base, { hint: hintFor(o, rule) }));
  }
  return { args: out, limits, diagnostics };
}

/**
 * `--max rows-per-table=5e9` (repeatable; a value may list several, comma-separated, as SYNTH_MAX and the config
 * file's `max:` do) → the limits it sets.
 */
export function parseMaxSettings(value: unknown, origin: string, diagnostics: Diagnostic[]): Partial<Limits> {
  const limits: Partial<Limits> = {};
  if (value === undefined) return limits;
  const names = LIMIT_INFO.map((l) => l.name).join(', ');
  const items = (Array.isArray(value) ? value : [value]).flatMap((v) => (typeof v === 'string' ? v.split(',') : [v]));
  for (const item of items) {
    const text = rawText(item).trim();
    const m = /^([a-z-]+)\s*=\s*(.+)$/i.exec(text);
    if (!m) {
      diagnostics.push(diag('badLimitSetting', { raw: text, origin, detail: 'expected a limit name, =, and a value', names }));
      continue;
    }
    const info = limitByName(m[1]!.toLowerCase());
    if (!info) {
      diagnostics.push(diag('badLimitSetting', { raw: text, origin, detail: `there is no limit '${m[1]}'`, names }));
      continue;
    }
    const rule = { integer: true, min: 1, max: LIMIT_CEILING, ...(info.size ? { size: true } : {}) };
    const r = parseNumberText(m[2], rule);
    if ('value' in r) limits[info.key] = r.value;
    else diagnostics.push(diag('badLimitSetting', { raw: text, origin, detail: `${info.name} takes ${expectedText(rule)}`, names }));
  }
  return limits;
}

/** `synth author`'s settings: flag > SYNTH_* > the config file's `author:` section (as llm-author resolves them). */
function authorValue(o: NumberOption, args: Record<string, unknown>, sources: Sources): { raw: unknown; origin: string } | undefined {
  if (args[o.key] !== undefined) return { raw: last(args[o.key]), origin: originOf(o.key, o.flag, [], sources) };
  const env = sources.env[o.author!.env];
  if (env !== undefined && env.trim() !== '') return { raw: env, origin: `from ${o.author!.env}` };
  const section = sources.config.author;
  const v = section !== null && typeof section === 'object' ? (section as Record<string, unknown>)[o.key] : undefined;
  if (v !== undefined) return { raw: v, origin: `from author.${o.key} in ${configName(sources)}` };
  return undefined;
}

/** "on the command line", "from SYNTH_ROWS", "from the config file synth.config.json". */
function originOf(key: string, flag: string, aliases: readonly string[], sources: Sources): string {
  const kebab = flag.slice(2);
  const names = [flag, `--${key}`, ...aliases];
  const end = sources.argv.indexOf('--');
  const argv = end >= 0 ? sources.argv.slice(0, end) : sources.argv;
  if (argv.some((a) => names.some((n) => a === n || a.startsWith(`${n}=`) || (n.length === 2 && a.startsWith(n) && !a.startsWith('--'))))) return 'on the command line';
  const envName = `SYNTH_${kebab.replace(/-/g, '_').toUpperCase()}`;
  if (sources.env[envName] !== undefined) return `from ${envName}`;
  if (key in sources.config || kebab in sources.config) return `from ${configName(sources)}`;
  return 'on the command line';
}

function configName(sources: Sources): string {
  return sources.configPath ? `the config file ${basename(sources.configPath)}` : 'the config file';
}

function hintFor(o: NumberOption, rule: Parameters<typeof expectedText>[0]): string {
  const example = o.size ? '512M' : o.integer ? fmtPlain(Math.max(rule.min, Math.min(rule.max, o.key === 'rows' ? 1000 : rule.min))) : o.key === 'scale' ? '0.5' : fmtPlain(rule.min === 0 && rule.minExclusive ? 1 : rule.min);
  return `Give ${o.flag} ${expectedText(rule)}, e.g. ${o.flag} ${example}; see docs/cli.md#numbers.`;
}

/** A repeated option arrives as a list: the last one wins, as with any flag. */
function last(v: unknown): unknown {
  return Array.isArray(v) ? v[v.length - 1] : v;
}

function rawText(v: unknown): string {
  if (typeof v === 'string') return v.length > 40 ? `${v.slice(0, 40)}…` : v;
  if (typeof v === 'boolean') return v ? '(no value)' : 'false';
  if (v === null) return 'null';
  if (typeof v === 'object') return JSON.stringify(v).slice(0, 40);
  return String(v);
}

function fmt(n: number): string {
  return Math.abs(n) < 1e21 ? n.toLocaleString('en-US', { maximumFractionDigits: 6 }) : String(n);
}

function fmtPlain(n: number): string {
  return String(n);
}
