/**
 * `--to sqlite:PATH`: the tables are built into a temporary file next to the target and renamed over it once
 * every row is in and every foreign key holds, so a failed load (a constraint, a full disk, a crash) leaves the
 * previous database exactly as it was. docs/destinations.md, "SQLite".
 */
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, chmod, open, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { CellValue, ColumnInfo, RowBatch, TableInfo } from '../types.js';
import { clock, schemaStatements, utcDateTime } from '../writers/sql-writer.js';
import { all, close, finalize, MAX_VARIABLES, OPEN_CREATE, OPEN_EXISTING, openDb, prepare, run, runStmt, type Db, type SqlParam, type Stmt } from './sqlite-store.js';
import { abortOnFailure } from './abort-on-failure.js';
import { DestinationError, type Destination } from './types.js';

/**
 * Rows per INSERT, at most. Measured with this driver (240k rows of the writer test spec): 100 to 200 rows load
 * fastest, 500 about 25% slower and 2,000 half as fast (binding one long parameter list costs more than the calls
 * it saves). Wide tables get fewer, to stay under SQLite's bound-parameter limit.
 */
const MAX_ROWS_PER_INSERT = 100;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Cell value → what is bound: the sql writer's sqlite mapping (bools 0/1, temporal values as UTC text). */
function bindEncoder(column: ColumnInfo): (v: CellValue) => SqlParam {
  const finite = (enc: (n: number) => SqlParam) => (v: CellValue) => (v === null ? null : typeof v === 'number' ? (Number.isFinite(v) ? enc(v) : null) : String(v));
  switch (column.type) {
    case 'int':
    case 'float':
      return finite((n) => n);
    case 'decimal':
      // Rounded to the scale, as the sql writer's literal is.
      return finite((n) => Number(n.toFixed(column.scale ?? 2)));
    case 'bool':
      return (v) => (v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : String(v));
    case 'date':
      return finite((n) => new Date(n).toISOString().slice(0, 10));
    case 'datetime':
      return finite(utcDateTime);
    case 'time':
      return finite(clock);
    default:
      // Bound with its length, so a NUL is kept (a script has to drop it; a bound value need not).
      return (v) => (v === null ? null : typeof v === 'string' ? v : String(v));
  }
}

interface Loading {
  table: TableInfo;
  encoders: Array<(v: CellValue) => SqlParam>;
  rowsPerInsert: number;
  /** The INSERT of `rows` rows, with a `?` per value. */
  insert: (rows: number) => string;
  /** The INSERT of exactly rowsPerInsert rows, prepared once per table. */
  full?: Stmt;
  params: SqlParam[];
  buffered: number;
  rows: number;
}

