import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { main } from '@synth/cli';
import { listFiles } from '../run-cli.js';

/**
 * The bad-input catalogue (issue 14): every way a user or an attacker can feed synth a bad input, each with the
 * diagnostic code and exit status it must produce, and the promise that nothing is written. Cases live in
 * `*.cases.ts` files beside this one (one per area: flags, spec numbers, limits, paths, config, samples, …);
 * `bad-input.test.ts` runs them all.
 */
export interface BadInput {
  /** What the user did, in words (the test's name). */
  name: string;
  /** The synth arguments. The command runs in a fresh temp directory holding `files`; paths are relative to it. */
  args: string[];
  /** Files to create in that directory first (spec, config file, samples): path → content. */
  files?: Record<string, string | Buffer>;
  /** Environment variables besides the isolated HOME and XDG_* folders. */
  env?: Record<string, string>;
  /** The diagnostic code that must appear in the output (e.g. 'SYN204'). */
  code: `SYN${number}`;
  /** The exit status: 1 for a bad spec or data, 2 for a bad command line. */
  exit: 1 | 2;
  /** Text that must appear in the output too (e.g. the flag named in the hint). */
  mentions?: string[];
}

/** Every `*.cases.ts` file in this folder, as [test name, case] pairs. */
export async function loadCatalogue(): Promise<Array<[string, BadInput]>> {
  const here = dirname(new URL(import.meta.url).pathname);
  const out: Array<[string, BadInput]> = [];
  for (const f of readdirSync(here).filter((n) => n.endsWith('.cases.ts')).sort()) {
    const mod = (await import(join(here, f))) as { cases: BadInput[] };
    for (const c of mod.cases) out.push([`${f.replace('.cases.ts', '')}: ${c.name}`, c]);
  }
  return out;
}

export interface CaseRun {
  exit: number;
  output: string;
  /** Files of the case's directory before and after, with their contents. */
  before: Map<string, Buffer>;
  after: Map<string, Buffer>;
  /** Wall time of the command alone, in milliseconds. */
  ms: number;
}

/** Runs one case in-process in its own directory, with HOME and XDG_* inside a temp folder of its own. */
export async function runBadInput(c: BadInput): Promise<CaseRun> {
  const dir = mkdtempSync(join(tmpdir(), 'synth-bad-'));
  for (const [path, content] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  const home = mkdtempSync(join(tmpdir(), 'synth-bad-home-'));
  const env = { HOME: home, XDG_DATA_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config'), XDG_CACHE_HOME: join(home, 'cache'), XDG_STATE_HOME: join(home, 'state'), ...c.env };
  const before = snapshot(dir);
  let output = '';
  const started = performance.now();
  const exit = await main(c.args, { cwd: dir, env, io: { stdout: (s) => void (output += s), stderr: (s) => void (output += s), color: false } });
  const ms = performance.now() - started;
  return { exit, output, before, after: snapshot(dir), ms };
}

/** Every file under dir with its bytes. */
function snapshot(dir: string): Map<string, Buffer> {
  return new Map(listFiles(dir).map((path) => [path, readFileSync(join(dir, path))]));
}
