import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { BIN, listFiles, REPO, tempDir } from './run-cli.js';

/**
 * Nothing left behind (issue 14): real processes of the built bin (`npx tsc -b` first), interrupted mid-write.
 * Every wait is bounded; a build is signalled as soon as it writes, so each case takes a second or two.
 */
const SHOP = readFileSync(join(REPO, 'fixtures/shop.synth.yaml'), 'utf8');
const BOUND_MS = 30_000;

interface Ended {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function start(cwd: string, args: string[]): { child: ChildProcess; ended: Promise<Ended> } {
  const child = spawn(process.execPath, [BIN, ...args, ...(args[0] === 'build' ? ['--no-history'] : [])], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const ended = new Promise<Ended>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, ended };
}

async function run(cwd: string, args: string[]): Promise<Ended> {
  return start(cwd, args).ended;
}

/** Polls until `test` holds; false when the bound passes (a guard against hangs, not a timing assertion). */
async function waitFor(test: () => boolean, ms = BOUND_MS): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (test()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return test();
}

/** Ends the child with `signal` once it is writing (a temporary file exists); the child's end, bounded. */
async function signalWhileWriting(child: ChildProcess, ended: Promise<Ended>, writing: () => boolean, signal: NodeJS.Signals): Promise<Ended> {
  const started = await waitFor(writing);
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), BOUND_MS);
  try {
    const r = await ended;
    expect(started).toBe(true);
    return r;
  } finally {
    clearTimeout(timer);
  }
}

const temporaries = (dir: string) => listFiles(dir).filter((f) => /synth-tmp$|\.synth-\d+-[0-9a-f]{8}\.tmp/.test(f));
const snapshot = (dir: string) => Object.fromEntries(listFiles(dir).map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]));

function project(): string {
  const dir = tempDir('synth-signals-');
  writeFileSync(join(dir, 'shop.synth.yaml'), SHOP);
  return dir;
}

describe('an interrupted build leaves nothing behind', () => {
  it.each([
    ['SIGINT', 130, []],
    ['SIGTERM', 143, ['--workers', '2']],
  ] as const)('%s: exit %i, SYN455, no temporary file, the previous outputs unchanged', async (signal, status, extra) => {
    const dir = project();
    const args = ['build', 'shop.synth.yaml', '--out', 'o', '--format', 'csv'];
    expect((await run(dir, [...args, '--rows', '10'])).code).toBe(0);
    const before = snapshot(join(dir, 'o'));

    const { child, ended } = start(dir, [...args, '--rows', '300000', ...extra]);
    const r = await signalWhileWriting(child, ended, () => temporaries(join(dir, 'o')).length > 0, signal);
    expect({ code: r.code, signal: r.signal }).toEqual({ code: status, signal: null });
    expect(r.stderr).toContain(`SYN455: Interrupted by ${signal}`);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(temporaries(dir)).toEqual([]);
    expect(snapshot(join(dir, 'o'))).toEqual(before);
  });

  it('SIGKILL: the next build into the same folder (another format) removes the dead build\'s temporary files', async () => {
    const dir = project();
    const { child, ended } = start(dir, ['build', 'shop.synth.yaml', '--out', 'o', '--format', 'csv', '--rows', '300000']);
    const r = await signalWhileWriting(child, ended, () => existsSync(join(dir, 'o')) && temporaries(join(dir, 'o')).length > 0, 'SIGKILL');
    expect(r.signal).toBe('SIGKILL');
    expect(temporaries(dir).length).toBeGreaterThan(0);
    expect((await run(dir, ['build', 'shop.synth.yaml', '--out', 'o', '--format', 'jsonl', '--rows', '10'])).code).toBe(0);
    expect(temporaries(dir)).toEqual([]);
    expect(listFiles(join(dir, 'o')).every((f) => f.endsWith('.jsonl'))).toBe(true);
  });

  it('synth clean lists (--dry-run) and removes what a SIGKILL left, and never a running build\'s files', async () => {
    const dir = project();
    const { child, ended } = start(dir, ['build', 'shop.synth.yaml', '--out', 'o', '--format', 'csv', '--rows', '300000']);
    await signalWhileWriting(child, ended, () => existsSync(join(dir, 'o')) && temporaries(join(dir, 'o')).length > 0, 'SIGKILL');
    const left = temporaries(dir);
    expect(left.length).toBeGreaterThan(0);
    // A running process's temporary file (this test's own pid) is not a leftover.
    const live = join(dir, 'o', `.live.csv.${process.pid}.0123abcd.synth-tmp`);
    writeFileSync(live, 'x');

    const dry = await run(dir, ['clean', '--dry-run']);
    expect(dry.code).toBe(0);
    for (const f of left) expect(dry.stdout).toContain(`would remove ${f}`);
    expect(temporaries(dir)).toEqual([...left, `o/.live.csv.${process.pid}.0123abcd.synth-tmp`].sort());

    const clean = await run(dir, ['clean', 'shop.synth.yaml', '--out', 'o', '--format', 'csv']);
    expect(clean.code).toBe(0);
    for (const f of left) expect(clean.stdout).toContain(`removed ${f}`);
    expect(clean.stdout).toMatch(/cleaned \d+ files/);
    expect(temporaries(dir)).toEqual([`o/.live.csv.${process.pid}.0123abcd.synth-tmp`]);
    expect((await run(dir, ['clean', 'nowhere'])).stderr).toContain('SYN401');
  });
});

