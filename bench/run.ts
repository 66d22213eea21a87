// `pnpm bench`: times `synth build` on the bench specs in csv, jsonl and parquet, as whole processes, next to
// what people use instead (a hand-written Faker loop, json-schema-faker, Python Faker) and a native-code reference
// (DuckDB SQL) on the same users rows. Prints a table and the issue-15 targets it measured, and writes both to
// bench/results/latest.md. See bench/README.md.
//
//   tsx bench/run.ts [--rows N | --rows SPEC=N ...] [--repeat R] [--spec NAME ...] [--format F ...] [--workers N]
//                    [--workers-scaling ROWS] [--memory ROWS,ROWS] [--no-peers] [--no-write] [--rss time|proc]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describeMachine, invocation } from './lib/machine.js';
import { defaultRssMethod, measure, median, medianRun, type Measured, type RssMethod } from './lib/measure.js';
import { BENCH_DIR, RESULTS_FILE, ROOT, SPECS_DIR, SYNTH_BIN, importFrom, resolveAnywhere, specRequire } from './lib/paths.js';
import { writeSection } from './lib/results-file.js';
import { reportTargets, type TargetResult } from './lib/targets.js';
import { staleBuildWarning } from './lib/build-state.js';
import { fmtInt, fmtNum, renderMarkdown, renderText, type Table } from './lib/table.js';

type YamlModule = typeof import('yaml');

/**
 * The specs and their default `--rows` (the row count of their root tables), chosen so that one build takes about
 * 3 s on the 2-core machine this was written on: 75,000 users (≈ 300,000 rows with orders), 15,000 rows of 60
 * columns, 1,500 sensors (361,500 rows with readings).
 */
const SPECS = [
  { name: 'users-orders', rows: 75_000, formats: ['csv', 'jsonl', 'parquet'] },
  { name: 'wide', rows: 15_000, formats: ['csv', 'jsonl', 'parquet'] },
  { name: 'timeseries', rows: 1_500, formats: ['csv', 'jsonl', 'parquet'] },
  // csv cannot hold documents (synth refuses them there): jsonl and parquet only.
  { name: 'nested', rows: 25_000, formats: ['jsonl', 'parquet'] },
] as const;
const FORMATS = ['csv', 'jsonl', 'parquet'] as const;
const NOT_YET: Array<{ name: string; why: string }> = [];
/** The DuckDB peer's line: one thread, like synth's default build. */
const DUCKDB = 'DuckDB SQL (1 thread)';

interface Options {
  rows: Map<string, number>;
  rowsAll?: number;
  repeat: number;
  specs: string[];
  formats: string[];
  peers: boolean;
  write: boolean;
  rss: RssMethod;
  workers: number;
  /** Row counts of the memory check (users-orders csv at each; empty: not run). */
  memory: number[];
  /** Total rows of the workers-scaling check (users-orders csv on one thread and on `workers`; undefined: not run). */
  workersScaling?: number;
}

/** One line of the results table. */
interface Result {
  spec: string;
  tool: string;
  rows?: number;
  run?: Measured;
  /** Time the tool reports for its own work (generation and writing), without process start-up. */
  innerMs?: number;
  bytes?: number;
  /** Median CPU time (user + sys) of the runs, when measured. */
  cpuMs?: number;
  /** Rows/s of synth's csv build of the same rows, for the ratio column. */
  baseline?: string;
  note?: string;
}

const opts = parseArgs(process.argv.slice(2));
/**
 * The environment of synth's processes: no SYNTH_* settings from the caller's shell (they could change the log format
 * or outputs) and no NODE_OPTIONS (a heap cap would change time and memory; the RSS targets are for the default heap).
 */
const SYNTH_ENV = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SYNTH_') && k !== 'NODE_OPTIONS')), NO_COLOR: '1' };
const scratch = mkdtempSync(join(tmpdir(), 'synth-bench-'));
const results: Result[] = [];
const warnings: string[] = [];
const began = performance.now();
const stale = staleBuildWarning(ROOT);
if (stale !== undefined) warn(stale);
if (process.env.NODE_OPTIONS !== undefined) warn(`NODE_OPTIONS (${process.env.NODE_OPTIONS}) is not passed to synth: it runs with Node's defaults`);

