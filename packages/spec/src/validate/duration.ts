/** Units of a series duration (docs/timeseries.md#durations): fixed lengths, so a day is always 24 hours (UTC). */
const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h|d|w))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/g;

/** `5m`, `1h30m`, `7d` → milliseconds; undefined when it is not a duration or is zero. */
export function parseDuration(text: unknown): number | undefined {
  if (typeof text !== 'string' || !DURATION.test(text)) return undefined;
  let ms = 0;
  for (const m of text.matchAll(PART)) ms += Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms > 0 && Number.isFinite(ms) ? Math.round(ms) : undefined;
}
