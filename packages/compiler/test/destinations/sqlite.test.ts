import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import type { TableInfo } from '@synth/compiler';
import { DestinationError, openDestination, parseDestination } from '../../src/destinations/types.js';
import { AWKWARD, batchOf, CYCLE_SPEC, generateTables, loadInto, type Rows } from '../support/load.js';
import { sqliteValue } from '../support/sqlite-value.js';
import { TYPES_SPEC } from '../writers/write-with.js';

const PYTHON = '/usr/bin/python3';

/** Python's sqlite3 (not the driver under test) dumps every table: declared types, storage classes, keys, rows. */
const READ_SQLITE = `
import json, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
q = lambda n: '"' + n.replace('"', '""') + '"'
out = {"integrity": con.execute("PRAGMA integrity_check").fetchone()[0], "fk_check": [list(r) for r in con.execute("PRAGMA foreign_key_check")], "tables": {}}
for (name,) in con.execute("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid").fetchall():
    cur = con.execute("SELECT * FROM " + q(name) + " ORDER BY rowid")
    rows = [list(r) for r in cur]
    cols = [d[0] for d in cur.description]
    info = con.execute("PRAGMA table_info(" + q(name) + ")").fetchall()
    out["tables"][name] = {
        "columns": cols,
        "types": [r[2] for r in info],
        "notnull": [r[3] for r in info],
        "pk": [r[1] for r in info if r[5]],
        "storage": [sorted({r[0] for r in con.execute("SELECT typeof(" + q(c) + ") FROM " + q(name))}) for c in cols],
        "foreign_keys": [{"from": r[3], "table": r[2], "to": r[4]} for r in con.execute("PRAGMA foreign_key_list(" + q(name) + ")")],
        "rows": rows,
    }
print(json.dumps(out))
`;

interface SqliteBack {
  integrity: string;
  fk_check: unknown[];
  tables: Record<string, { columns: string[]; types: string[]; notnull: number[]; pk: string[]; storage: string[][]; foreign_keys: Array<{ from: string; table: string; to: string }>; rows: unknown[][] }>;
}

