import { WriterOptionError, type ByteSink, type CellValue, type ColumnInfo, type LogicalType, type RowBatch, type TableInfo, type Writer, type WriterFactory } from '../types.js';

export type SqlDialect = 'postgres' | 'mysql' | 'sqlite';
const DIALECTS: readonly SqlDialect[] = ['postgres', 'mysql', 'sqlite'];

/** Largest `batch_rows`: keeps one INSERT well under MySQL's default 64 MiB max_allowed_packet for typical rows. */
export const MAX_SQL_BATCH_ROWS = 100_000;

/** Digits before the point of a DECIMAL/NUMERIC column; the precision is this plus the column's scale. */
const DECIMAL_INTEGER_DIGITS = 18;

/** A quoted identifier: `"x"` (postgres, sqlite) or `` `x` `` (mysql), the quote doubled inside. */
function identQuoter(dialect: SqlDialect): (name: string) => string {
  return dialect === 'mysql' ? (n) => `\`${n.replace(/`/g, '``')}\`` : (n) => `"${n.replace(/"/g, '""')}"`;
}

/**
 * A string literal: quotes doubled; for mysql also backslashes doubled (the file assumes MySQL's default sql_mode,
 * without NO_BACKSLASH_ESCAPES, as mysqldump does). U+0000 is dropped: PostgreSQL text cannot hold it, and a NUL in
 * the script trips up clients.
 */
function stringQuoter(dialect: SqlDialect): (s: string) => string {
  const special = dialect === 'mysql' ? /['\\\u0000]/g : /['\u0000]/g;
  const test = dialect === 'mysql' ? /['\\\u0000]/ : /['\u0000]/;
  return (s) => `'${test.test(s) ? s.replace(special, (c) => (c === "'" ? "''" : c === '\\' ? '\\\\' : '')) : s}'`;
}

