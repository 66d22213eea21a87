// `pnpm bench:startup`: how long a tiny synth command takes as a whole process (start-up dominates it), the median
// of 5 runs after one warm-up run, with plain `node` as the floor. Prints a table and the issue-15 start-up target
// (validate ≤ 2.5× node), and writes its own section and that row of the Targets block of bench/results/latest.md.
// See bench/README.md.
//
//   tsx bench/startup.ts [--runs N] [--rss time|proc]
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describeMachine, invocation } from './lib/machine.js';
import { defaultRssMethod, measure, median, type Measured, type RssMethod } from './lib/measure.js';
import { RESULTS_FILE, ROOT, SYNTH_BIN } from './lib/paths.js';
import { writeSection } from './lib/results-file.js';
import { reportTargets } from './lib/targets.js';
import { staleBuildWarning } from './lib/build-state.js';
import { fmtNum, renderMarkdown, renderText, type Table } from './lib/table.js';

const { runs, rss } = parseArgs(process.argv.slice(2));
const SPEC = 'fixtures/shop.synth.yaml';
const scratch = mkdtempSync(join(tmpdir(), 'synth-bench-startup-'));
// Without the caller's SYNTH_* settings and NODE_OPTIONS: the start-up target is for Node's defaults.
const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SYNTH_') && k !== 'NODE_OPTIONS')), NO_COLOR: '1' };
const bin = relative(ROOT, SYNTH_BIN);

const cases: { label: string; args: string[] }[] = [
  { label: "node -e '' (the floor: Node's own start-up)", args: ['-e', ''] },
  { label: `synth validate ${SPEC}`, args: [SYNTH_BIN, 'validate', SPEC] },
  { label: `synth build ${SPEC} --rows 10`, args: [SYNTH_BIN, 'build', SPEC, '--rows', '10', '--out', scratch, '--allow-outside', '--no-history'] },
];

const stale = staleBuildWarning(ROOT);
if (stale !== undefined) process.stderr.write(`  warning: ${stale}\n`);
const rows: string[][] = [];
/** Median wall seconds of each case, by label. */
const medians = new Map<string, number>();
try {
  for (const c of cases) {
    const measured: Measured[] = [];
    // One warm-up run, not counted: the first run after a change pays tsx's transpile cache and a cold page cache.
    for (let i = 0; i <= runs; i++) {
      const r = await measure(process.execPath, c.args, { cwd: ROOT, env, rss });
      if (r.code !== 0) {
        console.error(`bench:startup: ${c.label} failed (exit ${r.code ?? r.signal}):\n${r.stdout}${r.stderr}`);
        process.exit(1);
      }
      if (i > 0) measured.push(r);
      process.stderr.write(`  ${c.label} ${i === 0 ? 'warm-up' : `${i}/${runs}`}: ${(r.wallMs / 1000).toFixed(3)} s\n`);
    }
    const walls = measured.map((m) => m.wallMs / 1000);
    medians.set(c.label, median(walls));
    const rssMiB = measured.flatMap((m) => (m.peakRssKiB !== undefined ? [m.peakRssKiB / 1024] : []));
    rows.push([
      c.label,
      fmtNum(median(walls), 3),
      fmtNum(Math.min(...walls), 3),
      fmtNum(Math.max(...walls), 3),
      rssMiB.length > 0 ? fmtNum(median(rssMiB), 0) : '–',
    ]);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

const table: Table = {
  headers: ['command (whole process)', 'median s', 'min s', 'max s', 'peak RSS MB'],
  align: ['left', 'right', 'right', 'right', 'right'],
  rows,
};
const rssNote = rss === 'time' ? 'GNU /usr/bin/time -f %M (exact)' : rss === 'proc' ? '/proc/PID/status VmHWM polled every 20 ms (a lower bound)' : 'not measured';
const header = describeMachine(invocation('bench:startup'), rssNote);
const floor = medians.get(cases[0]!.label)!;
const validate = medians.get(cases[1]!.label)!;
const ratio = validate / floor;
const ratioLine = `synth validate ÷ node -e '': ${ratio.toFixed(2)}× (${validate.toFixed(3)} s ÷ ${floor.toFixed(3)} s, medians of ${runs})`;
console.log(`\n${header.join('\n')}\n\n${renderText(table)}\n\n${ratioLine}\n${stale !== undefined ? `warning: ${stale}\n` : ''}`);
writeSection(
  RESULTS_FILE,
  'startup',
  [
    '## Start-up (`pnpm bench:startup`)',
    '',
    ...header,
    `- each figure: ${runs} runs after one uncounted warm-up; \`synth\` is \`node ${bin}\` (whatever that bin runs: see the commit above)`,
    '',
    renderMarkdown(table),
    '',
    `${ratioLine}.`,
    ...(stale !== undefined ? ['', `- warning: ${stale}`] : []),
    '',
  ].join('\n'),
);
reportTargets(RESULTS_FILE, [{ id: 'startup', measured: ratioLine.replace(/^.*?: /, ''), met: ratio <= 2.5 }], true);
console.log(`written to ${relative(process.cwd(), RESULTS_FILE)}`);

function parseArgs(argv: string[]): { runs: number; rss: RssMethod } {
  const o = { runs: 5, rss: defaultRssMethod() };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--') continue; // `pnpm bench:startup -- --runs 3` passes the separator through
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = inline ?? argv[++i];
    if (flag === '--runs' && Number.isInteger(Number(value)) && Number(value) >= 1) o.runs = Number(value);
    else if (flag === '--rss' && (value === 'time' || value === 'proc')) o.rss = value;
    else {
      console.error('usage: pnpm bench:startup [--runs N] [--rss time|proc]');
      process.exit(flag === '--help' || flag === '-h' ? 0 : 2);
    }
  }
  return o;
}
