/**
 * Databases as build targets (`synth build --to sqlite:out.db`, `--to postgres://…`): instead of a file, the tables
 * are created and their rows loaded straight into a database. docs/destinations.md describes the forms and semantics.
 */
import { isAbsolute, resolve } from 'node:path';
import type { RowBatch, TableInfo } from '../types.js';

/**
 * A database being loaded. The build calls open, then per table startTable, writeBatch…, endTable, then finish;
 * on any failure (its own or the build's) abort. Either the whole load lands or none of it does: sqlite builds
 * into a temporary file renamed over the target at finish, postgres runs the whole load as one transaction.
 * A method that rejects has already aborted the load; calling abort again is harmless.
 */
export interface Destination {
  /**
   * Connects and creates every table (in this order: referenced tables first; the build passes generation order).
   * Fails before writing anything when one of the tables already exists, unless `replace`.
   */
  open(tables: TableInfo[]): Promise<void>;
  /**
   * Starts a table's rows. sqlite: BEGIN here and COMMIT at endTable, in the temporary file. postgres: one COPY,
   * inside the load's single transaction (a per-table COMMIT could not be taken back when a later table fails).
   */
  startTable(table: TableInfo): Promise<void>;
  writeBatch(batch: RowBatch): Promise<void>;
  endTable(): Promise<void>;
  /** Adds foreign keys deferred by cycles (checks them, sqlite), commits, closes. */
  finish(): Promise<{ tables: Array<{ name: string; rows: number }> }>;
  /** Rolls back the open transaction (and whatever it can of this load) and closes; never throws. */
  abort(): Promise<void>;
}

/** A load failed: the message says what failed and why, with the table name when there is one, and no secrets. */
export class DestinationError extends Error {
  override name = 'DestinationError';
}

export type DestinationTarget = { kind: 'sqlite'; path: string } | { kind: 'postgres'; url: string };

const FORMS = '`sqlite:PATH` (relative to the working directory, or absolute; also `sqlite:///abs/path`) or `postgres://user@host:port/db` (also `postgresql://`)';

/** `--to` text → what to load into. Throws DestinationError on anything else, naming the accepted forms. */
export function parseDestination(to: string): DestinationTarget {
  if (/^postgres(ql)?:\/\//i.test(to)) {
    try {
      // Checked here so that a typo fails before anything is generated; pg parses it again itself.
      new URL(to);
    } catch {
      throw new DestinationError(`\`${maskUrl(to)}\` is not a valid URL; expected ${FORMS}`);
    }
    return { kind: 'postgres', url: to };
  }
  const sqlite = /^sqlite:(.*)$/is.exec(to);
  if (sqlite) {
    let path = sqlite[1]!;
    // `sqlite:///abs` is the URL form of an absolute path; `sqlite://name` would read as a host, which a file has none of.
    if (path.startsWith('//')) {
      if (!path.startsWith('///')) throw new DestinationError(`\`${to}\`: a sqlite URL has no host; expected ${FORMS}`);
      path = path.slice(2);
    }
    if (path === '' || path === ':memory:' || path.startsWith('file:')) throw new DestinationError(`\`${to}\` names no database file; expected ${FORMS}`);
    return { kind: 'sqlite', path };
  }
  throw new DestinationError(`cannot load into \`${maskUrl(to)}\`; expected ${FORMS}`);
}

export interface DestinationOptions {
  /** A relative sqlite path is resolved from here. */
  cwd: string;
  /** Drop and recreate the spec's tables when they exist (`--replace`), instead of failing. */
  replace?: boolean;
}

/** A destination for `--to`; the database driver (sqlite3, pg) is imported only when that kind is used. */
export async function openDestination(to: string, options: DestinationOptions): Promise<Destination> {
  const target = parseDestination(to);
  if (target.kind === 'sqlite') {
    const { sqliteDestination } = await import('./sqlite-destination.js');
    return sqliteDestination(isAbsolute(target.path) ? target.path : resolve(options.cwd, target.path), { replace: options.replace ?? false });
  }
  const { postgresDestination } = await import('./postgres-destination.js');
  return postgresDestination(target.url, { replace: options.replace ?? false });
}

/**
 * A URL fit to print: the password (`user:secret@`, `?password=secret`) becomes `***`. Errs on the side of masking:
 * everything between the first `:` of the user info and the last `@` goes.
 */
export function maskUrl(url: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/)(.*)$/is.exec(url);
  if (!m) return url;
  let rest = m[2]!;
  const at = rest.lastIndexOf('@');
  if (at >= 0) {
    const userInfo = rest.slice(0, at);
    const colon = userInfo.indexOf(':');
    if (colon >= 0) rest = `${userInfo.slice(0, colon)}:***${rest.slice(at)}`;
  }
  return m[1]! + rest.replace(/([?&]password=)[^&#]*/gi, '$1***');
}
