import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from '@jest/globals';
import { makeSample, toCsv, writeSample, type Sample } from '../../compiler/test/infer/sample-data.js';
import { REPO, runCli, tempDir } from './run-cli.js';

/**
 * `synth infer` → `synth build` → `synth compare` on a sample with known laws and keys: the spec is valid, the
 * build follows the sample (≥ 90%), and no sample value other than a category label reaches the spec or the output.
 */

const sample = makeSample(1000, 21);
let dir: string;
let specText: string;

/**
 * Every distinct value of the sample's non-category columns whose domain is large enough that a chance match in
 * independently generated data is negligible: e-mails, names, phones, timestamps, full-precision floats, uuids, codes.
 * (Ages, 2-digit amounts and dates are left out: their domains are small, so equal values occur by chance.)
 */
function privateValues(s: Sample): string[] {
  const out = new Set<string>();
  for (const c of s.customers) for (const k of ['email', 'name', 'phone', 'signed_up_at', 'score'] as const) if (c[k] !== null) out.add(String(c[k]));
  for (const o of s.orders) for (const k of ['id', 'code'] as const) out.add(String(o[k]));
  return [...out];
}

const noStackTrace = (s: string) => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+/);

beforeAll(async () => {
  dir = tempDir('synth-infer-cli-');
  writeSample(dir, sample);
  const r = await runCli(['infer', 'samples/customers.csv', 'samples/orders.csv', '-o', 'shop.synth.yaml'], { cwd: dir });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/^wrote shop\.synth\.yaml: spec of 2 tables, [\d,]+ rows profiled, 1 foreign key; next: synth build shop\.synth\.yaml\n$/);
  specText = readFileSync(join(dir, 'shop.synth.yaml'), 'utf8');
});

