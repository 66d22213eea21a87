/**
 * What an interrupted synth can leave next to its outputs, and how to tell a dead process's leftovers from a running
 * build's files: temporary files carry the writing process's pid, and a file is a leftover only when that process is
 * gone (or the file is so old that the pid has surely been reused). docs/cli.md, "synth clean".
 */
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** `.NAME.<pid>.<hex>.synth-tmp`: an output being written (AtomicFile). */
export const TEMP_FILE = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.synth-tmp$/;
/** `.NAME.synth-<pid>-<hex>.tmp[-journal|-wal|-shm]`: the database copy SQLite loads of earlier synth versions were built in. */
export const DATABASE_COPY = /^\.(.+)\.synth-(\d+)-[0-9a-f]{8}\.tmp(?:-journal|-wal|-shm)?$/;

/**
 * A temporary file this old is a leftover even when a process of its pid runs: pids are reused, and a running build
 * writes its temporary files at least every few seconds (mtime) until it commits them.
 */
export const STALE_AFTER_MS = 7 * 24 * 3600 * 1000;

export interface Leftover {
  path: string;
  kind: 'temporary file' | 'database copy';
  bytes: number;
  pid: number;
}

/** Whether a process with this pid runs (EPERM: it does, under another user). */
export function processAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The leftovers of dead processes directly in `dir` (none when it cannot be read). `only`: of this file name only. */
export async function findLeftovers(dir: string, only?: string): Promise<Leftover[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: Leftover[] = [];
  for (const name of names) {
    const temp = TEMP_FILE.exec(name);
    const copy = temp ? undefined : DATABASE_COPY.exec(name);
    const m = temp ?? copy;
    if (!m || (only !== undefined && m[1] !== only)) continue;
    const pid = Number(m[2]);
    const path = join(dir, name);
    const st = await stat(path).catch(() => undefined);
    if (!st?.isFile()) continue;
    if (processAlive(pid) && Date.now() - st.mtimeMs < STALE_AFTER_MS) continue;
    out.push({ path, kind: temp ? 'temporary file' : 'database copy', bytes: st.size, pid });
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** Removes the leftovers of dead processes directly in `dir`; returns what it removed. */
export async function removeLeftovers(dir: string, only?: string): Promise<Leftover[]> {
  const found = await findLeftovers(dir, only);
  const removed: Leftover[] = [];
  for (const l of found) {
    try {
      await rm(l.path);
      removed.push(l);
    } catch {
      // Gone meanwhile (another run cleaned it), or not ours to remove: the next run tries again.
    }
  }
  return removed;
}

/**
 * Lets SQLite settle the database at `path`: a hot journal left by a killed load is rolled back, a dead process's
 * WAL dropped. Returns false when it is not a database SQLite can open. (The driver loads only when called.)
 */
export async function settleDatabase(path: string): Promise<boolean> {
  return (await import('../destinations/sqlite-destination.js')).settleDatabase(path);
}
