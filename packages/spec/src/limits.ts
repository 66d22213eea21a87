/**
 * The size limits of a build (docs/spec.md#limits). A typo such as `rows: 1e12` must be refused before a row is
 * generated, not found when the disk is full: each limit is checked where its number enters (the spec, a flag, the
 * plan's totals), has a diagnostic code of its own, and is raised with `--max NAME=VALUE` (repeatable; also
 * `SYNTH_MAX` and `max:` in the config file). Generation limits (pattern repetition, CEL sizes, recursion) live in
 * generation-limits.ts.
 */

/** Rows of one table, after `--rows`, `--scale` and per-parent counts (SYN340). */
export const ROWS_PER_TABLE = 1_000_000_000;

/** Rows of all tables of one build together (SYN341). */
export const TOTAL_ROWS = 10_000_000_000;

/** Elements of one array value: an array column's `count`, an embedded schema's `minItems`/`maxItems` (SYN342). */
export const ARRAY_LENGTH = 10_000;

/**
 * Characters of one generated string where the spec states a length: an embedded schema's `minLength`/`maxLength`,
 * a numeric argument of a Faker `string.*` or `lorem.*` method (SYN343).
 */
export const STRING_LENGTH = 1_000_000;

/** `zipf: { n }`: its cumulative table holds n doubles, 8 bytes each (SYN344). */
export const ZIPF_SIZE = 10_000_000;

/**
 * The estimated size of everything one `synth build` writes, in bytes (SYN440): 10 GiB. The estimate is made from
 * the plan, before a byte is written (packages/compiler/src/plan/size-estimate.ts); `--max-bytes` is its short form.
 */
export const OUTPUT_BYTES = 10 * 1024 ** 3;

/**
 * Bounds and parameters of a float column (min, max, a distribution's mean and spread) stay within ±1e300, so that
 * max − min and mean ± 6 stddev are finite: 1e308 − (−1e308) is Infinity, and so were the values drawn (SYN345).
 */
export const FLOAT_MAGNITUDE = 1e300;

/** The largest integer a double holds exactly: no limit can be raised beyond it. */
// A pattern's length and steps (SYN355, SYN356) are generation limits, defined and explained there, and raisable here.
import { PATTERN_MAX_LENGTH, PATTERN_MAX_STEPS } from './generation-limits.js';

export const LIMIT_CEILING = Number.MAX_SAFE_INTEGER;

/** Every limit, by the name `--max NAME=VALUE` takes. */
export interface Limits {
  rowsPerTable: number;
  totalRows: number;
  arrayLength: number;
  stringLength: number;
  zipfSize: number;
  outputBytes: number;
  patternLength: number;
  patternSteps: number;
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  rowsPerTable: ROWS_PER_TABLE,
  totalRows: TOTAL_ROWS,
  arrayLength: ARRAY_LENGTH,
  stringLength: STRING_LENGTH,
  zipfSize: ZIPF_SIZE,
  outputBytes: OUTPUT_BYTES,
  patternLength: PATTERN_MAX_LENGTH,
  patternSteps: PATTERN_MAX_STEPS,
});

export interface LimitInfo {
  key: keyof Limits;
  /** The name on the command line: `--max rows-per-table=5e9`. */
  name: string;
  code: `SYN${number}`;
  /** What it counts, for messages: "rows", "bytes". */
  unit: string;
  /** Takes sizes such as 50G. */
  size?: boolean;
}

export const LIMIT_INFO: readonly LimitInfo[] = [
  { key: 'rowsPerTable', name: 'rows-per-table', code: 'SYN340', unit: 'rows' },
  { key: 'totalRows', name: 'total-rows', code: 'SYN341', unit: 'rows' },
  { key: 'arrayLength', name: 'array-length', code: 'SYN342', unit: 'elements' },
  { key: 'stringLength', name: 'string-length', code: 'SYN343', unit: 'characters' },
  { key: 'zipfSize', name: 'zipf-size', code: 'SYN344', unit: 'values' },
  { key: 'outputBytes', name: 'bytes', code: 'SYN440', unit: 'bytes', size: true },
  { key: 'patternLength', name: 'pattern-length', code: 'SYN355', unit: 'characters' },
  { key: 'patternSteps', name: 'pattern-steps', code: 'SYN356', unit: 'pieces' },
];

/** `rows-per-table` → its entry. */
export function limitByName(name: string): LimitInfo | undefined {
  return LIMIT_INFO.find((l) => l.name === name);
}

/** The defaults with the given limits raised (or lowered). */
export function resolveLimits(overrides: Partial<Limits> = {}): Limits {
  const out = { ...DEFAULT_LIMITS };
  for (const [k, v] of Object.entries(overrides) as Array<[keyof Limits, number | undefined]>) if (v !== undefined) out[k] = v;
  return out;
}
