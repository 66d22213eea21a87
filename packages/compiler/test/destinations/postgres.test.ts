import { createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { CellValue, ColumnInfo, TableInfo } from '@synth/compiler';
import { DestinationError, maskUrl, openDestination } from '../../src/destinations/types.js';
import { AWKWARD, batchOf, CYCLE_SPEC, generateTables, loadInto, type Rows } from '../support/load.js';
import { freePort, startPostgres, type Cluster } from '../support/postgres.js';
import { TYPES_SPEC } from '../writers/write-with.js';

/** The cluster asks TCP clients for this password (scram-sha-256): messages are checked never to show it. */
const PASSWORD = 'Sw0rdfish-9x';

/** Fractional seconds as PostgreSQL prints them: up to 3 digits here, trailing zeros dropped. */
const fraction = (ms: number) => (ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0')}`.replace(/0+$/, ''));

/** A value as PostgreSQL's own text output (`col::text`, TimeZone UTC) prints it; NUL is dropped on the way in. */
function pgText(c: ColumnInfo, v: CellValue): string | null {
  if (v === null) return null;
  const n = v as number;
  switch (c.type) {
    case 'decimal':
      return n.toFixed(c.scale ?? 2);
    case 'bool':
      return v ? 'true' : 'false';
    case 'date':
      return new Date(n).toISOString().slice(0, 10);
    case 'datetime':
      return `${new Date(n).toISOString().slice(0, 19).replace('T', ' ')}${fraction(n)}+00`;
    case 'time': {
      const s = Math.floor(n / 1000);
      const two = (x: number) => String(x).padStart(2, '0');
      return `${two(Math.floor(s / 3600))}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}${fraction(n)}`;
    }
    default:
      return String(v).replace(/\u0000/g, '');
  }
}

describe('postgres destination', () => {
  let cluster: Cluster | undefined;
  let admin: pg.Client | undefined;
  let databases = 0;

  beforeAll(async () => {
    cluster = await startPostgres({ password: PASSWORD });
    admin = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: 'postgres', password: PASSWORD, database: 'postgres' });
    await admin.connect();
  }, 180_000);

  afterAll(async () => {
    try {
      await admin?.end();
    } finally {
      cluster?.stop();
    }
  }, 120_000);

  /** A fresh, empty database for one test, its URL (password included), and a reader connected to it. */
  async function freshDatabase(): Promise<{ url: string; db: string; reader: () => Promise<pg.Client> }> {
    const db = `load${++databases}`;
    await admin!.query(`CREATE DATABASE ${db}`);
    const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${cluster!.port}/${db}`;
    const reader = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query("SET TIME ZONE 'UTC'");
      return c;
    };
    return { url, db, reader };
  }

  /** Every row of a table as text (floats as numbers), ordered by a column's own type (not its text). */
  async function readTable(c: pg.Client, info: TableInfo, orderBy: string): Promise<unknown[][]> {
    const cols = info.columns.map((col) => `"${col.name}"${col.type === 'float' ? '' : '::text'}`);
    const r = await c.query({ text: `SELECT ${cols.join(', ')} FROM "${info.name}" ORDER BY "${info.name}"."${orderBy}"`, rowMode: 'array' });
    return r.rows as unknown[][];
  }

  function expected(info: TableInfo, rows: Rows, sortKey?: (r: Record<string, CellValue>) => string): unknown[][] {
    const sorted = sortKey ? [...rows].sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0)) : rows;
    return sorted.map((row) => info.columns.map((col) => (col.type === 'float' ? row[col.name] : pgText(col, row[col.name]!))));
  }

  async function constraints(c: pg.Client): Promise<string[]> {
    const r = await c.query(`SELECT conrelid::regclass::text || ' ' || pg_get_constraintdef(oid) AS def FROM pg_constraint WHERE connamespace = 'public'::regnamespace ORDER BY 1`);
    return r.rows.map((x) => x.def as string);
  }

  async function tableNames(c: pg.Client): Promise<string[]> {
    return (await c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).rows.map((r) => r.tablename as string);
  }

  it('loads every row, value and type of the types spec by COPY, with its keys', async () => {
    const { url, reader } = await freshDatabase();
    const { tables, batches, rows } = generateTables(TYPES_SPEC, { batchRows: 50 });
    const loaded = await loadInto(await openDestination(url, { cwd: '/' }), tables, batches);
    expect(loaded).toEqual(tables.map((t) => ({ name: t.name, rows: rows.get(t.name)!.length })));

    const c = await reader();
    try {
      const [customers, orders] = tables;
      expect(await readTable(c, customers!, 'id')).toEqual(expected(customers!, rows.get('customers')!));
      expect(await readTable(c, orders!, 'id')).toEqual(expected(orders!, rows.get('orders')!, (r) => String(r.id)));
      const types = await c.query(`SELECT data_type, numeric_precision, numeric_scale, is_nullable FROM information_schema.columns WHERE table_name = 'customers' ORDER BY ordinal_position`);
      expect(types.rows.map((r) => r.data_type)).toEqual(['bigint', 'text', 'text', 'numeric', 'double precision', 'boolean', 'date', 'timestamp with time zone', 'time without time zone', 'uuid', 'text', 'text']);
      expect(types.rows[3]).toMatchObject({ numeric_precision: 20, numeric_scale: 2 });
      expect(types.rows.map((r) => r.is_nullable)).toEqual([...Array(11).fill('NO'), 'YES']);
      expect(await constraints(c)).toEqual(['customers PRIMARY KEY (id)', 'orders FOREIGN KEY (customer_id) REFERENCES customers(id)', 'orders PRIMARY KEY (id)']);
    } finally {
      await c.end();
    }
  });

  it('loads a cycle (its foreign key added after the rows), reserved-word names and strings COPY must escape', async () => {
    const { url, reader } = await freshDatabase();
    const { tables, batches, rows } = generateTables(CYCLE_SPEC, { batchRows: 4 });
    await loadInto(await openDestination(url, { cwd: '/' }), tables, batches);
    const c = await reader();
    try {
      for (const info of tables) expect([info.name, await readTable(c, info, 'id')]).toEqual([info.name, expected(info, rows.get(info.name)!)]);
      const from = (await c.query('SELECT "from" FROM "group"')).rows.map((r) => r.from as string);
      expect(new Set(from)).toEqual(new Set(AWKWARD.map((s) => s.replace(/\u0000/g, ''))));
      expect(await constraints(c)).toEqual([
        '"group" FOREIGN KEY (order_id) REFERENCES "order"(id)',
        '"group" FOREIGN KEY (parent_id) REFERENCES "group"(id)',
        '"group" PRIMARY KEY (id)',
        '"group" UNIQUE ("from")',
        '"order" FOREIGN KEY (captain) REFERENCES "group"(id)',
        '"order" UNIQUE ("select")',
        '"order" UNIQUE (id)',
        'nothing PRIMARY KEY (id)',
      ]);
    } finally {
      await c.end();
    }
  });

  it('rolls the whole load back on a duplicate primary key, naming the table and the reason', async () => {
    const { url, reader } = await freshDatabase();
    const { tables, batches } = generateTables(TYPES_SPEC, { batchRows: 50 });
    // The second table breaks, so the first (customers) is completely loaded when the load fails.
    const orders = batches.get('orders')!;
    orders.push({ ...orders[0]!, startRow: 100_000 });
    const err = await loadInto(await openDestination(url, { cwd: '/' }), tables, batches).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    const message = (err as Error).message;
    expect(message).toMatch(new RegExp(`^loading table "orders" in postgres://postgres:\\*\\*\\*@127\\.0\\.0\\.1:${cluster!.port}/load\\d+ failed: duplicate key value violates unique constraint "orders_pkey" \\(Key \\(id\\)=\\([0-9a-f-]+\\) already exists\\.; COPY orders, line \\d+\\)$`));
    expect(message).not.toContain(PASSWORD);
    const c = await reader();
    try {
      // customers was complete when orders failed: it went too.
      expect(await tableNames(c)).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('fails at the end when a row of a cycle points nowhere, leaving nothing', async () => {
    const { url, reader } = await freshDatabase();
    const { tables, batches } = generateTables(CYCLE_SPEC);
    const group = tables.find((t) => t.name === 'group')!;
    batches.get('group')!.push(batchOf(group, [{ id: 500, from: 'dangling', order_id: 77, parent_id: null, CamelCase: true }], 500));
    const err = await loadInto(await openDestination(url, { cwd: '/' }), tables, batches).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(
      /^adding the foreign key group\.order_id → order \(deferred by a cycle\) in postgres:\/\/postgres:\*\*\*@.* failed: insert or update on table "group" violates foreign key constraint "group_order_id_fkey" \(Key \(order_id\)=\(77\) is not present in table "order"\.\)$/,
    );
    const c = await reader();
    try {
      expect(await tableNames(c)).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('refuses a database that already has one of the tables, creating nothing', async () => {
    const { url, reader } = await freshDatabase();
    const c = await reader();
    try {
      await c.query(`CREATE TABLE orders (x int); INSERT INTO orders VALUES (1)`);
      const { tables, batches } = generateTables(TYPES_SPEC);
      const err = await loadInto(await openDestination(url, { cwd: '/' }), tables, batches).catch((e: unknown) => e);
      expect((err as Error).message).toBe(`table "orders" already exists in ${maskUrl(url)}; pass --replace to drop and recreate the spec's tables`);
      expect(await tableNames(c)).toEqual(['orders']);
      expect((await c.query('SELECT x FROM orders')).rows).toEqual([{ x: 1 }]);
    } finally {
      await c.end();
    }
  });

  it('with replace, drops (CASCADE) and recreates the spec tables in one transaction; a failure brings the old ones back', async () => {
    const { url, reader } = await freshDatabase();
    const c = await reader();
    try {
      await c.query(`CREATE TABLE customers (id bigint PRIMARY KEY, old text); INSERT INTO customers VALUES (1, 'old'), (2, 'old');
        CREATE VIEW old_names AS SELECT old FROM customers;
        CREATE TABLE audit (customer_id bigint REFERENCES customers (id)); INSERT INTO audit VALUES (1), (2);
        CREATE TABLE keep (y text); INSERT INTO keep VALUES ('kept')`);
      const { tables, batches, rows } = generateTables(TYPES_SPEC);

      // A failing replace first: everything is as it was.
      const broken = new Map(batches);
      broken.set('customers', [...batches.get('customers')!, { ...batches.get('customers')![0]!, startRow: 120 }]);
      const err = await loadInto(await openDestination(url, { cwd: '/', replace: true }), tables, broken).catch((e: unknown) => e);
      expect((err as Error).message).toMatch(/^loading table "customers" in .* failed: duplicate key value violates unique constraint "customers_pkey"/);
      expect((await c.query('SELECT id::int, old FROM customers ORDER BY id')).rows).toEqual([
        { id: 1, old: 'old' },
        { id: 2, old: 'old' },
      ]);
      expect(await tableNames(c)).toEqual(['audit', 'customers', 'keep']);
      expect((await c.query('SELECT count(*)::int AS n FROM old_names')).rows).toEqual([{ n: 2 }]);

      await loadInto(await openDestination(url, { cwd: '/', replace: true }), tables, batches);
      expect(await readTable(c, tables[0]!, 'id')).toEqual(expected(tables[0]!, rows.get('customers')!));
      expect(await tableNames(c)).toEqual(['audit', 'customers', 'keep', 'orders']);
      expect((await c.query('SELECT y FROM keep')).rows).toEqual([{ y: 'kept' }]);
      // CASCADE dropped the view and audit's foreign key (not its rows).
      expect((await c.query(`SELECT count(*)::int AS n FROM pg_views WHERE viewname = 'old_names'`)).rows).toEqual([{ n: 0 }]);
      expect((await c.query('SELECT customer_id::int AS id FROM audit ORDER BY 1')).rows).toEqual([{ id: 1 }, { id: 2 }]);
      expect((await constraints(c)).filter((d) => d.startsWith('audit'))).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it("loads into the schema the connection's search_path names (URL `options`), looking for existing tables there", async () => {
    const { url, reader } = await freshDatabase();
    const c = await reader();
    try {
      // A customers table elsewhere on the search_path (public) does not count: CREATE TABLE goes into staging.
      await c.query('CREATE SCHEMA staging; CREATE TABLE public.customers (x int)');
      const { tables, batches, rows } = generateTables(TYPES_SPEC);
      await loadInto(await openDestination(`${url}?options=${encodeURIComponent('-c search_path=staging,public')}`, { cwd: '/' }), tables, batches);
      const r = await c.query(`SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema IN ('public', 'staging') ORDER BY 1, 2`);
      expect(r.rows).toEqual([
        { table_schema: 'public', table_name: 'customers' },
        { table_schema: 'staging', table_name: 'customers' },
        { table_schema: 'staging', table_name: 'orders' },
      ]);
      expect((await c.query('SELECT count(*)::int AS n FROM staging.orders')).rows).toEqual([{ n: rows.get('orders')!.length }]);
    } finally {
      await c.end();
    }
  });

  it('aborting in the middle of a COPY cancels it and leaves nothing', async () => {
    const { url, reader } = await freshDatabase();
    const { tables, batches } = generateTables(TYPES_SPEC, { batchRows: 10 });
    const dest = await openDestination(url, { cwd: '/' });
    await dest.open(tables);
    await dest.startTable(tables[0]!);
    await dest.writeBatch(batches.get('customers')![0]!);
    await dest.abort();
    await dest.abort();
    const c = await reader();
    try {
      expect(await tableNames(c)).toEqual([]);
    } finally {
      await c.end();
    }
  });

  it('rolls back and disconnects after a failure even when the caller does not abort', async () => {
    const { url, reader } = await freshDatabase();
    const { tables, batches } = generateTables(TYPES_SPEC, { batchRows: 50 });
    const dest = await openDestination(url, { cwd: '/' });
    await dest.open(tables);
    await dest.startTable(tables[0]!);
    const first = batches.get('customers')![0]!;
    await dest.writeBatch(first);
    await dest.writeBatch(first);
    await expect(dest.endTable()).rejects.toThrow(/^loading table "customers" .* duplicate key value violates unique constraint "customers_pkey"/);
    const c = await reader();
    try {
      expect(await tableNames(c)).toEqual([]);
      // The server lists a closed session for a moment after the client has gone.
      let sessions = -1;
      for (let i = 0; i < 40 && sessions !== 0; i++) {
        if (i) await new Promise((resolve) => setTimeout(resolve, 50));
        sessions = (await c.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'synth'`)).rows[0].n as number;
      }
      expect(sessions).toBe(0);
    } finally {
      await c.end();
    }
  });

  it('says quickly and clearly when the connection is refused, without the password', async () => {
    const port = await freePort();
    const started = Date.now();
    const dest = await openDestination(`postgres://postgres:${PASSWORD}@127.0.0.1:${port}/db`, { cwd: '/' });
    const err = await dest.open([]).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(err).toBeInstanceOf(DestinationError);
    expect((err as Error).message).toBe(`could not connect to postgres://postgres:***@127.0.0.1:${port}/db: connection refused (is the server running and listening on that host and port?)`);
    await dest.abort();
  });

  it('gives up connecting after connect_timeout when the server never answers', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((s) => sockets.push(s));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const dest = await openDestination(`postgres://postgres:${PASSWORD}@127.0.0.1:${port}/db?connect_timeout=1`, { cwd: '/' });
      const err = await dest.open([]).catch((e: unknown) => e);
      const took = Date.now() - started;
      expect(took).toBeGreaterThanOrEqual(900);
      expect(took).toBeLessThan(4000);
      expect((err as Error).message).toBe(`could not connect to postgres://postgres:***@127.0.0.1:${port}/db?connect_timeout=1: no answer within 1 s (connect_timeout); is the host reachable?`);
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('reports a wrong password without printing it, and takes the password from PGPASSWORD', async () => {
    const { db, reader } = await freshDatabase();
    const wrong = 'hunter2-wrong';
    const dest = await openDestination(`postgres://postgres:${wrong}@127.0.0.1:${cluster!.port}/${db}`, { cwd: '/' });
    const err = await dest.open([]).catch((e: unknown) => e);
    expect((err as Error).message).toBe(`could not connect to postgres://postgres:***@127.0.0.1:${cluster!.port}/${db}: password authentication failed for user "postgres"`);

    const saved = process.env.PGPASSWORD;
    process.env.PGPASSWORD = PASSWORD;
    try {
      const { tables, batches } = generateTables(TYPES_SPEC);
      await loadInto(await openDestination(`postgres://postgres@127.0.0.1:${cluster!.port}/${db}`, { cwd: '/' }), tables, batches);
    } finally {
      if (saved === undefined) delete process.env.PGPASSWORD;
      else process.env.PGPASSWORD = saved;
    }
    const c = await reader();
    try {
      expect(await tableNames(c)).toEqual(['customers', 'orders']);
    } finally {
      await c.end();
    }
  });

  it('masks passwords in URLs it prints', () => {
    expect(maskUrl('postgres://u:secret@h:5432/db')).toBe('postgres://u:***@h:5432/db');
    expect(maskUrl('postgres://u:p@ss:w/rd@h/db')).toBe('postgres://u:***@h/db');
    expect(maskUrl('postgres://u@h/db?sslmode=require&password=secret')).toBe('postgres://u@h/db?sslmode=require&password=***');
    expect(maskUrl('postgres://h/db')).toBe('postgres://h/db');
  });
});
