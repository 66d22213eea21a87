/**
 * `--to postgres://…`: the whole load (drops with --replace, CREATE TABLEs, one COPY per table, the foreign keys
 * a cycle deferred) is one transaction, committed at finish. A table committed on its own could not be taken back
 * when a later one fails, and with --replace the old tables would already be gone: one transaction is the only way
 * a failed load leaves the database as it was. docs/destinations.md, "PostgreSQL".
 */
import { once } from 'node:events';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { CellValue, RowBatch, TableInfo } from '../types.js';
import { schemaStatements, type DeferredForeignKey } from '../writers/sql-writer.js';
import { copyEncoder, copyLines } from './copy-text.js';
import { abortOnFailure } from './abort-on-failure.js';
import { DestinationError, maskUrl, type Destination } from './types.js';

/** How long connecting may take unless the URL says (`connect_timeout`, seconds) or PGCONNECT_TIMEOUT does. */
export const DEFAULT_CONNECT_TIMEOUT_SECONDS = 10;
/** How long abort waits for ROLLBACK before it just closes the connection (which rolls back too). */
const ABORT_TIMEOUT_MS = 5000;

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

type CopyStream = ReturnType<typeof copyStreams.from>;

interface Loading {
  table: TableInfo;
  encoders: Array<(v: CellValue) => string>;
  copy: CopyStream;
  /** Settles when the server has taken the COPY (finish) or refused it (error). */
  done: Promise<void>;
  error?: Error;
  ended: boolean;
  rows: number;
}

export function postgresDestination(url: string, options: { replace: boolean }): Destination {
  const display = maskUrl(url);
  const secrets = passwordsOf(url);
  /**
   * A driver's message fit to print: the URL masked, any password blotted out (even where it is also some other
   * word: a password that is the user name must not be shown as the user name either).
   */
  const scrub = (message: string) => {
    let m = message.split(url).join(display);
    for (const s of secrets) m = m.split(s).join('***');
    return m;
  };
  const fail = (what: string, e: unknown): DestinationError => {
    if (e instanceof DestinationError) return e;
    const err = e as pg.DatabaseError;
    const extra = [err.detail, err.where].filter((x): x is string => typeof x === 'string' && x !== '');
    return new DestinationError(`${what} in ${display} failed: ${scrub(`${err.message ?? String(e)}${extra.length ? ` (${extra.join('; ')})` : ''}`)}`);
  };

  let client: pg.Client | undefined;
  let connectionError: Error | undefined;
  let inTransaction = false;
  let tables = new Map<string, TableInfo>();
  let deferred: DeferredForeignKey[] = [];
  let loading: Loading | undefined;
  const loaded: Array<{ name: string; rows: number }> = [];

  const live = (): pg.Client => {
    if (!client) throw new DestinationError(`the load into ${display} is not open (never opened, finished or aborted)`);
    return client;
  };

  const connect = async () => {
    const seconds = connectTimeout(url);
    let c: pg.Client | undefined;
    try {
      c = new pg.Client({ connectionString: url, connectionTimeoutMillis: seconds * 1000, application_name: process.env.PGAPPNAME ?? 'synth' });
      // Without a listener a dropped connection would be an uncaught 'error' event; the next query reports it.
      c.on('error', (e) => (connectionError ??= e));
      await c.connect();
    } catch (e) {
      await c?.end().catch(() => undefined);
      throw new DestinationError(`could not connect to ${display}: ${scrub(connectFailure(e as NodeJS.ErrnoException, seconds))}`);
    }
    client = c;
  };

  const openAndCreate = async (list: TableInfo[]) => {
    tables = new Map(list.map((t) => [t.name, t]));
    await connect();
    const c = live();
    let step = 'starting the load';
    try {
      await c.query('BEGIN');
      inTransaction = true;
      step = 'looking for existing tables';
      // Where CREATE TABLE would put them: the first schema of the search_path that exists.
      const existing = (
        await c.query<{ relname: string; relkind: string }>(
          `SELECT c.relname, c.relkind FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = current_schema() AND c.relname = ANY($1::text[])`,
          [[...tables.keys()]],
        )
      ).rows;
      const other = existing.find((r) => r.relkind !== 'r' && r.relkind !== 'p');
      if (other) throw new DestinationError(`cannot create table "${other.relname}" in ${display}: a ${RELKINDS[other.relkind] ?? 'relation'} of that name exists; drop it first`);
      const present = new Set(existing.map((r) => r.relname));
      const first = list.find((t) => present.has(t.name));
      if (first && !options.replace) throw new DestinationError(`table "${first.name}" already exists in ${display}; pass --replace to drop and recreate the spec's tables`);
      // Children first; CASCADE also drops views and other tables' foreign keys that depend on them.
      for (const name of [...tables.keys()].reverse()) {
        if (!present.has(name)) continue;
        step = `dropping table "${name}"`;
        await c.query(`DROP TABLE ${quote(name)} CASCADE`);
      }
      const schema = schemaStatements('postgres', list);
      deferred = schema.deferredForeignKeys;
      for (const t of schema.tables) {
        step = `creating table "${t.name}"`;
        await c.query(t.create);
      }
    } catch (e) {
      throw fail(step, e);
    }
  };

  return abortOnFailure({
    open: openAndCreate,

    async startTable(table) {
      live();
      if (!tables.has(table.name)) throw new DestinationError(`table "${table.name}" was not announced when ${display} was opened`);
      if (connectionError) throw fail(`loading table "${table.name}"`, connectionError);
      const copy = live().query(copyStreams.from(`COPY ${quote(table.name)} (${table.columns.map((c) => quote(c.name)).join(', ')}) FROM STDIN`));
      const l: Loading = { table, encoders: table.columns.map(copyEncoder), copy, done: Promise.resolve(), ended: false, rows: 0 };
      // One listener for the COPY's whole life: a refusal can come while no write is waiting for it.
      l.done = new Promise<void>((resolve, reject) => {
        copy.on('error', (e) => {
          l.error ??= e;
          reject(e);
        });
        copy.on('finish', resolve);
      });
      l.done.catch(() => undefined);
      loading = l;
    },

    async writeBatch(batch: RowBatch) {
      live();
      const l = loading;
      if (!l || batch.table !== l.table.name) throw new DestinationError(`rows of table "${batch.table}" arrived outside its table in ${display}`);
      if (l.error) throw fail(`loading table "${l.table.name}"`, l.error);
      try {
        // Backpressure: wait until the socket has taken the previous batches (rejects if the COPY fails meanwhile).
        if (!l.copy.write(copyLines(batch, l.encoders))) await once(l.copy, 'drain');
      } catch (e) {
        throw fail(`loading table "${l.table.name}"`, l.error ?? e);
      }
      l.rows += batch.rowCount;
    },

    async endTable() {
      live();
      const l = loading;
      if (!l) throw new DestinationError(`endTable without startTable in ${display}`);
      try {
        l.ended = true;
        l.copy.end();
        await l.done;
      } catch (e) {
        throw fail(`loading table "${l.table.name}"`, l.error ?? e);
      }
      loaded.push({ name: l.table.name, rows: l.rows });
      loading = undefined;
    },

    async finish() {
      const c = live();
      let step = 'committing the load';
      try {
        for (const fk of deferred) {
          step = `adding the foreign key ${fk.table}.${fk.column} → ${fk.target} (deferred by a cycle)`;
          await c.query(fk.statement!);
        }
        step = 'committing the load';
        await c.query('COMMIT');
        inTransaction = false;
      } catch (e) {
        throw fail(step, e);
      }
      client = undefined;
      await c.end().catch(() => undefined);
      return { tables: loaded };
    },

    async abort() {
      const c = client;
      client = undefined;
      if (!c) return;
      try {
        // An unfinished COPY is cancelled (CopyFail) before the ROLLBACK queued behind it can run.
        if (loading && !loading.ended && !loading.error) loading.copy.destroy();
        loading = undefined;
        if (inTransaction && !connectionError) await withTimeout(c.query('ROLLBACK'), ABORT_TIMEOUT_MS).catch(() => undefined);
        inTransaction = false;
      } catch {
        // abort never throws; closing the connection rolls back whatever is still open.
      }
      await withTimeout(c.end(), ABORT_TIMEOUT_MS).catch(() => undefined);
    },
  });
}

