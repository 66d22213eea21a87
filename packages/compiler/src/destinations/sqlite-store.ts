/**
 * The few calls of the `sqlite3` driver the sqlite destination uses, as promises (the driver takes callbacks).
 * Each call is queued on the driver's worker thread; awaiting each one keeps them in order.
 */
import sqlite3 from 'sqlite3';

export type Db = sqlite3.Database;
export type Stmt = sqlite3.Statement;
export type SqlParam = string | number | null;

export const OPEN_EXISTING = sqlite3.OPEN_READWRITE;
export const OPEN_CREATE = sqlite3.OPEN_READWRITE | sqlite3.OPEN_CREATE;

/** SQLITE_MAX_VARIABLE_NUMBER of the driver's bundled SQLite (3.32 and later): bound parameters per statement. */
export const MAX_VARIABLES = 32766;

export function openDb(path: string, mode: number): Promise<Db> {
  return new Promise((resolve, reject) => {
    const db: Db = new sqlite3.Database(path, mode, (e) => (e ? reject(e) : resolve(db)));
  });
}

export function run(db: Db, sql: string, params: SqlParam[] = []): Promise<void> {
  return new Promise((resolve, reject) => db.run(sql, params, (e: Error | null) => (e ? reject(e) : resolve())));
}

export function all<T>(db: Db, sql: string, params: SqlParam[] = []): Promise<T[]> {
  return new Promise((resolve, reject) => db.all<T>(sql, params, (e, rows) => (e ? reject(e) : resolve(rows))));
}

export function prepare(db: Db, sql: string): Promise<Stmt> {
  return new Promise((resolve, reject) => {
    const stmt: Stmt = db.prepare(sql, (e: Error | null) => (e ? reject(e) : resolve(stmt)));
  });
}

export function runStmt(stmt: Stmt, params: SqlParam[]): Promise<void> {
  return new Promise((resolve, reject) => stmt.run(params, (e: Error | null) => (e ? reject(e) : resolve())));
}

export function finalize(stmt: Stmt): Promise<void> {
  return new Promise((resolve) => stmt.finalize(() => resolve()));
}

export function close(db: Db): Promise<void> {
  return new Promise((resolve, reject) => db.close((e) => (e ? reject(e) : resolve())));
}
