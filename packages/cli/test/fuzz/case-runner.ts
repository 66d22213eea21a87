/**
 * Runs fuzz cases in a child process (fuzz-child.ts) with a hang guard: a case not answered within the limit (plus a
 * little for the message round trip) kills the child, which is then started again; the child's watchdog thread
 * records where the case was shortly before. A child costs about 2 s to start (tsx, the packages, warming the
 * writers); a case's round trip well under a millisecond. A worker thread per case would not do: Node 20 workers do
 * not take tsx's loader, and a child process also contains a case that exhausts the heap.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASE_LIMIT_MS, topFrames, type CaseResult } from './fuzz-case.js';

const CHILD = fileURLToPath(new URL('./fuzz-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../../../', import.meta.url));

export interface RunnerOptions {
  /** A case not answered within this is killed as hung (default: the case limit, plus 500 ms). */
  killAfterMs?: number;
  /** The child's heap limit: a case that needs more is a crash, not a swapping machine. */
  maxHeapMb?: number;
  /** Fail a case that validate passes and plan refuses (CaseOptions.validateComplete). */
  validateComplete?: boolean;
}

export class CaseRunner {
  private child: ChildProcess | undefined;
  private ready: Promise<void> | undefined;
  private nextId = 0;
  /** The child's work directory: a killed child cannot remove it itself. */
  private work: string | undefined;
  /** How many times a child was started (1 + the cases that hung or crashed it). */
  starts = 0;
  /** Total milliseconds spent starting children. */
  startMs = 0;

  constructor(private readonly options: RunnerOptions = {}) {}

  private start(): Promise<void> {
    const t = performance.now();
    this.starts++;
    const child = fork(CHILD, [], {
      cwd: REPO,
      execArgv: ['--import', 'tsx', '--conditions=synth-source', `--max-old-space-size=${this.options.maxHeapMb ?? 1024}`],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      env: { ...process.env, NODE_OPTIONS: '', TZ: 'UTC' },
    });
    this.child = child;
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: { ready?: boolean; work?: string }) => {
        if (!m.ready) return;
        this.work = m.work;
        child.off('message', onMessage);
        child.off('exit', onExit);
        this.startMs += performance.now() - t;
        resolve();
      };
      const onExit = (code: number | null) => reject(new Error(`the fuzz child exited (${code}) before it was ready:\n${stderr}`));
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
    (child as ChildProcess & { lastStderr: () => string }).lastStderr = () => stderr;
    return this.ready;
  }

  /**
   * Runs one case; a hang, or a death of the child, is a failed result (and the next case gets a new child).
   * `cli`: through `synth build` (main()) instead of the stage functions.
   */
  async run(text: string, options: { cli?: boolean } = {}): Promise<CaseResult> {
    if (!this.child || this.child.exitCode !== null || this.child.signalCode !== null || !this.child.connected) await this.start();
    else await this.ready;
    const child = this.child!;
    const id = this.nextId++;
    const limit = this.options.killAfterMs ?? CASE_LIMIT_MS + 500;
    const started = performance.now();
    return new Promise<CaseResult>((resolve) => {
      const finish = (r: CaseResult) => {
        clearTimeout(timer);
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(r);
      };
      let stage: CaseResult['reached'] = 'validate';
      const onMessage = (m: { id?: number; result?: CaseResult; stage?: CaseResult['reached'] }) => {
        if (m.id !== id) return;
        if (m.stage) stage = m.stage;
        if (!m.result) return;
        const r = m.result;
        // Killing at the limit would leave slow cases as "hung"; a finished case over the limit is slow too.
        if (!r.failure && r.ms > CASE_LIMIT_MS) r.failure = { kind: 'slow', stage: r.reached, message: `took ${Math.round(r.ms)} ms (limit ${CASE_LIMIT_MS} ms)` };
        finish(r);
      };
      const onExit = (code: number | null, signal: string | null) => {
        const stderr = (child as ChildProcess & { lastStderr: () => string }).lastStderr();
        this.removeWork();
        const oom = /heap out of memory|Allocation failed/.test(stderr);
        finish({ ms: performance.now() - started, codes: [], reached: stage, built: false, failure: { kind: 'crash', stage, message: oom ? 'out of memory (heap limit reached)' : `the process died (${signal ?? code}): ${stderr.trim().split('\n').slice(-3).join(' | ').slice(0, 300)}` } });
      };
      const timer = setTimeout(() => {
        child.off('exit', onExit);
        child.kill('SIGKILL');
        this.child = undefined;
        const stack = this.hangStack(id);
        this.removeWork();
        finish({ ms: performance.now() - started, codes: [], reached: stage, built: false, failure: { kind: 'slow', stage, message: `no answer within ${limit} ms: killed as hung`, ...(stack ? { stack } : {}) } });
      }, limit);
      child.on('message', onMessage);
      child.once('exit', onExit);
      // The child's watchdog takes the stack of a case still running shortly before it is killed.
      child.send({ id, text, cli: options.cli === true, stackAfterMs: Math.max(0, limit - 400), validateComplete: this.options.validateComplete === true });
    });
  }

  /** Where the case hung, as the child's watchdog saw it (fuzz-child.ts), in topFrames' form. */
  private hangStack(id: number): string | undefined {
    try {
      const frames = JSON.parse(readFileSync(join(this.work!, `hang-${id}.json`), 'utf8')) as Array<{ fn: string; url: string; line: number }>;
      return topFrames(frames.map((f) => `    at ${f.fn || '<anonymous>'} (${f.url.replace(/^file:\/\//, '')}:${f.line})`).join('\n'), 6);
    } catch {
      return undefined;
    }
  }

  private removeWork(): void {
    if (this.work) rmSync(this.work, { recursive: true, force: true });
    this.work = undefined;
  }

  /** Ends the child (it removes its work directory). */
  close(): void {
    if (this.child && this.child.connected) this.child.disconnect();
    this.child = undefined;
  }
}
