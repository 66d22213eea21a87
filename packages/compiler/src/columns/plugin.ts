import type { ColumnOfKind } from '@synth/spec';
import type { ColumnKindModule } from './kind-module.js';

/**
 * `plugin/generator` (docs/plugins.md). Its draw needs the build's plugins, so the executor makes it
 * (execute/column-source.ts).
 */
export const pluginColumn: ColumnKindModule<ColumnOfKind<'plugin'>> = {
  // A plugin generator declares its type; it is not called to find out.
  info: (n, ctx) => ({ type: ctx.pluginType?.(n.spec.type) ?? 'string' }),
};
