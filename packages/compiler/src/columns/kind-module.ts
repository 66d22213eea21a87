import type { ColumnSpec, NormalizedColumn } from '@synth/spec';
import type { DeclaredShape } from '../conformance/declared-shape.js';
import type { ValueRule } from '../conformance/value-rule.js';
import type { Draw } from '../generators/draw.js';
import type { FakerSource } from '../generators/faker-source.js';
import type { CellValue, ColumnInfo, LogicalType } from '../types.js';

/** A value inside a document. */
export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A JSON Schema (`true` admits anything). */
export type JsonSchema = Record<string, unknown> | boolean;

/** A column's logical type as writers see it; `nullable: true` when the kind itself makes nulls (a null constant). */
export interface KindInfo {
  type: LogicalType;
  scale?: number;
  format?: string;
  nullable?: true;
}

export interface InfoContext {
  faker: FakerSource;
  /** A plugin generator's declared type (docs/plugins.md). */
  pluginType?: (type: string) => LogicalType | undefined;
  /** The info of the column `table.column` a reference points at; undefined when it is missing or on a cycle. */
  refTarget(ref: string): ColumnInfo | undefined;
}

/**
 * The values a column can take, when they are few enough to count. `size`: finite and enumerable in order (a unique
 * column is drawn from a permutation of it); `retryDomain`: a finite bound for columns made unique only by redrawing
 * (patterns, decimals), used to reject impossible specs early.
 */
export interface DomainSize {
  size?: number;
  retryDomain?: number;
}

export interface DrawContext {
  faker: FakerSource;
  /** The draw of a part of a document (a field, an element), any drawn kind. */
  drawOf(c: ColumnSpec): Draw;
  /** How a part's drawn value reads in a JSON document. */
  jsonOf(c: ColumnSpec): (v: CellValue) => Json;
}

export interface RulesContext {
  info: ColumnInfo;
  /** The JSON Schema a part of a document (a field, an element) satisfies. */
  partSchema(c: ColumnSpec): JsonSchema;
}

/**
 * Everything synth knows about one column kind (columns/registry.ts). Each facet takes the normalized column, whose
 * `spec` is typed for that kind. A facet a kind lacks means: no value (draw), no finite domain, no rules beyond the
 * logical type, no declared shape, any JSON value inside a document.
 */
export interface ColumnKindModule<N extends NormalizedColumn> {
  /** The logical type writers see. */
  info(n: N, ctx: InfoContext): KindInfo;
  domain?: {
    size(n: N, parentRows?: number): DomainSize;
    /** The i-th value of the enumerable domain (present when `size` can be finite). */
    value?(n: N): ((i: number) => CellValue) | undefined;
  };
  /** The draw kernel: one closure per column, built once; a value from the cell's random stream. */
  draw?(n: N, ctx: DrawContext): Draw;
  /** The conformance checker's rules beyond the logical type (conformance/column-rules.ts). */
  rules?(n: N, ctx: RulesContext): ValueRule[];
  /** The spread the spec declares, for the checker's statistics (conformance/declared-shape.ts). */
  shape?(n: N): DeclaredShape | undefined;
  /** As a part of a document (docs/nested.md). */
  document?: {
    /** The JSON Schema of the part, before its nulls (conformance/document-schema.ts). */
    schema(n: N, partSchema: (c: ColumnSpec) => JsonSchema): JsonSchema;
    /** How a drawn value reads in the document (default: as it is). */
    encode?(n: N): (v: CellValue) => Json;
  };
}
