// The speed and memory targets of issue 15, and the Targets block of bench/results/latest.md that shows each one
// with its latest measurement. Each script or mode measures some of them and replaces only those rows, so the block
// always lists every target: what was measured, whether it was met, and when, under what load, on which commit.
import { runStamp } from './machine.js';
import { readSection, writeSection } from './results-file.js';

export const TARGETS = [
  { id: 'rows-per-s', text: 'users-orders to csv on one thread ≥ 1,000,000 rows/s (rows written ÷ wall time)', how: '`pnpm bench` (users-orders, synth csv)' },
  { id: 'vs-faker', text: 'users table alone ≥ 8× faker + csv-stringify (in-process time)', how: '`pnpm bench` (peers)' },
  { id: 'rss-1m', text: 'peak RSS ≤ 200 MB at 1M rows (users-orders csv)', how: '`pnpm bench --memory 1000000,20000000`' },
  { id: 'rss-20m', text: 'peak RSS ≤ 200 MB at 20M rows (users-orders csv)', how: '`pnpm bench --memory 1000000,20000000`' },
  { id: 'workers', text: '`--workers 2` ≥ 1.8× one thread at 2M rows (wall time)', how: '`pnpm bench --workers-scaling 2000000`' },
  { id: 'startup', text: "`synth validate` of a fixture ≤ 2.5× `node -e ''` (whole process)", how: '`pnpm bench:startup`' },
  { id: 'conformance', text: "conformance check ≤ 10% of a build's CPU time (user + sys)", how: '`pnpm bench` (users-orders csv with and without `--no-conformance`)' },
  { id: 'vs-duckdb', text: 'reference, no target: synth ÷ DuckDB SQL rows/s on the users table (in-process)', how: '`pnpm bench` (peers)' },
] as const;
export type TargetId = (typeof TARGETS)[number]['id'];

export interface TargetResult {
  id: TargetId;
  /** The measured value, with what it was measured on (row count, the two figures a ratio comes from). */
  measured: string;
  /** undefined: a reference figure with no target, or not measurable here. */
  met?: boolean;
}

const HEADER = ['| target | measured | met | measured at (start, 1-min load before, commit) | by |', '|---|---|---|---|---|'];

/** Prints the lines of `results` and, with `write`, replaces their rows in the Targets block of `file`. */
export function reportTargets(file: string, results: readonly TargetResult[], write: boolean): void {
  if (results.length === 0) return;
  const stamp = runStamp();
  console.log('Targets:');
  for (const r of results) console.log(`  ${verdict(r.met).padEnd(6)} ${textOf(r.id)}: ${r.measured}`);
  if (!write) return;
  const old = new Map<string, string>();
  for (const line of (readSection(file, 'targets') ?? '').split('\n')) {
    const first = /^\| (.+?) \| /.exec(line)?.[1];
    if (first !== undefined && first !== 'target' && !line.startsWith('|---')) old.set(first, line);
  }
  const fresh = new Map(results.map((r) => [r.id, r]));
  const rows = TARGETS.map((t) => {
    const r = fresh.get(t.id);
    if (r !== undefined) return `| ${t.text} | ${r.measured} | ${verdict(r.met)} | ${stamp} | ${t.how} |`;
    return old.get(t.text) ?? `| ${t.text} | not measured yet | – | – | ${t.how} |`;
  });
  writeSection(
    file,
    'targets',
    [
      '## Targets (issue 15)',
      '',
      'Each row is replaced by the run that measures it (the last column); the others keep their earlier measurement.',
      'Numbers taken under a 1-minute load above 1 (flagged LOADED) had other work competing for the 2 cores: rerun',
      'on an idle machine before calling a target met or missed.',
      '',
      ...HEADER,
      ...rows,
      '',
    ].join('\n'),
  );
}

function textOf(id: TargetId): string {
  return TARGETS.find((t) => t.id === id)!.text;
}

function verdict(met: boolean | undefined): string {
  return met === undefined ? '–' : met ? 'met' : 'MISSED';
}
