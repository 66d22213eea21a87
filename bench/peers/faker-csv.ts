// Peer: the users table of specs/users-orders.synth.yaml, the way a user writes it by hand: one seeded
// @faker-js/faker instance, a loop, csv-stringify to a file. Same columns and the same kinds of values; no
// per-row determinism (one sequential stream), email uniqueness by a Set and redraws.
//
//   node --import tsx bench/peers/faker-csv.ts ROWS OUT.csv
//
// Prints one JSON line on stdout: { rows, ms } (ms: generation and writing, without process start-up).
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { compilerRequire, importFrom } from '../lib/paths.js';

type FakerModule = typeof import('@faker-js/faker');
type CsvModule = typeof import('csv-stringify');

const [rowsArg, out] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!Number.isInteger(rows) || rows < 0 || out === undefined) {
  console.error('usage: faker-csv.ts ROWS OUT.csv');
  process.exit(2);
}

const started = performance.now();
const { faker } = await importFrom<FakerModule>(compilerRequire, '@faker-js/faker');
const csv = await importFrom<CsvModule>(compilerRequire, 'csv-stringify');
faker.seed(7);

const from = new Date('2020-01-01T00:00:00Z');
const to = new Date('2024-12-31T23:59:59Z');
const seen = new Set<string>();
const sink = createWriteStream(out);
const stringifier = csv.stringify({ header: true, columns: ['id', 'uuid', 'first_name', 'last_name', 'email', 'age', 'balance', 'signed_up_at'] });
stringifier.pipe(sink);

/** Normal(41, 14) by Box–Muller, redrawn outside [18, 90] like synth's bounded distributions. */
function age(): number {
  for (;;) {
    const u = 1 - faker.number.float();
    const v = faker.number.float();
    const a = Math.round(41 + 14 * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
    if (a >= 18 && a <= 90) return a;
  }
}

for (let i = 1; i <= rows; i++) {
  let email = faker.internet.email();
  while (seen.has(email)) email = faker.internet.email();
  seen.add(email);
  const row = [
    i,
    faker.string.uuid(),
    faker.person.firstName(),
    faker.person.lastName(),
    email,
    age(),
    faker.number.float({ min: 0, max: 10000, fractionDigits: 2 }).toFixed(2),
    faker.date.between({ from, to }).toISOString().replace(/\.\d{3}Z$/, 'Z'),
  ];
  // Respect back-pressure, as a careful hand-written script would.
  if (!stringifier.write(row)) await new Promise((res) => stringifier.once('drain', res));
}
stringifier.end();
await finished(sink);
console.log(JSON.stringify({ rows, ms: Math.round(performance.now() - started) }));