/** `--memory` and `--workers-scaling` are runs of their own, at large row counts; each writes only its own section. */
const throughput = opts.memory.length === 0 && opts.workersScaling === undefined;
const targets: TargetResult[] = [];
try {
  for (const spec of SPECS.filter((s) => throughput && (opts.specs.length === 0 || opts.specs.includes(s.name)))) {
    const rows = opts.rows.get(spec.name) ?? opts.rowsAll ?? spec.rows;
    const file = join(SPECS_DIR, `${spec.name}.synth.yaml`);
    const planned = await planRows(file, rows);
    const formats = (spec.formats as readonly string[]).filter((f) => opts.formats.length === 0 || opts.formats.includes(f));
    for (const format of formats) results.push(await benchSynth(spec.name, file, format, rows, planned));
    // The same build of the first format on worker threads: the ratio column is the speed-up over one thread.
    if (opts.workers > 1 && formats.length > 0) {
      results.push(await benchSynth(spec.name, file, formats[0]!, rows, planned, spec.name, ['--workers', String(opts.workers)]));
    }
    // The cost of the conformance check (on by default): the same csv build without it, compared by CPU time.
    if (spec.name === 'users-orders' && formats.includes('csv')) {
      results.push(await benchSynth(spec.name, file, 'csv', rows, planned, spec.name, ['--no-conformance']));
    }
  }
  for (const s of NOT_YET) {
    if (throughput && (opts.specs.length === 0 || opts.specs.includes(s.name))) {
      progress(`${s.name}: ${s.why}`);
      results.push({ spec: s.name, tool: s.why, note: `${s.name}: ${s.why}` });
    }
  }
  if (throughput && opts.peers && (opts.specs.length === 0 || opts.specs.includes('users-orders'))) await benchPeers();
  if (opts.workersScaling !== undefined) await benchWorkersScaling(opts.workersScaling);
  if (opts.memory.length > 0) await benchMemory();
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (throughput) targets.unshift(...throughputTargets(results));

const table = toTable(results);
const command = invocation('bench');
const rssNote =
  opts.rss === 'time' ? 'GNU /usr/bin/time -f %M (exact)' : opts.rss === 'proc' ? '/proc/PID/status VmHWM polled every 20 ms (a lower bound)' : 'not measured';
const header = describeMachine(command, rssNote);
const took = `${((performance.now() - began) / 1000).toFixed(0)} s`;
const notes = results.flatMap((r) => (r.note !== undefined ? [r.note] : []));
const duck = duckdbLine(results);
if (duck !== undefined) notes.push(duck);
if (throughput) {
  console.log(`\n${header.join('\n')}\n\n${renderText(table)}\n`);
  for (const n of notes) console.log(n);
}
for (const w of warnings) console.log(`warning: ${w}`);
if (opts.write && throughput) {
  writeSection(
    RESULTS_FILE,
    'run',
    [
      '## Throughput (`pnpm bench`)',
      '',
      ...header,
      `- each figure: the median of ${opts.repeat} run${opts.repeat === 1 ? '' : 's'} (by wall time); whole bench ${took}`,
      '',
      renderMarkdown(table),
      '',
      'seconds: wall time of the whole process, start-up included; rows/s and MB/s are computed from it.',
      'in-process s: the time the tool reports for its own work (synth: the `built … in N ms` log line).',
      'ratio: rows/s ÷ rows/s of synth csv on the same spec (peers: ÷ synth csv on the users table alone; `--workers` and `--no-conformance` lines: ÷ the same format on one thread with the check, i.e. the speed-up).',
      'CPU s: user + system time of the process, all threads (GNU time; – with `--rss proc`).',
      ...(notes.length > 0 ? ['', ...notes.map((n) => `- ${n}`)] : []),
      ...(warnings.length > 0 ? ['', ...warnings.map((w) => `- warning: ${w}`)] : []),
      '',
    ].join('\n'),
  );
}
reportTargets(RESULTS_FILE, targets, opts.write);
console.log(opts.write ? `written to ${relative(process.cwd(), RESULTS_FILE)} (${took})` : `not written (--no-write) (${took})`);

// ---------------------------------------------------------------------------------------------------------------

/** Row counts per table, as `synth plan --json` resolves them (per-parent counts drawn). */
async function planRows(file: string, rows: number): Promise<Map<string, number>> {
  const r = await measure(process.execPath, [SYNTH_BIN, 'plan', file, '--json', '--rows', String(rows)], { cwd: ROOT, env: SYNTH_ENV, rss: 'none' });
  if (r.code !== 0) fail(`synth plan ${relative(ROOT, file)} failed (exit ${r.code}):\n${r.stdout}${r.stderr}`);
  const plan = JSON.parse(r.stdout) as { tables: { name: string; rowCount: number }[] };
  return new Map(plan.tables.map((t) => [t.name, t.rowCount]));
}

async function benchSynth(spec: string, file: string, format: string, rows: number, planned: Map<string, number>, label = spec, extra: string[] = []): Promise<Result> {
  const total = [...planned.values()].reduce((a, b) => a + b, 0);
  const runs: (Measured & { bytes: number })[] = [];
  for (let i = 0; i < opts.repeat; i++) {
    const out = join(scratch, `${label}-${format}-${i}`);
    const args = [SYNTH_BIN, 'build', file, '--out', out, '--allow-outside', '--format', format, '--rows', String(rows), '--log-level', 'info', '--no-history', ...extra];
    const r = await measure(process.execPath, args, { cwd: ROOT, env: SYNTH_ENV, rss: opts.rss });
    if (r.code !== 0) fail(`synth build ${relative(ROOT, file)} --format ${format} failed (exit ${r.code ?? r.signal}):\n${r.stdout}${r.stderr}`);
    const bytes = dirBytes(out);
    rmSync(out, { recursive: true, force: true });
    // One line per file (`path  N rows  size`); the conformance summary's lines also count rows and are left out.
    const written = [...r.stdout.matchAll(/^.+? {2}([\d,]+) rows {2}/gm)].reduce((s, m) => s + Number(m[1].replace(/,/g, '')), 0);
    if (written !== total) warn(`${label} ${format}: synth build reported ${written} rows, synth plan ${total}`);
    progress(`${label} ${[format, ...extra].join(' ')} ${i + 1}/${opts.repeat}: ${fmtInt(total)} rows in ${(r.wallMs / 1000).toFixed(2)} s`);
    runs.push({ ...r, bytes });
  }
  const m = medianRun(runs);
  const inner = /built \d+ file\(s\) in (\d+) ms/.exec(m.stderr);
  const cpu = runs.flatMap((r) => (r.cpuMs !== undefined ? [r.cpuMs] : []));
  return {
    spec: label,
    tool: ['synth', format, ...extra].join(' '),
    rows: total,
    run: m,
    bytes: m.bytes,
    ...(cpu.length === runs.length ? { cpuMs: median(cpu) } : {}),
    // A --workers line is compared with the same format on one thread: its speed-up.
    baseline: extra.length > 0 ? `${label}/synth ${format}` : `${label}/synth csv`,
    ...(inner ? { innerMs: Number(inner[1]) } : {}),
  };
}

/**
 * The peers write the users table only, so synth is timed on that table alone too (a copy of users-orders.synth.yaml
 * without `orders`): the peers' ratios are against it.
 */
async function benchPeers(): Promise<void> {
  const spec = SPECS[0];
  const rows = opts.rows.get(spec.name) ?? opts.rowsAll ?? spec.rows;
  const yaml = await importFrom<YamlModule>(specRequire, 'yaml');
  const doc = yaml.parseDocument(readFileSync(join(SPECS_DIR, `${spec.name}.synth.yaml`), 'utf8'));
  doc.deleteIn(['tables', 'orders']);
  const usersOnly = join(scratch, 'users.synth.yaml');
  writeFileSync(usersOnly, doc.toString());
  const label = 'users (table only)';
  results.push(await benchSynth('users', usersOnly, 'csv', rows, await planRows(usersOnly, rows), label));

  const peer = async (tool: string, command: string, args: (out: string) => string[]): Promise<Result> => {
    const runs: (Measured & { bytes: number; lines: number })[] = [];
    for (let i = 0; i < opts.repeat; i++) {
      const out = join(scratch, `peer-${runs.length}.csv`);
      const r = await measure(command, args(out), { cwd: ROOT, rss: opts.rss });
      if (r.code !== 0) fail(`${tool} failed (exit ${r.code ?? r.signal}):\n${r.stdout}${r.stderr}`);
      const text = readFileSync(out, 'utf8');
      const lines = text.split('\n').length - 2; // header, and the empty string after the last newline
      rmSync(out, { force: true });
      if (lines !== rows) warn(`${tool}: wrote ${lines} rows, asked for ${rows}`);
      progress(`${label} ${tool} ${i + 1}/${opts.repeat}: ${fmtInt(lines)} rows in ${(r.wallMs / 1000).toFixed(2)} s`);
      runs.push({ ...r, bytes: Buffer.byteLength(text), lines });
    }
    const m = medianRun(runs);
    const reported = /\{.*"ms".*\}/.exec(m.stdout);
    const cpu = runs.flatMap((r) => (r.cpuMs !== undefined ? [r.cpuMs] : []));
    return {
      spec: label,
      tool,
      rows: m.lines,
      run: m,
      bytes: m.bytes,
      ...(cpu.length === runs.length ? { cpuMs: median(cpu) } : {}),
      baseline: `${label}/synth csv`,
      ...(reported ? { innerMs: (JSON.parse(reported[0]) as { ms: number }).ms } : {}),
    };
  };

  const tsx = [process.execPath, '--import', 'tsx'] as const;
  results.push(await peer('faker + csv-stringify', tsx[0], (out) => [...tsx.slice(1), join(BENCH_DIR, 'peers', 'faker-csv.ts'), String(rows), out]));

  // The native-code reference, on one DuckDB thread like synth's default build (a devDependency of the workspace).
  if (resolveAnywhere('@duckdb/node-api') === undefined) {
    progress('DuckDB SQL: not installed');
    results.push({ spec: label, tool: 'DuckDB SQL: not installed', note: 'DuckDB SQL: not installed (@duckdb/node-api, a devDependency: `pnpm install`)' });
  } else {
    results.push(await peer(DUCKDB, tsx[0], (out) => [...tsx.slice(1), join(BENCH_DIR, 'peers', 'duckdb-users.ts'), String(rows), out, '1']));
  }

  const jsf = resolveAnywhere('json-schema-faker');
  if (jsf === undefined) {
    progress('json-schema-faker: not installed');
    results.push({ spec: label, tool: 'json-schema-faker: not installed', note: 'json-schema-faker: not installed (not a dependency of the workspace; the bench does not add it)' });
  } else {
    results.push(await peer('json-schema-faker', tsx[0], (out) => [...tsx.slice(1), join(BENCH_DIR, 'peers', 'jsf-csv.ts'), String(rows), out, jsf]));
  }

  const python = '/usr/bin/python3';
  if (spawnSync(python, ['-c', 'import faker'], { stdio: 'ignore' }).status !== 0) {
    progress('Python Faker: not installed (Debian package python3-fake-factory)');
    results.push({ spec: label, tool: 'Python Faker: not installed', note: "Python Faker: not installed (`/usr/bin/python3 -c 'import faker'` fails; Debian package python3-fake-factory)" });
  } else {
    results.push(await peer('Python Faker', python, (out) => [join(BENCH_DIR, 'peers', 'python-faker.py'), String(rows), out]));
  }
}

/**
 * Peak RSS of users-orders → csv at each total row count (`--memory 1000000,20000000`), one run each: memory must
 * not grow with the row count. Written as its own section of the results file.
 */
async function benchMemory(): Promise<void> {
  const file = join(SPECS_DIR, 'users-orders.synth.yaml');
  const runs: Result[] = [];
  // Once each: a 20M-row build takes minutes, and peak memory does not vary run to run the way time does.
  opts.repeat = 1;
  for (const total of opts.memory) {
    const users = Math.round(total / 4);
    runs.push(await benchSynth('users-orders', file, 'csv', users, await planRows(file, users), `memory ${fmtInt(total)}`));
  }
  const table = toTable(runs);
  console.log(`\n${renderText(table)}\n`);
  for (const [i, total] of opts.memory.entries()) {
    const r = runs[i]!;
    const mib = r.run?.peakRssKiB !== undefined ? r.run.peakRssKiB / 1024 : undefined;
    const id = nearly(total, 1_000_000) ? 'rss-1m' : nearly(total, 20_000_000) ? 'rss-20m' : undefined;
    const line: TargetResult = {
      id: id ?? 'rss-1m',
      measured: mib !== undefined ? `${fmtNum(mib, 0)} MB at ${fmtInt(r.rows ?? 0)} rows (${(r.run!.wallMs / 1000).toFixed(1)} s)` : 'not measured (no /usr/bin/time or /proc)',
      ...(mib !== undefined ? { met: mib <= 200 } : {}),
    };
    if (id !== undefined) targets.push(line);
    else console.log(`peak RSS ≤ 200 MB at ${fmtInt(total)} rows (not a target size: not written to the Targets block): ${line.measured}, ${line.met ? 'met' : 'MISSED'}`);
  }
  if (!opts.write) return;
  const rss = runs.map((r) => r.run?.peakRssKiB ?? 0);
  const spread = rss.length > 1 ? ((Math.max(...rss) / Math.min(...rss) - 1) * 100).toFixed(1) : '–';
  writeSection(
    RESULTS_FILE,
    'memory',
    ['## Memory (`pnpm bench --memory …`)', '', ...describeMachine(invocation('bench'), 'GNU /usr/bin/time -f %M (exact) when available'), '', renderMarkdown(table), '', `Largest peak RSS is ${spread}% above the smallest.`, ''].join('\n'),
  );
}

/**
 * `--workers-scaling N`: users-orders to csv at N total rows on one thread and with `--workers` (2 unless given),
 * `--repeat` runs each. The speed-up is the ratio of the median wall times. Its own section of the results.
 */
async function benchWorkersScaling(total: number): Promise<void> {
  const file = join(SPECS_DIR, 'users-orders.synth.yaml');
  const users = Math.round(total / 4);
  const planned = await planRows(file, users);
  const workers = opts.workers > 1 ? opts.workers : 2;
  const label = `workers ${fmtInt(total)}`;
  const runs = [await benchSynth('users-orders', file, 'csv', users, planned, label), await benchSynth('users-orders', file, 'csv', users, planned, label, ['--workers', String(workers)])];
  const table = toTable(runs);
  console.log(`\n${renderText(table)}\n`);
  const [one, many] = runs as [Result, Result];
  const speedUp = one.run!.wallMs / many.run!.wallMs;
  const inner = one.innerMs !== undefined && many.innerMs !== undefined ? `; in-process ${(one.innerMs / many.innerMs).toFixed(2)}×` : '';
  const line: TargetResult = {
    id: 'workers',
    measured: `${speedUp.toFixed(2)}× with --workers ${workers} (${(one.run!.wallMs / 1000).toFixed(2)} s → ${(many.run!.wallMs / 1000).toFixed(2)} s at ${fmtInt(one.rows ?? 0)} rows${inner})`,
    met: speedUp >= 1.8,
  };
  if (workers === 2 && nearly(total, 2_000_000)) targets.push(line);
  else console.log(`--workers ${workers} ≥ 1.8× one thread at ${fmtInt(total)} rows (not the target's 2 workers at 2M rows: not written to the Targets block): ${line.measured}, ${line.met ? 'met' : 'MISSED'}`);
  if (!opts.write) return;
  writeSection(
    RESULTS_FILE,
    'workers',
    [
      '## Workers scaling (`pnpm bench --workers-scaling …`)',
      '',
      ...describeMachine(invocation('bench'), opts.rss === 'time' ? 'GNU /usr/bin/time -f %M (exact)' : '/proc/PID/status VmHWM polled every 20 ms (a lower bound)'),
      `- each figure: the median of ${opts.repeat} run${opts.repeat === 1 ? '' : 's'} (by wall time)`,
      '',
      renderMarkdown(table),
      '',
      `Speed-up of --workers ${workers} over one thread: ${line.measured}.`,
      '',
    ].join('\n'),
  );
}

/** Within 1% of `target`: the row counts of a run (users are a quarter of the total) land near, not on, round numbers. */
function nearly(n: number, target: number): boolean {
  return Math.abs(n - target) <= target / 100;
}


/** The issue-15 targets the throughput run measures, from its table's lines. */
function throughputTargets(rs: readonly Result[]): TargetResult[] {
  const find = (spec: string, tool: string): Result | undefined => rs.find((r) => r.spec === spec && r.tool === tool && r.run !== undefined);
  const out: TargetResult[] = [];
  const csv = find('users-orders', 'synth csv');
  if (csv !== undefined) {
    const wall = csv.rows! / (csv.run!.wallMs / 1000);
    const inner = csv.innerMs !== undefined ? `; in-process ${fmtInt(csv.rows! / (csv.innerMs / 1000))} rows/s` : '';
    out.push({ id: 'rows-per-s', measured: `${fmtInt(wall)} rows/s (${fmtInt(csv.rows!)} rows in ${(csv.run!.wallMs / 1000).toFixed(2)} s${inner})`, met: wall >= 1_000_000 });
  }
  const users = find('users (table only)', 'synth csv');
  const faker = find('users (table only)', 'faker + csv-stringify');
  if (users !== undefined && faker !== undefined && users.innerMs !== undefined && faker.innerMs !== undefined) {
    const ratio = faker.innerMs / users.innerMs;
    const whole = faker.run!.wallMs / users.run!.wallMs;
    out.push({
      id: 'vs-faker',
      measured: `${ratio.toFixed(2)}× (synth ${(users.innerMs / 1000).toFixed(2)} s, faker ${(faker.innerMs / 1000).toFixed(2)} s at ${fmtInt(users.rows!)} rows; whole process ${whole.toFixed(2)}×)`,
      met: ratio >= 8,
    });
  }
  const without = find('users-orders', 'synth csv --no-conformance');
  if (csv !== undefined && without !== undefined) {
    if (csv.cpuMs !== undefined && without.cpuMs !== undefined) {
      const share = ((csv.cpuMs - without.cpuMs) / csv.cpuMs) * 100;
      out.push({
        id: 'conformance',
        measured: `${share.toFixed(1)}% (CPU ${(csv.cpuMs / 1000).toFixed(2)} s with the check, ${(without.cpuMs / 1000).toFixed(2)} s without, median of ${opts.repeat}, ${fmtInt(csv.rows!)} rows)`,
        met: share <= 10,
      });
    } else out.push({ id: 'conformance', measured: 'not measured: CPU time needs GNU /usr/bin/time (`--rss time`)' });
  }
  const duck = find('users (table only)', DUCKDB);
  if (users !== undefined && duck !== undefined && users.innerMs !== undefined && duck.innerMs !== undefined) {
    out.push({
      id: 'vs-duckdb',
      measured: `${(duck.innerMs / users.innerMs).toFixed(3)}× (synth ${(users.innerMs / 1000).toFixed(2)} s, DuckDB ${(duck.innerMs / 1000).toFixed(2)} s at ${fmtInt(users.rows!)} rows; whole process ${(duck.run!.wallMs / users.run!.wallMs).toFixed(3)}×)`,
    });
  }
  return out;
}

/** The line under the table: how far synth is from the native-code reference. */
function duckdbLine(rs: readonly Result[]): string | undefined {
  const users = rs.find((r) => r.spec === 'users (table only)' && r.tool === 'synth csv' && r.run !== undefined);
  const duck = rs.find((r) => r.spec === 'users (table only)' && r.tool === DUCKDB && r.run !== undefined);
  if (users === undefined || duck === undefined) return undefined;
  const wall = duck.run!.wallMs / users.run!.wallMs;
  const inner = users.innerMs !== undefined && duck.innerMs !== undefined ? duck.innerMs / users.innerMs : undefined;
  return `synth ÷ DuckDB rows/s (users table, ${DUCKDB}): ${wall.toFixed(3)}× whole process${inner !== undefined ? `, ${inner.toFixed(3)}× in-process (DuckDB's rows/s is ${(1 / inner).toFixed(1)}× synth's)` : ''}.`;
}

function toTable(rs: Result[]): Table {
  const rate = (r: Result): number | undefined => (r.run && r.rows !== undefined ? r.rows / (r.run.wallMs / 1000) : undefined);
  const byKey = new Map(rs.map((r) => [`${r.spec}/${r.tool}`, r]));
  return {
    headers: ['spec', 'format/tool', 'rows', 'seconds', 'rows/s', 'MB/s', 'peak RSS MB', 'ratio vs synth csv', 'in-process s', 'CPU s'],
    align: ['left', 'left', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'right'],
    rows: rs.map((r) => {
      if (!r.run) return [r.spec, r.tool, '–', '–', '–', '–', '–', '–', '–', '–'];
      const s = r.run.wallMs / 1000;
      const base = r.baseline !== undefined ? byKey.get(r.baseline) : undefined;
      const own = rate(r);
      const ref = base ? rate(base) : undefined;
      return [
        r.spec,
        r.tool,
        fmtInt(r.rows ?? 0),
        s.toFixed(2),
        own !== undefined ? fmtInt(own) : '–',
        fmtNum(r.bytes !== undefined ? r.bytes / 2 ** 20 / s : undefined, 1),
        fmtNum(r.run.peakRssKiB !== undefined ? r.run.peakRssKiB / 1024 : undefined, 0),
        own !== undefined && ref !== undefined ? `${(own / ref).toFixed(2)}×` : '–',
        fmtNum(r.innerMs !== undefined ? r.innerMs / 1000 : undefined, 2),
        fmtNum(r.cpuMs !== undefined ? r.cpuMs / 1000 : undefined, 2),
      ];
    }),
  };
}

function dirBytes(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) n += statSync(join(e.parentPath, e.name)).size;
  }
  return n;
}

