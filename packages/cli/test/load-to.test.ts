import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { startPostgres, type Cluster } from '../../compiler/test/support/postgres.js';
import { REPO, runCli, tempDir } from './run-cli.js';

/** `synth build --to …` end to end: the rows a database holds are the rows of the csv build. */
const SHOP = join(REPO, 'fixtures', 'shop.synth.yaml');
const TABLES = ['customers', 'products', 'orders', 'order_items', 'payments'];

async function csvCounts(): Promise<Record<string, number>> {
  const dir = tempDir();
  const r = await runCli(['build', SHOP, '--out', dir, '--format', 'csv'], { cwd: dir });
  expect(r.code).toBe(0);
  return Object.fromEntries(TABLES.map((t) => [t, readFileSync(join(dir, `${t}.csv`), 'utf8').trimEnd().split('\n').length - 1]));
}

function sqliteCounts(path: string): Record<string, number> {
  const script = `
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.execute("PRAGMA foreign_keys = ON")
assert db.execute("PRAGMA foreign_key_check").fetchall() == []
print(json.dumps({t: db.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in sys.argv[2:]}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, path, ...TABLES], { encoding: 'utf8', stdio: 'pipe' })) as Record<string, number>;
}

const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('build --to sqlite', () => {
  it('loads every table; a second load fails and leaves the file as it was; --replace reloads', async () => {
    const expected = await csvCounts();
    const dir = tempDir();
    const first = await runCli(['build', SHOP, '--to', 'sqlite:shop.db'], { cwd: dir });
    expect(first.stderr).not.toMatch(/SYN\d/);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('sqlite:shop.db  order_items  1,696 rows');
    const db = join(dir, 'shop.db');
    expect(sqliteCounts(db)).toEqual(expected);

    const before = sha(db);
    const again = await runCli(['build', SHOP, '--to', 'sqlite:shop.db'], { cwd: dir });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('SYN407');
    expect(again.stderr).toContain('already exists');
    expect(again.stderr).not.toMatch(/\n\s+at /);
    expect(sha(db)).toBe(before);

    const replaced = await runCli(['build', SHOP, '--to', 'sqlite:shop.db', '--replace', '--seed', '9'], { cwd: dir });
    expect(replaced.code).toBe(0);
    expect(sha(db)).not.toBe(before);
  });

  it("loads into a path outside the working directory (the operator's own flag), and refuses an unknown scheme before generating", async () => {
    const parent = tempDir();
    const cwd = join(parent, 'work');
    mkdirSync(cwd);
    const outside = await runCli(['build', SHOP, '--to', 'sqlite:../elsewhere.db', '--rows', '3'], { cwd });
    expect(outside.stderr).not.toMatch(/SYN\d/);
    expect(outside.code).toBe(0);
    expect(existsSync(join(parent, 'elsewhere.db'))).toBe(true);
    const scheme = await runCli(['build', SHOP, '--to', 'mysql://root@localhost/db'], { cwd: tempDir() });
    expect(scheme.code).toBe(1);
    expect(scheme.stderr).toContain('SYN207');
    const mixed = await runCli(['build', SHOP, '--to', 'sqlite:x.db', '--check'], { cwd: tempDir() });
    expect(mixed.code).toBe(2);
  });
});

describe('build --to postgres', () => {
  let cluster: Cluster;
  beforeAll(async () => {
    cluster = await startPostgres();
  }, 120_000);
  afterAll(() => cluster?.stop());

  it('loads every table with its keys; a failed load says why and keeps nothing', async () => {
    const expected = await csvCounts();
    const url = `postgres://postgres@127.0.0.1:${cluster.port}/postgres`;
    const r = await runCli(['build', SHOP, '--to', url]);
    expect(r.stderr).not.toMatch(/SYN\d/);
    expect(r.code).toBe(0);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const t of TABLES) expect(Number((await client.query(`SELECT count(*) AS n FROM "${t}"`)).rows[0].n)).toBe(expected[t]);
      const fks = await client.query("SELECT count(*) AS n FROM information_schema.table_constraints WHERE constraint_type = 'FOREIGN KEY'");
      expect(Number(fks.rows[0].n)).toBeGreaterThanOrEqual(4);

      // Loading again without --replace fails on the first table: nothing changes.
      const again = await runCli(['build', SHOP, '--to', url, '--seed', '5']);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain('SYN407');
      expect(Number((await client.query('SELECT count(*) AS n FROM customers')).rows[0].n)).toBe(expected.customers);

      // A wrong password is reported without the password.
      const bad = await runCli(['build', SHOP, '--to', `postgres://nobody:hunter22@127.0.0.1:${cluster.port}/nope`]);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain('SYN407');
      expect(bad.stderr).not.toContain('hunter22');
    } finally {
      await client.end();
    }
  });
});
