import type { ColumnOfKind } from '@synth/spec';
import type { ColumnKindModule } from './kind-module.js';

/**
 * `ref: table.column`: a foreign key. Its values are the referenced column's, so it has that column's logical type;
 * the executor picks the parent row (execute/column-source.ts), so nothing here draws.
 */
export const refColumn: ColumnKindModule<ColumnOfKind<'ref'>> = {
  info(n, ctx) {
    const target = ctx.refTarget(n.spec.ref);
    if (!target) return { type: 'string' };
    const { name: _name, nullable: _nullable, ...type } = target;
    return type;
  },
  // A unique reference is a permutation of the parent's rows.
  domain: {
    size: (_n, parentRows) => (parentRows === undefined ? {} : { size: parentRows }),
  },
};
