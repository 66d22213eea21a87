/**
 * The profile of sample data (docs/infer.md): what `synth infer` learns from sample files, and what
 * `synth author --sample` hands to a model. It is plain JSON and holds statistics only: no sample value appears in it
 * except the labels of low-cardinality categories, and none at all when profiled with `categories: false`.
 */

/** The storage type a column's values have (the most specific one that ≥ {@link TYPE_MATCH_RATE} of them fit). */
export type InferredType = 'empty' | 'bool' | 'int' | 'float' | 'decimal' | 'date' | 'datetime' | 'time' | 'uuid' | 'string';

export type SampleFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'xlsx' | 'parquet';

export interface DatasetProfile {
  /** Version of this shape, for tools that store profiles. */
  profileVersion: 1;
  /** Whether category labels (real values of low-cardinality columns) were kept. */
  categories: boolean;
  tables: TableProfile[];
  foreignKeys: ForeignKeyProfile[];
}

export interface TableProfile {
  /** The table name: the file's base name, or the sheet's name for xlsx (made a valid identifier). */
  name: string;
  /** Where it was read from: the path as given, with `#sheet` for xlsx. */
  source: string;
  format: SampleFormat;
  /** Rows profiled. */
  rows: number;
  /** True when `maxRows` stopped reading before the end of the file. */
  truncated: boolean;
  columns: ColumnProfile[];
  /** Columns that are unique and never null, best first ({@link KeyCandidate.score}). */
  keyCandidates: KeyCandidate[];
  /** The chosen primary key (the first candidate), if any. */
  primaryKey?: string;
  /** Without a one-column key: a reference and another column whose pairs are unique and never null. */
  compositeKey?: [string, string];
}

export interface KeyCandidate {
  column: string;
  /** sequence: dense whole numbers; uuid; other: any other unique column. */
  kind: 'sequence' | 'uuid' | 'other';
}

export interface ColumnProfile {
  /** The column name (made a valid identifier) and, when that changed it, the header as found. */
  name: string;
  header?: string;
  type: InferredType;
  /** Share of non-null values that fit `type` (the rest are left out of its statistics). */
  typeMatchRate: number;
  /** Non-null values. */
  count: number;
  nullRate: number;
  /** Distinct non-null values (exact up to {@link MAX_TRACKED_DISTINCT} for non-unique columns, then a lower bound). */
  distinct: number;
  distinctExact: boolean;
  /** No value repeats (and the column has at least two values). */
  unique: boolean;
  numeric?: NumericProfile;
  temporal?: TemporalProfile;
  bool?: { trueRate: number };
  text?: TextProfile;
  /** Set for low-cardinality columns ({@link MAX_CATEGORIES}); labels only with `categories: true`. */
  categories?: CategoryProfile;
  /** A date/datetime that is always this long after another column of its row. */
  offsetFrom?: { column: string; offsetMs: number };
  /** A date/datetime drawn from an earlier one of its row or parent row, when that fits the sample better. */
  after?: TemporalRule;
  /** Null exactly unless a category column has one of these values (indexes into its `categories.counts`). */
  setWhen?: { column: string; values: number[] };
}

export interface NumericProfile {
  min: number;
  max: number;
  mean: number;
  stddev: number;
  /** Digits after the point (decimal columns). */
  scale?: number;
  /** Dense, unique whole numbers: `start + i·step` in file order, or a shuffle of `min…max`. */
  sequence?: { start: number; step: number };
  /** Candidate distributions, best (lowest KS distance) first. */
  fits: DistributionFit[];
}

export type DistributionName = 'uniform' | 'normal' | 'lognormal' | 'exponential' | 'poisson';

export interface DistributionFit {
  name: DistributionName;
  params: Record<string, number>;
  /** Kolmogorov–Smirnov distance between the values and the fitted distribution (0 = identical, 1 = disjoint). */
  ks: number;
}

export interface TemporalProfile {
  /** Earliest and latest value as spec literals (YYYY-MM-DD, ISO datetime in UTC, HH:MM:SS). */
  min: string;
  max: string;
  /** The spec's `format` that writes values the way the sample does (`iso`, or a date-fns pattern). */
  format: string;
  /** Share of values in that format. */
  formatMatchRate: number;
}

export interface TextProfile {
  minLength: number;
  maxLength: number;
  meanLength: number;
  /** A regular expression induced from the values' shapes (character classes only, never their characters). */
  pattern?: { regex: string; matchRate: number };
  /** A semantic type recognised from the values' shapes (and the column name where shapes are ambiguous). */
  semantic?: SemanticMatch;
  /** Words per value, for free text. */
  words?: { min: number; max: number };
  /** Character ranges the values use, e.g. `A-Za-z0-9 ` (for values with no common shape). */
  characters: string;
}

export interface SemanticMatch {
  /** What the values are: email, url, person name, country code, … */
  kind: string;
  /** The Faker method that generates such values, and its arguments. */
  faker: string;
  args?: unknown[];
  matchRate: number;
  /** Whether the column's name supported the match (some kinds need it). */
  byName: boolean;
  /** The sample's own shape (its pattern) reproduces this kind better than Faker when one fits: phones, postcodes. */
  preferPattern: boolean;
}

/** A low-cardinality column: how often each value occurs, most frequent first. */
export interface CategoryProfile {
  counts: number[];
  /** The values, in the order of `counts`; only when profiled with `categories: true`. */
  labels?: Array<string | number | boolean>;
  /** Occurrences of values seen fewer than {@link MIN_LABEL_COUNT} times: left out of `counts` (and never copied). */
  rareCount: number;
}

export interface ForeignKeyProfile {
  table: string;
  column: string;
  parentTable: string;
  parentColumn: string;
  /** Share of the child's distinct non-null values found among the parent's keys. */
  inclusion: number;
  /** Children per parent row, over every parent row (those with none count as 0). */
  perParent: PerParentProfile;
}

export interface PerParentProfile {
  min: number;
  max: number;
  mean: number;
  /** Candidate count distributions, best first. */
  fits: CountFit[];
}

export type CountFit =
  | { name: 'constant'; params: { value: number }; ks: number }
  | { name: 'range'; params: { min: number; max: number }; ks: number }
  | { name: 'poisson'; params: { mean: number }; ks: number }
  | { name: 'normal'; params: { mean: number; stddev: number }; ks: number };

/** A column's type is the most specific one that at least this share of its non-null values fits. */
export const TYPE_MATCH_RATE = 0.98;
/** Non-unique columns track at most this many distinct values; unique ones (key candidates) track all. */
export const MAX_TRACKED_DISTINCT = 1_000_000;
/** A label that occurs fewer times than this is never copied into a profile or spec. */
export const MIN_LABEL_COUNT = 3;
/** A column with at most this many distinct values, each seen about {@link MIN_PER_CATEGORY} times or more, is categorical. */
export const MAX_CATEGORIES = 50;
/** The same for numbers (ratings, floors, quantities); more distinct numbers get a distribution. */
export const MAX_NUMERIC_CATEGORIES = 12;
export const MIN_PER_CATEGORY = 10;

/**
 * `source + uniform offset` (whole `unit`s in [min, max]) or `uniform(source, the column's max)`, with the KS distance
 * of its simulation to the values, and that of drawing the column on its own.
 */
export interface TemporalRule {
  /** `placed_at`, or `customers.signed_up_at` read through the reference. */
  source: string;
  model: 'offset' | 'between';
  min?: number;
  max?: number;
  unit?: 'second' | 'day';
  ks: number;
  aloneKs: number;
}
