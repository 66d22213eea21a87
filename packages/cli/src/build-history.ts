import { createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BuildResult } from '@synth/compiler';
import { checkAuthorConfig, resolveStateFile, StateStore, type BuildRecord } from '@synth/llm-author';
import type { CommandContext } from './context.js';

let version: string | undefined;

/** This synth's version, from the cli package (src/ and dist/ both sit one level below it). */
export function synthVersion(): string {
  version ??= (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
  return version;
}

/** The state file builds are recorded in: the author's (docs/cli.md#synth-history), so one file holds all state. */
export function historyFile(ctx: CommandContext, stateFile?: string): string {
  const file = checkAuthorConfig(ctx.config?.author, ctx.configPath).value ?? {};
  return resolveStateFile({ flags: stateFile !== undefined ? { stateFile } : {}, env: ctx.env, file, cwd: ctx.cwd });
}

export interface BuildFacts {
  file: string;
  specText?: string;
  started: Date;
  durationMs: number;
  options: BuildRecord['options'];
  result: BuildResult;
  rows: Map<string, number>;
}

/** The record of one build: what was built from what, and what the checker found. */
export function buildRecord(ctx: CommandContext, f: BuildFacts): BuildRecord {
  const { result } = f;
  const errors = result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
  const c = result.conformance;
  const count = (o: string) => c?.findings.filter((x) => x.outcome === o).length ?? 0;
  return {
    id: randomBytes(4).toString('hex'),
    startedAt: f.started.toISOString(),
    durationMs: f.durationMs,
    spec: f.file,
    specPath: resolve(ctx.cwd, f.file),
    specSha256: createHash('sha256').update(f.specText ?? '').digest('hex'),
    seed: result.plan?.seed ?? '',
    synthVersion: synthVersion(),
    options: f.options,
    status: errors.length === 0 ? 'ok' : 'failed',
    errors: [...new Set(errors)],
    rows: Object.fromEntries(f.rows),
    // Absolute, so the record still names the files when read from elsewhere (object URLs stay as they are).
    outputs: result.files.map((o) => ({ path: /^[a-z][a-z0-9+.-]*:\/\//i.test(o.path) ? o.path : resolve(ctx.cwd, o.path), format: o.format, bytes: o.bytes, sha256: o.sha256 })),
    ...(c ? {
      conformance: {
        ok: c.ok, passed: count('pass'), failed: count('fail'), warnings: count('warn'), skipped: count('skip'), flaws: c.flaws.length,
        failures: c.findings.filter((x) => x.outcome === 'fail').map((x) => `${x.table}${x.column !== undefined ? `.${x.column}` : ''} ${x.rule} ${x.expected}: ${x.detail}`),
      },
    } : {}),
  };
}

/**
 * Adds the build to the history. The history is a record, not part of the build: when the state file cannot be
 * written, the build still succeeds and a warning says why.
 */
export async function recordBuild(ctx: CommandContext, record: BuildRecord): Promise<void> {
  const file = historyFile(ctx);
  let store: StateStore | undefined;
  try {
    store = await StateStore.open(file);
    await store.saveBuild(record);
  } catch (e) {
    ctx.log.warn(`build not recorded in the history (${file}): ${(e as Error).message.split('\n')[0]}`);
  } finally {
    await store?.close().catch(() => undefined);
  }
}