function readSqlite(path: string): SqliteBack {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} (with its sqlite3 module) is needed to read the database back`);
  return JSON.parse(execFileSync(PYTHON, ['-c', READ_SQLITE, path], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: 'pipe' })) as SqliteBack;
}

/** Runs SQL on a database with Python's sqlite3: how the tests make a database that was there before the load. */
function pythonSql(path: string, sql: string): void {
  execFileSync(PYTHON, ['-c', 'import sqlite3, sys\ncon = sqlite3.connect(sys.argv[1])\ncon.executescript(sys.argv[2])\ncon.close()', path, sql], { stdio: 'pipe' });
}

function expectRows(back: SqliteBack, tables: TableInfo[], rows: Map<string, Rows>) {
  for (const info of tables) {
    const table = back.tables[info.name]!;
    expect(table.columns).toEqual(info.columns.map((c) => c.name));
    const expected = rows.get(info.name)!.map((row) => info.columns.map((c) => sqliteValue(c, row[c.name]!, { dropNul: false })));
    expect(table.rows).toHaveLength(expected.length);
    expect(table.rows).toEqual(expected);
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');
const tempDir = () => mkdtempSync(join(tmpdir(), 'synth-sqlite-dest-'));

/** The test loads into `out.db` in a fresh directory; afterwards nothing but the database may be there. */
function expectNoLeftovers(dir: string, expected: string[]) {
  expect(readdirSync(dir).sort()).toEqual(expected.sort());
}

describe('sqlite destination', () => {
  it("loads every row, value and type of the types spec, with keys that Python's sqlite3 sees", async () => {
    const dir = tempDir();
    const { tables, batches, rows } = generateTables(TYPES_SPEC, { batchRows: 50 });
    const dest = await openDestination('sqlite:out.db', { cwd: dir });
    const loaded = await loadInto(dest, tables, batches);
    expect(loaded).toEqual(tables.map((t) => ({ name: t.name, rows: rows.get(t.name)!.length })));
    expectNoLeftovers(dir, ['out.db']);

    const back = readSqlite(join(dir, 'out.db'));
    expect(back.integrity).toBe('ok');
    expect(back.fk_check).toEqual([]);
    expect(Object.keys(back.tables)).toEqual(['customers', 'orders']);
    expectRows(back, tables, rows);
    const customers = back.tables.customers!;
    expect(customers.types).toEqual(['INTEGER', 'TEXT', 'TEXT', 'NUMERIC', 'REAL', 'INTEGER', 'DATE', 'DATETIME', 'TIME', 'TEXT', 'TEXT', 'TEXT']);
    expect(customers.notnull).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0]);
    expect(customers.storage).toEqual([['integer'], ['text'], ['text'], ['integer', 'real'], ['real'], ['integer'], ['text'], ['text'], ['text'], ['text'], ['text'], ['null', 'text']]);
    expect(customers.pk).toEqual(['id']);
    expect(back.tables.orders!.pk).toEqual(['id']);
    expect(back.tables.orders!.foreign_keys).toEqual([{ from: 'customer_id', table: 'customers', to: 'id' }]);
    expect(rows.get('customers')!.some((r) => r.note === null)).toBe(true);
  });

  it("keeps a wide table's INSERTs under SQLite's 32,766 bound parameters", async () => {
    const dir = tempDir();
    const columns = Array.from({ length: 700 }, (_, i) => `      c${i}: { type: int, min: 0, max: 1000000 }`).join('\n');
    const spec = `synth: 1\nseed: 3\ntables:\n  wide:\n    rows: 230\n    columns:\n      id: { type: sequence, primary_key: true }\n${columns}\n`;
    const { tables, batches, rows } = generateTables(spec);
    await loadInto(await openDestination('sqlite:out.db', { cwd: dir }), tables, batches);
    const back = readSqlite(join(dir, 'out.db'));
    expect(back.tables.wide!.columns).toHaveLength(701);
    expectRows(back, tables, rows);
  });

  it('checks foreign keys before the commit (a dangling reference fails the load, naming the table and row)', async () => {
    const dir = tempDir();
    const { tables, batches } = generateTables(TYPES_SPEC);
    const orders = tables.find((t) => t.name === 'orders')!;
    batches.get('orders')!.push(batchOf(orders, [{ id: '00000000-0000-4000-8000-000000000000', customer_id: 999_999, amount: 1, qty: 1 }], 10_000));
    const dest = await openDestination(`sqlite:${join(dir, 'out.db')}`, { cwd: '/' });
    const err = await loadInto(dest, tables, batches).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect((err as Error).message).toMatch(/^table "orders" in sqlite:.*out\.db: 1 row \(first rowid \d+\) reference rows missing from "customers" \(foreign key check after the load\)$/);
    expectNoLeftovers(dir, []);
  });

  it('loads a cycle between tables, reserved-word names and awkward strings (NUL kept), then checks the cycle', async () => {
    const dir = tempDir();
    const { tables, batches, rows } = generateTables(CYCLE_SPEC, { batchRows: 4 });
    expect(tables.map((t) => t.name)).toEqual(['group', 'order', 'nothing']);
    await loadInto(await openDestination('sqlite:out.db', { cwd: dir }), tables, batches);
    const back = readSqlite(join(dir, 'out.db'));
    expect(back.fk_check).toEqual([]);
    expectRows(back, tables, rows);
    expect(new Set(back.tables.group!.rows.map((r) => r[1]))).toEqual(new Set(AWKWARD));
    expect(back.tables.nothing!.rows).toEqual([]);
    // group.order_id points at order, created after it: declared DEFERRABLE INITIALLY DEFERRED, and real.
    expect(back.tables.group!.foreign_keys).toEqual(
      expect.arrayContaining([
        { from: 'order_id', table: 'order', to: 'id' },
        { from: 'parent_id', table: 'group', to: 'id' },
      ]),
    );
    expect(back.tables.order!.foreign_keys).toEqual([{ from: 'captain', table: 'group', to: 'id' }]);
    expect(rows.get('order')!.some((r) => r.captain !== null)).toBe(true);
  });

  it('fails the load when a row of a cycle points nowhere (foreign_key_check at the end), leaving no file', async () => {
    const dir = tempDir();
    const { tables, batches } = generateTables(CYCLE_SPEC);
    const group = tables.find((t) => t.name === 'group')!;
    batches.get('group')!.push(batchOf(group, [{ id: 500, from: 'dangling', order_id: 77, parent_id: null, CamelCase: true }], 500));
    const err = await loadInto(await openDestination('sqlite:out.db', { cwd: dir }), tables, batches).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect((err as Error).message).toMatch(/^table "group" in sqlite:.*: 1 row \(first rowid 500\) reference rows missing from "order" \(foreign key check after the load\)$/);
    expectNoLeftovers(dir, []);
  });

  it('refuses a database that already has one of the tables (names are case-insensitive), writing nothing', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.db');
    pythonSql(path, 'CREATE TABLE "CUSTOMERS" (x INTEGER); INSERT INTO "CUSTOMERS" VALUES (1); CREATE TABLE keep (y TEXT); INSERT INTO keep VALUES (\'kept\');');
    const before = sha256(path);
    const { tables, batches } = generateTables(TYPES_SPEC);
    const err = await loadInto(await openDestination('sqlite:out.db', { cwd: dir }), tables, batches).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect((err as Error).message).toBe(`table "CUSTOMERS" already exists in sqlite:${path}; pass --replace to drop and recreate the spec's tables`);
    expect(sha256(path)).toBe(before);
    expectNoLeftovers(dir, ['out.db']);
  });

  it('rolls back a failed load (a duplicate primary key): the previous database is byte-for-byte unchanged', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.db');
    pythonSql(path, 'CREATE TABLE customers (x INTEGER); INSERT INTO customers VALUES (1); CREATE TABLE keep (y TEXT); INSERT INTO keep VALUES (\'kept\');');
    const before = sha256(path);
    const { tables, batches } = generateTables(TYPES_SPEC, { batchRows: 50 });
    const customers = batches.get('customers')!;
    customers.push({ ...customers[0]!, startRow: 120 });
    const err = await loadInto(await openDestination('sqlite:out.db', { cwd: dir, replace: true }), tables, batches).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect((err as Error).message).toBe(`loading table "customers" in sqlite:${path} failed: SQLITE_CONSTRAINT: UNIQUE constraint failed: customers.id`);
    expect(sha256(path)).toBe(before);
    expectNoLeftovers(dir, ['out.db']);
    expect(readSqlite(path).tables.customers!.rows).toEqual([[1]]);
  });

  it('with replace, drops and recreates the spec tables and keeps the others', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.db');
    pythonSql(
      path,
      `PRAGMA journal_mode = WAL;
       CREATE TABLE customers (id INTEGER PRIMARY KEY, old TEXT); INSERT INTO customers VALUES (1, 'old'), (2, 'old');
       CREATE TABLE orders (id TEXT PRIMARY KEY, customer_id INTEGER REFERENCES customers (id));
       CREATE TABLE keep (y TEXT); INSERT INTO keep VALUES ('kept');
       CREATE TABLE audit (customer_id INTEGER REFERENCES customers (id) ON DELETE CASCADE); INSERT INTO audit VALUES (1), (2);`,
    );
    const { tables, batches, rows } = generateTables(TYPES_SPEC);
    await loadInto(await openDestination('sqlite:out.db', { cwd: dir, replace: true }), tables, batches);
    const back = readSqlite(path);
    expect(Object.keys(back.tables).sort()).toEqual(['audit', 'customers', 'keep', 'orders']);
    expectRows(back, tables, rows);
    expect(back.tables.keep!.rows).toEqual([['kept']]);
    // No implicit DELETE ran on the drop: audit's ON DELETE CASCADE did not fire, and its rows point at new customers.
    expect(back.tables.audit!.rows).toEqual([[1], [2]]);
    expect(back.fk_check).toEqual([]);
    expectNoLeftovers(dir, ['out.db']);
    expect(execFileSync(PYTHON, ['-c', 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("PRAGMA journal_mode").fetchone()[0])', path], { encoding: 'utf8' }).trim()).toBe('wal');
  });

  it('with replace, fails when a table outside the spec is left pointing at rows that are gone', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.db');
    pythonSql(path, 'CREATE TABLE customers (id INTEGER PRIMARY KEY); INSERT INTO customers VALUES (1), (99999); CREATE TABLE audit (customer_id INTEGER REFERENCES customers (id)); INSERT INTO audit VALUES (99999);');
    const before = sha256(path);
    const { tables, batches } = generateTables(TYPES_SPEC);
    const err = await loadInto(await openDestination('sqlite:out.db', { cwd: dir, replace: true }), tables, batches).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/^table "audit" in sqlite:.*: 1 row \(first rowid 1\) reference rows missing from "customers"/);
    expect(sha256(path)).toBe(before);
    expectNoLeftovers(dir, ['out.db']);
  });

  it('loads in place while another connection has the database open in WAL mode (SQLite locks; no rename under it)', async () => {
    const dir = tempDir();
    const path = join(dir, 'out.db');
    // Another process keeps a connection open (so its -wal file stays) until it is told to stop.
    const holder = spawn(PYTHON, ['-c', 'import sqlite3, sys\ncon = sqlite3.connect(sys.argv[1])\ncon.execute("PRAGMA journal_mode = WAL")\ncon.execute("CREATE TABLE keep (y)")\ncon.commit()\nprint("ready", flush=True)\nsys.stdin.read()\nprint(con.execute("SELECT count(*) FROM customers").fetchone()[0], flush=True)', path], { stdio: ['pipe', 'pipe', 'inherit'] });
    let seen = '';
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout!.once('data', () => resolve());
        holder.once('exit', () => reject(new Error('the holding process ended early')));
      });
      const { tables, batches, rows } = generateTables(TYPES_SPEC);
      await loadInto(await openDestination('sqlite:out.db', { cwd: dir }), tables, batches);
      holder.stdout!.on('data', (d: Buffer) => (seen += d.toString()));
      holder.stdin!.end();
      await new Promise((resolve) => holder.once('exit', resolve));
      // The other connection sees the committed load.
      expect(Number(seen.trim())).toBe(rows.get('customers')!.length);
    } finally {
      holder.stdin!.end();
    }
    const back = readSqlite(path);
    expect(Object.keys(back.tables).sort()).toEqual(['customers', 'keep', 'orders']);
    expectNoLeftovers(dir, ['out.db']);
  });

  it('says clearly when the database cannot be created or is not a database', async () => {
    const dir = tempDir();
    const { tables, batches } = generateTables(TYPES_SPEC);
    const missing = await loadInto(await openDestination('sqlite:no/such/dir/out.db', { cwd: dir }), tables, batches).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(DestinationError);
    expect((missing as Error).message).toBe(`creating the database in sqlite:${join(dir, 'no/such/dir/out.db')} failed: SQLITE_CANTOPEN: unable to open database file`);

    pythonSql(join(dir, 'x'), ''); // an empty file is an empty database; a text file is not one
    execFileSync('sh', ['-c', `echo 'id,name' > ${JSON.stringify(join(dir, 'data.csv'))}`]);
    const before = sha256(join(dir, 'data.csv'));
    const notDb = await loadInto(await openDestination('sqlite:data.csv', { cwd: dir }), tables, batches).catch((e: unknown) => e);
    expect((notDb as Error).message).toMatch(/^reading the database in sqlite:.*data\.csv failed: SQLITE_NOTADB: file is not a database$/);
    expect(sha256(join(dir, 'data.csv'))).toBe(before);
    expectNoLeftovers(dir, ['data.csv', 'x']);
  });

  it('cleans up after a failure even when the caller does not abort', async () => {
    const dir = tempDir();
    const { tables, batches } = generateTables(TYPES_SPEC, { batchRows: 50 });
    const dest = await openDestination('sqlite:out.db', { cwd: dir });
    await dest.open(tables);
    await dest.startTable(tables[0]!);
    const first = batches.get('customers')![0]!;
    await dest.writeBatch(first);
    await expect(dest.writeBatch(first)).rejects.toThrow(/UNIQUE constraint failed: customers\.id/);
    expectNoLeftovers(dir, []);
    await expect(dest.endTable()).rejects.toThrow(/is not open/);
  });

  it('aborting in the middle of a table leaves no file', async () => {
    const dir = tempDir();
    const { tables, batches } = generateTables(TYPES_SPEC, { batchRows: 10 });
    const dest = await openDestination('sqlite:out.db', { cwd: dir });
    await dest.open(tables);
    await dest.startTable(tables[0]!);
    await dest.writeBatch(batches.get('customers')![0]!);
    await dest.abort();
    await dest.abort(); // twice is harmless
    expectNoLeftovers(dir, []);
  });
});

