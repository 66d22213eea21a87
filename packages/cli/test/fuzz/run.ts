/**
 * `pnpm fuzz`: runs fuzz cases until Ctrl-C (or `--runs N`, `--seconds S`), a random seed each run unless `--seed`.
 * Each new failure is shrunk by fast-check and written to the crash folder (`--out`, default `fuzz-crashes/`) as
 * `<n>-<kind>.synth.yaml`, with what happened in a comment at its top; then the run goes on with the next seed.
 * A failure with the signature of one already written is counted, not shrunk again. `--replay FILE|DIR` runs saved
 * specs once each and says what they do now. `--validate-complete` also fails a spec that validate passes and plan
 * refuses (issue 14 item 5). docs/cli.md#fuzzing.
 */
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import { CaseRunner } from './case-runner.js';
import { failureSignature, type CaseFailure, type CaseResult } from './fuzz-case.js';
import { specText, type FuzzInput } from './spec-arbitrary.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string' },
    seconds: { type: 'string' },
    seed: { type: 'string' },
    out: { type: 'string', default: 'fuzz-crashes' },
    quiet: { type: 'boolean', default: false },
    replay: { type: 'string' },
    'validate-complete': { type: 'boolean', default: false },
  },
});
const positive = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) {
    process.stderr.write(`--${name} takes a whole number >= 1, not '${v}'\n`);
    process.exit(2);
  }
  return n;
};
const maxRuns = positive('runs', values.runs) ?? Infinity;
const seconds = positive('seconds', values.seconds);
const deadline = seconds === undefined ? Infinity : Date.now() + seconds * 1000;
const firstSeed = values.seed === undefined ? (Math.random() * 2 ** 31) | 0 : Number(values.seed);
const outDir = resolve(process.env.INIT_CWD ?? process.cwd(), values.out!);

const runner = new CaseRunner({ validateComplete: values['validate-complete'] });

// `--replay FILE|DIR`: run saved specs (crash files) once each, both ways, and say what happens now.
if (values.replay !== undefined) {
  const target = resolve(process.env.INIT_CWD ?? process.cwd(), values.replay);
  const files = statSync(target).isDirectory() ? readdirSync(target).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(target, f)) : [target];
  let failing = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const cli of [false, true]) {
      const r = await runner.run(text, { cli });
      if (r.failure) failing++;
      process.stdout.write(`${basename(file)}${cli ? ' (synth build)' : ''}: ${r.failure ? `FAILS ${r.failure.kind} in ${r.failure.stage}: ${r.failure.message.slice(0, 160)}${r.failure.stack ? `\n    ${r.failure.stack.split('\n').slice(0, 3).join('\n    ')}` : ''}` : `ok (${r.built ? 'built' : r.codes.slice(0, 3).join(' ') || 'no diagnostics'}, ${Math.round(r.ms)} ms)`}\n`);
    }
  }
  runner.close();
  process.exit(failing > 0 ? 1 : 0);
}

let stopping = false;
process.on('SIGINT', () => {
  if (stopping) process.exit(130);
  stopping = true;
  process.stderr.write('\nstopping after this case (Ctrl-C again to quit now)\n');
});

const known = new Map<string, { file: string; count: number }>();
let cases = 0;
let built = 0;
let reachedPlan = 0;
let failures = 0;
let caseMs = 0;
const started = Date.now();

/** The property: a case fails on a new failure; a known one is counted and passes (so it is not shrunk again). */
/** Shrinking a hang costs a kill and a child start per step: a failure gets this long, then keeps what it has. */
const SHRINK_MS = 90_000;
let shrinkingSince: number | undefined;
/** One case in ten goes through `synth build` (main()) rather than the stage functions. */
const property = fc.asyncProperty(specText, fc.nat({ max: 9 }), async (input: FuzzInput, way: number) => {
  if (stopping || Date.now() > deadline || cases >= maxRuns) return; // skipped: the loop below ends the run
  if (shrinkingSince !== undefined && Date.now() - shrinkingSince > SHRINK_MS) return;
  const r: CaseResult = await runner.run(input.text, { cli: way === 0 });
  cases++;
  caseMs += r.ms;
  if (r.reached !== 'validate') reachedPlan++;
  if (r.built) built++;
  if (!r.failure) return;
  const seen = known.get(signatureOf(r.failure));
  if (seen) {
    seen.count++;
    return;
  }
  shrinkingSince ??= Date.now();
  throw new FuzzFailure(r.failure, input);
});

