import type { OutputFormat, WriterFactory } from '../types.js';
import { delimitedWriter } from './csv-writer.js';
import { jsonlWriter, jsonWriter } from './json-writer.js';

/** Every output format, its writer and its file extension. New formats register here. */
export const writers: Record<OutputFormat, { factory: WriterFactory; extension: string; multiTable: boolean }> = {
  csv: { factory: (sink) => delimitedWriter(sink, { delimiter: ',' }), extension: 'csv', multiTable: false },
  tsv: { factory: (sink) => delimitedWriter(sink, { delimiter: '\t' }), extension: 'tsv', multiTable: false },
  json: { factory: (sink, o) => jsonWriter(sink, o), extension: 'json', multiTable: true },
  jsonl: { factory: (sink) => jsonlWriter(sink), extension: 'jsonl', multiTable: false },
};
