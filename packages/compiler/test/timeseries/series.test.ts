import { describe, expect, it } from '@jest/globals';
import { executePlan, tableRows, type CellValue } from '@synth/compiler';
import { gridTime, seriesCount, seriesWindow } from '@synth/spec';
import { PlanRuntime } from '../../src/execute/table-runtime.js';
import { generate, planOf, specOf } from '../helpers.js';

const spec = (series: string, value: string, devices = 4) => specOf(`
synth: 1
seed: 9
tables:
  devices:
    rows: ${devices}
    columns:
      id: { type: sequence, primary_key: true }
  readings:
    series: ${series}
    columns:
      device_id: { ref: devices.id }
      ts: { type: datetime, series: time }
      v: { type: float, series: ${value} }
outputs: []
`);

const DAY = 86_400_000;

describe('series timelines', () => {
  it('counts a fixed grid, and with business_days keeps Monday to Friday only', () => {
    const w = seriesWindow({ per: 'x', start: '2024-01-01T00:00:00Z', end: '2024-01-08T00:00:00Z', every: '1h' })!;
    expect(seriesCount(w)).toBe(168);
    const b = seriesWindow({ per: 'x', start: '2024-01-01T00:00:00Z', end: '2025-01-01T00:00:00Z', every: '1d', business_days: true })!;
    // 2024 has 262 weekdays.
    expect(seriesCount(b)).toBe(262);
    const days = Array.from({ length: 262 }, (_, k) => new Date(gridTime(b, k)));
    expect(days.every((d) => d.getUTCDay() >= 1 && d.getUTCDay() <= 5)).toBe(true);
    expect(days.map((d) => d.toISOString().slice(0, 10)).slice(3, 7)).toEqual(['2024-01-04', '2024-01-05', '2024-01-08', '2024-01-09']);
    expect(new Set(days.map((d) => d.getTime())).size).toBe(262);
  });

  it('writes one series per entity, in time order, on the grid', () => {
    const rows = generate(spec('{ per: devices, start: 2024-03-01T00:00:00Z, end: 2024-03-02T00:00:00Z, every: 15m }', '{ level: 1 }')).get('readings')!;
    expect(rows).toHaveLength(4 * 96);
    expect(rows.slice(94, 98).map((r) => [r.device_id, new Date(r.ts as number).toISOString()])).toEqual([
      [1, '2024-03-01T23:30:00.000Z'], [1, '2024-03-01T23:45:00.000Z'], [2, '2024-03-01T00:00:00.000Z'], [2, '2024-03-01T00:15:00.000Z'],
    ]);
  });

  it('draws Poisson arrivals: sorted within the window, about rate × hours a series', () => {
    const rows = generate(spec('{ per: devices, start: 2024-03-01T00:00:00Z, end: 2024-03-11T00:00:00Z, arrivals: { per_hour: 2 } }', '{ level: 1 }', 20)).get('readings')!;
    // 20 series × 2 an hour × 240 hours: within 4 standard deviations (√9600 ≈ 98).
    expect(Math.abs(rows.length - 9600)).toBeLessThan(400);
    const start = Date.parse('2024-03-01T00:00:00Z');
    for (let i = 1; i < rows.length; i++) {
      const t = rows[i]!.ts as number;
      expect(t).toBeGreaterThanOrEqual(start);
      expect(t).toBeLessThan(start + 10 * DAY);
      if (rows[i]!.device_id === rows[i - 1]!.device_id) expect(t).toBeGreaterThanOrEqual(rows[i - 1]!.ts as number);
    }
  });
});

describe('series values', () => {
  it('show the declared daily seasonality around each series own level', () => {
    const s = spec('{ per: devices, start: 2024-03-01T00:00:00Z, end: 2024-03-15T00:00:00Z, every: 1h }', '{ level: { normal: { mean: 100, stddev: 20 } }, seasonality: [ { period: 1d, amplitude: 10, phase: 0.5 } ], noise: 1 }');
    const rows = generate(s).get('readings')!;
    const byHour = (device: number, hour: number) => {
      const xs = rows.filter((r) => r.device_id === device && new Date(r.ts as number).getUTCHours() === hour).map((r) => r.v as number);
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    };
    for (const d of [1, 2, 3]) {
      // Peak at noon, trough at midnight: 2 × amplitude apart (14 days of noise sd 1 average out to ±0.3).
      expect(byHour(d, 12) - byHour(d, 0)).toBeGreaterThan(18.5);
      expect(byHour(d, 12) - byHour(d, 0)).toBeLessThan(21.5);
    }
    const levels = [1, 2, 3, 4].map((d) => byHour(d, 6));
    expect(new Set(levels.map((l) => Math.round(l))).size).toBe(4);
  });

  it('walk: steps have the declared standard deviation and the series starts at its level', () => {
    const rows = generate(spec('{ per: devices, start: 2024-01-01T00:00:00Z, end: 2024-03-01T00:00:00Z, every: 1h }', '{ level: 50, walk: 0.5 }', 2)).get('readings')!;
    const first = rows.filter((r) => r.device_id === 1);
    expect(first[0]!.v).toBe(50);
    const steps = first.slice(1).map((r, i) => (r.v as number) - (first[i]!.v as number));
    const sd = Math.sqrt(steps.reduce((a, b) => a + b * b, 0) / steps.length);
    expect(sd).toBeGreaterThan(0.47);
    expect(sd).toBeLessThan(0.53);
  });

  it('gives every row the same value whether the series is generated in order or read out of order', () => {
    const s = spec('{ per: devices, start: 2024-01-01T00:00:00Z, end: 2024-01-03T00:00:00Z, arrivals: { per_hour: 3 } }', '{ level: 10, walk: 1, regimes: { rate: 0.05, shift: 4 }, anomalies: { rate: 0.05, magnitude: 9 }, noise: 0.5 }');
    const { plan } = planOf(s);
    const inOrder = [...tableRows(executePlan(plan!, s).find((t) => t.info.name === 'readings')!)];
    const runtime = new PlanRuntime(plan!, s);
    const table = runtime.table('readings');
    const backwards: Array<Record<string, CellValue>> = [];
    for (let i = inOrder.length - 1; i >= 0; i--) {
      const row = table.rowAt(i);
      backwards[i] = { device_id: row.get('device_id'), ts: row.get('ts'), v: row.get('v') };
    }
    expect(backwards).toEqual(inOrder);
  });
});
