/**
 * The data types shared by every stage of synth (see DESIGN.md, "Intermediate representations"):
 * SourceFile → SpecDocument → Spec → Plan → RowBatch → Writer.
 * The Plan and RowBatch types live in @synth/compiler; everything a user writes lives here.
 */

/** A spec's text as read from disk (or given inline); the only I/O of the front half. */
export interface SourceFile {
  /** Path as the user named it; used in diagnostics. */
  path: string;
  text: string;
}

/** A source span: offset + length into SourceFile.text, turned into line:col only when printed. */
export interface Span {
  start: number;
  length: number;
}

/** Parsed YAML plus a map from JSON pointer to the span of the value (and of its key, when it has one). */
export interface SpecDocument {
  source: SourceFile;
  /** The plain JS value of the YAML document (undefined when the file is empty). */
  value: unknown;
  /** JSON pointer (RFC 6901, "" is the root) → spans. */
  positions: Map<string, { value: Span; key?: Span }>;
}

export type Severity = 'error' | 'warning';

export interface RelatedLocation {
  message: string;
  file?: string;
  span?: Span;
  pointer?: string;
}

/** Every user-facing problem. `line`/`column` are 1-based and filled when a span is known. */
export interface Diagnostic {
  code: string;
  severity: Severity;
  message: string;
  file?: string;
  span?: Span;
  line?: number;
  column?: number;
  /** JSON pointer into the spec. */
  pointer?: string;
  hint?: string;
  related?: RelatedLocation[];
}

/** What a stage returns: a value when it could make one, and everything it found wrong. */
export interface Result<T> {
  value?: T;
  diagnostics: Diagnostic[];
}

// ---------------------------------------------------------------------------------------------
// Spec v1 — docs/spec.md is the reference; schemas/synth.schema.json is the grammar.
// ---------------------------------------------------------------------------------------------

export type Distribution =
  | { uniform: Record<string, never> | null }
  | { normal: { mean: number; stddev: number } }
  | { lognormal: { mu: number; sigma: number } }
  | { exponential: { rate: number } }
  | { poisson: { mean: number } }
  | { zipf: { n: number; s?: number } };

/** How many child rows each parent row gets. */
export type Cardinality = number | { min: number; max: number } | Distribution;

export type RowCount = number | { per: string; count: Cardinality };

/** Deliberate flaws in a column's values (docs/quality.md); rates are per value. */
export interface ColumnQuality {
  nulls?: number;
  /** Numbers: multiplied or divided by `magnitude` (default 10). */
  outliers?: number | { rate: number; magnitude?: number };
  /** Strings: two adjacent letters swapped. */
  typos?: number;
  /** Strings: a stray space. */
  whitespace?: number;
  /** Strings: another case. */
  case?: number;
}

/** Flaws for every eligible column of a table (or of every table), and duplicated rows. */
export interface QualitySpec extends ColumnQuality {
  /** Share of rows repeating the row before them. */
  duplicates?: number;
}

/** A series table: one series of rows per row of `per`, over a window (docs/timeseries.md). */
export interface SeriesSpec {
  /** The entities table (sensors, accounts, tickers): one series per row. */
  per: string;
  /** The window [start, end), ISO 8601 datetimes (UTC). */
  start: string;
  end: string;
  /** A fixed interval (`5m`, `1h`, `1d`)… */
  every?: string;
  /** …or random arrivals: a Poisson process with this many events an hour on average. */
  arrivals?: { per_hour: number };
  /** Only Monday to Friday (fixed intervals of a day or less). */
  business_days?: boolean;
}

/** A number that is the same for every series, or drawn once per series from a distribution. */
export type PerSeries = number | Distribution;

/** The value model of a series column: level + trend + seasonality + walk + regimes + noise + anomalies. */
export interface SeriesValueSpec {
  level?: PerSeries;
  /** Change per day. */
  trend?: PerSeries;
  seasonality?: Array<{ period: string; amplitude: PerSeries; phase?: number }>;
  /** Per-row noise: a standard deviation (normal) or a distribution. */
  noise?: number | Distribution;
  /** Random walk: standard deviation of each step; `geometric` multiplies instead of adding (prices). */
  walk?: number | { stddev: number; geometric?: boolean };
  /** Regime changes: at each step, with probability `rate`, the level shifts by a normal step of sd `shift`. */
  regimes?: { rate: number; shift: number };
  /** Anomalies: with probability `rate`, a spike of ± `magnitude` at that row only. */
  anomalies?: { rate: number; magnitude: number };
}

