import type { Cardinality, SeriesSpec } from '../types.js';
import { parseDuration } from './duration.js';
import { parseTemporal } from './temporal.js';

const DAY_MS = 86_400_000;
const WEEK_MS = 7 * DAY_MS;

/**
 * The timestamps of a series table (docs/timeseries.md#timestamps): a fixed grid `start + k × every` below `end`
 * (only its Monday-to-Friday points with `business_days`), or Poisson arrivals. Every series of the table shares
 * the grid; arrivals differ per series.
 */
export interface SeriesWindow {
  start: number;
  end: number;
  every?: number;
  perHour?: number;
  /** Business days: grid steps a week, and which of them fall on Monday to Friday (UTC). */
  week?: { steps: number; kept: number[] };
}

/** The window of a valid series spec; undefined when a part of it does not parse (the validator says which). */
export function seriesWindow(s: SeriesSpec): SeriesWindow | undefined {
  const start = parseTemporal('datetime', s.start);
  const end = parseTemporal('datetime', s.end);
  if (start === undefined || end === undefined || end <= start) return undefined;
  if (s.arrivals) return { start, end, perHour: s.arrivals.per_hour };
  const every = parseDuration(s.every);
  if (every === undefined) return undefined;
  if (!s.business_days) return { start, end, every };
  if (WEEK_MS % every !== 0) return undefined;
  const steps = WEEK_MS / every;
  const kept: number[] = [];
  for (let j = 0; j < steps; j++) {
    const day = new Date(start + j * every).getUTCDay();
    if (day !== 0 && day !== 6) kept.push(j);
  }
  return { start, end, every, week: { steps, kept } };
}

/** Rows per series: a number for a fixed grid, a Poisson count for arrivals. */
export function seriesCount(w: SeriesWindow): Cardinality {
  if (w.perHour !== undefined) return { poisson: { mean: (w.perHour * (w.end - w.start)) / 3_600_000 } };
  const steps = Math.ceil((w.end - w.start) / w.every!);
  if (!w.week) return steps;
  const weeks = Math.floor(steps / w.week.steps);
  const rest = steps - weeks * w.week.steps;
  return weeks * w.week.kept.length + w.week.kept.filter((j) => j < rest).length;
}

/** The timestamp (epoch ms) of position k of a fixed grid. */
export function gridTime(w: SeriesWindow, k: number): number {
  if (!w.week) return w.start + k * w.every!;
  const perWeek = w.week.kept.length;
  const week = Math.floor(k / perWeek);
  return w.start + (week * w.week.steps + w.week.kept[k - week * perWeek]!) * w.every!;
}