export function sqliteDestination(path: string, options: { replace: boolean }): Destination {
  const display = `sqlite:${path}`;
  const temp = join(dirname(path), `.${basename(path)}.synth-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  let db: Db | undefined;
  let tables = new Map<string, TableInfo>();
  /** Tables with a foreign key to a table loaded after them: loaded with foreign keys off, checked at finish. */
  let unchecked = new Set<string>();
  /** Tables whose foreign keys foreign_key_check runs at finish. */
  const toCheck = new Set<string>();
  let foreignKeysOn = false;
  /** The previous database was in WAL mode, which VACUUM INTO does not carry over: set again at finish. */
  let wal = false;
  let inTransaction = false;
  let loading: Loading | undefined;
  const loaded: Array<{ name: string; rows: number }> = [];

  const fail = (what: string, e: unknown): DestinationError => {
    if (e instanceof DestinationError) return e;
    return new DestinationError(`${what} in ${display} failed: ${(e as Error).message ?? String(e)}`);
  };

  const live = (): Db => {
    if (!db) throw new DestinationError(`the load into ${display} is not open (never opened, finished or aborted)`);
    return db;
  };

  const setForeignKeys = async (on: boolean) => {
    // Outside a transaction only: SQLite ignores the pragma inside one.
    if (on === foreignKeysOn) return;
    await run(live(), `PRAGMA foreign_keys = ${on ? 'ON' : 'OFF'}`);
    foreignKeysOn = on;
  };

  const flush = async (l: Loading) => {
    if (l.buffered === 0) return;
    if (l.buffered === l.rowsPerInsert) {
      l.full ??= await prepare(live(), l.insert(l.rowsPerInsert));
      await runStmt(l.full, l.params);
    } else {
      // The table's last, shorter INSERT.
      const stmt = await prepare(live(), l.insert(l.buffered));
      try {
        await runStmt(stmt, l.params);
      } finally {
        await finalize(stmt);
      }
    }
    l.rows += l.buffered;
    l.buffered = 0;
    l.params = [];
  };

  /** Throws when the target is open elsewhere: renaming over a database in use would lose its journal or WAL. */
  const assertNotInUse = async () => {
    for (const sidecar of ['-wal', '-journal']) {
      if (await exists(path + sidecar)) {
        throw new DestinationError(`${display} is in use (${basename(path + sidecar)} exists): close other connections to it and retry`);
      }
    }
  };

  /** Copies the existing database (if any) into the temporary file, checks for the spec's tables, creates them. */
  const openAndCreate = async (list: TableInfo[]) => {
    tables = new Map(list.map((t) => [t.name, t]));
    const previous = await stat(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw fail('reading the database', e);
    });
    if (previous && !previous.isFile()) throw new DestinationError(`${display} is not a file`);
    if (previous) {
      // A consistent copy (the WAL included, if any) of the database to build on; the target is only read.
      try {
        const source = await openDb(path, OPEN_EXISTING);
        try {
          source.configure('busyTimeout', 5000);
          const [mode] = await all<{ journal_mode: string }>(source, 'PRAGMA journal_mode');
          wal = mode?.journal_mode === 'wal';
          await run(source, 'VACUUM INTO ?', [temp]);
        } finally {
          await close(source);
        }
      } catch (e) {
        await rm(temp, { force: true });
        throw fail('copying the existing database', e);
      }
      await assertNotInUse();
    }
    try {
      db = await openDb(temp, OPEN_CREATE);
      // The temporary file is fsynced once before the rename; syncing every commit would only slow the load.
      await run(db, 'PRAGMA synchronous = OFF');
      await run(db, 'PRAGMA foreign_keys = OFF');
    } catch (e) {
      throw fail('creating the database', e);
    }

    const names = [...tables.keys()];
    const lower = new Set(names.map((n) => n.toLowerCase()));
    // SQLite names are case-insensitive (for ASCII letters, like lower()): `Customers` is `customers`.
    const objects = await all<{ type: string; name: string }>(db, `SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view', 'index')`).catch((e: unknown) => {
      throw fail('reading the schema', e);
    });
    const existing = objects.filter((o) => lower.has(o.name.toLowerCase()));
    const other = existing.find((o) => o.type !== 'table');
    if (other) throw new DestinationError(`cannot create table "${other.name}" in ${display}: ${other.type === 'view' ? 'a view' : 'an index'} of that name exists; drop it first`);
    const first = existing.length ? list.find((t) => existing.some((o) => o.name.toLowerCase() === t.name.toLowerCase())) : undefined;
    if (first && !options.replace) {
      const found = existing.find((o) => o.name.toLowerCase() === first.name.toLowerCase())!;
      throw new DestinationError(`table "${found.name}" already exists in ${display}; pass --replace to drop and recreate the spec's tables`);
    }

    const schema = schemaStatements('sqlite', list);
    unchecked = new Set(schema.deferredForeignKeys.map((fk) => fk.table));
    for (const t of unchecked) toCheck.add(t);
    let step = 'creating the tables';
    try {
      await run(db, 'BEGIN');
      inTransaction = true;
      if (existing.length) {
        step = 'dropping the existing tables';
        // Foreign keys are off: no implicit DELETE cascading into tables outside the spec, and the drop order
        // does not matter. Rows of other tables left pointing at a dropped table are found by the check at finish.
        for (const name of [...names].reverse()) await run(db, `DROP TABLE IF EXISTS ${quote(name)}`);
        const referencing = await all<{ name: string; parent: string }>(
          db,
          `SELECT m.name AS name, f."table" AS parent FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table'`,
        );
        for (const r of referencing) if (lower.has(r.parent.toLowerCase()) && !lower.has(r.name.toLowerCase())) toCheck.add(r.name);
        step = 'creating the tables';
      }
      for (const t of schema.tables) {
        step = `creating table "${t.name}"`;
        await run(db, t.create);
      }
      await run(db, 'COMMIT');
      inTransaction = false;
    } catch (e) {
      throw fail(step, e);
    }
  };

  return abortOnFailure({
    open: openAndCreate,

    async startTable(table) {
      live();
      const info = tables.get(table.name);
      if (!info) throw new DestinationError(`table "${table.name}" was not announced when ${display} was opened`);
      try {
        await setForeignKeys(!unchecked.has(table.name));
        await run(live(), 'BEGIN');
        inTransaction = true;
      } catch (e) {
        throw fail(`loading table "${table.name}"`, e);
      }
      const rowsPerInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_VARIABLES / Math.max(1, table.columns.length))));
      const head = `INSERT INTO ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(', ')}) VALUES `;
      const row = `(${table.columns.map(() => '?').join(', ')})`;
      const insert = (rows: number) => head + Array.from({ length: rows }, () => row).join(', ');
      loading = { table, encoders: table.columns.map(bindEncoder), rowsPerInsert, insert, params: [], buffered: 0, rows: 0 };
    },

    async writeBatch(batch: RowBatch) {
      live();
      const l = loading;
      if (!l || batch.table !== l.table.name) throw new DestinationError(`rows of table "${batch.table}" arrived outside its table in ${display}`);
      const width = l.encoders.length;
      try {
        for (let r = 0; r < batch.rowCount; r++) {
          for (let k = 0; k < width; k++) l.params.push(l.encoders[k]!(batch.columns[k]![r]!));
          if (++l.buffered === l.rowsPerInsert) await flush(l);
        }
      } catch (e) {
        throw fail(`loading table "${l.table.name}"`, e);
      }
    },

    async endTable() {
      live();
      const l = loading;
      if (!l) throw new DestinationError(`endTable without startTable in ${display}`);
      try {
        await flush(l);
        if (l.full) await finalize(l.full);
        l.full = undefined;
        await run(live(), 'COMMIT');
        inTransaction = false;
      } catch (e) {
        throw fail(`loading table "${l.table.name}"`, e);
      }
      loaded.push({ name: l.table.name, rows: l.rows });
      loading = undefined;
    },

    async finish() {
      // The rows of tables loaded with foreign keys off (a cycle) or pointing at a replaced table must all resolve.
      for (const name of toCheck) {
        let broken: Array<{ table: string; rowid: number | null; parent: string }>;
        try {
          broken = await all(live(), `PRAGMA foreign_key_check(${quote(name)})`);
        } catch (e) {
          throw fail(`checking the foreign keys of table "${name}"`, e);
        }
        if (broken.length) {
          const parents = [...new Set(broken.map((b) => `"${b.parent}"`))].join(', ');
          throw new DestinationError(
            `table "${name}" in ${display}: ${broken.length} row${broken.length === 1 ? '' : 's'} (first rowid ${broken[0]!.rowid}) reference rows missing from ${parents} (foreign key check after the load)`,
          );
        }
      }
      try {
        if (wal) await run(live(), 'PRAGMA journal_mode = WAL');
        await close(live());
        db = undefined;
        await fsyncPath(temp);
        const previous = await stat(path).catch(() => undefined);
        if (previous) {
          await assertNotInUse();
          await chmod(temp, previous.mode & 0o7777);
        }
        await rename(temp, path);
        await fsyncPath(dirname(path)).catch(() => undefined);
      } catch (e) {
        throw fail('replacing the database', e);
      }
      return { tables: loaded };
    },

    async abort() {
      try {
        if (loading?.full) await finalize(loading.full);
        loading = undefined;
        if (db && inTransaction) await run(db, 'ROLLBACK').catch(() => undefined);
        inTransaction = false;
        if (db) await close(db).catch(() => undefined);
        db = undefined;
      } catch {
        // abort never throws: the temporary file goes below whatever state the connection is in.
      }
      for (const f of [temp, `${temp}-journal`, `${temp}-wal`, `${temp}-shm`]) await rm(f, { force: true }).catch(() => undefined);
    },
  });
}

async function exists(p: string): Promise<boolean> {
  return access(p, fsConstants.F_OK).then(
    () => true,
    () => false,
  );
}

async function fsyncPath(p: string): Promise<void> {
  const h = await open(p, 'r');
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
