import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { findLeftovers, removeLeftovers, resolveOutputs, settleDatabase, type AnyFormat, type Leftover } from '@synth/compiler';
import { diag } from '@synth/spec';
import { reportDiagnostics } from '../diagnostics-out.js';
import { EXIT, type CommandContext } from '../context.js';
import { planSpecFile } from '../plan-spec-file.js';
import { formatBytes } from './build.js';

export interface CleanArgs {
  paths?: string[];
  dryRun?: boolean;
  out?: string;
  format?: string;
}

/** Folders a directory scan does not enter: never an output folder, and large. */
const SKIP_DIRS = new Set(['node_modules', '.git']);
/** How deep a directory scan goes (shard folders sit one level below an output folder). */
const MAX_DEPTH = 8;

/** Where to look: a folder (and its subfolders), or the folder of one file with only that file's leftovers. */
interface Place {
  dir: string;
  recursive: boolean;
  only?: string;
}

/**
 * `synth clean [PATH..]`: removes what interrupted runs left behind — temporary files of builds whose process is
 * gone (a SIGKILL, a power cut), database copies of killed SQLite loads of earlier versions — and lets SQLite roll
 * back a hot journal a killed load left. PATH is a folder (default: the working directory), a spec (its output
 * folders, as `build` with the same --out/--format would write them) or a database file. Never touches a running
 * build's files. docs/cli.md#synth-clean.
 */
export async function cleanCommand(ctx: CommandContext, args: CleanArgs): Promise<number> {
  const places: Place[] = [];
  for (const p of args.paths?.length ? args.paths : ['.']) {
    const abs = resolve(ctx.cwd, p);
    const st = await stat(abs).catch((e: NodeJS.ErrnoException) => e);
    if (st instanceof Error) {
      reportDiagnostics(ctx.io, [diag('fileRead', { path: `'${p}'`, detail: st.code ?? st.message }, {})], ctx.diagnosticsFormat, new Map());
      return EXIT.invalid;
    }
    if (st.isDirectory()) places.push({ dir: abs, recursive: true });
    else if (/\.ya?ml$/i.test(p)) {
      const planned = await planSpecFile(ctx, p, {});
      if ('exit' in planned) return planned.exit;
      const { targets } = resolveOutputs(planned.plan, {
        specDir: dirname(abs),
        specName: basename(p).replace(/(\.synth)?\.ya?ml$/, ''),
        cwd: ctx.cwd,
        allowOutside: true,
        ...(args.out !== undefined ? { outDir: args.out } : {}),
        ...(args.format !== undefined ? { format: args.format as AnyFormat } : {}),
        ...(planned.plugins ? { plugins: planned.plugins } : {}),
      });
      for (const dir of new Set(targets.map((t) => dirname(t.path)))) places.push({ dir, recursive: true });
    } else places.push({ dir: dirname(abs), recursive: false, only: basename(abs) });
  }

  const show = (p: string) => relative(ctx.cwd, p) || '.';
  const verb = args.dryRun ? 'would remove' : 'removed';
  let files = 0;
  let bytes = 0;
  const seen = new Set<string>();
  const visit = async (dir: string, depth: number, place: Place): Promise<void> => {
    if (seen.has(dir)) return;
    seen.add(dir);
    const found: Leftover[] = args.dryRun ? await findLeftovers(dir, place.only) : await removeLeftovers(dir, place.only);
    for (const l of found) {
      ctx.io.stdout(`${verb} ${show(l.path)}  ${formatBytes(l.bytes)}  (${l.kind} of process ${l.pid}, which is gone)\n`);
      files++;
      bytes += l.bytes;
    }
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      // A database's journal or WAL: SQLite rolls back what a killed load left when the database is opened.
      const journal = /^(.+)-(journal|wal)$/.exec(e.name);
      if (e.isFile() && journal && (place.only === undefined || journal[1] === place.only)) {
        const db = join(dir, journal[1]!);
        const path = join(dir, e.name);
        const size = (await stat(path).catch(() => undefined))?.size ?? 0;
        if (!(await stat(db).catch(() => undefined))?.isFile()) continue;
        if (args.dryRun) {
          ctx.io.stdout(`would roll back ${show(path)}  ${formatBytes(size)}  (SQLite rolls back an interrupted load when ${show(db)} is opened)\n`);
          continue;
        }
        if ((await settleDatabase(db)) && !(await stat(path).catch(() => undefined))) {
          ctx.io.stdout(`rolled back ${show(path)}  ${formatBytes(size)}  (${show(db)} is as before the interrupted load)\n`);
          files++;
          bytes += size;
        }
      }
    }
    if (!place.recursive || depth >= MAX_DEPTH) return;
    for (const e of entries) if (e.isDirectory() && !SKIP_DIRS.has(e.name)) await visit(join(dir, e.name), depth + 1, place);
  };
  for (const place of places) await visit(place.dir, 0, place);
  if (args.dryRun) ctx.io.stdout(files === 0 ? 'nothing to clean\n' : '');
  else ctx.io.stdout(files === 0 ? 'nothing to clean\n' : `cleaned ${files} file${files === 1 ? '' : 's'}, ${formatBytes(bytes)}\n`);
  return EXIT.ok;
}
