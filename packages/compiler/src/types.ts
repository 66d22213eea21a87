/**
 * The compiler's data types (DESIGN.md, "Intermediate representations"): Plan → RowBatch → Writer.
 * The Plan is plain, serializable data (`synth plan --json`); the generator closures it implies are built
 * by the executor from it, so nothing here holds a function.
 */
import type { OutputFormat, PluginName } from '@synth/spec';

/** A built-in output format, or `plugin/format` for a plugin's writer (docs/plugins.md). */
export type AnyFormat = OutputFormat | PluginName;

/** Logical column types, as writers see them. */
export type LogicalType = 'int' | 'float' | 'decimal' | 'bool' | 'string' | 'date' | 'datetime' | 'time' | 'uuid' | 'json';

/** What a writer needs to know about a column to encode its values. */
export interface ColumnInfo {
  name: string;
  type: LogicalType;
  /** decimal/float: digits after the point. */
  scale?: number;
  /** date/datetime/time: `iso` (default), `epoch`, `epoch_ms`, or a date-fns pattern. */
  format?: string;
  nullable: boolean;
}

export interface TableInfo {
  name: string;
  columns: ColumnInfo[];
  rowCount: number;
  /** Key columns, for formats that declare keys (sql). */
  primaryKey?: string[];
  unique?: string[][];
  foreignKeys?: Array<{ column: string; table: string; references: string }>;
  description?: string;
}

/**
 * A cell value, typed by its column:
 * int/float/decimal → number; bool → boolean; string/uuid → string (an enum may also hold numbers or booleans);
 * json (object, array and json columns) → the document as JSON text;
 * date/datetime → epoch milliseconds UTC (number); time → milliseconds since midnight (number); null → null.
 */
export type CellValue = string | number | boolean | null;

/** A few thousand rows of one table, columnar: `columns[i][r]` is column i of row `startRow + r`. */
export interface RowBatch {
  table: string;
  startRow: number;
  rowCount: number;
  columns: CellValue[][];
}

/** Where a writer's bytes go: a file being written atomically, a buffer in tests. Honors backpressure. */
export interface ByteSink {
  write(chunk: string | Uint8Array): Promise<void>;
}

/**
 * A streaming writer for one output file: tables arrive one after another, each as a stream of batches.
 * Single-table formats (csv) see exactly one table per file.
 */
export interface Writer {
  startTable(table: TableInfo): Promise<void>;
  writeBatch(batch: RowBatch): Promise<void>;
  endTable(): Promise<void>;
  /** Writes any trailing bytes; the caller then commits the file. */
  finish(): Promise<void>;
}

export interface WriterOptions {
  /** How many tables this file will hold (json writes an object of tables when the file holds several). */
  multiTable: boolean;
  /** The output's `options:` from the spec (docs/formats.md); each writer reads its own keys. */
  options: Record<string, unknown>;
  /** For report-like formats (pdf, docx): what the document is about. Never includes timestamps. */
  context: { title: string; description?: string; seed: string; tables: TableInfo[] };
}

/** A writer's options are wrong in a way only the writer can tell (an unknown dialect, say). */
export class WriterOptionError extends Error {}

export type WriterFactory = (sink: ByteSink, options: WriterOptions) => Writer;

export type { OutputFormat };

// ---------------------------------------------------------------------------------------------
// Plan
// ---------------------------------------------------------------------------------------------

export type UniqueStrategy =
  /** Unique by construction (sequence, uuid). */
  | 'inherent'
  /** Drawn from a seeded permutation of a finite domain: no memory, no retries. */
  | 'permutation'
  /** Redrawn (column-locally) until unseen: needs memory, and values depend on earlier rows. */
  | 'retry';

export type RefStrategy = 'per-parent' | 'self' | 'random' | 'permutation' | 'group';

/** A referenced row an expression reads: under `alias`, through this table's reference column `via`. */
export interface PlannedRefRead {
  alias: string;
  table: string;
  via: string;
  columns: string[];
}

/** What an expression reads, worked out once at plan time (later stages read this, not the CEL tree). */
export interface ExpressionAnalysis {
  /** Columns of this row it reads. */
  reads: string[];
  /** Columns of referenced rows (a parent, or an earlier row of this table) it reads. */
  refReads: PlannedRefRead[];
}

export interface PlannedCheck extends ExpressionAnalysis {
  expr: string;
  message?: string;
}

export interface PlannedColumn {
  name: string;
  /** The column as written in the spec (plain data; the executor compiles it). */
  spec: import('@synth/spec').ColumnSpec;
  info: ColumnInfo;
  /** The generator kind that makes this column (sequence, int, faker, ref, expr, …). */
  generator: string;
  /** Columns of this table it reads, in this row. */
  dependsOn: string[];
  /** What its `expr` and `when` read. */
  analysis?: { expr?: ExpressionAnalysis; when?: ExpressionAnalysis };
  /** `table.column` of a foreign key's target. */
  references?: string;
  /** How a foreign key picks its parent row. */
  refStrategy?: RefStrategy;
  unique?: UniqueStrategy;
  /** Index into PlannedTable.uniqueGroups when drawn jointly with other columns. */
  uniqueGroup?: number;
  /** Size of the value domain when finite (for unique columns). */
  domainSize?: number;
}

export interface UniqueGroup {
  columns: string[];
  /**
   * `product`: one permutation over the product of the members' domains; `per-parent`: the members other than
   * the per-parent key are a permutation within each parent's children; `inherent`: a member is unique by
   * itself; `retry`: the last drawn member is redrawn until the tuple is unseen.
   */
  strategy: 'product' | 'per-parent' | 'inherent' | 'retry';
  /** The column redrawn by the `retry` strategy. */
  retryColumn?: string;
}

export interface PlannedTable {
  name: string;
  rowCount: number;
  /** Rows per parent: the parent table, and the FK column that points at it. */
  perParent?: { table: string; column: string };
  /** Columns in generation order (dependencies first); `outputOrder` is the spec's order. */
  columns: PlannedColumn[];
  outputOrder: string[];
  checks: PlannedCheck[];
  /**
   * Its columns whose values are read from rows other than the one being generated: reference targets, what
   * expressions and checks read through a reference, and what computing those reads in its own row.
   */
  crossRowReads: string[];
  /**
   * The primary key's columns ([] without one), however the spec declares it (`primary_key: true` on a column or
   * `primary_key: [..]` on the table). Every later stage reads keys from here, never from the spec.
   */
  primaryKey: string[];
  /** Every unique set beside the primary key: a column's `unique: true` is `[column]`, as is `unique: [[column]]`. */
  uniqueSets: string[][];
  uniqueGroups: UniqueGroup[];
}

export interface PlannedEdge {
  from: string;
  to: string;
  column: string;
  nullable: boolean;
  kind: 'foreign-key' | 'per-parent';
}

export interface PlannedOutput {
  format: AnyFormat;
  options: Record<string, unknown>;
  /** Relative to the output root (the spec's directory, or --out). */
  path: string;
  tables: string[];
}

export interface Plan {
  seed: string;
  locale: string;
  /** Tables in generation order (referenced tables first, cycles broken at nullable edges). */
  tables: PlannedTable[];
  edges: PlannedEdge[];
  outputs: PlannedOutput[];
}
