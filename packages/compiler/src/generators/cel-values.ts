import type { CellValue, LogicalType } from '../types.js';

/**
 * Conversions between cell values and CEL values. CEL is strictly typed: ints are BigInt, doubles are numbers,
 * timestamps are Dates (docs/spec.md#expressions).
 */
export function toCel(value: CellValue, type: LogicalType): unknown {
  if (value === null) return null;
  switch (type) {
    case 'int':
      return BigInt(value as number);
    case 'date':
    case 'datetime':
      return new Date(value as number);
    case 'time':
      return formatClock(value as number);
    case 'json':
      // A document reads as CEL maps and lists (its numbers as doubles): `size(line_items) > 0`.
      return JSON.parse(value as string);
    default:
      return value;
  }
}

export function formatClock(ms: number): string {
  const s = Math.floor(ms / 1000);
  const hh = String(Math.floor(s / 3600)).padStart(2, '0');
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, '0');
  const ss = String(s % 60).padStart(2, '0');
  return `${hh}:${mm}:${ss}`;
}

export class ExpressionResultError extends Error {}

/** A CEL result as a cell value of the column's logical type. */
export function fromCel(value: unknown, type: LogicalType, scale?: number): CellValue {
  if (value === null || value === undefined) return null;
  let out: CellValue;
  if (typeof value === 'bigint') out = Number(value);
  else if (value instanceof Date) out = value.getTime();
  else if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') out = value;
  else if (typeof value === 'object' && value !== null && 'seconds' in value) {
    // A CEL duration: expose it as seconds.
    out = Number((value as { seconds: bigint | number }).seconds);
  } else throw new ExpressionResultError(`gives a ${typeof value}, which a ${type} column cannot hold`);
  switch (type) {
    case 'int':
      if (typeof out !== 'number') throw new ExpressionResultError(`gives ${JSON.stringify(out)}, not a number`);
      return Math.round(out);
    case 'float':
    case 'decimal':
      if (typeof out !== 'number') throw new ExpressionResultError(`gives ${JSON.stringify(out)}, not a number`);
      return scale !== undefined ? roundTo(out, scale) : out;
    case 'bool':
      if (typeof out !== 'boolean') throw new ExpressionResultError(`gives ${JSON.stringify(out)}, not a bool`);
      return out;
    case 'date':
      if (typeof out !== 'number') throw new ExpressionResultError(`gives ${JSON.stringify(out)}, not a timestamp`);
      return Math.floor(out / 86_400_000) * 86_400_000;
    case 'datetime':
      if (typeof out !== 'number') throw new ExpressionResultError(`gives ${JSON.stringify(out)}, not a timestamp`);
      return out;
    case 'time': {
      // Times are strings in CEL ('HH:MM:SS'); the cell holds ms since midnight so `format` applies.
      const m = typeof out === 'string' ? /^(\d{2}):(\d{2}):(\d{2})$/.exec(out) : null;
      if (!m || Number(m[1]) > 23 || Number(m[2]) > 59 || Number(m[3]) > 59) throw new ExpressionResultError(`gives ${JSON.stringify(out)}, not a time of day (HH:MM:SS)`);
      return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000;
    }
    default:
      return typeof out === 'string' ? out : String(out);
  }
}

/** Round half away from zero at `scale` digits (of the binary value: 1.005 is 1.00499…, so it gives 1). */
export function roundTo(x: number, scale: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** scale;
  const r = Math.round(Math.abs(x) * f) / f;
  return x < 0 ? -r : r;
}
