// Peer: the users table of specs/users-orders.synth.yaml from an equivalent JSON Schema with json-schema-faker,
// written with csv-stringify. json-schema-faker is not a dependency of this workspace; run.ts only starts this
// script when the package is already resolvable from the root or one of the packages (it is never installed for
// the bench). Written against json-schema-faker 0.6 (`generateSync(schema, { seed })` / async `generate`), with a
// fallback to the 0.5 API (`JSONSchemaFaker.option({ random })` + `generate`).
//
//   node --import tsx bench/peers/jsf-csv.ts ROWS OUT.csv JSF_ENTRY
//
// Prints one JSON line on stdout: { rows, ms }.
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { compilerRequire, importFrom } from '../lib/paths.js';

type CsvModule = typeof import('csv-stringify');
type Generate = (schema: object, options?: object) => unknown;

const [rowsArg, out, entry] = process.argv.slice(2);
const rows = Number(rowsArg);
if (!Number.isInteger(rows) || rows < 0 || out === undefined || entry === undefined) {
  console.error('usage: jsf-csv.ts ROWS OUT.csv JSF_ENTRY');
  process.exit(2);
}

/** The users table as JSON Schema. Plain keywords only: names from patterns, no Faker extension. */
const USER_SCHEMA = {
  type: 'object',
  required: ['uuid', 'first_name', 'last_name', 'email', 'age', 'balance', 'signed_up_at'],
  additionalProperties: false,
  properties: {
    uuid: { type: 'string', format: 'uuid' },
    first_name: { type: 'string', pattern: '^[A-Z][a-z]{2,9}$' },
    last_name: { type: 'string', pattern: '^[A-Z][a-z]{3,11}$' },
    email: { type: 'string', format: 'email' },
    age: { type: 'integer', minimum: 18, maximum: 90 },
    balance: { type: 'number', minimum: 0, maximum: 10000, multipleOf: 0.01 },
    signed_up_at: { type: 'string', format: 'date-time' },
  },
} as const;

const started = performance.now();
const csv = await importFrom<CsvModule>(compilerRequire, 'csv-stringify');
const jsf = (await import(pathToFileURL(entry).href)) as Record<string, unknown> & { default?: Record<string, unknown> };
const generate = pickGenerator(jsf);

const sink = createWriteStream(out);
const stringifier = csv.stringify({ header: true, columns: ['id', 'uuid', 'first_name', 'last_name', 'email', 'age', 'balance', 'signed_up_at'] });
stringifier.pipe(sink);
for (let i = 1; i <= rows; i++) {
  const u = (await generate(USER_SCHEMA, i)) as Record<string, unknown>;
  const row = [i, u.uuid, u.first_name, u.last_name, u.email, u.age, Number(u.balance).toFixed(2), u.signed_up_at];
  if (!stringifier.write(row)) await new Promise((res) => stringifier.once('drain', res));
}
stringifier.end();
await finished(sink);
console.log(JSON.stringify({ rows, ms: Math.round(performance.now() - started) }));

/** One call per row, seeded by the row number (0.6), or one seeded random source for the whole run (0.5). */
function pickGenerator(mod: Record<string, unknown> & { default?: Record<string, unknown> }): (schema: object, row: number) => unknown {
  const sync = (mod.generateSync ?? mod.default?.generateSync) as Generate | undefined;
  if (typeof sync === 'function') return (schema, row) => sync(schema, { seed: row });
  const legacy = (mod.JSONSchemaFaker ?? mod.default?.JSONSchemaFaker ?? mod.default) as
    | { option?: (o: object) => void; generate?: Generate }
    | undefined;
  if (legacy?.option && legacy.generate) {
    let s = 7;
    // mulberry32: a small seeded source, since 0.5 takes `random` rather than a seed
    legacy.option({
      random: () => {
        s = (s + 0x6d2b79f5) | 0;
        let t = Math.imul(s ^ (s >>> 15), 1 | s);
        t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
      },
    });
    return (schema) => legacy.generate!(schema);
  }
  const async = (mod.generate ?? mod.default?.generate) as Generate | undefined;
  if (typeof async === 'function') return (schema, row) => async(schema, { seed: row });
  throw new Error(`json-schema-faker at ${entry}: no generateSync, generate or JSONSchemaFaker export`);
}