/** `YYYY-MM-DD HH:MM:SS`, with `.mmm` when the value has milliseconds, in UTC. */
function utcDateTime(ms: number): string {
  const s = new Date(ms).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, ms % 1000 === 0 ? 19 : 23)}`;
}

/** `HH:MM:SS`, with `.mmm` when the value has milliseconds. */
function clock(ms: number): string {
  const whole = Math.floor(ms / 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  const frac = ms % 1000 === 0 ? '' : `.${String(Math.round(ms % 1000)).padStart(3, '0')}`;
  return `${two(Math.floor(whole / 3600))}:${two(Math.floor((whole % 3600) / 60))}:${two(whole % 60)}${frac}`;
}

/** The SQL type of a column. `key`: the column is part of a key or foreign key (mysql cannot index TEXT). */
export function sqlType(dialect: SqlDialect, column: ColumnInfo, key = false): string {
  const scale = column.scale ?? 2;
  const byType: Record<LogicalType, [postgres: string, mysql: string, sqlite: string]> = {
    int: ['BIGINT', 'BIGINT', 'INTEGER'],
    float: ['DOUBLE PRECISION', 'DOUBLE', 'REAL'],
    decimal: [`NUMERIC(${DECIMAL_INTEGER_DIGITS + scale},${scale})`, `DECIMAL(${DECIMAL_INTEGER_DIGITS + scale},${scale})`, 'NUMERIC'],
    bool: ['BOOLEAN', 'BOOLEAN', 'INTEGER'],
    string: ['TEXT', key ? 'VARCHAR(255)' : 'TEXT', 'TEXT'],
    uuid: ['UUID', 'CHAR(36)', 'TEXT'],
    date: ['DATE', 'DATE', 'DATE'],
    datetime: ['TIMESTAMP WITH TIME ZONE', 'DATETIME(3)', 'DATETIME'],
    time: ['TIME', 'TIME(3)', 'TIME'],
  };
  return byType[column.type][DIALECTS.indexOf(dialect)]!;
}

/** Cell value → SQL literal, by column type and dialect. */
function literalEncoder(dialect: SqlDialect, column: ColumnInfo): (v: CellValue) => string {
  const str = stringQuoter(dialect);
  const fallback = (v: CellValue) => str(String(v));
  const finite = (enc: (n: number) => string) => (v: CellValue) => (typeof v === 'number' ? (Number.isFinite(v) ? enc(v) : 'NULL') : fallback(v));
  switch (column.type) {
    case 'int':
    case 'float':
      return finite((n) => String(n));
    case 'decimal':
      return finite((n) => n.toFixed(column.scale ?? 2));
    case 'bool': {
      const [t, f] = dialect === 'sqlite' ? ['1', '0'] : ['TRUE', 'FALSE'];
      return (v) => (typeof v === 'boolean' ? (v ? t : f) : fallback(v));
    }
    case 'date':
      return finite((n) => `'${new Date(n).toISOString().slice(0, 10)}'`);
    case 'datetime':
      return finite(dialect === 'postgres' ? (n) => `'${utcDateTime(n)}+00'` : (n) => `'${utcDateTime(n)}'`);
    case 'time':
      return finite((n) => `'${clock(n)}'`);
    default:
      return fallback;
  }
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}

/**
 * SQL: a script that creates the tables and inserts their rows in one transaction, for PostgreSQL (default),
 * MySQL or SQLite (option `dialect`). Options: `batch_rows` (rows per multi-row INSERT, default 500),
 * `create_tables` (default true). Every CREATE TABLE comes first (in the file's table order), then each table's
 * rows. Tables come in generation order, so referenced rows are inserted first, except across a cycle between
 * tables: a foreign key to a table whose rows come later is added after all rows are in (postgres, mysql: ALTER
 * TABLE) or declared DEFERRABLE INITIALLY DEFERRED (sqlite). Foreign keys to tables not in the file are left out.
 * Values are typed: the columns' `format` does not apply.
 */
export const sqlWriter: WriterFactory = (sink: ByteSink, { options, context }): Writer => {
  const dialect = options.dialect ?? 'postgres';
  if (typeof dialect !== 'string' || !(DIALECTS as readonly string[]).includes(dialect)) throw new WriterOptionError('`dialect` must be `postgres`, `mysql` or `sqlite`');
  const d = dialect as SqlDialect;
  const batchRows = options.batch_rows ?? 500;
  if (typeof batchRows !== 'number' || !Number.isInteger(batchRows) || batchRows < 1 || batchRows > MAX_SQL_BATCH_ROWS) {
    throw new WriterOptionError(`\`batch_rows\` must be a whole number from 1 to ${MAX_SQL_BATCH_ROWS}`);
  }
  const createTables = options.create_tables ?? true;
  if (typeof createTables !== 'boolean') throw new WriterOptionError('`create_tables` must be true or false');

  const q = identQuoter(d);
  const inFile = new Set(context.tables.map((t) => t.name));
  /** Per table, the columns other tables of this file reference (they need a unique index). */
  const referenced = new Map<string, Set<string>>();
  for (const t of context.tables) {
    for (const fk of t.foreignKeys ?? []) {
      if (!inFile.has(fk.table)) continue;
      if (!referenced.has(fk.table)) referenced.set(fk.table, new Set());
      referenced.get(fk.table)!.add(fk.references);
    }
  }
  const created = new Set<string>();
  /** Foreign keys to tables later in the file, added once every row is in (postgres, mysql). */
  const deferred: string[] = [];

  let started = false;
  let encoders: Array<(v: CellValue) => string> = [];
  let insertHead = '';
  let inStatement = 0;

  const header = async () => {
    if (started) return;
    started = true;
    const lines = [`-- Generated by synth (dialect: ${d})`, `-- ${oneLine(context.title)}`, `-- Seed: ${oneLine(context.seed)}`];
    if (d === 'postgres') lines.push('SET client_encoding = \'UTF8\';', 'SET standard_conforming_strings = on;');
    if (d === 'mysql') lines.push('SET NAMES utf8mb4;');
    lines.push('BEGIN;', '');
    await sink.write(`${lines.join('\n')}\n`);
  };

  const createTable = (table: TableInfo): string => {
    const fks = (table.foreignKeys ?? []).filter((fk) => inFile.has(fk.table));
    const keyColumns = new Set([...(table.primaryKey ?? []), ...(table.unique ?? []).flat(), ...fks.map((f) => f.column), ...(referenced.get(table.name) ?? [])]);
    const lines = table.columns.map((c) => `  ${q(c.name)} ${sqlType(d, c, keyColumns.has(c.name))}${c.nullable ? '' : ' NOT NULL'}`);
    const list = (cols: string[]) => `(${cols.map(q).join(', ')})`;
    const pk = table.primaryKey ?? [];
    if (pk.length) lines.push(`  PRIMARY KEY ${list(pk)}`);
    const uniques = new Set<string>([JSON.stringify(pk)]);
    const unique = (cols: string[]) => {
      const key = JSON.stringify(cols);
      if (uniques.has(key)) return;
      uniques.add(key);
      lines.push(`  UNIQUE ${list(cols)}`);
    };
    for (const u of table.unique ?? []) unique(u);
    // A referenced column is a key (a sequence, say) but may not be declared one; the database needs it to be.
    for (const c of table.columns) if (referenced.get(table.name)?.has(c.name)) unique([c.name]);
    for (const fk of fks) {
      const clause = `FOREIGN KEY (${q(fk.column)}) REFERENCES ${q(fk.table)} (${q(fk.references)})`;
      const later = fk.table !== table.name && !created.has(fk.table);
      if (!later) lines.push(`  ${clause}`);
      else if (d === 'sqlite') lines.push(`  ${clause} DEFERRABLE INITIALLY DEFERRED`);
      else deferred.push(`ALTER TABLE ${q(table.name)} ADD ${clause};\n`);
    }
    return `CREATE TABLE ${q(table.name)} (\n${lines.join(',\n')}\n)${d === 'mysql' ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : ''};\n`;
  };

  /** CREATE TABLE for every table of the file up front, so rows can point at a table later in the file. */
  const schema = (): string => {
    if (!createTables) return '';
    let out = '';
    for (const t of context.tables) {
      if (created.has(t.name)) continue;
      out += `-- Table ${t.name}\n${createTable(t)}\n`;
      created.add(t.name);
    }
    return out;
  };

  return {
    async startTable(table) {
      await header();
      let out = schema();
      if (createTables && !created.has(table.name)) {
        // Not announced in context.tables: create it where it comes.
        out += `-- Table ${table.name}\n${createTable(table)}\n`;
        created.add(table.name);
      }
      encoders = table.columns.map((c) => literalEncoder(d, c));
      insertHead = `INSERT INTO ${q(table.name)} (${table.columns.map((c) => q(c.name)).join(', ')}) VALUES\n`;
      inStatement = 0;
      await sink.write(`${out}-- Rows of ${table.name}\n`);
    },
    async writeBatch(batch: RowBatch) {
      let out = '';
      for (let r = 0; r < batch.rowCount; r++) {
        if (inStatement === batchRows) {
          out += ';\n';
          inStatement = 0;
        }
        out += inStatement++ === 0 ? insertHead : ',\n';
        let row = '(';
        for (let k = 0; k < encoders.length; k++) {
          const v = batch.columns[k]![r]!;
          row += (k ? ', ' : '') + (v === null ? 'NULL' : encoders[k]!(v));
        }
        out += `${row})`;
      }
      if (out) await sink.write(out);
    },
    async endTable() {
      await sink.write(inStatement > 0 ? ';\n\n' : '\n');
      inStatement = 0;
    },
    async finish() {
      await header();
      const rest = schema();
      if (rest) await sink.write(rest);
      await sink.write(`${deferred.length ? `-- Foreign keys to tables created after their table\n${deferred.join('')}\n` : ''}COMMIT;\n`);
    },
  };
};
