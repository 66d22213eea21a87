import type { AnyFormat, OutputFormat, WriterFactory } from '../types.js';
import type { PluginSet } from '../plugins/plugin-set.js';
import { pluginWriterFactory } from '../plugins/plugin-writer.js';

export interface WriterEntry {
  extension: string;
  /** Whether one file can hold several tables (json, xlsx, sql, …); otherwise paths need `{table}`. */
  multiTable: boolean;
  /** Binary formats are compared byte for byte like text ones; this only says how to open them. */
  binary: boolean;
  /** Under `--format`, one file for all tables (`<spec>.sql`) rather than one per table. */
  oneFile?: boolean;
  /** Option keys the format reads (anything else is reported at plan time). */
  optionKeys: readonly string[];
  /**
   * A batch's bytes depend on that batch alone (and on startTable, which writes only framing such as a header):
   * worker threads may encode batches and the main thread append the bytes.
   */
  chunkable?: boolean;
  /** Loads the writer: heavy libraries (exceljs, pdfmake, apache-arrow, …) load only when their format is used. */
  load(): Promise<WriterFactory>;
}

/** Every output format, its writer and its file extension. New formats register here (docs/formats.md). */
export const writers: Partial<Record<OutputFormat, WriterEntry>> = {
  csv: { extension: 'csv', multiTable: false, binary: false, chunkable: true, optionKeys: ['delimiter', 'null', 'header', 'quote_all'], load: async () => (await import('./csv-writer.js')).csvFactory(',') },
  tsv: { extension: 'tsv', multiTable: false, binary: false, chunkable: true, optionKeys: ['delimiter', 'null', 'header', 'quote_all'], load: async () => (await import('./csv-writer.js')).csvFactory('\t') },
  json: { extension: 'json', multiTable: true, binary: false, optionKeys: [], load: async () => (await import('./json-writer.js')).jsonWriter },
  jsonl: { extension: 'jsonl', multiTable: false, binary: false, chunkable: true, optionKeys: [], load: async () => (await import('./json-writer.js')).jsonlWriter },
  xml: { extension: 'xml', multiTable: true, binary: false, optionKeys: ['root', 'row', 'columns_as'], load: async () => (await import('./xml-writer.js')).xmlWriter },
  parquet: { extension: 'parquet', multiTable: false, binary: true, optionKeys: ['row_group_rows', 'compression'], load: async () => (await import('./parquet-writer.js')).parquetWriter },
  arrow: { extension: 'arrow', multiTable: false, binary: true, optionKeys: ['stream'], load: async () => (await import('./arrow-writer.js')).arrowWriter },
  xlsx: { extension: 'xlsx', multiTable: true, oneFile: true, binary: true, optionKeys: ['header', 'shared_strings', 'compression'], load: async () => (await import('./xlsx-writer.js')).xlsxWriter },
  pdf: { extension: 'pdf', multiTable: true, oneFile: true, binary: true, optionKeys: ['max_rows', 'truncate', 'orientation'], load: async () => (await import('./pdf-writer.js')).pdfWriter },
  docx: { extension: 'docx', multiTable: true, oneFile: true, binary: true, optionKeys: ['max_rows', 'truncate', 'orientation'], load: async () => (await import('./docx-writer.js')).docxWriter },
  sql: { extension: 'sql', multiTable: true, oneFile: true, binary: false, optionKeys: ['dialect', 'batch_rows', 'create_tables'], load: async () => (await import('./sql-writer.js')).sqlWriter },
};

/** The writer entry of a format, or undefined when this build has none for it. */
export function writerEntry(format: OutputFormat): WriterEntry | undefined {
  return writers[format];
}

/** A built-in format's writer, or a plugin's (`plugin/format`); undefined when neither provides it. */
export function writerFor(format: AnyFormat, plugins?: PluginSet): WriterEntry | undefined {
  const builtIn = (writers as Record<string, WriterEntry | undefined>)[format];
  if (builtIn) return builtIn;
  const def = plugins?.writer(format);
  if (!def) return undefined;
  return {
    extension: def.extension,
    multiTable: def.multiTable === true,
    binary: true,
    optionKeys: def.optionKeys ?? [],
    load: () => Promise.resolve(pluginWriterFactory(format, def)),
  };
}
