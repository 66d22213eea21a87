import type { CellValue, RowBatch } from '../types.js';

/** A Tally's data: how many rows broke a rule and the first ones (capped as the checker caps them). */
export interface TallyData {
  count: number;
  rows: number[];
}

/**
 * What a worker thread found checking one chunk of a table (ConformanceChecker.tallyChunk), for the main thread to
 * merge in row order (ConformanceChecker.merge): everything a row's own values decide is counted in the worker; of
 * what needs the whole table (keys, foreign keys, parent rows, series traces) it sends only what that needs —
 * 64-bit key hashes and the few columns those rules read. Structured-cloneable; the typed arrays are transferred.
 */
export interface ChunkTally {
  table: string;
  startRow: number;
  /** Rows of each batch of the chunk, in order (global rules run batch by batch, as on one thread). */
  batches: number[];
  rows: number;
  /** Per column (output order): the rules a value decides alone. */
  columns: Array<{ rules: TallyData[]; nullTally: TallyData; nulls: number; dirty: number; categories?: Map<string, number> }>;
  /** Per check: its tally, or undefined for a check that reads parent rows (run on the main thread). */
  checks: Array<TallyData | undefined>;
  /**
   * The chunk's rows that can be in the table's sample (below RowSample.bound), or its own bottom-k without a bound:
   * the table's sample is among them either way.
   */
  sample: Array<{ row: number; values: CellValue[] }>;
  flaws?: Array<{ count: number; rows: number[]; truncated?: boolean }>;
  anomalies?: Array<{ count: number; rows: number[]; truncated?: boolean }>;
  /** Runs of equal parent keys: the first and the last may continue across chunk boundaries. */
  family?: { first: CellValue; firstRun: number; last: CellValue; lastRun: number; single: boolean; runs: Map<number, number> };
  /**
   * Per unique or foreign-key column (by output index): each row's key hash (keyHashInto, (0, 0) for null). For keys
   * a sequence may hold, `numbers` too: a number goes by value (its hash left (0, 0), made on the main thread only if
   * needed), anything else is NaN there and hashed.
   */
  keys: Array<{ column: number; hashes: Uint32Array; numbers?: Float64Array }>;
  /** Per composite key: each row's hash of the tuple, (0, 0) when a part is null. */
  composites: Uint32Array[];
  /** The chunk's batches with only the columns the main thread's rules read (others empty), when it needs any. */
  partial?: RowBatch[];
}

/** The buffers of a tally a worker can transfer rather than copy. */
export function tallyBuffers(t: ChunkTally): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const k of t.keys) {
    out.push(k.hashes.buffer as ArrayBuffer);
    if (k.numbers) out.push(k.numbers.buffer as ArrayBuffer);
  }
  for (const c of t.composites) out.push(c.buffer as ArrayBuffer);
  return out;
}
