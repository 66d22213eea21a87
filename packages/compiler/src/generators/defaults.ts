import { parseTemporal, type TemporalKind } from '@synth/spec';

/**
 * Documented defaults for bounds a spec leaves out (docs/spec.md#defaults). Temporal bounds are epoch ms (UTC);
 * time-of-day bounds are ms since midnight.
 */
export const NUMBER_DEFAULTS = { int: [0, 1000], float: [0, 1], decimal: [0, 1000] } as const;
export const TEMPORAL_DEFAULTS: Record<TemporalKind, [string, string]> = {
  date: ['2020-01-01', '2025-12-31'],
  datetime: ['2020-01-01T00:00:00Z', '2025-12-31T23:59:59Z'],
  time: ['00:00:00', '23:59:59'],
};
export const DECIMAL_DEFAULT_SCALE = 2;
export const DAY_MS = 86_400_000;

export interface Bounds {
  min: number;
  max: number;
  /** True when the spec gave the bound (then it is a hard limit even under a distribution). */
  hasMin: boolean;
  hasMax: boolean;
}

export function numericBounds(c: { type: keyof typeof NUMBER_DEFAULTS; min?: unknown; max?: unknown }): Bounds {
  const [dmin, dmax] = NUMBER_DEFAULTS[c.type];
  // A missing bound that would fall on the wrong side of the given one moves with it, keeping the default width.
  const width = dmax - dmin;
  const min = typeof c.min === 'number' ? c.min : typeof c.max === 'number' && c.max < dmin ? c.max - width : dmin;
  const max = typeof c.max === 'number' ? c.max : min > dmax ? min + width : dmax;
  return { min, max, hasMin: typeof c.min === 'number', hasMax: typeof c.max === 'number' };
}

export function temporalBounds(kind: TemporalKind, c: { min?: unknown; max?: unknown }): Bounds {
  const [dmin, dmax] = TEMPORAL_DEFAULTS[kind];
  let min = parseTemporal(kind, c.min ?? dmin)!;
  let max = parseTemporal(kind, c.max ?? dmax)!;
  // As for numbers: a default bound on the wrong side of the given one moves with it (a year away; a time to midnight).
  if (c.max === undefined && max < min) max = kind === 'time' ? parseTemporal('time', '23:59:59')! : min + 365 * DAY_MS;
  if (c.min === undefined && max < min) min = kind === 'time' ? 0 : max - 365 * DAY_MS;
  return { min, max, hasMin: c.min !== undefined, hasMax: c.max !== undefined };
}

/** The step between distinct generated values: dates by day, datetimes and times by second. */
export function temporalStep(kind: TemporalKind): number {
  return kind === 'date' ? DAY_MS : 1000;
}
