import type { ColumnOfKind } from '@synth/spec';
import { drawUuid } from '../generators/uuid.js';
import type { ColumnKindModule } from './kind-module.js';

/** `uuid`: version 4 from the cell's stream; unique by construction (the planner never counts its domain). */
export const uuidColumn: ColumnKindModule<ColumnOfKind<'uuid'>> = {
  info: () => ({ type: 'uuid' }),
  draw: () => drawUuid,
  document: { schema: () => ({ type: 'string' }) },
};
