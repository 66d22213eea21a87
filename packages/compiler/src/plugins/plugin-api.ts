/**
 * The plugin API, version 1 (docs/plugins.md is the reference). A plugin is an npm package or a local module,
 * listed in the config file (`plugins: [...]`), never in a spec: a spec is data, and one from a pull request must
 * not be able to run code. Specs name what a plugin provides as `plugin/name`.
 *
 * Changing anything here that a plugin written for version 1 relies on needs PLUGIN_API_VERSION 2.
 */
import type { ByteSink, CellValue, LogicalType, TableInfo, Writer, WriterOptions } from '../types.js';

/** The plugin API version this synth implements; a plugin declares the version it was written for. */
export const PLUGIN_API_VERSION = 1;

/**
 * The randomness of one cell, the same that built-in generators get: a pure function of (seed, table, column,
 * row), so plugin columns are deterministic and edit-stable. Draw from it only; never from Math.random.
 */
export interface PluginRandom {
  /** A double in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** 32 random bits as an unsigned integer. */
  uint32(): number;
}

/** What a plugin generator's function receives for each cell. */
export interface GeneratorCell {
  /** This cell's random source: the same value for the same (seed, table, column, row), whatever else changes. */
  random: PluginRandom;
  /** The row index (0-based) in its table. */
  row: number;
  /** Any Faker method by path (`person.lastName`), driven by this cell's random source and the spec's locale. */
  faker(path: string, ...args: unknown[]): unknown;
}

/** What a generator returns for a cell: Dates become datetimes (epoch milliseconds, UTC). */
export type GeneratedValue = string | number | boolean | null | Date;

export interface GeneratorDefinition {
  /** How writers type its values (parquet, arrow, sql columns); default `string`. */
  type?: LogicalType;
  /** One line for `synth plan` and the docs of the plugin. */
  description?: string;
  /** Problems with a column's `options`, as sentences; run by `synth validate`, before anything is generated. */
  checkOptions?(options: Record<string, unknown>): string[];
  /** Called once per column with its `options`; returns the function that makes a cell's value. */
  create(options: Record<string, unknown>, column: { table: string; column: string; locale: string }): (cell: GeneratorCell) => GeneratedValue;
}

export interface WriterDefinition {
  /** File extension without the dot (used by `--format plugin/name` for the file names). */
  extension: string;
  /** Whether one file can hold several tables; otherwise output paths need `{table}`. */
  multiTable?: boolean;
  /** Option keys the writer reads from an output's `options:` (anything else is reported at plan time). */
  optionKeys?: readonly string[];
  /** A streaming writer for one file: tables arrive one after another, each as columnar batches. */
  create(sink: ByteSink, options: WriterOptions): Writer;
}

/** A chat model endpoint for `synth author --provider plugin/name` (the request and reply of packages/llm-author). */
export interface ProviderDefinition {
  /** The model used when neither --model nor SYNTH_MODEL names one. */
  defaultModel: string;
  create(options: { model: string; baseUrl?: string; timeoutMs: number; env: Readonly<Record<string, string | undefined>> }): {
    /** Where requests go, for messages: never credentials. */
    readonly endpoint: string;
    complete(request: {
      system: string;
      messages: Array<{ role: 'user' | 'assistant'; content: string }>;
      schema: Record<string, unknown>;
      schemaName: string;
      temperature: number;
      maxTokens: number;
    }): Promise<{ value: unknown; text: string }>;
  };
}

/** What a plugin module exports as its default export. */
export interface SynthPlugin {
  apiVersion: number;
  /** Lower-case letters, digits and dashes; specs name its parts `name/part`. */
  name: string;
  generators?: Record<string, GeneratorDefinition>;
  writers?: Record<string, WriterDefinition>;
  providers?: Record<string, ProviderDefinition>;
}

/** Types a plugin object (`export default definePlugin({ … })`); it only returns its argument. */
export function definePlugin(plugin: SynthPlugin): SynthPlugin {
  return plugin;
}

export type { ByteSink, CellValue, LogicalType, TableInfo, Writer, WriterOptions };
