import { diag, pluginNameParts } from '@synth/spec';
import { GenerationError } from '../execute/table-runtime.js';
import type { Writer, WriterFactory } from '../types.js';
import type { WriterDefinition } from './plugin-api.js';

/**
 * A plugin's writer as a WriterFactory. Whatever it throws becomes SYN432 naming the plugin, the table and the first
 * row of the batch, so the build reports it (and removes its temporary files) instead of calling it a bug in synth.
 */
export function pluginWriterFactory(format: string, def: WriterDefinition): WriterFactory {
  const plugin = pluginNameParts(format)?.plugin ?? format;
  let table = '';
  let row = 0;
  const fail = (e: unknown): never => {
    const detail = (e instanceof Error ? e.message : String(e)).split('\n')[0];
    throw new GenerationError(diag('pluginFailed', { what: 'writer', name: `'${format}'`, plugin: `'${plugin}'`, row, table: `'${table}'`, detail }, {}));
  };
  const guard = async (run: () => Promise<void>) => {
    try {
      await run();
    } catch (e) {
      fail(e);
    }
  };
  return (sink, options) => {
    table = options.context.tables[0]?.name ?? '';
    let w: Writer;
    try {
      w = def.create(sink, options);
    } catch (e) {
      return fail(e);
    }
    return {
      startTable: (info) => guard(() => {
        table = info.name;
        row = 0;
        return w.startTable(info);
      }),
      writeBatch: (batch) => guard(() => {
        row = batch.startRow;
        return w.writeBatch(batch);
      }),
      endTable: () => guard(() => w.endTable()),
      finish: () => guard(() => w.finish()),
    };
  };
}
