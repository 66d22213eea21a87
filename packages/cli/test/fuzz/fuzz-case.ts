/**
 * One fuzz case, in-process: the spec text goes through the stages `synth validate`, `synth plan` and
 * `synth build --rows 5` call (loadSpecFile → planAndProbe → formatPlan → buildOutputs), and every diagnostic is
 * formatted with its code frame as the CLI prints it. The stage functions are called directly rather than through
 * main(): main() adds yargs and a cosmiconfig search (about 10 ms a call, three calls a case) that no spec reaches,
 * and the 2,000-case CI budget cannot pay for it. What a case must never do (issue 14 item 7): throw (the CLI would
 * print SYN499), report SYN499, leak a raw JavaScript error into a diagnostic, leave a file behind after a failed
 * build, write outside the output directory, or take over 2 s (the hang guard is in case-runner.ts).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildOutputs, formatPlan, planAndProbe } from '@synth/compiler';
import { formatDiagnostic, hasErrors, isFakerMethod, loadSpecFile, type Diagnostic } from '@synth/spec';
import { main } from '@synth/cli';
import { listFiles } from '../run-cli.js';

/** Root tables get this many rows in the build stage (`--rows 5`); per-parent and series tables follow. */
export const BUILD_ROWS = 5;
/** A case slower than this fails (the whole case: validate, plan and build). */
export const CASE_LIMIT_MS = 2_000;

export type FailureKind =
  /** A stage threw: the CLI would print SYN499 "Internal error". */
  | 'exception'
  /** A stage reported SYN499 itself. */
  | 'internal'
  /** A diagnostic carries a raw JavaScript error ("Maximum call stack size exceeded", "Invalid array length", …). */
  | 'leak'
  /** A failed build left files, or a build wrote outside its output directory. */
  | 'leftover'
  /** Over CASE_LIMIT_MS, or killed by the runner as hung. */
  | 'slow'
  /** The process running the case died (out of memory, abort). */
  | 'crash'
  /** Opt-in (issue 14 item 5): validate said valid, and plan, at the spec's own sizes, refused the spec. */
  | 'incomplete';

export interface CaseFailure {
  kind: FailureKind;
  stage: 'validate' | 'plan' | 'build' | 'case';
  message: string;
  /** The top frames of the stack, when there is one. */
  stack?: string;
}

export interface CaseResult {
  ms: number;
  /** The codes of every diagnostic, in order (for statistics: how far cases get). */
  codes: string[];
  /** The last stage that ran: cases that reach `build` exercise generation and the writers. */
  reached: 'validate' | 'plan' | 'build';
  /** Whether the build wrote its files. */
  built: boolean;
  failure?: CaseFailure;
}

/** Text of JavaScript engine errors that must never reach a user inside a diagnostic. */
const LEAKS = /Maximum call stack size exceeded|Invalid array length|Invalid string length|Invalid typed array length|out of memory|Cannot read properties of|Cannot set properties of|is not a function|is not iterable|\n\s+at (?!\/).*:\d+:\d+\)?/;
/**
 * Except in SYN319 naming a Faker method, which quotes what the method said about its arguments ("e is not
 * iterable" from helpers.shuffle given a number, "Invalid array length" from lorem.words given a list): a stack
 * overflow or a stack trace still counts there. (The runtime reports any generator's exception as SYN319, so a
 * SYN319 naming another generator, `'object'` or `'string'`, is held to LEAKS.)
 */
// `  at /outputs/0/9999-12-31T23:59:59` is a diagnostic's JSON pointer (a key the spec chose), not a stack frame.
const FAKER_LEAKS = /Maximum call stack size exceeded|out of memory|\n\s+at (?!\/).*:\d+:\d+\)?/;

const SPEC = 'fuzz.synth.yaml';
const OUT = 'out';

/** Runs `text` as a spec in the directory `work` (emptied first). Never throws: a throw is a failure of the case. */
export interface CaseOptions {
  /** Also fail when validate passes a spec that plan refuses ('incomplete'): validate must be the whole truth. */
  validateComplete?: boolean;
}

