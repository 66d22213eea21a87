import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { MemorySink, textFormatter, WriterOptionError, type CellValue, type TableInfo } from '@synth/compiler';
import { sqlWriter } from '../../src/writers/sql-writer.js';
import { AWKWARD, CYCLE_SPEC } from '../support/load.js';
import { startPostgres, type Cluster } from '../support/postgres.js';
import { sqliteValue } from '../support/sqlite-value.js';
import { tempFile, TYPES_SPEC, writeWith } from './write-with.js';

const PYTHON = '/usr/bin/python3';

/** Python's sqlite3 runs the script (foreign keys on), then dumps every table, its column types and the foreign-key check. */
const READ_SQLITE = `
import json, sqlite3, sys
con = sqlite3.connect(":memory:")
con.execute("PRAGMA foreign_keys = ON")
con.executescript(open(sys.argv[1], encoding="utf-8", newline="").read())
out = {"foreign_keys": con.execute("PRAGMA foreign_keys").fetchone()[0], "fk_check": [list(r) for r in con.execute("PRAGMA foreign_key_check")], "tables": {}}
for (name,) in con.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY rowid").fetchall():
    q = '"' + name.replace('"', '""') + '"'
    cur = con.execute("SELECT * FROM " + q + " ORDER BY rowid")
    rows = [list(r) for r in cur]
    out["tables"][name] = {"columns": [d[0] for d in cur.description], "types": [r[2] for r in con.execute("PRAGMA table_info(" + q + ")")], "rows": rows}
print(json.dumps(out))
`;

interface SqliteBack {
  foreign_keys: number;
  fk_check: unknown[];
  tables: Record<string, { columns: string[]; types: string[]; rows: unknown[][] }>;
}

function runSqlite(bytes: Buffer): SqliteBack {
  if (!existsSync(PYTHON)) throw new Error(`${PYTHON} (with its sqlite3 module) is needed to run the SQL`);
  return JSON.parse(execFileSync(PYTHON, ['-c', READ_SQLITE, tempFile(bytes, 'data.sql')], { encoding: 'utf8', maxBuffer: 1 << 28, stdio: 'pipe' })) as SqliteBack;
}

function expectSqliteTables(back: SqliteBack, tables: TableInfo[], rows: Map<string, Array<Record<string, CellValue>>>) {
  expect(Object.keys(back.tables)).toEqual(tables.map((t) => t.name));
  for (const info of tables) {
    const table = back.tables[info.name]!;
    expect(table.columns).toEqual(info.columns.map((c) => c.name));
    const expected = rows.get(info.name)!.map((row) => info.columns.map((c) => sqliteValue(c, row[c.name]!, { dropNul: true })));
    expect(table.rows).toHaveLength(expected.length);
    expect(table.rows).toEqual(expected);
  }
}

// -------------------------------------------------------------------------------------------------

