import { gridTime, seriesWindow, type SeriesSpec, type SeriesWindow } from '@synth/spec';
import { CellRandom, streamKey } from '../random/cell-random.js';

/** Where a row sits: its series (the entity's row index), its position in it, the series' length. */
export interface SeriesPosition {
  row: number;
  series: number;
  position: number;
  size: number;
}

/**
 * The timestamps of one series table (docs/timeseries.md#timestamps). A fixed grid is a pure function of the
 * position. Poisson arrivals are the sorted uniform times of the series' count, made in order (each from the
 * previous one), so the timeline keeps the last one and replays a series from its start when asked out of order.
 */
export class SeriesTimeline {
  readonly window: SeriesWindow;
  private readonly rng?: CellRandom;
  private last?: { series: number; position: number; time: number; exact: number };

  constructor(seed: string, table: string, spec: SeriesSpec) {
    this.window = seriesWindow(spec)!;
    if (this.window.perHour !== undefined) this.rng = new CellRandom(streamKey(seed, table, '#arrivals'));
  }

  time(at: SeriesPosition): number {
    if (!this.rng) return gridTime(this.window, at.position);
    const { series, position } = at;
    const last = this.last;
    if (last && last.series === series && last.position === position) return last.time;
    let k = last && last.series === series && last.position === position - 1 ? position : 0;
    // Continue from the previous arrival's exact time, not its rounded one, so a replay gives the same times.
    let t = k === 0 ? this.window.start : last!.exact;
    const first = at.row - position;
    for (; k <= position; k++) {
      // The k-th of n sorted uniforms given the (k-1)-th: the minimum of the n - k remaining ones.
      const remaining = at.size - k;
      const u = this.rng.at(first + k).next();
      t += (this.window.end - t) * (1 - Math.pow(1 - u, 1 / remaining));
    }
    // Whole seconds, like every generated datetime; arrivals stay in order.
    const time = Math.min(this.window.end - 1000, Math.floor(t / 1000) * 1000);
    this.last = { series, position, time, exact: t };
    return time;
  }
}
