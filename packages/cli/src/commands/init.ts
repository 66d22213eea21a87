import { constants } from 'node:fs';
import { access, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { synthJsonSchema } from '@synth/spec';
import { EXIT, type CommandContext } from '../context.js';

/** The starter spec `synth init` writes: small, valid, and commented so it teaches the format. */
export const STARTER_SPEC = `# yaml-language-server: $schema=./synth.schema.json
# A synth spec: tables of synthetic data, built with \`synth build\` into the outputs below.
# Reference: docs/spec.md. Every value is a pure function of (seed, table, column, row):
# the same spec and seed give the same bytes on every machine.
synth: 1
seed: 1            # change it (or pass --seed) for different data
locale: en         # Faker locale for names, addresses, …

tables:
  customers:
    rows: 100
    columns:
      id: { type: sequence, primary_key: true }               # 1, 2, 3, …
      name: { type: person.fullName }                         # any Faker method by path
      email: { type: internet.email, unique: true }
      country: { type: enum, values: { US: 60, DE: 25, JP: 15 } }   # value: weight
      signed_up: { type: date, min: 2023-01-01, max: 2024-12-31 }

  orders:
    rows: { per: customers, count: { poisson: { mean: 2 } } }     # 0…n orders per customer
    columns:
      id: { type: uuid, primary_key: true }
      customer_id: { ref: customers.id }                      # foreign key
      placed_on: { type: date, expr: "uniform(customers.signed_up, timestamp('2025-06-30T00:00:00Z'))" }
      amount: { type: decimal, scale: 2, distribution: { lognormal: { mu: 3.5, sigma: 0.6 } }, min: 1 }
      status: { type: enum, values: [pending, shipped, delivered] }
    checks:
      - placed_on >= customers.signed_up

outputs:
  - { format: csv, path: "out/{table}.csv" }
`;

/** `synth init [FILE]`: writes the starter spec; refuses to overwrite unless --force. */
export async function initCommand(ctx: CommandContext, args: { file: string; force?: boolean }): Promise<number> {
  const path = resolve(ctx.cwd, args.file);
  if (!args.force) {
    const exists = await access(path, constants.F_OK).then(() => true, () => false);
    if (exists) {
      ctx.io.stderr(`error: ${args.file} already exists; pass --force to overwrite it\n`);
      return EXIT.invalid;
    }
  }
  await writeAtomic(path, STARTER_SPEC);
  // The modeline points at a schema beside the spec, so editors complete and check it with no network.
  const schemaPath = join(dirname(path), 'synth.schema.json');
  const hasSchema = await access(schemaPath, constants.F_OK).then(() => true, () => false);
  if (!hasSchema) await writeAtomic(schemaPath, `${JSON.stringify(synthJsonSchema(), null, 2)}\n`);
  ctx.io.stdout(`wrote ${args.file}${hasSchema ? '' : ' and synth.schema.json'}; next: synth build ${args.file}\n`);
  return EXIT.ok;
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.synth-tmp`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}
