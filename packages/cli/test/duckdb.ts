import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** An in-memory DuckDB: an independent reader of what synth wrote. */
export async function duckdb(): Promise<{ conn: DuckDBConnection; all: (sql: string) => Promise<Array<Record<string, unknown>>>; close: () => void }> {
  const instance = await DuckDBInstance.create(':memory:');
  const conn = await instance.connect();
  return {
    conn,
    all: async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS() as Array<Record<string, unknown>>,
    close: () => {
      conn.closeSync();
      instance.closeSync();
    },
  };
}

export const quoteIdent = (s: string) => `"${s.replaceAll('"', '""')}"`;
export const quoteString = (s: string) => `'${s.replaceAll("'", "''")}'`;