/** Python's sqlite3 (not our driver): integrity, foreign keys and row counts of the database. */
function sqliteState(path: string): { integrity: string; fk: unknown[]; counts: Record<string, number> } {
  const script = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
names = [r[0] for r in db.execute("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")]
print(json.dumps({"integrity": db.execute("PRAGMA integrity_check").fetchone()[0], "fk": db.execute("PRAGMA foreign_key_check").fetchall(), "counts": {t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in names}}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path], { encoding: 'utf8' })) as { integrity: string; fk: unknown[]; counts: Record<string, number> };
}

describe('an interrupted SQLite load leaves nothing behind', () => {
  const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  const journal = (dir: string) => existsSync(join(dir, 'shop.db-journal')) && statSync(join(dir, 'shop.db-journal')).size > 0;

  it('SIGINT: rolled back, exit 130, no journal, the database byte for byte as it was', async () => {
    const dir = project();
    expect((await run(dir, ['build', 'shop.synth.yaml', '--to', 'sqlite:shop.db', '--rows', '10'])).code).toBe(0);
    const before = sha(join(dir, 'shop.db'));
    const { child, ended } = start(dir, ['build', 'shop.synth.yaml', '--to', 'sqlite:shop.db', '--replace', '--rows', '300000']);
    const r = await signalWhileWriting(child, ended, () => journal(dir), 'SIGINT');
    expect(r.code).toBe(130);
    expect(r.stderr).toContain('SYN455');
    expect(readdirSync(dir).sort()).toEqual(['shop.db', 'shop.synth.yaml']);
    expect(sha(join(dir, 'shop.db'))).toBe(before);
  });

  it('SIGKILL: no copy of the database; clean (or the next load) rolls the hot journal back; the next load succeeds', async () => {
    const dir = project();
    expect((await run(dir, ['build', 'shop.synth.yaml', '--to', 'sqlite:shop.db', '--rows', '10'])).code).toBe(0);
    const before = sha(join(dir, 'shop.db'));
    const counts = sqliteState(join(dir, 'shop.db')).counts;
    const { child, ended } = start(dir, ['build', 'shop.synth.yaml', '--to', 'sqlite:shop.db', '--replace', '--rows', '300000']);
    // Killed once rows are going in (the journal holds the replaced tables' pages).
    const r = await signalWhileWriting(child, ended, () => journal(dir) && statSync(join(dir, 'shop.db')).size > 2 * 1024 * 1024, 'SIGKILL');
    expect(r.signal).toBe('SIGKILL');
    expect(readdirSync(dir).sort()).toEqual(['shop.db', 'shop.db-journal', 'shop.synth.yaml']);

    const clean = await run(dir, ['clean', 'shop.db']);
    expect(clean.stdout).toContain('rolled back shop.db-journal');
    expect(readdirSync(dir).sort()).toEqual(['shop.db', 'shop.synth.yaml']);
    expect(sha(join(dir, 'shop.db'))).toBe(before);

    // Killed again, then loaded again without clean: the load itself rolls back and replaces.
    const again = start(dir, ['build', 'shop.synth.yaml', '--to', 'sqlite:shop.db', '--replace', '--rows', '300000']);
    await signalWhileWriting(again.child, again.ended, () => journal(dir) && statSync(join(dir, 'shop.db')).size > 2 * 1024 * 1024, 'SIGKILL');
    expect((await run(dir, ['build', 'shop.synth.yaml', '--to', 'sqlite:shop.db', '--replace', '--rows', '10'])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['shop.db', 'shop.synth.yaml']);
    const after = sqliteState(join(dir, 'shop.db'));
    expect(after).toEqual({ integrity: 'ok', fk: [], counts });
  });

  it('the next load removes a database copy that an earlier synth version left', async () => {
    const dir = project();
    // What a killed load of the copy-and-rename design left: a copy and its journal, of a process that is gone.
    const dead = 2 ** 22 + 12345;
    writeFileSync(join(dir, `.shop.db.synth-${dead}-0123abcd.tmp`), 'copy');
    writeFileSync(join(dir, `.shop.db.synth-${dead}-0123abcd.tmp-journal`), 'journal');
    expect((await run(dir, ['build', 'shop.synth.yaml', '--to', 'sqlite:shop.db', '--rows', '10'])).code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['shop.db', 'shop.synth.yaml']);
  });
});
