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
export function utcDateTime(ms: number): string {
  const s = new Date(ms).toISOString();
  return `${s.slice(0, 10)} ${s.slice(11, ms % 1000 === 0 ? 19 : 23)}`;
}

/** `HH:MM:SS`, with `.mmm` when the value has milliseconds. */
export function clock(ms: number): string {
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
    json: ['JSONB', 'JSON', 'TEXT'],
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

/** A foreign key to a table created after its own: it cannot be declared in CREATE TABLE as an immediate constraint. */
export interface DeferredForeignKey {
  /** The table holding the key, its column, and the table it points at. */
  table: string;
  column: string;
  target: string;
  /**
   * postgres, mysql: the `ALTER TABLE … ADD FOREIGN KEY …` (no `;`) to run once every row is in. sqlite: none:
   * SQLite cannot add a foreign key to a table, so CREATE TABLE declares it DEFERRABLE INITIALLY DEFERRED.
   */
  statement?: string;
}

export interface SchemaStatements {
  /** One CREATE TABLE (no `;`) per table, in the order given. */
  tables: Array<{ name: string; create: string }>;
  deferredForeignKeys: DeferredForeignKey[];
}

/** What CREATE TABLE needs to know about the whole set of tables, and which of them exist so far. */
interface SchemaScope {
  dialect: SqlDialect;
  inSet: Set<string>;
  /** Per table, the columns other tables of the set reference (they need a unique index). */
  referenced: Map<string, Set<string>>;
  created: Set<string>;
}

function schemaScope(dialect: SqlDialect, tables: TableInfo[]): SchemaScope {
  const inSet = new Set(tables.map((t) => t.name));
  const referenced = new Map<string, Set<string>>();
  for (const t of tables) {
    for (const fk of t.foreignKeys ?? []) {
      if (!inSet.has(fk.table)) continue;
      if (!referenced.has(fk.table)) referenced.set(fk.table, new Set());
      referenced.get(fk.table)!.add(fk.references);
    }
  }
  return { dialect, inSet, referenced, created: new Set() };
}

/** CREATE TABLE for one table, and its foreign keys to tables not created yet; marks the table created. */
function tableStatements(scope: SchemaScope, table: TableInfo): { create: string; deferred: DeferredForeignKey[] } {
  const d = scope.dialect;
  const q = identQuoter(d);
  const referenced = scope.referenced.get(table.name);
  const fks = (table.foreignKeys ?? []).filter((fk) => scope.inSet.has(fk.table));
  const keyColumns = new Set([...(table.primaryKey ?? []), ...(table.unique ?? []).flat(), ...fks.map((f) => f.column), ...(referenced ?? [])]);
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
  for (const c of table.columns) if (referenced?.has(c.name)) unique([c.name]);
  const deferred: DeferredForeignKey[] = [];
  for (const fk of fks) {
    const clause = `FOREIGN KEY (${q(fk.column)}) REFERENCES ${q(fk.table)} (${q(fk.references)})`;
    const later = fk.table !== table.name && !scope.created.has(fk.table);
    if (!later) lines.push(`  ${clause}`);
    else if (d === 'sqlite') {
      lines.push(`  ${clause} DEFERRABLE INITIALLY DEFERRED`);
      deferred.push({ table: table.name, column: fk.column, target: fk.table });
    } else deferred.push({ table: table.name, column: fk.column, target: fk.table, statement: `ALTER TABLE ${q(table.name)} ADD ${clause}` });
  }
  scope.created.add(table.name);
  return { create: `CREATE TABLE ${q(table.name)} (\n${lines.join(',\n')}\n)${d === 'mysql' ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : ''}`, deferred };
}

/**
 * The DDL of a set of tables, created in the order given (pass generation order: referenced tables first). Foreign
 * keys to tables outside the set are left out; those to a table later in the order (a cycle) are deferred: added by
 * ALTER TABLE after the rows (postgres, mysql) or declared DEFERRABLE INITIALLY DEFERRED (sqlite). A column other
 * tables reference gets a UNIQUE constraint when it is not already a key. Pure: the sql writer and the database
 * destinations (src/destinations/) share it.
 */
export function schemaStatements(dialect: SqlDialect, tables: TableInfo[]): SchemaStatements {
  const scope = schemaScope(dialect, tables);
  const out: SchemaStatements = { tables: [], deferredForeignKeys: [] };
  for (const t of tables) {
    if (scope.created.has(t.name)) continue;
    const { create, deferred } = tableStatements(scope, t);
    out.tables.push({ name: t.name, create });
    out.deferredForeignKeys.push(...deferred);
  }
  return out;
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
  const scope = schemaScope(d, context.tables);
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
    const { create, deferred: later } = tableStatements(scope, table);
    for (const fk of later) if (fk.statement) deferred.push(`${fk.statement};\n`);
    return `-- Table ${table.name}\n${create};\n\n`;
  };

  /** CREATE TABLE for every table of the file up front, so rows can point at a table later in the file. */
  const schema = (): string => {
    if (!createTables) return '';
    let out = '';
    for (const t of context.tables) if (!scope.created.has(t.name)) out += createTable(t);
    return out;
  };

  return {
    async startTable(table) {
      await header();
      let out = schema();
      // Not announced in context.tables: create it where it comes.
      if (createTables && !scope.created.has(table.name)) out += createTable(table);
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
