/**
 * Parsing of the spec's date, datetime and time literals into epoch milliseconds (UTC) — the one internal
 * representation of temporal values. Strict: a string that is not the documented form is rejected, never guessed.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?$/;
const TIME = /^(\d{2}):(\d{2})(?::(\d{2}))?$/;

export type TemporalKind = 'date' | 'datetime' | 'time';

export const TEMPORAL_EXAMPLES: Record<TemporalKind, string> = {
  date: 'YYYY-MM-DD, e.g. 2024-01-31',
  datetime: 'ISO 8601, e.g. 2024-01-31T09:30:00Z',
  time: 'HH:MM or HH:MM:SS, e.g. 09:30:00',
};

/** YAML turns unquoted dates into Date objects; accept those as well as strings. */
export function parseTemporal(kind: TemporalKind, value: unknown): number | undefined {
  if (value instanceof Date) return kind === 'time' ? undefined : value.getTime();
  if (typeof value !== 'string') return undefined;
  if (kind === 'time') {
    const m = TIME.exec(value);
    if (!m) return undefined;
    const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    if (h > 23 || min > 59 || s > 59) return undefined;
    return ((h * 60 + min) * 60 + s) * 1000;
  }
  if (kind === 'date') {
    const m = DATE.exec(value);
    if (!m) return undefined;
    const t = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    return new Date(t).getUTCDate() === Number(m[3]) ? t : undefined;
  }
  const m = DATETIME.exec(value) ?? (DATE.test(value) ? DATETIME.exec(`${value}T00:00:00Z`) : null);
  if (!m) return undefined;
  // Date.parse rolls over (Feb 30 → Mar 1, 24:00 → the next day); the calendar fields must be real.
  const [y, mo, d, h, mi, sec] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(Number) as [number, number, number, number, number, number];
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d || mo < 1 || mo > 12 || h > 23 || mi > 59 || sec > 59) return undefined;
  const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}${m[7] ?? ''}${m[8] ?? 'Z'}`;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t;
}
