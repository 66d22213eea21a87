import type { CellValue, LogicalType } from '../types.js';

/**
 * The conformance report's data (docs/report.md): what a build checked of its own output, read back from the
 * batches as they were handed to the writers. Plain data, so it serializes (`--format json`, the HTML report,
 * the build history).
 */
export type Outcome = 'pass' | 'fail' | 'warn' | 'skip';

export interface ConformanceFinding {
  table: string;
  /** The column (or columns, comma-separated) the rule is about; absent for table-level rules. */
  column?: string;
  /** type, range, pattern, values, sequence, scale, constant, not-null, unique, foreign-key, check, cardinality,
   *  distribution, null-rate, flaw. */
  rule: string;
  /** fail: a hard rule broke; warn: a statistic is unlikely under the declared shape; skip: could not be checked. */
  outcome: Outcome;
  /** What the spec declares. */
  expected: string;
  /** What was found, in words. */
  detail: string;
  /** Rows breaking a hard rule (0 when it holds). */
  violations?: number;
  /** The first rows breaking it (absolute row indexes). */
  rows?: number[];
  /** Statistical tests: the p-value and the statistic. */
  pValue?: number;
  statistic?: number;
  /** Where in the spec the rule is declared. */
  pointer?: string;
}

/** Per column: what the report draws (a histogram of the sample over the declared shape, or category counts). */
export interface ColumnProfile {
  name: string;
  type: LogicalType;
  rows: number;
  nulls: number;
  /** The declared shape's label (e.g. `normal(50, 10)`), when the spec declares one. */
  declared?: string;
  /**
   * Numbers, dates and times: a histogram of the sampled values (`edges` has one more entry than `counts`), with the
   * counts the declared distribution expects in each bin when it declares one. Strings with many distinct values:
   * a histogram of their lengths (`of: 'length'`).
   */
  histogram?: { of: 'value' | 'length' | 'elements'; edges: number[]; counts: number[]; expected?: number[] };
  /** Series value columns: the first series, as (time or position, value) points, to draw over time. */
  series?: Array<{ entity: string; points: Array<[number, number]> }>;
  /** Categorical columns: value → [observed count, expected share or undefined]. */
  categories?: Array<{ value: string; count: number; expected?: number }>;
}

export interface TableConformance {
  name: string;
  rows: number;
  columns: ColumnProfile[];
}

/** One declared flaw and every row it hit (docs/quality.md): what a data-cleaning test compares against. */
export interface FlawListing {
  table: string;
  /** Absent for duplicated rows. */
  column?: string;
  /** A quality control, or `anomalies` of a series column (docs/timeseries.md), listed the same way. */
  kind: 'nulls' | 'outliers' | 'typos' | 'whitespace' | 'case' | 'duplicates' | 'anomalies';
  rate: number;
  /** Rows it hit, of the rows written. */
  count: number;
  /** Every row it hit (absolute indexes, ascending), up to FLAW_ROWS_LISTED; `truncated` past that. */
  rows: number[];
  truncated?: boolean;
}

export interface ConformanceReport {
  /** No hard rule failed. */
  ok: boolean;
  /** Significance level below which a statistical test warns. */
  alpha: number;
  tables: TableConformance[];
  findings: ConformanceFinding[];
  /** Declared quality controls and the rows they made dirty. */
  flaws: FlawListing[];
}
