import { parseDuration, type Distribution, type PerSeries, type SeriesValueSpec } from '@synth/spec';
import { roundTo } from '../generators/cel-values.js';
import { samplerFor, standardNormal, type Sampler } from '../generators/distributions.js';
import { CellRandom, streamKey } from '../random/cell-random.js';
import type { ColumnInfo } from '../types.js';
import type { SeriesPosition, SeriesTimeline } from './series-timeline.js';

const DAY_MS = 86_400_000;
/** Per-row draw slots, so each component has its own stream and adding one changes no other. */
const WALK = 0;
const REGIME = 1;
const NOISE = 2;
const ANOMALY = 3;

function seriesSteps(seed: string, table: string, column: string): CellRandom {
  return new CellRandom(streamKey(seed, table, column, '#series'));
}

/**
 * Which rows of a series column are anomalies (the report lists them, like declared flaws): the same draw the value
 * makes, a pure function of the row.
 */
export function anomalyRows(seed: string, table: string, column: string, rate: number): (row: number) => boolean {
  const steps = seriesSteps(seed, table, column);
  return (row) => steps.at(row, ANOMALY).next() < rate;
}

/**
 * A series column's value (docs/timeseries.md#values): level + trend + seasonality + walk + regimes + noise +
 * anomalies. Per-series parameters are drawn once per series (a pure function of the series index); per-row
 * randomness is a pure function of the row index. The walk and the regime level are running sums, so the column keeps
 * the last row's state and steps from it; asked for a row out of order (the first row of a worker's chunk or of a
 * shard, a child reading its parent), it replays the series from its first row — same value either way.
 */
export class SeriesValue {
  private readonly steps: CellRandom;
  private readonly perSeries: CellRandom;
  private readonly noise?: Sampler;
  private readonly seasons: Array<{ period: number; amplitude: PerSeries; phase: number }>;
  private readonly walk: { stddev: number; geometric: boolean };
  private state?: { series: number; position: number; walk: number; regime: number };
  private params?: { series: number; level: number; trend: number; amplitudes: number[] };

  constructor(seed: string, table: string, column: string, private readonly model: SeriesValueSpec, private readonly info: ColumnInfo, private readonly timeline: SeriesTimeline) {
    this.steps = seriesSteps(seed, table, column);
    this.perSeries = new CellRandom(streamKey(seed, table, column, '#per-series'));
    const noise = model.noise;
    if (typeof noise === 'number') this.noise = noise > 0 ? (rng) => noise * standardNormal(rng) : undefined;
    else if (noise) this.noise = samplerFor(noise, 0, 1, false);
    this.seasons = (model.seasonality ?? []).map((s) => ({ period: parseDuration(s.period)!, amplitude: s.amplitude, phase: s.phase ?? 0 }));
    const w = model.walk;
    this.walk = typeof w === 'number' ? { stddev: w, geometric: false } : { stddev: w?.stddev ?? 0, geometric: w?.geometric === true };
  }

  value(at: SeriesPosition): number {
    const { level, trend, amplitudes } = this.parametersOf(at.series);
    const { walk, regime } = this.stateAt(at);
    const t = this.timeline.time(at);
    let base = level + (trend * (t - this.timeline.window.start)) / DAY_MS + regime;
    this.seasons.forEach((s, j) => {
      // The cycle peaks at `phase` of its period, counted from the epoch (UTC): phase 0.5 of 1d peaks at noon.
      base += amplitudes[j]! * Math.cos(2 * Math.PI * ((t % s.period) / s.period - s.phase));
    });
    let v = this.walk.geometric ? base * Math.exp(walk) : base + walk;
    if (this.noise) v += this.noise(this.steps.at(at.row, NOISE));
    const a = this.model.anomalies;
    if (a && a.rate > 0) {
      const rng = this.steps.at(at.row, ANOMALY);
      if (rng.next() < a.rate) v += rng.next() < 0.5 ? -a.magnitude : a.magnitude;
    }
    return this.finish(v);
  }

  private finish(v: number): number {
    if (this.info.type === 'int') return Math.round(v);
    return this.info.scale !== undefined ? roundTo(v, this.info.scale) : v;
  }

  private parametersOf(series: number): NonNullable<SeriesValue['params']> {
    if (this.params?.series === series) return this.params;
    // Slot j of the series' stream draws parameter j: level, trend, then one amplitude per season.
    const draw = (p: PerSeries | undefined, slot: number, fallback: number) => (p === undefined ? fallback : typeof p === 'number' ? p : samplerFor(p as Distribution, 0, 1, false)(this.perSeries.at(series, slot)));
    this.params = { series, level: draw(this.model.level, 0, 0), trend: draw(this.model.trend, 1, 0), amplitudes: this.seasons.map((s, j) => draw(s.amplitude, 2 + j, 0)) };
    return this.params;
  }

  private stateAt(at: SeriesPosition): { walk: number; regime: number } {
    const s = this.state;
    if (s && s.series === at.series && s.position === at.position) return s;
    let walk = 0;
    let regime = 0;
    let k = 0;
    if (s && s.series === at.series && s.position === at.position - 1) {
      ({ walk, regime } = s);
      k = at.position;
    }
    const first = at.row - at.position;
    const r = this.model.regimes;
    for (; k <= at.position; k++) {
      // The walk starts at 0 on the first row: the series starts at its level.
      if (k > 0 && this.walk.stddev > 0) walk += this.walk.stddev * standardNormal(this.steps.at(first + k, WALK));
      if (k > 0 && r && r.rate > 0) {
        const rng = this.steps.at(first + k, REGIME);
        if (rng.next() < r.rate) regime += r.shift * standardNormal(rng);
      }
    }
    this.state = { series: at.series, position: at.position, walk, regime };
    return this.state;
  }
}
