// Peer: the users table of specs/users-orders.synth.yaml in DuckDB SQL, the native-code reference. Rows come from
// range(), values from random() and gen_random_uuid(), names from list picks over Faker's own en definitions (read
// from @faker-js/faker's locale data, so both tools draw from the same lists), composed the way Faker composes them
// (sex, then the generic list or the sexed one; a 5% double-barrelled last name; e-mail as one of Faker's three
// username patterns at a free-mail provider). COPY writes the csv.
//
//   node --import tsx bench/peers/duckdb-users.ts ROWS OUT.csv [THREADS]
//
// THREADS (default 1): DuckDB's worker threads; 1 compares it with synth on one thread.
// Prints one JSON line on stdout: { rows, ms } (ms: from the first import to the closed file, without process start-up).
import { compilerRequire, importFrom } from '../lib/paths.js';

/** `@faker-js/faker/locale/en`: a Faker instance of the en locale (typed through the package index, which bench/tsconfig maps). */
type FakerEnModule = { faker: import('@faker-js/faker').Faker };

const [rowsArg, out, threadsArg = '1'] = process.argv.slice(2);
const rows = Number(rowsArg);
const threads = Number(threadsArg);
if (!Number.isInteger(rows) || rows < 0 || out === undefined || !Number.isInteger(threads) || threads < 1) {
  console.error('usage: duckdb-users.ts ROWS OUT.csv [THREADS]');
  process.exit(2);
}

const started = performance.now();
// The en locale alone (not the package index, which loads every locale): only its definitions are used.
const { faker } = await importFrom<FakerEnModule>(compilerRequire, '@faker-js/faker/locale/en');
const { DuckDBInstance, listValue } = await import('@duckdb/node-api');

const defs = faker.rawDefinitions;
const list = (v: readonly string[] | null | undefined, what: string): readonly string[] => {
  if (v == null || v.length === 0) {
    console.error(`duckdb-users: @faker-js/faker's en definitions have no ${what}`);
    process.exit(1);
  }
  return v;
};
const first = {
  generic: list(defs.person?.first_name?.generic, 'person.first_name.generic'),
  female: list(defs.person?.first_name?.female, 'person.first_name.female'),
  male: list(defs.person?.first_name?.male, 'person.first_name.male'),
};
const last = list(defs.person?.last_name?.generic, 'person.last_name.generic');
const providers = list(defs.internet?.free_email, 'internet.free_email');
// faker.person.firstName() with no sex: female or male at even odds, then the sexed list or the generic one, weighted
// 3·√(sexed length) to √(generic length) (selectDefinition in @faker-js/faker 10).
const genericOdds = (sexed: readonly string[]): number => Math.sqrt(first.generic.length) / (3 * Math.sqrt(sexed.length) + Math.sqrt(first.generic.length));
// faker.person.lastName(): last_name_pattern, a single name at weight 95 and "A-B" at weight 5.
const patterns = defs.person?.last_name_pattern?.generic as { value: string; weight: number }[] | undefined;
const doubleOdds = patterns !== undefined ? patterns.filter((p) => p.value.includes('-')).reduce((s, p) => s + p.weight, 0) / patterns.reduce((s, p) => s + p.weight, 0) : 0;

const db = await DuckDBInstance.create(':memory:', { threads: String(threads) });
const con = await db.connect();
await con.run('SELECT setseed(0.7)');
await con.run('CREATE TABLE lists AS SELECT $1::VARCHAR[] AS fg, $2::VARCHAR[] AS ff, $3::VARCHAR[] AS fm, $4::VARCHAR[] AS ln, $5::VARCHAR[] AS pv', [
  listValue(first.generic),
  listValue(first.female),
  listValue(first.male),
  listValue(last),
  listValue(providers),
]);

const pick = (list: string): string => `${list}[1 + floor(random() * len(${list}))::BIGINT]`;
const firstName = `(CASE WHEN random() < 0.5
  THEN CASE WHEN random() < ${genericOdds(first.female)} THEN ${pick('fg')} ELSE ${pick('ff')} END
  ELSE CASE WHEN random() < ${genericOdds(first.male)} THEN ${pick('fg')} ELSE ${pick('fm')} END END)`;
const lastName = `(CASE WHEN random() < ${doubleOdds} THEN ${pick('ln')} || '-' || ${pick('ln')} ELSE ${pick('ln')} END)`;
// Normal(41, 14) by Box–Muller; faker-csv.ts and synth redraw outside [18, 90]. Four draws leave ≈ 10^-5 to the clamp.
const normal = 'round(41 + 14 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))';
const inAge = (a: string): string => `WHEN ${a} BETWEEN 18 AND 90 THEN ${a}`;
const span = (Date.parse('2024-12-31T23:59:59Z') - Date.parse('2020-01-01T00:00:00Z')) / 1000;

// The inner projection draws each value once per row; the outer one composes them (a column read twice is one draw).
await con.run(`CREATE MACRO candidates(n, start) AS TABLE
SELECT k, uuid, first_name, last_name,
  replace(CASE pattern WHEN 0 THEN ef || sep || el || num WHEN 1 THEN ef || sep || el ELSE ef || num END, '''', '') || '@' || provider AS email,
  (CASE ${inAge('a1')} ${inAge('a2')} ${inAge('a3')} ELSE greatest(18, least(90, a4)) END)::INTEGER AS age,
  balance, signed_up_at
FROM (
  SELECT range AS k, gen_random_uuid() AS uuid, ${firstName} AS first_name, ${lastName} AS last_name,
    ${firstName} AS ef, ${lastName} AS el,
    CASE WHEN random() < 0.5 THEN '.' ELSE '_' END AS sep, floor(random() * 100)::BIGINT::VARCHAR AS num,
    floor(random() * 3)::INTEGER AS pattern, ${pick('pv')} AS provider,
    ${normal} AS a1, ${normal} AS a2, ${normal} AS a3, ${normal} AS a4,
    (floor(random() * 1000001) / 100)::DECIMAL(7, 2) AS balance,
    TIMESTAMP '2020-01-01 00:00:00' + to_seconds(floor(random() * ${span + 1})::BIGINT) AS signed_up_at
  FROM range(start, start + n), lists
)`);

// Unique e-mails, as synth and faker-csv.ts make them: the first row with each e-mail is kept, and the rows lost to
// duplicates are drawn again (a little over the shortfall) until there are enough.
const unique = 'QUALIFY row_number() OVER (PARTITION BY email ORDER BY k) = 1';
await con.run(`CREATE TABLE users AS SELECT * FROM candidates(${rows}, 0) ${unique}`);
let next = rows;
for (;;) {
  const have = Number((await con.runAndReadAll('SELECT count(*) FROM users')).getRows()[0]![0]);
  if (have >= rows) break;
  const draw = Math.ceil((rows - have) * 1.2) + 100;
  await con.run(`INSERT INTO users SELECT * FROM candidates(${draw}, ${next}) c WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.email = c.email) ${unique}`);
  next += draw;
}
const quoted = out.replaceAll("'", "''");
await con.run(`COPY (
  SELECT row_number() OVER (ORDER BY k) AS id, uuid, first_name, last_name, email, age, balance,
    strftime(signed_up_at, '%Y-%m-%dT%H:%M:%SZ') AS signed_up_at
  FROM users ORDER BY k LIMIT ${rows}
) TO '${quoted}' (FORMAT csv, HEADER)`);
con.closeSync();
db.closeSync();
console.log(JSON.stringify({ rows, ms: Math.round(performance.now() - started) }));
