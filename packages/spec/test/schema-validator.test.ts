import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { loadSpec } from '@synth/spec';
import { fakerCatalogueCode } from '../scripts/faker-catalogue-data.js';
import { schemaModuleCode, validatorCode } from '../scripts/validator-code.js';

describe('the precompiled JSON Schema validator', () => {
  it('matches schemas/synth.schema.json (regenerate with `pnpm schema:validator`)', () => {
    const onDisk = readFileSync(new URL('../src/validate/schema-validator.generated.ts', import.meta.url), 'utf8');
    expect(onDisk).toBe(validatorCode());
    expect(readFileSync(new URL('../src/validate/schema-json.generated.ts', import.meta.url), 'utf8')).toBe(schemaModuleCode());
  });

  it('reports schema violations with the allowed keys (verbose errors)', () => {
    const r = loadSpec({ path: 't.synth.yaml', text: 'synth: 1\ntables:\n  t:\n    rows: 1\n    colums: {}\n' });
    const codes = r.diagnostics.map((d) => d.code);
    expect(codes).toContain('SYN203');
    expect(r.diagnostics.find((d) => d.code === 'SYN203')!.hint).toMatch(/columns/);
  });
});

describe('the generated Faker catalogue', () => {
  it('matches the installed @faker-js/faker (regenerate with `pnpm faker:catalogue`)', () => {
    const onDisk = readFileSync(new URL('../src/validate/faker-catalogue.generated.ts', import.meta.url), 'utf8');
    expect(onDisk).toBe(fakerCatalogueCode());
  });
});
