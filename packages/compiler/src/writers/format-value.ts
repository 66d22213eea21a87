import { createRequire } from 'node:module';
import { formatClock } from '../generators/cel-values.js';
import type { CellValue, ColumnInfo } from '../types.js';

/**
 * Cell value → text, for text formats (csv, tsv, and temporal values in json). Every rule here is part of
 * the byte-for-byte output contract (docs/formats.md): numbers use ECMAScript's shortest round-trip form,
 * decimals exactly `scale` digits, dates ISO 8601 in UTC unless the column names a format.
 */
export type ValueFormatter = (v: CellValue) => string;

export function textFormatter(info: ColumnInfo): ValueFormatter {
  switch (info.type) {
    case 'decimal':
      return (v) => (typeof v === 'number' ? v.toFixed(info.scale ?? 2) : String(v));
    case 'float':
      return info.scale === undefined ? (v) => String(v) : (v) => (typeof v === 'number' ? v.toFixed(info.scale) : String(v));
    case 'date':
    case 'datetime':
    case 'time':
      return temporalFormatter(info);
    default:
      return (v) => String(v);
  }
}

export function temporalFormatter(info: ColumnInfo): ValueFormatter {
  const f = info.format ?? 'iso';
  if (info.type === 'time') {
    if (f === 'iso') return (v) => (typeof v === 'number' ? formatClock(v) : String(v));
  }
  switch (f) {
    case 'iso':
      return info.type === 'date' ? (v) => (typeof v === 'number' ? isoDate(v) : String(v)) : (v) => (typeof v === 'number' ? isoDateTime(v) : String(v));
    case 'epoch':
      return (v) => (typeof v === 'number' ? String(Math.floor(v / 1000)) : String(v));
    case 'epoch_ms':
      return (v) => String(v);
    default:
      return (v) => (typeof v === 'number' ? formatDate(v, f) : String(v));
  }
}

let dateFns: { format: typeof import('date-fns/format').format; UTCDate: typeof import('@date-fns/utc').UTCDate } | undefined;

/**
 * A date in a column's own `format` (date-fns tokens, in UTC). date-fns is required on first use: even the format
 * function's own module pulls in 40 others (~40 ms of every start-up, though most specs name no format); the
 * package index would load all 300.
 */
function formatDate(ms: number, f: string): string {
  if (!dateFns) {
    const require = createRequire(import.meta.url);
    dateFns = { format: (require('date-fns/format') as typeof import('date-fns/format')).format, UTCDate: (require('@date-fns/utc') as typeof import('@date-fns/utc')).UTCDate };
  }
  return dateFns.format(new dateFns.UTCDate(ms), f);
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const DAY_MS = 86_400_000;
/** 10000-01-01: from there on toISOString writes six-digit years. */
const YEAR_10000_MS = 253_402_300_800_000;
/** `YYYY-MM-DDT` by day number: random datetimes over a few years hit a few thousand days, each formatted once. */
const dayPrefixes = new Map<number, string>();
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);

/**
 * Second precision unless the value has milliseconds (Faker dates can). The clock part is computed with
 * integer arithmetic and the date part cached per day: `Date#toISOString` for every value was a twentieth of a
 * csv build. Equal to the toISOString form for every value (tested); other values take that path.
 */
export function isoDateTime(ms: number): string {
  if (!(ms >= 0 && ms < YEAR_10000_MS) || !Number.isInteger(ms)) {
    const s = new Date(ms).toISOString();
    return ms % 1000 === 0 ? `${s.slice(0, 19)}Z` : s;
  }
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= 16_384) dayPrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  const t = ms - day * DAY_MS;
  const milli = t % 1000;
  const secs = (t - milli) / 1000;
  const clock = `${prefix}${pad2(Math.floor(secs / 3600))}:${pad2(Math.floor(secs / 60) % 60)}:${pad2(secs % 60)}`;
  return milli === 0 ? `${clock}Z` : `${clock}.${String(milli).padStart(3, '0')}Z`;
}

/** Cell value → JSON value: numbers and booleans stay typed, temporal values are formatted text. */
export function jsonFormatter(info: ColumnInfo): (v: CellValue) => CellValue {
  if (info.type === 'date' || info.type === 'datetime' || info.type === 'time') {
    const text = temporalFormatter(info);
    const numeric = info.format === 'epoch' || info.format === 'epoch_ms';
    return (v) => (v === null ? null : numeric ? Number(text(v)) : text(v));
  }
  if (info.type === 'decimal' || (info.type === 'float' && info.scale !== undefined)) {
    // Rounded already; JSON numbers carry the shortest form (2.5, not 2.50).
    return (v) => v;
  }
  return (v) => v;
}
