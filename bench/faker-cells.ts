/**
 * Per-cell cost of Faker columns: calling Faker through the cell's stream (the fallback) against the kernel that
 * picks from Faker's definitions (packages/compiler/src/generators/faker-kernels). Median of 3 runs of N cells
 * after a warm-up, per method, in µs per cell.
 *
 *   pnpm tsx --conditions=synth-source bench/faker-cells.ts [--cells 200000] [--locale en]
 */
import { parseArgs } from 'node:util';
import { createFakerSource } from '../packages/compiler/src/generators/faker-source.js';
import { drawUuid } from '../packages/compiler/src/generators/uuid.js';
import { CellRandom, streamKey } from '../packages/compiler/src/random/cell-random.js';

const { values } = parseArgs({ options: { cells: { type: 'string', default: '200000' }, locale: { type: 'string', default: 'en' } } });
const cells = Number(values.cells);
const locale = values.locale!;

const METHODS: Array<[string, unknown[]]> = [
  ['person.firstName', []],
  ['person.lastName', []],
  ['person.fullName', []],
  ['internet.email', []],
  ['internet.username', []],
  ['phone.number', []],
  ['location.city', []],
  ['location.street', []],
  ['location.streetAddress', []],
  ['location.country', []],
  ['location.zipCode', []],
  ['company.name', []],
  ['commerce.productName', []],
  ['person.jobTitle', []],
  ['lorem.word', []],
  ['lorem.words', [3]],
  ['word.noun', []],
];

function perCell(draw: (rng: CellRandom) => unknown): number {
  const rng = new CellRandom(streamKey('bench', 't', 'c'));
  let sink = 0;
  const run = () => {
    const t0 = process.hrtime.bigint();
    for (let r = 0; r < cells; r++) sink += String(draw(rng.at(r))).length;
    return Number(process.hrtime.bigint() - t0) / 1e3 / cells;
  };
  run();
  const times = [run(), run(), run()].sort((a, b) => a - b);
  if (sink < 0) console.log(sink);
  return times[1]!;
}

const faker = createFakerSource(locale);
const fmt = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(3));
console.log(`| method (${locale}, ${cells} cells, median of 3) | Faker call µs | kernel µs | speed-up |`);
console.log('|---|---:|---:|---:|');
for (const [path, args] of METHODS) {
  const before = perCell((rng) => faker.call(path, args, rng));
  const k = faker.kernel(path, args);
  const after = k ? perCell(k) : undefined;
  const label = args.length ? `${path}(${args.map((a) => JSON.stringify(a)).join(', ')})` : path;
  console.log(`| ${label} | ${fmt(before)} | ${fmt(after)} | ${after ? `${(before / after).toFixed(1)}×` : 'not covered'} |`);
}
console.log(`| uuid (drawUuid) | | ${fmt(perCell(drawUuid))} | |`);
