import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { REPO, tempDir } from './run-cli.js';

/** Libraries a command may load only when its format, destination or command is used (issue: cold start). */
const HEAVY = ['exceljs', 'pdfmake', 'docx', 'openai', '@anthropic-ai/sdk', 'apache-arrow', 'parquet-wasm', '@faker-js/faker', 'winston', 'piscina', 'sqlite3', 'pg'];

async function modulesLoadedBy(args: string[]): Promise<string[]> {
  const out = join(tempDir(), 'modules.txt');
  await promisify(execFile)(process.execPath, ['--import', join(REPO, 'packages/cli/test/support/record-modules.mjs'), join(REPO, 'packages/cli/bin/synth.js'), ...args], {
    cwd: REPO,
    env: { ...process.env, RECORD_MODULES_OUT: out, NODE_OPTIONS: '' },
    timeout: 60_000,
  }).catch((e: { code?: unknown }) => {
    // A refused spec exits 1; the list is written at exit all the same.
    if (e.code !== 1) throw e;
  });
  return readFileSync(out, 'utf8').split('\n');
}

const packagesIn = (modules: string[]) => new Set(modules.flatMap((m) => [...m.matchAll(/node_modules\/((?:@[^/]+\/)?[^/]+)\//g)].map((x) => x[1]!).slice(-1)));

describe('start-up: heavy dependencies load only when used', () => {
  it('`synth validate` loads only Faker (its probe generates the first rows; only the spec locale\'s chain), and nothing heavy for a spec the spec checks refuse; a csv build loads Faker (and winston to log) but no other format, destination or LLM SDK', async () => {
    const validateModules = await modulesLoadedBy(['validate', 'fixtures/shop.synth.yaml']);
    const validate = packagesIn(validateModules);
    expect(validate.has('yaml')).toBe(true);
    expect(HEAVY.filter((p) => validate.has(p))).toEqual(['@faker-js/faker']);
    // Of Faker, only the spec's locale chain (en, base): not the package's root, which imports all 70-odd locales.
    const faker = validateModules.filter((m) => m.includes('@faker-js/faker/dist/')).map((m) => m.replace(/.*@faker-js\/faker\/dist\//, ''));
    expect(faker.some((m) => m === 'locale/en.js')).toBe(true);
    expect(faker.filter((m) => !/^(locale\/en\.js|base-[\w-]+\.js|en-[\w-]+\.js)$/.test(m))).toEqual([]);
    // Nor the parts of the compiler validate does not run (inference, comparison, reports, remote destinations).
    expect(validateModules.filter((m) => /compiler\/(dist|src)\/(infer|compare|report|destinations\/(object-store|azure))/.test(m))).toEqual([]);
    const refused = packagesIn(await modulesLoadedBy(['validate', 'fixtures/invalid/SYN203-typo-key.synth.yaml']));
    expect(refused.has('yaml')).toBe(true);
    expect(HEAVY.filter((p) => refused.has(p))).toEqual([]);
    const build = packagesIn(await modulesLoadedBy(['build', 'fixtures/shop.synth.yaml', '--out', tempDir(), '--allow-outside', '--no-history', '--format', 'csv']));
    expect(build.has('@faker-js/faker')).toBe(true);
    expect(HEAVY.filter((p) => build.has(p))).toEqual(['@faker-js/faker', 'winston']);
  });
});