interface ColumnCommon {
  description?: string;
  quality?: ColumnQuality;
  /** In a series table: `time` (the row's timestamp) or the value model. */
  series?: 'time' | SeriesValueSpec;
  /** Probability in [0, 1] that the value is null. */
  nulls?: number;
  /** Allows null without a null rate (e.g. a self-reference whose first row has no parent). */
  nullable?: boolean;
  unique?: boolean;
  primary_key?: boolean;
  /** CEL: when false the value is null. */
  when?: string;
}

export interface SequenceColumn extends ColumnCommon {
  type: 'sequence';
  start?: number;
  step?: number;
}

export interface NumberColumn extends ColumnCommon {
  type: 'int' | 'float' | 'decimal';
  min?: number;
  max?: number;
  /** Digits after the decimal point (decimal: required meaning; float: optional rounding). */
  scale?: number;
  distribution?: Distribution;
  expr?: string;
}

export interface BoolColumn extends ColumnCommon {
  type: 'bool';
  /** Probability of true. */
  probability?: number;
  expr?: string;
}

export interface EnumColumn extends ColumnCommon {
  type: 'enum';
  /** A list (equal weights) or a map of value → weight. */
  values: Array<string | number | boolean> | Record<string, number>;
}

export interface TemporalColumn extends ColumnCommon {
  type: 'date' | 'datetime' | 'time';
  min?: string;
  max?: string;
  /** Output format: a date-fns pattern, or `iso` (default), `epoch`, `epoch_ms`. */
  format?: string;
  expr?: string;
}

export interface UuidColumn extends ColumnCommon {
  type: 'uuid';
}

export interface StringColumn extends ColumnCommon {
  type: 'string';
  /** Regular expression the value matches (generated from, and checked against). */
  pattern?: string;
  expr?: string;
}

export interface ConstantColumn extends ColumnCommon {
  type: 'constant';
  value: string | number | boolean | null;
}

/** A document column: named fields, each any drawn column kind (docs/nested.md). */
export interface ObjectColumn extends ColumnCommon {
  type: 'object';
  fields: Record<string, ColumnSpec>;
}

/** A list per row: `count` elements (a number, a range or a distribution), each made like `items`. */
export interface ArrayColumn extends ColumnCommon {
  type: 'array';
  items: ColumnSpec;
  count?: Cardinality;
}

/** A document made by json-schema-faker from an embedded JSON Schema, seeded per cell. */
export interface JsonColumn extends ColumnCommon {
  type: 'json';
  schema: Record<string, unknown> | boolean;
}

export interface RefColumn extends ColumnCommon {
  /** `table.column` of a primary key or unique column. */
  ref: string;
  /** Name under which expressions read the referenced row; defaults to the referenced table's name. */
  as?: string;
}

/** Any Faker method by path, e.g. `person.fullName`; `args` are passed to it. */
export interface FakerColumn extends ColumnCommon {
  type: string;
  args?: unknown[];
}

/**
 * A generator from a plugin configured in the config file (never in the spec: docs/plugins.md), named
 * `plugin/generator`; `options` are the plugin's to check.
 */
export interface PluginColumn extends ColumnCommon {
  type: `${string}/${string}`;
  options?: Record<string, unknown>;
}

export type ColumnSpec =
  | SequenceColumn
  | NumberColumn
  | BoolColumn
  | EnumColumn
  | TemporalColumn
  | UuidColumn
  | StringColumn
  | ConstantColumn
  | ObjectColumn
  | ArrayColumn
  | JsonColumn
  | RefColumn
  | FakerColumn
  | PluginColumn;

export interface CheckSpec {
  expr: string;
  message?: string;
}

export interface TableSpec {
  rows: RowCount;
  columns: Record<string, ColumnSpec>;
  /** Composite primary key (a single-column key can also be set on the column). */
  primary_key?: string[];
  /** Composite unique sets. */
  unique?: string[][];
  checks?: Array<string | CheckSpec>;
  quality?: QualitySpec;
  /** A series table; its `rows` are derived from it. */
  series?: SeriesSpec;
}

