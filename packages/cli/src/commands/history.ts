import { existsSync } from 'node:fs';
import { diag } from '@synth/spec';
import { StateStore, type BuildRecord } from '@synth/llm-author';
import { reportDiagnostics } from '../diagnostics-out.js';
import { EXIT, type CommandContext } from '../context.js';
import { historyFile } from '../build-history.js';
import { formatBytes } from './build.js';

export interface HistoryArgs {
  action?: string;
  id?: string;
  json?: boolean;
  limit?: number;
  stateFile?: string;
}

/** `synth history` lists the recorded builds, newest first; `synth history show ID` shows one (docs/cli.md). */
export async function historyCommand(ctx: CommandContext, args: HistoryArgs): Promise<number> {
  if ((args.action === 'show') !== (args.id !== undefined)) {
    ctx.io.stderr(args.id === undefined ? 'error: synth history show needs a build id (the first column of synth history)\n' : 'error: to show one build: synth history show ID\n');
    return EXIT.usage;
  }
  const file = historyFile(ctx, args.stateFile);
  const notFound = () => {
    reportDiagnostics(ctx.io, [diag('buildNotFound', { id: `'${args.id}'` })], ctx.diagnosticsFormat, new Map());
    return EXIT.invalid;
  };
  // A listing does not create the state file.
  if (!existsSync(file)) {
    if (args.id !== undefined) return notFound();
    ctx.io.stdout(args.json ? '[]\n' : `no builds recorded in ${file}\n`);
    return EXIT.ok;
  }
  let store: StateStore;
  try {
    store = await StateStore.open(file);
  } catch (e) {
    reportDiagnostics(ctx.io, [diag('fileRead', { path: `the state file ${file}`, detail: (e as Error).message.split('\n')[0] }, { hint: 'Set --state-file (or SYNTH_STATE_FILE) to the state file; see docs/cli.md#synth-history.' })], ctx.diagnosticsFormat, new Map());
    return EXIT.invalid;
  }
  try {
    if (args.id !== undefined) {
      const b = await store.getBuild(args.id);
      if (!b) return notFound();
      ctx.io.stdout(args.json ? `${JSON.stringify(b, null, 2)}\n` : describeBuild(b));
      return EXIT.ok;
    }
    const list = (await store.listBuilds()).slice(0, args.limit ?? 20);
    if (args.json) ctx.io.stdout(`${JSON.stringify(list, null, 2)}\n`);
    else if (list.length === 0) ctx.io.stdout(`no builds recorded in ${file}\n`);
    else for (const b of list) ctx.io.stdout(`${summaryLine(b)}\n`);
    return EXIT.ok;
  } finally {
    await store.close();
  }
}

function totalRows(b: BuildRecord): number {
  return Object.values(b.rows).reduce((a, n) => a + n, 0);
}

function conformanceWord(b: BuildRecord): string {
  const c = b.conformance;
  if (!c) return 'not checked';
  return c.ok ? (c.warnings ? `conforms (${c.warnings} warning${c.warnings === 1 ? '' : 's'})` : 'conforms') : `${c.failed} failed`;
}

/** `3f9a2c1e  2026-11-26 10:40  ok      shop.synth.yaml  5 files  3,351 rows  0.4 s  conforms`. */
function summaryLine(b: BuildRecord): string {
  return [b.id, b.startedAt.slice(0, 16).replace('T', ' '), b.status.padEnd(6), b.spec, `${b.outputs.length} file${b.outputs.length === 1 ? '' : 's'}`,
    `${totalRows(b).toLocaleString('en-US')} rows`, `${(b.durationMs / 1000).toFixed(1)} s`, conformanceWord(b)].join('  ');
}

function describeBuild(b: BuildRecord): string {
  const opts = Object.entries(b.options).map(([k, v]) => `--${k} ${v}`).join(' ');
  const lines = [
    `build     ${b.id} (${b.status}${b.errors.length ? `: ${b.errors.join(', ')}` : ''})`,
    `spec      ${b.specPath}`,
    `sha256    ${b.specSha256}`,
    `seed      ${b.seed}${opts ? `   options ${opts}` : ''}`,
    `synth     ${b.synthVersion}`,
    `started   ${b.startedAt}, ${(b.durationMs / 1000).toFixed(2)} s`,
    ...Object.entries(b.rows).map(([t, n]) => `rows      ${t}  ${n.toLocaleString('en-US')}`),
    ...b.outputs.map((o) => `output    ${o.path}  ${o.format}  ${formatBytes(o.bytes)}  sha256 ${o.sha256}`),
    `checks    ${conformanceWord(b)}${b.conformance ? `: ${b.conformance.passed} passed, ${b.conformance.failed} failed, ${b.conformance.warnings} warnings, ${b.conformance.skipped} not checked, ${b.conformance.flaws} flaws declared` : ''}`,
    ...(b.conformance?.failures ?? []).map((f) => `FAIL      ${f}`),
  ];
  return `${lines.join('\n')}\n`;
}