/**
 * A dead child, or a hang whose stack the watchdog could not take, has nothing but its stage to tell one cause from
 * another: up to SAMPLES_PER_HANG examples of each are kept, then they count as known.
 */
const SAMPLES_PER_HANG = 5;
function signatureOf(f: CaseFailure): string {
  const sig = failureSignature(f);
  if ((f.kind !== 'slow' && f.kind !== 'crash') || f.stack) return sig;
  const n = [...known.keys()].filter((k) => k.startsWith(`${sig} #`)).length;
  return n < SAMPLES_PER_HANG ? `${sig} #${n + 1}` : `${sig} #1`;
}

class FuzzFailure extends Error {
  constructor(readonly failure: CaseFailure, readonly input: FuzzInput) {
    super(`${failure.kind} in ${failure.stage}: ${failure.message}`);
  }
}

function comment(text: string): string {
  return text.split('\n').map((l) => `# ${l}`.trimEnd()).join('\n');
}

function save(f: FuzzFailure, seed: number, path: string): string {
  mkdirSync(outDir, { recursive: true });
  const slug = `${String(known.size + 1).padStart(3, '0')}-${f.failure.kind}-${f.failure.stage}`;
  const file = resolve(outDir, `${slug}.synth.yaml`);
  const head = [
    `fuzz: ${f.failure.kind} in ${f.failure.stage}: ${f.failure.message}`,
    ...(f.failure.stack ? ['stack:', ...f.failure.stack.split('\n').map((l) => `  ${l}`)] : []),
    `origin: ${f.input.origin}; replay: pnpm fuzz --seed ${seed} (path ${path})`,
  ].join('\n');
  writeFileSync(file, `${comment(head)}\n${f.input.text}`);
  return file;
}

const log = (s: string) => void process.stderr.write(`${s}\n`);
log(`fuzz: seed ${firstSeed}; failures go to ${outDir}${seconds ? `; for ${seconds} s` : ''}${Number.isFinite(maxRuns) ? `; ${maxRuns} cases` : ''}`);
let seed = firstSeed;
try {
  while (!stopping && Date.now() < deadline && cases < maxRuns) {
    // One fast-check run per seed: it ends at a new failure (shrunk), then the next seed goes on.
    // Chunks of 200 cases, so that the end of the time budget or a Ctrl-C is seen soon.
    shrinkingSince = undefined;
    const result = await fc.check(property, { seed, numRuns: Math.min(200, maxRuns - cases), interruptAfterTimeLimit: Math.max(1, Math.min(deadline - Date.now(), 2 ** 31 - 1)) });
    if (result.failed && result.errorInstance instanceof FuzzFailure) {
      const f = result.errorInstance;
      failures++;
      const file = save(f, seed, result.counterexamplePath ?? '');
      known.set(signatureOf(f.failure), { file, count: 1 });
      log(`\n[${cases} cases] new failure: ${f.message.slice(0, 200)}\n  shrunk in ${result.numShrinks} steps → ${file}`);
    } else if (result.failed) {
      log(`the fuzzer itself failed: ${String(result.errorInstance)}`);
      break;
    }
    seed = (seed + 1) | 0;
    if (!values.quiet) log(`[${cases} cases, ${Math.round((Date.now() - started) / 1000)} s] built ${built}, planned ${reachedPlan}, distinct failures ${known.size}`);
  }
} finally {
  runner.close();
}
const secs = (Date.now() - started) / 1000;
log(`\nfuzz: ${cases} cases in ${secs.toFixed(0)} s (${(cases / secs).toFixed(1)}/s, ${(caseMs / Math.max(cases, 1)).toFixed(1)} ms a case in the child, ${runner.starts} child starts); ` +
  `${reachedPlan} reached plan, ${built} built; ${known.size} distinct failures (${[...known.values()].reduce((n, k) => n + k.count, 0)} in all), first seed ${firstSeed}`);
for (const [sig, k] of known) log(`  ${k.count}× ${sig}\n     ${k.file}`);
process.exitCode = known.size > 0 ? 1 : 0;
void failures;
