/**
 * `--to sqlite:PATH`: the whole load is one transaction in the target database, committed once every row is in and
 * every foreign key holds. SQLite's rollback journal (or WAL) makes it all or nothing: a failed load rolls back, and
 * a killed process leaves a hot journal that SQLite rolls back when the database is next opened (by the next load,
 * by `synth clean`, by any reader). No copy of the database is made. docs/destinations.md, "All or nothing".
 */
import { rm, stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { removeLeftovers } from '../writers/leftovers.js';
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
  let db: Db | undefined;
  let tables = new Map<string, TableInfo>();
  /** Tables whose foreign keys foreign_key_check runs before the commit. */
  const toCheck = new Set<string>();
  /** The file did not exist: a failed load removes it again, so it leaves nothing behind. */
  let created = false;
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

  /** Opens the target in place, checks for the spec's tables, and creates them in the load's transaction. */
  const openAndCreate = async (list: TableInfo[]) => {
    tables = new Map(list.map((t) => [t.name, t]));
    const previous = await stat(path).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return undefined;
      throw fail('reading the database', e);
    });
    if (previous && !previous.isFile()) throw new DestinationError(`${display} is not a file`);
    created = !previous;
    // Copies of this database an earlier synth built loads in, left by killed loads (that design is gone).
    await removeLeftovers(dirname(path), basename(path));
    let step = 'creating the database';
    try {
      db = await openDb(path, OPEN_CREATE);
      // Another connection writing waits for us (and we for it) instead of failing at once.
      db.configure('busyTimeout', 5000);
      // Foreign keys stay off for the whole load (the pragma cannot change inside a transaction): dropping a table
      // then runs no implicit DELETE, tables of a cycle load in any order, and foreign_key_check runs before COMMIT.
      await run(db, 'PRAGMA foreign_keys = OFF');
      step = previous ? 'reading the database' : step;
      // IMMEDIATE: the write lock now, before anything is generated into it. Reading the schema is also where
      // SQLite rolls back a hot journal left by a killed load.
      await run(db, 'BEGIN IMMEDIATE');
      inTransaction = true;
    } catch (e) {
      throw fail(step, e);
    }

    const names = [...tables.keys()];
    const lower = new Set(names.map((n) => n.toLowerCase()));
    // SQLite names are case-insensitive (for ASCII letters, like lower()): `Customers` is `customers`.
    const objects = await all<{ type: string; name: string }>(db, `SELECT type, name FROM sqlite_schema WHERE type IN ('table', 'view', 'index')`).catch((e: unknown) => {
      throw fail('reading the database', e);
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
    for (const t of list) if (t.foreignKeys?.length) toCheck.add(t.name);
    for (const fk of schema.deferredForeignKeys) toCheck.add(fk.table);
    let step2 = 'creating the tables';
    try {
      if (existing.length) {
        step2 = 'dropping the existing tables';
        // Foreign keys are off: no implicit DELETE cascading into tables outside the spec, and the drop order
        // does not matter. Rows of other tables left pointing at a dropped table are found by the check at finish.
        for (const name of [...names].reverse()) await run(db, `DROP TABLE IF EXISTS ${quote(name)}`);
        const referencing = await all<{ name: string; parent: string }>(
          db,
          `SELECT m.name AS name, f."table" AS parent FROM sqlite_schema AS m, pragma_foreign_key_list(m.name) AS f WHERE m.type = 'table'`,
        );
        for (const r of referencing) if (lower.has(r.parent.toLowerCase()) && !lower.has(r.name.toLowerCase())) toCheck.add(r.name);
      }
      for (const t of schema.tables) {
        step2 = `creating table "${t.name}"`;
        await run(db, t.create);
      }
    } catch (e) {
      throw fail(step2, e);
    }
  };

  return abortOnFailure({
    open: openAndCreate,

    async startTable(table) {
      live();
      const info = tables.get(table.name);
      if (!info) throw new DestinationError(`table "${table.name}" was not announced when ${display} was opened`);
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
      } catch (e) {
        throw fail(`loading table "${l.table.name}"`, e);
      }
      loaded.push({ name: l.table.name, rows: l.rows });
      loading = undefined;
    },

    async finish() {
      // Every row of the spec's tables, and of other tables pointing at a replaced one, must resolve.
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
        await run(live(), 'COMMIT');
        inTransaction = false;
        await close(live());
        db = undefined;
      } catch (e) {
        throw fail('committing the load', e);
      }
      return { tables: loaded };
    },

    async abort() {
      // The connection is dropped from `db` first, so nothing queued after this abort can run outside the
      // transaction (a statement after ROLLBACK would autocommit).
      const d = db;
      db = undefined;
      const statement = loading?.full;
      loading = undefined;
      try {
        if (statement) await finalize(statement);
        if (d && inTransaction) await run(d, 'ROLLBACK').catch(() => undefined);
        inTransaction = false;
        if (d) await close(d).catch(() => undefined);
      } catch {
        // abort never throws.
      }
      // A database this load created goes again (it held nothing before); an existing one is as it was.
      if (d && created) for (const f of [path, `${path}-journal`, `${path}-wal`, `${path}-shm`]) await rm(f, { force: true }).catch(() => undefined);
    },
  });
}

/**
 * Opens the SQLite database at `path` and reads its schema: SQLite rolls back a hot journal left by a killed load
 * (and drops the WAL of a killed process) when a database is opened this way; closing the last connection removes
 * the journal or WAL. Returns false when `path` is not a database SQLite can open.
 */
export async function settleDatabase(path: string): Promise<boolean> {
  let db: Db | undefined;
  try {
    db = await openDb(path, OPEN_EXISTING);
    db.configure('busyTimeout', 5000);
    await all(db, 'SELECT count(*) FROM sqlite_schema');
    return true;
  } catch {
    return false;
  } finally {
    if (db) await close(db).catch(() => undefined);
  }
}
