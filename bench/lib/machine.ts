// A description of the machine, written above every results table: numbers mean little without it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { ROOT } from './paths.js';

// Taken when the bench starts (this module is imported first thing): whether the machine was idle, and which code
// was measured (other work may change the checkout during a run).
const STARTED = new Date();
const LOAD_BEFORE = loadavg();
const TREE_BEFORE = describeTree(ROOT);

/**
 * When, under what load and on which code a measurement was taken, in one short cell (the Targets block): the start
 * date, the 1-minute load average before the run, flagged when above 1 (on 2 cores the bench keeps one busy itself,
 * so more means other work competed), and the commit.
 */
export function runStamp(): string {
  const loaded = LOAD_BEFORE[0] > 1 ? ' (LOADED: other work was running)' : '';
  const tree = TREE_BEFORE.replace(/^commit (\w+), clean$/, '$1').replace(/^commit (\w+) plus uncommitted changes.*$/, '$1 + uncommitted changes');
  return `${STARTED.toISOString().replace(/:\d{2}\.\d{3}Z$/, 'Z')}, load ${LOAD_BEFORE[0].toFixed(2)}${loaded}, ${tree}`;
}

function fmtLoad(l: number[]): string {
  return l.map((x) => x.toFixed(2)).join(', ');
}

export function describeMachine(command: string, rssNote: string): string[] {
  const cpu = cpuModel();
  const gib = (totalmem() / 2 ** 30).toFixed(1);
  const treeAfter = describeTree(ROOT);
  return [
    `- date: ${STARTED.toISOString().replace(/\.\d{3}Z$/, 'Z')} (start)`,
    `- node: ${process.version} (${process.platform}/${process.arch})`,
    `- CPU: ${cpu}, ${cpus().length} cores`,
    `- memory: ${gib} GiB`,
    `- load average (1, 5, 15 min) before: ${fmtLoad(LOAD_BEFORE)}; after: ${fmtLoad(loadavg())} (the bench itself keeps about one core busy; more before it means other work was running)`,
    `- peak RSS: ${rssNote}`,
    `- synth: ${TREE_BEFORE}${treeAfter !== TREE_BEFORE ? `; CHANGED DURING THE RUN, at the end: ${treeAfter}` : ''}`,
    `- command: \`${command}\``,
  ];
}

function cpuModel(): string {
  try {
    const m = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'));
    if (m) return m[1].trim();
  } catch {
    // not Linux
  }
  return cpus()[0]?.model ?? 'unknown CPU';
}

/** The command as the user typed it: `pnpm bench` when run through pnpm, else node + script. */
export function invocation(script: 'bench' | 'bench:startup'): string {
  const args = process.argv.slice(2);
  const viaPnpm = process.env.npm_lifecycle_event === script;
  const head = viaPnpm ? `pnpm ${script}` : `tsx ${process.argv[1]?.replace(`${process.cwd()}/`, '') ?? ''}`;
  return [head, ...args].join(' ');
}

/** The commit measured, and whether the working tree (outside bench/) differed from it. */
function describeTree(root: string): string {
  const git = (...args: string[]): string | undefined => {
    const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    return r.status === 0 ? r.stdout : undefined;
  };
  const head = git('rev-parse', '--short', 'HEAD')?.trim();
  if (head === undefined) return 'not a git checkout';
  // Porcelain lines are "XY path": two status columns (either may be a space), a space, the path.
  const changed = (git('status', '--porcelain', '--', '.', ':(exclude)bench') ?? '').split('\n').filter(Boolean).map((l) => l.slice(3));
  if (changed.length === 0) return `commit ${head}, clean`;
  const shown = changed.slice(0, 6).join(', ');
  // A digest of the tracked changes, so that an edit to a file that was already modified also shows.
  const digest = createHash('sha1').update(git('diff', 'HEAD', '--', '.', ':(exclude)bench') ?? '').digest('hex').slice(0, 8);
  return `commit ${head} plus uncommitted changes (diff ${digest}) to ${changed.length} file(s): ${shown}${changed.length > 6 ? ', …' : ''}`;
}