export async function runFuzzCase(text: string, work: string, onStage?: (stage: CaseResult['reached']) => void, options: CaseOptions = {}): Promise<CaseResult> {
  const started = performance.now();
  const codes: string[] = [];
  const sources = new Map([[SPEC, text]]);
  let stage: CaseFailure['stage'] = 'validate';
  let reached: CaseResult['reached'] = 'validate';
  let built = false;
  const done = (failure?: CaseFailure): CaseResult => ({ ms: performance.now() - started, codes, reached, built, ...(failure ? { failure } : {}) });
  /** Formats every diagnostic as the CLI prints it, and finds the ones that are bugs. */
  const inspect = (diagnostics: Diagnostic[]): CaseFailure | undefined => {
    for (const d of diagnostics) {
      codes.push(d.code);
      formatDiagnostic(d, { sources, color: true });
      if (d.code === 'SYN499') return { kind: 'internal', stage, message: `${d.code}: ${d.message}` };
      if (!/^SYN\d{3}$/.test(d.code)) return { kind: 'internal', stage, message: `diagnostic without a code: ${d.code} ${d.message}` };
      const leak = (fakersOwn(d.message) ? FAKER_LEAKS : LEAKS).exec(`${d.message}\n${d.hint ?? ''}`);
      if (leak) return { kind: 'leak', stage, message: `${d.code}: ${d.message.slice(0, 300)}` };
    }
    return undefined;
  };
  try {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    writeFileSync(join(work, SPEC), text);
    // synth validate
    onStage?.('validate');
    const loaded = await loadSpecFile(SPEC, work);
    const invalid = inspect(loaded.diagnostics);
    if (invalid) return done(invalid);
    if (!loaded.spec || !loaded.doc || hasErrors(loaded.diagnostics)) return done();
    // synth plan: the spec's own row counts, the first rows of every table probed.
    stage = reached = 'plan';
    onStage?.('plan');
    const planned = planAndProbe(loaded.spec, { doc: loaded.doc });
    const unplanned = inspect(planned.diagnostics);
    if (unplanned) return done(unplanned);
    if (options.validateComplete && hasErrors(planned.diagnostics)) {
      const refused = planned.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.message}`.slice(0, 120));
      return done({ kind: 'incomplete', stage: 'plan', message: `validate passed it; plan refused it: ${refused.slice(0, 2).join('; ')}` });
    }
    if (planned.plan && !hasErrors(planned.diagnostics)) formatPlan(planned.plan);
    // synth build --rows 5 --out out: every output of the spec, re-rooted in the work directory.
    stage = reached = 'build';
    onStage?.('build');
    const result = await buildOutputs(loaded.spec, loaded.doc, {
      rows: BUILD_ROWS,
      specDir: work,
      specName: 'fuzz',
      cwd: work,
      outDir: OUT,
      allowOutside: false,
      check: false,
      conformance: true,
    });
    const unbuilt = inspect(result.diagnostics);
    if (unbuilt) return done(unbuilt);
    built = !hasErrors(result.diagnostics);
    stage = 'case';
    const left = listFiles(work).filter((f) => f !== SPEC && (!built || !f.startsWith(`${OUT}/`) || f.endsWith('.synth-tmp')));
    if (left.length > 0) return done({ kind: 'leftover', stage, message: `${built ? 'build left' : 'failed build left'} ${left.slice(0, 3).join(', ')}` });
    return done();
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    return done({ kind: 'exception', stage, message: `${err.name}: ${err.message}`.slice(0, 500), stack: topFrames(err.stack) });
  }
}

/**
 * The same spec through the command line a user types, `synth build SPEC --rows 5 --out out` (main() in-process,
 * HOME and XDG_* inside the work directory): the exit status is 0 or 1, a failure prints a located `error SYNnnn:`,
 * never SYN499 or a stack trace, and leaves no file. Slower than runFuzzCase (yargs, the config search, history
 * off), so a share of the cases take this path.
 */
export async function runCliCase(text: string, work: string, onStage?: (stage: CaseResult['reached']) => void): Promise<CaseResult> {
  const started = performance.now();
  const codes: string[] = [];
  let built = false;
  const done = (failure?: CaseFailure): CaseResult => ({ ms: performance.now() - started, codes, reached: 'build', built, ...(failure ? { failure } : {}) });
  try {
    rmSync(work, { recursive: true, force: true });
    mkdirSync(join(work, 'home'), { recursive: true });
    writeFileSync(join(work, SPEC), text);
    onStage?.('build');
    const home = join(work, 'home');
    let output = '';
    const io = { stdout: (s: string) => void (output += s), stderr: (s: string) => void (output += s), color: false };
    const env = { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state'), TZ: 'UTC' };
    const exit = await main(['build', SPEC, '--rows', String(BUILD_ROWS), '--out', OUT, '--no-history'], { cwd: work, env, io });
    codes.push(...(output.match(/SYN\d{3}/g) ?? []));
    built = exit === 0;
    const fail = (kind: FailureKind, message: string) => done({ kind, stage: 'build', message: `synth build: ${message}` });
    if (output.includes('SYN499')) return fail('internal', output.slice(output.indexOf('SYN499'), output.indexOf('SYN499') + 300));
    const leak = (fakersOwn(output) ? FAKER_LEAKS : LEAKS).exec(output);
    if (leak) return fail('leak', `printed "${leak[0].trim()}"`);
    if (exit !== 0 && exit !== 1) return fail('internal', `exit ${exit}: ${output.slice(-300)}`);
    if (exit === 1 && !/error SYN\d{3}:/.test(output)) return fail('internal', `exit 1 without a diagnostic: ${output.slice(0, 300)}`);
    const left = listFiles(work).filter((f) => f !== SPEC && !f.startsWith('home/') && (!built || !f.startsWith(`${OUT}/`) || f.endsWith('.synth-tmp')));
    if (left.length > 0) return done({ kind: 'leftover', stage: 'case', message: `synth build: ${built ? 'build left' : 'failed build left'} ${left.slice(0, 3).join(', ')}` });
    return done();
  } catch (e) {
    // main() catches everything; a throw out of it is a bug of its own.
    const err = e instanceof Error ? e : new Error(String(e));
    return done({ kind: 'exception', stage: 'build', message: `synth build threw ${err.name}: ${err.message}`.slice(0, 500), stack: topFrames(err.stack) });
  }
}

/** Whether a text is a SYN319 about a Faker method's arguments (see FAKER_LEAKS). */
function fakersOwn(text: string): boolean {
  const method = /Faker method '([^']*)' failed with these arguments/.exec(text)?.[1];
  return method !== undefined && isFakerMethod(method);
}

/** The first frames of a stack, repository paths shortened: enough to tell two crashes apart. */
export function topFrames(stack: string | undefined, n = 4): string | undefined {
  if (!stack) return undefined;
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l)).slice(0, n);
  return frames.map((l) => l.trim().replace(/\(?(file:\/\/)?\/[^()]*?\/packages\//, '(packages/').replace(/\(\/[^()]*\/node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '(')).join('\n');
}

/**
 * What tells two failures apart: the kind, the stage and the message with its numbers, quoted text and paths
 * blurred, plus the top frame. Failures with one signature are one bug.
 */
export function failureSignature(f: CaseFailure): string {
  const message = f.message
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, 'Q')
    .replace(/\d+(\.\d+)?/g, 'N')
    .replace(/\/[^\s:]+/g, 'P')
    .slice(0, 120);
  const frame = f.stack?.split('\n')[0]?.replace(/(:\d+)+\)?$/, '') ?? '';
  return `${f.kind} ${f.stage}: ${message} ${frame}`.trim();
}