describe('synth infer, build and compare', () => {
  it('writes a spec that validates, and its build scores at least 90% against the sample', async () => {
    expect((await runCli(['validate', 'shop.synth.yaml'], { cwd: dir })).stdout).toBe('shop.synth.yaml: valid (2 tables)\n');
    const built = await runCli(['build', 'shop.synth.yaml'], { cwd: dir });
    expect(built.code).toBe(0);
    expect(existsSync(join(dir, 'out/customers.csv')) && existsSync(join(dir, 'out/orders.csv'))).toBe(true);
    const r = await runCli(['compare', 'samples', 'out', '--json'], { cwd: dir });
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { score: number; parts: Record<string, number>; keys: Array<{ score: number }> };
    expect(report.score).toBeGreaterThanOrEqual(90);
    expect(report.parts.keys).toBe(100);
    expect(report.keys).toHaveLength(3);
  });

  it('copies no sample value other than category labels into the spec or the generated files', async () => {
    await runCli(['build', 'shop.synth.yaml'], { cwd: dir });
    const output = readFileSync(join(dir, 'out/customers.csv'), 'utf8') + readFileSync(join(dir, 'out/orders.csv'), 'utf8');
    const values = privateValues(sample);
    expect(values.length).toBeGreaterThan(3000);
    for (const v of values) {
      expect(specText).not.toContain(v);
      expect(output).not.toContain(v);
    }
    for (const label of ['US', 'DE', 'delivered', 'cancelled']) expect(specText).toContain(label);
  });

  it('prints the spec to stdout without -o, and refuses to overwrite a file without --force', async () => {
    const r = await runCli(['infer', 'samples/customers.csv', 'samples/orders.csv'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(specText);
    writeFileSync(join(dir, 'keep.yaml'), 'mine\n');
    const refused = await runCli(['infer', 'samples', '-o', 'keep.yaml'], { cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toBe('error: keep.yaml already exists; pass --force to overwrite it\n');
    expect(readFileSync(join(dir, 'keep.yaml'), 'utf8')).toBe('mine\n');
    expect((await runCli(['infer', 'samples', '-o', 'keep.yaml', '--force'], { cwd: dir })).code).toBe(0);
    expect(readFileSync(join(dir, 'keep.yaml'), 'utf8')).toBe(specText);
  });

  it('--no-categories copies no label; --profile prints the JSON profile', async () => {
    const r = await runCli(['infer', 'samples', '--no-categories'], { cwd: dir });
    expect(r.code).toBe(0);
    for (const label of ['delivered', 'cancelled', 'pending', 'shipped']) expect(r.stdout).not.toContain(label);
    expect(r.stdout).toMatch(/status: \{ type: enum, values: \{ status_1: \d+, status_2: \d+, status_3: \d+, status_4: \d+ \} \}/);
    const p = await runCli(['infer', 'samples', '--profile', '--no-categories'], { cwd: dir });
    const profile = JSON.parse(p.stdout) as { categories: boolean; foreignKeys: Array<{ column: string }> };
    expect(profile.categories).toBe(false);
    expect(profile.foreignKeys.map((f) => f.column)).toEqual(['customer_id']);
    expect(p.stdout).not.toContain('"US"');
  });

  it('build --compare prints the fidelity after the build', async () => {
    const r = await runCli(['build', 'shop.synth.yaml', '--compare', 'samples'], { cwd: dir });
    expect(r.code).toBe(0);
    // After the files (and the build's conformance summary): the fidelity line.
    expect(r.stdout).toMatch(/out\/orders\.csv {2}[\d,]+ rows .*\n(conformance: .*\n)?\nfidelity (9\d|100)\.\d% {2}\(column shapes [\d.]+%, column pairs [\d.]+%, keys 100\.0%\)\n/);
    expect(r.stdout).toContain('worst columns: ');
  });

  it('compare: --min-score fails below it (exit 1), several files with --against, text table', async () => {
    const out = tempDir('synth-compare-out-');
    const other = makeSample(1000, 22);
    for (const c of other.customers) c.age = (c.age as number) + 20;
    writeFileSync(join(out, 'customers.csv'), toCsv(other.customers));
    writeFileSync(join(out, 'orders.csv'), toCsv(other.orders));
    const low = await runCli(['compare', join(dir, 'samples'), out, '--min-score', '95'], { cwd: dir });
    expect(low.code).toBe(1);
    expect(low.stderr).toMatch(/^error: fidelity \d+\.\d% is below --min-score 95\n$/);
    expect(low.stdout).toMatch(/customers\.age +│ KS 0\.\d{3} +│ 0\.0% → 0\.0% +│ \d+\.\d% +│/);
    const r = await runCli(['compare', 'samples/customers.csv', 'samples/orders.csv', '--against', join(out, 'customers.csv'), join(out, 'orders.csv'), '--min-score', '50'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fidelity \d+\.\d%/);
    const self = await runCli(['compare', 'samples', 'samples', '--json'], { cwd: dir });
    expect((JSON.parse(self.stdout) as { score: number }).score).toBe(100);
  });
});

describe('round trip of the shop fixture: build it, infer a spec from the files, build that, compare', () => {
  it('recovers keys, cardinalities and the time rules between tables, and scores at least 90%', async () => {
    const d = tempDir('synth-infer-shop-');
    expect((await runCli(['build', join(REPO, 'fixtures/shop.synth.yaml'), '--out', join(d, 'samples'), '--format', 'csv'], { cwd: d })).code).toBe(0);
    const inferred = await runCli(['infer', 'samples', '-o', 'shop.synth.yaml'], { cwd: d });
    expect(inferred.stderr).toBe('');
    const spec = readFileSync(join(d, 'shop.synth.yaml'), 'utf8');
    // What the fixture says, found again from its output alone:
    expect(spec).toContain('rows: { per: customers, count: { poisson: { mean: ');
    expect(spec).toContain('rows: { per: orders, count: { min: 1, max: 5 } }');
    expect(spec).toContain('primary_key: [ order_id, line ]');
    expect(spec).toContain('id: { type: sequence, start: 1000, primary_key: true }');
    expect(spec).toContain(`placed_at: { type: datetime, expr: "uniform(customers.signed_up_at, timestamp('`);
    expect(spec).toContain(`shipped_at: { type: datetime, expr: "placed_at + duration('36h')", when: "status == 'delivered' || status == 'shipped'" }`);
    expect(spec).toMatch(/paid_at: \{ type: datetime, expr: "orders\.placed_at \+ duration\(string\(uniform\(\d+, 7200\)\) \+ 's'\)" \}/);
    const built = await runCli(['build', 'shop.synth.yaml', '--compare', 'samples'], { cwd: d });
    expect(built.code).toBe(0);
    const score = Number(/fidelity (\d+\.\d)%/.exec(built.stdout)![1]);
    expect(score).toBeGreaterThanOrEqual(90);
  });
});

describe('a spec that validates but cannot be built as inferred', () => {
  it('is written all the same, with the plan findings as warnings', async () => {
    // 260 codes fill [A-Z]\d exactly; ten longer ones make the key need 270 values of a 260-value pattern.
    const codes = [...Array.from({ length: 26 * 10 }, (_, i) => `${String.fromCharCode(65 + Math.floor(i / 10))}${i % 10}`), ...Array.from({ length: 10 }, (_, i) => `Q${i}X`)];
    const d = tempDir('synth-infer-unbuildable-');
    writeFileSync(join(d, 'codes.csv'), toCsv(codes.map((code) => ({ code }))));
    const r = await runCli(['infer', 'codes.csv', '-o', 'codes.synth.yaml'], { cwd: d });
    expect(r.code).toBe(0);
    expect(readFileSync(join(d, 'codes.synth.yaml'), 'utf8')).toContain("code: { type: string, pattern: '[A-Z]\\d', primary_key: true }");
    expect(r.stderr).toMatch(/^warning: the inferred spec does not build as it is; edit it where these point:\ncodes\.synth\.yaml:\d+:\d+ - warning SYN307: /);
    expect(r.stdout).toMatch(/^wrote codes\.synth\.yaml/);
  });
});

describe('bad inputs: a diagnostic, an exit code, no stack trace', () => {
  const cases: Array<[string, Record<string, string>, string[], number, RegExp]> = [
    ['a missing file', {}, ['infer', 'nope.csv'], 1, /^nope\.csv - error SYN401: Cannot read 'nope\.csv': no such file/],
    ['an empty file', { 'e.csv': '' }, ['infer', 'e.csv'], 1, /^e\.csv - error SYN422: Sample 'e\.csv' holds no data: the file is empty/],
    ['a ragged csv', { 'r.csv': 'a,b\n1,2\n3\n' }, ['infer', 'r.csv'], 1, /^r\.csv:3:1 - error SYN423: Sample 'r\.csv' is malformed/],
    ['a file over --max-bytes', { 'big.csv': 'a\n1\n2\n3\n' }, ['infer', 'big.csv', '--max-bytes', '4'], 1, /error SYN421: Sample 'big\.csv' is 8 bytes; the limit is 4\n/],
    ['an unknown extension', { 'data.txt': 'a\n' }, ['infer', 'data.txt'], 2, /error SYN420: Cannot read 'data\.txt': not a known sample format/],
    ['a bad --max-rows', { 'a.csv': 'a\n1\n' }, ['infer', 'a.csv', '--max-rows', '0'], 2, /^error SYN213: --max-rows takes a whole number of at least 1, not '0' \(on the command line\)\n/],
    ['a bad --max-bytes', { 'a.csv': 'a\n1\n' }, ['infer', 'a.csv', '--max-bytes', 'lots'], 2, /^error SYN211: --max-bytes takes a size in bytes .*, not 'lots'/],
    ['compare with one path', { 'a.csv': 'a\n1\n' }, ['compare', 'a.csv'], 2, /^error: name the sample and the output/],
    ['compare with no matching table', { 'a.csv': 'a\n1\n', 'b.csv': 'a\n1\n' }, ['compare', 'a.csv', 'b.csv'], 1, /error SYN424: No table of the output matches a table of the sample \(sample: a; output: b\)/],
    ['compare with a bad --min-score', { 'a.csv': 'a\n1\n' }, ['compare', 'a.csv', 'a.csv', '--min-score', '120'], 2, /^error SYN213: --min-score takes a number from 0 to 100, not '120'/],
  ];
  it.each(cases)('%s', async (_name, files, args, code, stderr) => {
    const d = tempDir('synth-infer-bad-');
    for (const [f, text] of Object.entries(files)) writeFileSync(join(d, f), text);
    const r = await runCli(args, { cwd: d });
    expect(r.code).toBe(code);
    expect(r.stderr).toMatch(stderr);
    noStackTrace(r.stderr);
    expect(r.stdout).toBe('');
  });
});
