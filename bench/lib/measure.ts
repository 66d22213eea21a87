// Runs a command as a child process and measures it: wall time (from spawn to exit, so process start-up is
// included) and peak resident set size.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Measured {
  code: number | null;
  signal: NodeJS.Signals | null;
  wallMs: number;
  /** Peak RSS in KiB, or undefined when it could not be read. */
  peakRssKiB?: number;
  /** CPU time (user + system, all threads) in ms; only with `rss: 'time'` (GNU time's %U and %S, 10 ms resolution). */
  cpuMs?: number;
  stdout: string;
  stderr: string;
}

/**
 * How peak RSS is read. `time`: GNU `/usr/bin/time -f '%M %U %S'` (the child's ru_maxrss, exact, and its CPU time).
 * `proc`: poll /proc/PID/status VmHWM every 20 ms (a lower bound: a peak in the last 20 ms before exit can be missed;
 * no CPU time).
 */
export type RssMethod = 'time' | 'proc' | 'none';

export function defaultRssMethod(): RssMethod {
  if (existsSync('/usr/bin/time')) return 'time';
  if (existsSync('/proc/self/status')) return 'proc';
  return 'none';
}

export interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  rss: RssMethod;
}

export async function measure(command: string, args: readonly string[], opts: RunOptions): Promise<Measured> {
  const scratch = opts.rss === 'time' ? mkdtempSync(join(tmpdir(), 'synth-bench-rss-')) : undefined;
  const rssFile = scratch !== undefined ? join(scratch, 'rss') : undefined;
  const [cmd, argv] = rssFile !== undefined ? ['/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, command, ...args]] : [command, [...args]];
  try {
    const started = performance.now();
    const child = spawn(cmd, argv, { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    let hwm: number | undefined;
    const poll = opts.rss === 'proc' && child.pid !== undefined ? setInterval(() => (hwm = readHwm(child.pid!) ?? hwm), 20) : undefined;
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((res, rej) => {
      child.on('error', rej);
      child.on('close', (c, s) => res([c, s]));
    });
    const wallMs = performance.now() - started;
    if (poll !== undefined) clearInterval(poll);
    const timed = rssFile !== undefined ? parseTime(rssFile) : undefined;
    const peakRssKiB = timed !== undefined ? timed.rssKiB : hwm;
    return {
      code,
      signal,
      wallMs,
      ...(peakRssKiB !== undefined ? { peakRssKiB } : {}),
      ...(timed !== undefined ? { cpuMs: timed.cpuMs } : {}),
      stdout: Buffer.concat(out).toString('utf8'),
      stderr: Buffer.concat(err).toString('utf8'),
    };
  } finally {
    if (scratch !== undefined) rmSync(scratch, { recursive: true, force: true });
  }
}

function readHwm(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined; // the process has exited
  }
}

/** GNU time writes "Command exited with non-zero status N" before the values when the command fails. */
function parseTime(file: string): { rssKiB: number; cpuMs: number } | undefined {
  if (!existsSync(file)) return undefined;
  const last = readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
  const m = /^(\d+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?)$/.exec(last);
  return m ? { rssKiB: Number(m[1]), cpuMs: Math.round((Number(m[2]) + Number(m[3])) * 1000) } : undefined;
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** The run whose wall time is the median (the lower middle one for an even count), so its figures belong together. */
export function medianRun<T extends { wallMs: number }>(runs: readonly T[]): T {
  const s = [...runs].sort((a, b) => a.wallMs - b.wallMs);
  return s[Math.floor((s.length - 1) / 2)];
}