export const OUTPUT_FORMATS = ['csv', 'tsv', 'json', 'jsonl', 'xml', 'parquet', 'arrow', 'xlsx', 'pdf', 'docx', 'sql'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export interface OutputSpec {
  /** A built-in format, or `plugin/format` for a plugin's writer. */
  format: OutputFormat | PluginName;
  /** Path template; `{table}` is replaced by the table name. Relative to the spec's directory. */
  path: string;
  /** Only these tables (default: all). */
  tables?: string[];
  /** Options of the format (docs/formats.md), e.g. `{ dialect: postgres }` for sql, `{ delimiter: ';' }` for csv. */
  options?: Record<string, unknown>;
}

export interface Spec {
  synth: 1;
  seed: number | string;
  locale: string;
  description?: string;
  tables: Record<string, TableSpec>;
  outputs: OutputSpec[];
  quality?: QualitySpec;
}

/** The version this build of synth reads. */
export const SPEC_VERSION = 1;

export const PRIMITIVE_TYPES = [
  'sequence',
  'int',
  'float',
  'decimal',
  'bool',
  'enum',
  'date',
  'datetime',
  'time',
  'uuid',
  'string',
  'constant',
  'object',
  'array',
  'json',
] as const;
export type PrimitiveType = (typeof PRIMITIVE_TYPES)[number];

/** `plugin/name`: a generator or writer a configured plugin provides. */
export type PluginName = `${string}/${string}`;

/** `plugin/name` → its parts; undefined for every other name (built-in types, Faker paths, formats). */
export function pluginNameParts(name: string): { plugin: string; name: string } | undefined {
  const slash = name.indexOf('/');
  return slash > 0 && slash < name.length - 1 ? { plugin: name.slice(0, slash), name: name.slice(slash + 1) } : undefined;
}

/**
 * What the configured plugins provide, as the spec's checks see it (docs/plugins.md). Specs name plugin
 * generators and writers; only the config file loads them, so a spec from a pull request runs no code.
 */
export interface PluginCatalogue {
  /** Plugin name → its generators (with an optional check of a column's `options`) and writer formats. */
  plugins: ReadonlyMap<string, {
    generators: ReadonlyMap<string, { checkOptions?: (options: Record<string, unknown>) => string[] }>;
    formats: readonly string[];
  }>;
}

export function isRefColumn(c: ColumnSpec): c is RefColumn {
  return typeof (c as RefColumn).ref === 'string';
}

export function isPrimitiveType(t: string): t is PrimitiveType {
  return (PRIMITIVE_TYPES as readonly string[]).includes(t);
}

/** The spec each column kind is written as: the kind is what makes its values. */
export interface ColumnSpecOfKind {
  sequence: SequenceColumn;
  int: NumberColumn;
  float: NumberColumn;
  decimal: NumberColumn;
  bool: BoolColumn;
  enum: EnumColumn;
  date: TemporalColumn;
  datetime: TemporalColumn;
  time: TemporalColumn;
  uuid: UuidColumn;
  string: StringColumn;
  constant: ConstantColumn;
  object: ObjectColumn;
  array: ArrayColumn;
  json: JsonColumn;
  /** A foreign key. */
  ref: RefColumn;
  /** Any other `type`: a Faker method. */
  faker: FakerColumn;
  /** `plugin/generator`. */
  plugin: PluginColumn;
}

/** What makes a column's values: a built-in type, a foreign key, a Faker method or a plugin generator. */
export type ColumnKind = keyof ColumnSpecOfKind;

/** What a Faker or plugin column's `type` names, split once. */
interface KindParts {
  /** `method` is the Faker path (`person.fullName`); `args` its arguments ([] when none). */
  faker: { method: string; args: unknown[] };
  plugin: { plugin: string; name: string };
}

/**
 * A column spec with a `kind` TypeScript can narrow. `ColumnSpec` cannot be narrowed on `type`: a Faker column's
 * `type` is any string, which absorbs every built-in one. `normalizeColumn` decides the kind once; a switch on
 * `n.kind` then types `n.spec` (and the Faker and plugin parts) without casts. `spec` is the very object the user
 * wrote (defaults applied), never a copy.
 */
export type NormalizedColumn = { [K in ColumnKind]: { kind: K; spec: ColumnSpecOfKind[K] } & (K extends keyof KindParts ? KindParts[K] : unknown) }[ColumnKind];

/** The normalized columns of some kinds. */
export type ColumnOfKind<K extends ColumnKind> = Extract<NormalizedColumn, { kind: K }>;

export function columnKind(c: ColumnSpec): ColumnKind {
  if (isRefColumn(c)) return 'ref';
  return isPrimitiveType(c.type) ? c.type : pluginNameParts(c.type) ? 'plugin' : 'faker';
}

/** A derived column's CEL expression (numbers, booleans, dates and times, strings may have one), or undefined. */
export function columnExpr(c: ColumnSpec): string | undefined {
  return (c as { expr?: string }).expr;
}

/** The one place a column's kind is decided from its spec (the casts below are that decision). */
export function normalizeColumn(c: ColumnSpec): NormalizedColumn {
  if (isRefColumn(c)) return { kind: 'ref', spec: c };
  const type = c.type;
  if (isPrimitiveType(type)) return { kind: type, spec: c } as NormalizedColumn;
  const plugin = pluginNameParts(type);
  if (plugin) return { kind: 'plugin', spec: c as PluginColumn, ...plugin };
  return { kind: 'faker', spec: c, method: type, args: (c as FakerColumn).args ?? [] };
}