describe('sql writer: sqlite', () => {
  it("is run by Python's sqlite3 with every row and value of the types spec", async () => {
    const { bytes, tables, rows } = await writeWith(sqlWriter, TYPES_SPEC, { options: { dialect: 'sqlite' } });
    const back = runSqlite(bytes);
    expect(back.foreign_keys).toBe(1);
    expect(back.fk_check).toEqual([]);
    expectSqliteTables(back, tables, rows);
    expect(back.tables.customers!.types).toEqual(['INTEGER', 'TEXT', 'TEXT', 'NUMERIC', 'REAL', 'INTEGER', 'DATE', 'DATETIME', 'TIME', 'TEXT', 'TEXT', 'TEXT']);
    expect(rows.get('customers')!.some((r) => r.note === null)).toBe(true);
  });

  it('quotes reserved-word names and awkward strings, and loads a cycle between tables with foreign keys on', async () => {
    const { bytes, tables, rows } = await writeWith(sqlWriter, CYCLE_SPEC, { options: { dialect: 'sqlite', batch_rows: 4 } });
    const back = runSqlite(bytes);
    expect(back.fk_check).toEqual([]);
    expectSqliteTables(back, tables, rows);
    expect(back.tables.nothing!.rows).toEqual([]);
    // Every awkward string came back (NUL dropped), and the cycle really holds non-null references both ways.
    expect(new Set(back.tables.group!.rows.map((r) => r[1]))).toEqual(new Set(AWKWARD.map((s) => s.replace(/\u0000/g, ''))));
    expect(rows.get('order')!.some((r) => r.captain !== null)).toBe(true);
    const text = bytes.toString('utf8');
    expect(text).toContain('DEFERRABLE INITIALLY DEFERRED');
    expect(text).not.toContain('\u0000');
  });

  it('is rejected by SQLite when a foreign key is broken (the check is real)', async () => {
    const { bytes } = await writeWith(sqlWriter, TYPES_SPEC, { options: { dialect: 'sqlite' } });
    const broken = Buffer.from(bytes.toString('utf8').replace(/(INSERT INTO "orders" \([^)]*\) VALUES\n\('[0-9a-f-]+', )\d+/, '$1999999'));
    expect(broken.equals(bytes)).toBe(false);
    expect(() => runSqlite(broken)).toThrow(/FOREIGN KEY constraint failed/);
  });
});

