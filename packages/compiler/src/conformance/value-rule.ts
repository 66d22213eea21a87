import type { CellValue } from '../types.js';

/**
 * A hard rule every non-null value of a column must satisfy, read from the spec (docs/report.md#rules):
 * its logical type, its range, its pattern, its enum values, its sequence. Checked on the values as written.
 */
export interface ValueRule {
  /** Short name shown in the summary: `type`, `range`, `pattern`, `values`, `sequence`, `constant`. */
  rule: string;
  /** What the rule says, for the report (e.g. `[1, 100]`). */
  expected: string;
  /** The JSON pointer suffix (under the column) of the spec key that declares it, for the diagnostic. */
  key?: string;
  holds(value: Exclude<CellValue, null>, row: number): boolean;
}

export function rangeRule(min: number, max: number, minText: string, maxText: string, key: string | undefined): ValueRule {
  const expected = `[${min === -Infinity ? '-∞' : minText}, ${max === Infinity ? '∞' : maxText}]`;
  return { rule: 'range', expected, ...(key ? { key } : {}), holds: (v) => (v as number) >= min && (v as number) <= max };
}

export function parsesAsJson(s: string): boolean {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}
