import type { Spec } from '@synth/spec';
import type { CellValue, PlannedColumn, PlannedTable } from '../types.js';
import { SeriesTimeline, type SeriesPosition } from './series-timeline.js';
import { SeriesValue } from './series-value.js';

const DAY_MS = 86_400_000;
const timelines = new WeakMap<PlannedTable, SeriesTimeline>();

/** The value of a series column (`series: time` or a value model) at a row's place in its series. */
export function seriesSource(seed: string, spec: Spec, table: PlannedTable, col: PlannedColumn): (at: SeriesPosition) => CellValue {
  let timeline = timelines.get(table);
  if (!timeline) timelines.set(table, (timeline = new SeriesTimeline(seed, table.name, spec.tables[table.name]!.series!)));
  const model = col.spec.series!;
  const tl = timeline;
  if (model === 'time') return col.info.type === 'date' ? (at) => Math.floor(tl.time(at) / DAY_MS) * DAY_MS : (at) => tl.time(at);
  const v = new SeriesValue(seed, table.name, col.name, model, col.info, tl);
  return (at) => v.value(at);
}