describe('sql writer: postgres', () => {
  let cluster: Cluster | undefined;
  let client: pg.Client | undefined;
  let schemas = 0;

  beforeAll(async () => {
    cluster = await startPostgres();
    client = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: 'postgres', database: 'postgres' });
    await client.connect();
  }, 180_000);

  afterAll(async () => {
    try {
      await client?.end();
    } finally {
      cluster?.stop();
    }
  }, 120_000);

  /** Runs a script in a fresh schema. */
  async function load(sql: Buffer): Promise<pg.Client> {
    const c = client!;
    const schema = `s${++schemas}`;
    await c.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; SET TIME ZONE 'UTC'`);
    await c.query(sql.toString('utf8'));
    return c;
  }

  it('is run by PostgreSQL with every row and value of the types spec, keys included', async () => {
    const { bytes, tables, rows } = await writeWith(sqlWriter, TYPES_SPEC);
    const c = await load(bytes);
    const customers = rows.get('customers')!;
    const orders = rows.get('orders')!;
    const count = async (t: string) => Number((await c.query(`SELECT count(*) AS n FROM ${t}`)).rows[0].n);
    expect(await count('customers')).toBe(customers.length);
    expect(await count('orders')).toBe(orders.length);

    const info = tables.find((t) => t.name === 'customers')!;
    const fmt = new Map(info.columns.map((col) => [col.name, textFormatter(col)]));
    const back = (
      await c.query(`SELECT id::text AS id, name, weird_value, balance::text AS balance, ratio, active::text AS active, born::text AS born,
        to_char(seen_at, 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS seen_at, opens::text AS opens, uid::text AS uid, tier, note FROM customers ORDER BY customers.id`)
    ).rows as Array<Record<string, unknown>>;
    expect(back).toHaveLength(customers.length);
    for (let i = 0; i < customers.length; i++) {
      for (const col of info.columns) {
        const v = customers[i]![col.name]!;
        const expected = v === null ? null : col.name === 'ratio' ? v : fmt.get(col.name)!(v);
        expect([col.name, back[i]![col.name]]).toEqual([col.name, expected]);
      }
    }
    const orderBack = (await c.query('SELECT id::text AS id, customer_id::text AS customer_id, amount::text AS amount, qty FROM orders ORDER BY id')).rows;
    const orderExpected = [...orders].sort((a, b) => (String(a.id) < String(b.id) ? -1 : 1)).map((o) => ({ id: o.id, customer_id: String(o.customer_id), amount: (o.amount as number).toFixed(2), qty: String(o.qty) }));
    expect(orderBack).toEqual(orderExpected);

    const constraints = (await c.query(`SELECT table_name, constraint_type FROM information_schema.table_constraints WHERE table_schema = current_schema() AND constraint_type IN ('PRIMARY KEY', 'FOREIGN KEY', 'UNIQUE') ORDER BY 1, 2`)).rows;
    expect(constraints).toEqual([
      { table_name: 'customers', constraint_type: 'PRIMARY KEY' },
      { table_name: 'orders', constraint_type: 'FOREIGN KEY' },
      { table_name: 'orders', constraint_type: 'PRIMARY KEY' },
    ]);
    const types = (await c.query(`SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'customers' ORDER BY ordinal_position`)).rows.map((r) => r.data_type);
    expect(types).toEqual(['bigint', 'text', 'text', 'numeric', 'double precision', 'boolean', 'date', 'timestamp with time zone', 'time without time zone', 'uuid', 'text', 'text']);
  });

  it('loads reserved-word names, awkward strings and a cycle between tables', async () => {
    const { bytes, rows } = await writeWith(sqlWriter, CYCLE_SPEC, { options: { batch_rows: 5 } });
    expect(bytes.toString('utf8')).toContain('ALTER TABLE "group" ADD FOREIGN KEY');
    const c = await load(bytes);
    const group = (await c.query('SELECT "id", "from", "order_id", "parent_id", "CamelCase" FROM "group" ORDER BY "id"')).rows;
    expect(group).toEqual(
      rows.get('group')!.map((r) => ({ id: String(r.id), from: String(r.from).replace(/\u0000/g, ''), order_id: String(r.order_id), parent_id: r.parent_id === null ? null : String(r.parent_id), CamelCase: r.CamelCase })),
    );
    const order = (await c.query('SELECT "id", "select", "captain" FROM "order" ORDER BY "id"')).rows;
    expect(order).toEqual(rows.get('order')!.map((r) => ({ id: String(r.id), select: String(r.select).replace(/\u0000/g, ''), captain: r.captain === null ? null : String(r.captain) })));
    expect(Number((await c.query('SELECT count(*) AS n FROM "nothing"')).rows[0].n)).toBe(0);
    const fks = (await c.query(`SELECT table_name FROM information_schema.table_constraints WHERE table_schema = current_schema() AND constraint_type = 'FOREIGN KEY' ORDER BY 1`)).rows.map((r) => r.table_name);
    expect(fks).toEqual(['group', 'group', 'order']);
  });
});

describe('sql writer: mysql (text only: no server here)', () => {
  it('quotes identifiers with backticks, escapes quotes and backslashes, and uses MySQL types', async () => {
    const { bytes, rows } = await writeWith(sqlWriter, TYPES_SPEC, { options: { dialect: 'mysql' } });
    const text = bytes.toString('utf8');
    expect(text).toContain('SET NAMES utf8mb4;\nBEGIN;\n');
    expect(text).toContain(
      [
        'CREATE TABLE `customers` (',
        '  `id` BIGINT NOT NULL,',
        '  `name` TEXT NOT NULL,',
        '  `weird_value` TEXT NOT NULL,',
        '  `balance` DECIMAL(20,2) NOT NULL,',
        '  `ratio` DOUBLE NOT NULL,',
        '  `active` BOOLEAN NOT NULL,',
        '  `born` DATE NOT NULL,',
        '  `seen_at` DATETIME(3) NOT NULL,',
        '  `opens` TIME(3) NOT NULL,',
        '  `uid` CHAR(36) NOT NULL,',
        '  `tier` TEXT NOT NULL,',
        '  `note` TEXT,',
        '  PRIMARY KEY (`id`)',
        ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;',
      ].join('\n'),
    );
    expect(text).toContain('FOREIGN KEY (`customer_id`) REFERENCES `customers` (`id`)');
    const first = rows.get('customers')![0]!;
    const seen = new Date(first.seen_at as number).toISOString().replace('T', ' ').replace(/(\.000)?Z$/, '');
    expect(text).toContain(`(1, '${first.name}', `);
    expect(text).toContain(`, ${first.active ? 'TRUE' : 'FALSE'}, '${new Date(first.born as number).toISOString().slice(0, 10)}', '${seen}', `);
    expect(text.trimEnd().endsWith('COMMIT;')).toBe(true);
  });

  it('escapes quotes and backslashes in strings, and adds cycle foreign keys after the rows', async () => {
    const { bytes } = await writeWith(sqlWriter, CYCLE_SPEC, { options: { dialect: 'mysql' } });
    const text = bytes.toString('utf8');
    expect(text).toContain("'it''s'");
    expect(text).toContain("''''''");
    expect(text).toContain("'back\\\\slash'"); // back\\slash in the file
    expect(text).toContain("'\\\\'''"); // \\'' in the file: a backslash, then a quote
    expect(text).toContain("'trailing\\\\'");
    expect(text).toContain("'''); DROP TABLE x; --'");
    expect(text).toContain('CREATE TABLE `order` (');
    expect(text).toContain('`CamelCase` BOOLEAN NOT NULL');
    expect(text).toContain('UNIQUE (`id`)'); // order.id is a referenced sequence: it needs a unique index
    expect(text).toMatch(/ALTER TABLE `group` ADD FOREIGN KEY \(`order_id`\) REFERENCES `order` \(`id`\);\n\nCOMMIT;\n$/);
    expect(text).not.toContain('\u0000');
  });

  it('uses VARCHAR(255) for string key columns (MySQL cannot index TEXT)', async () => {
    const spec = `synth: 1
tables:
  codes:
    rows: 3
    columns:
      code: { type: string, pattern: '[A-Z]{6}', primary_key: true }
      label: { type: string, pattern: '[a-z]{5}' }
`;
    const text = (await writeWith(sqlWriter, spec, { options: { dialect: 'mysql' } })).bytes.toString('utf8');
    expect(text).toContain('`code` VARCHAR(255) NOT NULL');
    expect(text).toContain('`label` TEXT NOT NULL');
  });
});

describe('sql writer: options and determinism', () => {
  it('is byte-for-byte deterministic in every dialect', async () => {
    for (const dialect of ['postgres', 'mysql', 'sqlite']) {
      const a = await writeWith(sqlWriter, TYPES_SPEC, { options: { dialect } });
      const b = await writeWith(sqlWriter, TYPES_SPEC, { options: { dialect } });
      expect(a.bytes.equals(b.bytes)).toBe(true);
    }
  });

  it('batches INSERTs by batch_rows and can leave out CREATE TABLE', async () => {
    const { bytes, rows } = await writeWith(sqlWriter, TYPES_SPEC, { tables: ['customers'], options: { batch_rows: 7, create_tables: false } });
    const text = bytes.toString('utf8');
    expect(text).not.toContain('CREATE TABLE');
    expect(text.match(/^INSERT INTO "customers"/gm)).toHaveLength(Math.ceil(rows.get('customers')!.length / 7));
    expect(text.match(/^\(/gm)).toHaveLength(rows.get('customers')!.length);
    expect(text.startsWith('-- Generated by synth (dialect: postgres)')).toBe(true);
    expect(text).toMatch(/\nBEGIN;\n[\s\S]*\nCOMMIT;\n$/);
  });

  it('rejects bad options', () => {
    const make = (options: Record<string, unknown>) => () => sqlWriter(new MemorySink(), { multiTable: true, options, context: { title: 't', seed: '0', tables: [] } });
    expect(make({ dialect: 'oracle' })).toThrow(WriterOptionError);
    expect(make({ dialect: 'oracle' })).toThrow('`dialect` must be `postgres`, `mysql` or `sqlite`');
    expect(make({ batch_rows: 0 })).toThrow(WriterOptionError);
    expect(make({ batch_rows: 2.5 })).toThrow(WriterOptionError);
    expect(make({ batch_rows: '10' })).toThrow(WriterOptionError);
    expect(make({ create_tables: 'yes' })).toThrow(WriterOptionError);
    expect(make({ dialect: 'sqlite', batch_rows: 1, create_tables: false })).not.toThrow();
  });
});
