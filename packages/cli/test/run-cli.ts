import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { main, type MainOptions } from '@synth/cli';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Builds record themselves in the state file under $XDG_DATA_HOME: tests, and the bins they spawn, keep theirs in a
 * throw-away directory, never in the user's.
 */
process.env.XDG_DATA_HOME = mkdtempSync(join(tmpdir(), 'synth-data-'));

/** Runs `synth ARGS` in-process (same code path as the bin), capturing its output. */
export async function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; author?: MainOptions['author'] } = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? { XDG_DATA_HOME: process.env.XDG_DATA_HOME },
    io: { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s), color: false },
    ...(options.author ? { author: options.author } : {}),
  });
  return { code, stdout, stderr };
}

export function tempDir(prefix = 'synth-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Every file under dir, as paths relative to it (sorted). */
/**
 * Writes late.synth.yaml into dir: a spec that passes validate and the probe, and whose row 400 fails at run time,
 * while files are being written (for tests that nothing is committed or uploaded). Returns its file name.
 */
export function writeLateFailingSpec(dir: string): string {
  writeFileSync(
    join(dir, 'late.synth.yaml'),
    `synth: 1
seed: 1
tables:
  t:
    rows: 1000
    columns:
      id: { type: sequence, primary_key: true }
      v: { type: int, expr: "id == 400 ? 1 / (id - 400) : id" }
outputs:
  - { format: csv, path: "{table}.csv" }
`,
  );
  return 'late.synth.yaml';
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d)) {
      const p = join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

export const REPO = new URL('../../../', import.meta.url).pathname;

/** The built bin (packages/cli/bin/synth.js → dist/), for tests that need a real process (worker threads, signals). */
export const BIN = join(REPO, 'packages/cli/bin/synth.js');

/** Runs `synth ARGS` as a separate process of the built bin. */
export function runBin(cwd: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
