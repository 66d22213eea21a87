/**
 * `--shard i/n`: one process builds the i-th of n contiguous row ranges of every table. Values are functions of
 * (seed, table, column, row), so a shard computes its rows — and the parent rows they point to — without the
 * other shards; concatenating the shards' csv/tsv/jsonl files in order gives the single build's bytes.
 */
export interface Shard {
  /** 0-based. */
  index: number;
  count: number;
}

/** Largest shard count accepted: the part number is written with five digits. */
export const MAX_SHARDS = 99_999;

/** `3/8` → { index: 3, count: 8 }; undefined when the text is not `i/n` with 0 ≤ i < n ≤ MAX_SHARDS. */
export function parseShard(text: string): Shard | undefined {
  const m = /^(\d{1,5})\/(\d{1,5})$/.exec(text.trim());
  if (!m) return undefined;
  const index = Number(m[1]);
  const count = Number(m[2]);
  return count >= 1 && count <= MAX_SHARDS && index < count ? { index, count } : undefined;
}

/** The shard's rows [start, end) of a table: floor(i·R/n) … floor((i+1)·R/n), so sizes differ by at most one. */
export function shardRange(rowCount: number, shard: Shard | undefined): [number, number] {
  if (!shard) return [0, rowCount];
  // BigInt keeps i·R exact for any row count a spec may declare.
  const at = (k: number) => Number((BigInt(k) * BigInt(rowCount)) / BigInt(shard.count));
  return [at(shard.index), at(shard.index + 1)];
}

/** `users.csv` → `users/part-00003-of-00008.csv`: the layout Spark, DuckDB and Trino read as one dataset. */
export function shardPath(path: string, shard: Shard): string {
  const m = /^(.*?)(\.[^./\\]+)?$/.exec(path)!;
  const pad = (n: number) => String(n).padStart(5, '0');
  return `${m[1]}/part-${pad(shard.index)}-of-${pad(shard.count)}${m[2] ?? ''}`;
}
