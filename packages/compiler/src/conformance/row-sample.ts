import { hash32, hashString } from '../random/cell-random.js';
import type { CellValue } from '../types.js';

/** Rows kept per table for the distribution tests and the report's charts. */
export const SAMPLE_ROWS = 4096;

/**
 * A uniform sample of a table's rows in bounded memory: the `size` rows with the smallest hash of their row index
 * (bottom-k sampling). Which rows are kept depends only on the row indexes, never on arrival order, so a build on
 * one thread, on workers or in shards samples the same rows, and the report is as deterministic as the data.
 */
export class RowSample {
  /** A max-heap on priority: the root is the row to evict next. */
  private readonly priority: number[] = [];
  private readonly rows: number[] = [];
  private readonly values: CellValue[][] = [];
  private readonly key: number;

  /**
   * `below`: a worker's candidates for a table's sample rather than a sample: every row whose priority is at most
   * `below` (`RowSample.bound` of the table's rows), unbounded and in arrival order. Offered to the table's sample
   * in row order, they make the sample one thread makes.
   */
  constructor(table: string, private readonly size = SAMPLE_ROWS, private readonly below?: number) {
    this.key = hashString(`sample\u0000${table}`);
  }

  /**
   * The largest priority among the rows a sample of rows [from, to) keeps (undefined when it keeps them all): a row
   * above it is in no chunk's part of that sample. A hash per row, no values.
   */
  static bound(table: string, from: number, to: number, size = SAMPLE_ROWS): number | undefined {
    if (to - from <= size) return undefined;
    const s = new RowSample(table, size);
    for (let row = from; row < to; row++) if (s.wants(row)) s.add(row, []);
    return s.priority[0];
  }

  /** Whether row `row` would be kept; call `add` with its values if so. */
  wants(row: number): boolean {
    if (this.below !== undefined) return hash32(this.key, row, 0, 0) <= this.below;
    return this.priority.length < this.size || hash32(this.key, row, 0, 0) < this.priority[0]!;
  }

  add(row: number, values: CellValue[]): void {
    if (this.below !== undefined) {
      this.rows.push(row);
      this.values.push(values);
      return;
    }
    const p = hash32(this.key, row, 0, 0);
    if (this.priority.length < this.size) {
      this.priority.push(p);
      this.rows.push(row);
      this.values.push(values);
      this.siftUp(this.priority.length - 1);
      return;
    }
    if (p >= this.priority[0]!) return;
    this.priority[0] = p;
    this.rows[0] = row;
    this.values[0] = values;
    this.siftDown(0);
  }

  /** The kept rows' values, in row order. */
  entries(): Array<{ row: number; values: CellValue[] }> {
    if (this.below !== undefined) return this.rows.map((row, i) => ({ row, values: this.values[i]! }));
    return this.rows.map((row, i) => ({ row, values: this.values[i]! })).sort((a, b) => a.row - b.row);
  }

  private swap(i: number, j: number): void {
    [this.priority[i], this.priority[j]] = [this.priority[j]!, this.priority[i]!];
    [this.rows[i], this.rows[j]] = [this.rows[j]!, this.rows[i]!];
    [this.values[i], this.values[j]] = [this.values[j]!, this.values[i]!];
  }

  private above(i: number, j: number): boolean {
    // Ties (rare with 32-bit hashes) break by row index, so the kept set never depends on arrival order.
    return this.priority[i]! > this.priority[j]! || (this.priority[i] === this.priority[j] && this.rows[i]! > this.rows[j]!);
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.above(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private siftDown(i: number): void {
    const n = this.priority.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < n && this.above(l, top)) top = l;
      if (r < n && this.above(r, top)) top = r;
      if (top === i) return;
      this.swap(i, top);
      i = top;
    }
  }
}
