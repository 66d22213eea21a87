/**
 * The date and time shapes `synth infer` recognises, each with the spec `format` that writes values the same way
 * (docs/spec.md, "date, datetime, time") and a parser to milliseconds since the epoch (UTC; a time is ms since midnight).
 */
export interface TemporalFormat {
  id: string;
  kind: 'date' | 'datetime' | 'time';
  /** The column's `format` in the spec. */
  format: string;
  test: RegExp;
  parse: (s: string) => number | undefined;
}

const utc = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0): number | undefined => {
  const t = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  const back = new Date(t);
  // Rejects 2024-02-30 and 25:00, which Date.UTC would roll over.
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d && h < 24 && mi < 60 && s < 60 ? t : undefined;
};
const n = (s: string, a: number, b: number) => Number(s.slice(a, b));
const fraction = (s: string | undefined) => (s ? Math.round(Number(`0.${s}`) * 1000) : 0);

export const TEMPORAL_FORMATS: TemporalFormat[] = [
  { id: 'date-iso', kind: 'date', format: 'iso', test: /^\d{4}-\d{2}-\d{2}$/, parse: (s) => utc(n(s, 0, 4), n(s, 5, 7), n(s, 8, 10)) },
  {
    id: 'datetime-iso',
    kind: 'datetime',
    format: 'iso',
    test: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/,
    parse: (s) => {
      const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/.exec(s);
      if (!m) return undefined;
      const t = utc(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, fraction(m[7]));
      if (t === undefined || m[8] === 'Z') return t;
      return t - (m[9] === '-' ? -1 : 1) * (+m[10]! * 60 + +m[11]!) * 60_000;
    },
  },
  { id: 'datetime-space', kind: 'datetime', format: 'yyyy-MM-dd HH:mm:ss', test: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/, parse: (s) => utc(n(s, 0, 4), n(s, 5, 7), n(s, 8, 10), n(s, 11, 13), n(s, 14, 16), n(s, 17, 19)) },
  { id: 'datetime-local', kind: 'datetime', format: "yyyy-MM-dd'T'HH:mm:ss", test: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, parse: (s) => utc(n(s, 0, 4), n(s, 5, 7), n(s, 8, 10), n(s, 11, 13), n(s, 14, 16), n(s, 17, 19)) },
  { id: 'datetime-minutes', kind: 'datetime', format: 'yyyy-MM-dd HH:mm', test: /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, parse: (s) => utc(n(s, 0, 4), n(s, 5, 7), n(s, 8, 10), n(s, 11, 13), n(s, 14, 16)) },
  // Day-first and month-first dates look alike; both are counted and the one every value fits wins.
  { id: 'date-dmy', kind: 'date', format: 'dd/MM/yyyy', test: /^\d{2}\/\d{2}\/\d{4}$/, parse: (s) => utc(n(s, 6, 10), n(s, 3, 5), n(s, 0, 2)) },
  { id: 'date-mdy', kind: 'date', format: 'MM/dd/yyyy', test: /^\d{2}\/\d{2}\/\d{4}$/, parse: (s) => utc(n(s, 6, 10), n(s, 0, 2), n(s, 3, 5)) },
  { id: 'date-dmy-dot', kind: 'date', format: 'dd.MM.yyyy', test: /^\d{2}\.\d{2}\.\d{4}$/, parse: (s) => utc(n(s, 6, 10), n(s, 3, 5), n(s, 0, 2)) },
  { id: 'time', kind: 'time', format: 'iso', test: /^\d{2}:\d{2}:\d{2}$/, parse: (s) => timeOfDay(n(s, 0, 2), n(s, 3, 5), n(s, 6, 8)) },
  { id: 'time-minutes', kind: 'time', format: 'HH:mm', test: /^\d{2}:\d{2}$/, parse: (s) => timeOfDay(n(s, 0, 2), n(s, 3, 5), 0) },
];

function timeOfDay(h: number, m: number, s: number): number | undefined {
  return h < 24 && m < 60 && s < 60 ? ((h * 60 + m) * 60 + s) * 1000 : undefined;
}

/** A spec literal for a value of the kind: `2024-01-31`, `2024-01-31T09:30:00Z`, `09:30:00`. */
export function temporalLiteral(kind: TemporalFormat['kind'], ms: number): string {
  const iso = new Date(ms).toISOString();
  if (kind === 'date') return iso.slice(0, 10);
  if (kind === 'time') return iso.slice(11, 19);
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