const RELKINDS: Record<string, string> = { v: 'view', m: 'materialized view', i: 'index', I: 'index', S: 'sequence', f: 'foreign table', c: 'type' };

/** The connect timeout in seconds: the URL's `connect_timeout`, else PGCONNECT_TIMEOUT, else the default. */
function connectTimeout(url: string): number {
  let fromUrl: string | null = null;
  try {
    fromUrl = new URL(url).searchParams.get('connect_timeout');
  } catch {
    // Not parsed by URL (pg may still take it): the default applies.
  }
  for (const v of [fromUrl, process.env.PGCONNECT_TIMEOUT]) {
    const n = Number(v);
    if (v !== null && v !== undefined && v !== '' && Number.isFinite(n) && n > 0) return n;
  }
  return DEFAULT_CONNECT_TIMEOUT_SECONDS;
}

/** Why connecting failed, in words (the driver's messages for refused and timed-out connections say little). */
function connectFailure(e: NodeJS.ErrnoException, seconds: number): string {
  const m = e?.message ?? String(e);
  if (e?.code === 'ECONNREFUSED') return 'connection refused (is the server running and listening on that host and port?)';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return `host not found (${m})`;
  if (/timeout/i.test(m)) return `no answer within ${seconds} s (connect_timeout); is the host reachable?`;
  return m;
}

/** The passwords a message could leak: the URL's (raw and decoded) and PGPASSWORD's. Very short ones are left. */
function passwordsOf(url: string): string[] {
  const out: string[] = [];
  try {
    const u = new URL(url);
    out.push(u.password, decodeURIComponent(u.password), u.searchParams.get('password') ?? '');
  } catch {
    // maskUrl covers what URL cannot parse.
  }
  out.push(process.env.PGPASSWORD ?? '');
  // A one- or two-character "password" would blot out ordinary words of the message.
  return [...new Set(out.filter((s) => s.length >= 3))].sort((a, b) => b.length - a.length);
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