function parseArgs(argv: string[]): Options {
  const o: Options = { rows: new Map(), repeat: 3, specs: [], formats: [], peers: true, write: true, rss: defaultRssMethod(), workers: 2, memory: [] };
  const known = new Set<string>([...SPECS.map((s) => s.name), ...NOT_YET.map((s) => s.name)]);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = (): string => {
      const v = a.includes('=') && a.startsWith('--') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    const flag = a.startsWith('--') ? a.split('=')[0] : a;
    if (a === '--') continue; // `pnpm bench -- --rows 10` passes the separator through
    if (flag === '--rows') {
      const v = value();
      const m = /^(?:([a-z-]+)=)?(\d+)$/.exec(v);
      if (!m) usage(`--rows ${v}: expected N or SPEC=N`);
      if (m[1] !== undefined && !known.has(m[1])) usage(`--rows ${v}: unknown spec ${m[1]} (${[...known].join(', ')})`);
      if (m[1] !== undefined) o.rows.set(m[1], Number(m[2]));
      else o.rowsAll = Number(m[2]);
    } else if (flag === '--repeat') {
      o.repeat = Number(value());
      if (!Number.isInteger(o.repeat) || o.repeat < 1) usage('--repeat: a whole number ≥ 1');
    } else if (flag === '--spec') {
      const v = value();
      if (!known.has(v)) usage(`--spec ${v}: unknown (${[...known].join(', ')})`);
      o.specs.push(v);
    } else if (flag === '--format') {
      const v = value();
      if (!(FORMATS as readonly string[]).includes(v)) usage(`--format ${v}: one of ${FORMATS.join(', ')}`);
      o.formats.push(v);
    } else if (flag === '--workers') {
      o.workers = Number(value());
      if (!Number.isInteger(o.workers) || o.workers < 1) usage('--workers: a whole number ≥ 1 (1: no worker runs)');
    } else if (flag === '--memory') {
      // Total rows (users and orders) of each run; users are a quarter of them.
      o.memory = value().split(',').map(Number);
      if (o.memory.some((n) => !Number.isInteger(n) || n < 4)) usage('--memory: total row counts, e.g. 1000000,20000000');
    } else if (flag === '--workers-scaling') {
      // Total rows (users and orders), users a quarter of them: the target is 2000000.
      o.workersScaling = Number(value());
      if (!Number.isInteger(o.workersScaling) || o.workersScaling < 4) usage('--workers-scaling: total rows, e.g. 2000000');
    } else if (flag === '--no-peers') o.peers = false;
    else if (flag === '--no-write') o.write = false;
    else if (flag === '--rss') {
      const v = value();
      if (v !== 'time' && v !== 'proc') usage('--rss: time or proc');
      o.rss = v;
    } else if (flag === '--help' || flag === '-h') usage();
    else usage(`unknown argument ${a}`);
  }
  return o;
}

function usage(problem?: string): never {
  if (problem !== undefined) console.error(`bench: ${problem}`);
  console.error(
    'usage: pnpm bench [--rows N | --rows SPEC=N ...] [--repeat R] [--spec NAME ...] [--format csv|jsonl|parquet ...] [--workers N] [--workers-scaling ROWS] [--memory ROWS,ROWS] [--no-peers] [--no-write] [--rss time|proc]',
  );
  process.exit(problem === undefined ? 0 : 2);
}

function progress(line: string): void {
  process.stderr.write(`  ${line}\n`);
}

function warn(line: string): void {
  warnings.push(line);
  progress(`warning: ${line}`);
}

function fail(message: string): never {
  rmSync(scratch, { recursive: true, force: true });
  console.error(`bench: ${message}`);
  process.exit(1);
}