describe('parseDestination', () => {
  it('accepts sqlite paths and postgres URLs', () => {
    expect(parseDestination('sqlite:out.db')).toEqual({ kind: 'sqlite', path: 'out.db' });
    expect(parseDestination('sqlite:data/out.db')).toEqual({ kind: 'sqlite', path: 'data/out.db' });
    expect(parseDestination('sqlite:/tmp/out.db')).toEqual({ kind: 'sqlite', path: '/tmp/out.db' });
    expect(parseDestination('sqlite:///tmp/out.db')).toEqual({ kind: 'sqlite', path: '/tmp/out.db' });
    expect(parseDestination('postgres://u:p@localhost:5432/db')).toEqual({ kind: 'postgres', url: 'postgres://u:p@localhost:5432/db' });
    expect(parseDestination('postgresql://localhost/db?sslmode=require')).toEqual({ kind: 'postgres', url: 'postgresql://localhost/db?sslmode=require' });
  });

  it('rejects anything else, naming the accepted forms and never the password', () => {
    for (const bad of ['out.db', 'sqlite:', 'sqlite::memory:', 'sqlite://host/out.db', 'mysql://u:hunter22@h/db', 'postgres://u:hunter22@[bad/db']) {
      expect(() => parseDestination(bad)).toThrow(DestinationError);
      expect(() => parseDestination(bad)).toThrow(/expected `sqlite:PATH` .* or `postgres:\/\/user@host:port\/db`/);
      expect(() => parseDestination(bad)).not.toThrow(/hunter22/);
    }
    expect(() => parseDestination('mysql://u:hunter22@h/db')).toThrow('cannot load into `mysql://u:***@h/db`');
  });
});
