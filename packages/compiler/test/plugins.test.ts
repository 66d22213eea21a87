import { writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { executePlan, loadPlugins, planAndProbe, PluginSet, tableRows, type CellValue } from '@synth/compiler';
import { loadSpec, type Diagnostic } from '@synth/spec';

const REPO = new URL('../../../', import.meta.url).pathname;
const EXAMPLE = join(REPO, 'examples/plugins/synth-plugin-iban');

async function examplePlugins(): Promise<PluginSet> {
  const r = await loadPlugins(['./index.js'], { baseDir: EXAMPLE });
  if (!r.value) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.value;
}

/** A plugin module written to a temporary directory, loaded the way the config file's `plugins:` are. */
async function pluginFrom(source: string): Promise<{ set?: PluginSet; diagnostics: Diagnostic[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'synth-plugin-'));
  writeFileSync(join(dir, 'plugin.mjs'), source);
  const r = await loadPlugins(['./plugin.mjs'], { baseDir: dir, configFile: join(dir, 'synth.config.json') });
  return r.value ? { set: r.value, diagnostics: r.diagnostics } : { diagnostics: r.diagnostics };
}

function rowsOf(yaml: string, plugins: PluginSet, seed?: string): Map<string, Array<Record<string, CellValue>>> {
  const loaded = loadSpec({ path: 't.synth.yaml', text: yaml }, { plugins: plugins.catalogue() });
  if (!loaded.value) throw new Error(loaded.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const { spec, doc } = loaded.value;
  const planned = planAndProbe(spec, { doc, plugins, ...(seed !== undefined ? { seed } : {}) });
  if (!planned.plan) throw new Error(planned.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  if (planned.diagnostics.some((d) => d.severity === 'error')) throw Object.assign(new Error('generation failed'), { diagnostics: planned.diagnostics });
  return new Map(executePlan(planned.plan, spec, { doc, plugins }).map((s) => [s.info.name, [...tableRows(s)]]));
}

const ACCOUNTS = (extra = '') => `synth: 1
seed: 3
tables:
  accounts:
    rows: 200
    columns:
${extra}      id: { type: sequence, primary_key: true }
      iban: { type: iban/iban, options: { country: GB } }
`;

describe('plugin generators', () => {
  it('make valid values (the example IBAN plugin) of the declared type', async () => {
    const plugins = await examplePlugins();
    const { isValidIban } = (await import(join(EXAMPLE, 'index.js'))) as { isValidIban: (s: string) => boolean };
    const rows = rowsOf(ACCOUNTS(), plugins).get('accounts')!;
    expect(rows).toHaveLength(200);
    for (const r of rows) {
      expect(r.iban).toMatch(/^GB\d{2}[A-Z]{4}\d{14}$/);
      expect(isValidIban(r.iban as string)).toBe(true);
    }
    expect(isValidIban('GB00NWBK60161331926819')).toBe(false);
    expect(new Set(rows.map((r) => r.iban)).size).toBe(200);
  });

  it('are deterministic: same seed, same values; another seed, other values', async () => {
    const plugins = await examplePlugins();
    const a = rowsOf(ACCOUNTS(), plugins).get('accounts')!.map((r) => r.iban);
    const b = rowsOf(ACCOUNTS(), await examplePlugins()).get('accounts')!.map((r) => r.iban);
    const c = rowsOf(ACCOUNTS(), plugins, '4').get('accounts')!.map((r) => r.iban);
    expect(b).toEqual(a);
    expect(c.filter((v, i) => v === a[i]).length).toBeLessThan(5);
  });

  it('are edit-stable: adding a column or a table changes none of their values', async () => {
    const plugins = await examplePlugins();
    const before = rowsOf(ACCOUNTS(), plugins).get('accounts')!.map((r) => r.iban);
    const withColumn = ACCOUNTS('      note: { type: lorem.word }\n      other: { type: iban/iban }\n');
    const withTable = `${ACCOUNTS()}  branches:\n    rows: 5\n    columns:\n      code: { type: iban/iban }\n`;
    expect(rowsOf(withColumn, plugins).get('accounts')!.map((r) => r.iban)).toEqual(before);
    expect(rowsOf(withTable, plugins).get('accounts')!.map((r) => r.iban)).toEqual(before);
  });

  it('get exactly the per-cell randomness a built-in column of the same name gets', async () => {
    const { set } = await pluginFrom(`export default { apiVersion: 1, name: 'dice', generators: {
      int: { type: 'int', create: () => ({ random }) => random.int(0, 1000) },
      row: { type: 'int', create: () => ({ row }) => row },
    } };`);
    const spec = (type: string) => `synth: 1\nseed: 11\ntables:\n  t:\n    rows: 50\n    columns:\n      n: { type: ${type} }\n      r: { type: dice/row }\n`;
    const plugin = rowsOf(spec('dice/int'), set!).get('t')!;
    const builtIn = rowsOf(spec('int'), set!).get('t')!;
    expect(plugin.map((r) => r.n)).toEqual(builtIn.map((r) => r.n));
    expect(plugin.map((r) => r.r)).toEqual([...Array(50).keys()]);
  });

  it('that throw or return a value of the wrong type fail with SYN432 at the column, not a crash', async () => {
    const { set } = await pluginFrom(`export default { apiVersion: 1, name: 'bad', generators: {
      boom: { create: () => ({ row }) => { if (row === 3) throw new Error('no IBAN for you'); return 'x'; } },
      num: { type: 'int', create: () => () => 'not a number' },
    } };`);
    for (const [type, detail] of [['bad/boom', 'no IBAN for you'], ['bad/num', 'returned a string, but declares type int']] as const) {
      const yaml = `synth: 1\ntables:\n  t:\n    rows: 10\n    columns:\n      v: { type: ${type} }\n`;
      let error: { diagnostics?: Diagnostic[] } | undefined;
      try {
        rowsOf(yaml, set!);
      } catch (e) {
        error = e as { diagnostics?: Diagnostic[] };
      }
      const d = error?.diagnostics?.find((x) => x.code === 'SYN432');
      expect(d).toBeDefined();
      expect(d!.message).toContain(detail);
      expect(d!.message).toContain(`'${type}'`);
      expect(d!.line).toBe(6);
    }
  });
});

describe('loading plugins', () => {
  it('refuses another plugin API version with SYN431 naming both versions', async () => {
    const r = await pluginFrom(`export default { apiVersion: 2, name: 'future', generators: {} };`);
    expect(r.set).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SYN431']);
    expect(r.diagnostics[0]!.message).toMatch(/API version 2; this synth supports version 1/);
    expect(r.diagnostics[0]!.file).toMatch(/synth\.config\.json$/);
  });

  it.each([
    ['export default { name: "x" };', /no `apiVersion`/],
    ['export default { apiVersion: 1, name: "Bad Name" };', /`name` must be/],
    ['export default { apiVersion: 1, name: "x", generators: { g: { type: "string" } } };', /generator 'g' has no `create` function/],
    ['export default { apiVersion: 1, name: "x", writers: { w: { create() {} } } };', /writer 'w' needs an `extension`/],
    ['throw new Error("broken at import");', /broken at import/],
  ])('reports a malformed plugin (%s) with SYN430', async (source, detail) => {
    const r = await pluginFrom(source);
    expect(r.set).toBeUndefined();
    expect(r.diagnostics[0]!.code).toBe('SYN430');
    expect(r.diagnostics[0]!.message).toMatch(detail);
  });

  it('reports a package that cannot be found, and a plugins value that is not a list', async () => {
    const missing = await loadPlugins(['synth-plugin-does-not-exist'], { baseDir: EXAMPLE });
    expect(missing.diagnostics[0]!.code).toBe('SYN430');
    expect(missing.diagnostics[0]!.message).toContain("'synth-plugin-does-not-exist'");
    expect(missing.diagnostics[0]!.hint).toContain('npm i -D synth-plugin-does-not-exist');
    const notList = await loadPlugins('synth-plugin-iban', { baseDir: EXAMPLE });
    expect(notList.diagnostics[0]!.code).toBe('SYN204');
  });

  it('two plugins of one name are refused', async () => {
    const r = await loadPlugins(['./index.js', './index.js'], { baseDir: EXAMPLE });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['SYN430']);
    expect(r.diagnostics[0]!.message).toContain("name 'iban' is taken");
  });
});

describe('spec checks against the configured plugins', () => {
  const check = (yaml: string, plugins?: PluginSet) => loadSpec({ path: 't.synth.yaml', text: yaml }, plugins ? { plugins: plugins.catalogue() } : {}).diagnostics;

  it('name the plugin to configure when none is (SYN330), at the type', () => {
    const d = check(ACCOUNTS());
    expect(d.map((x) => x.code)).toEqual(['SYN330']);
    expect(d[0]!.message).toBe("Column type 'iban/iban' comes from plugin 'iban', which is not configured");
    expect(d[0]!.hint).toContain('"plugins": ["synth-plugin-iban"]');
    expect([d[0]!.line, d[0]!.column]).toEqual([8, 21]);
  });

  it('report an unknown generator or format of a configured plugin (SYN331) with a suggestion', async () => {
    const plugins = await examplePlugins();
    const d = check(ACCOUNTS().replace('iban/iban', 'iban/ibn') + 'outputs:\n  - { format: iban/fixed, path: "x/{table}.txt" }\n', plugins);
    expect(d.map((x) => x.code)).toEqual(['SYN331', 'SYN331']);
    expect(d[0]!.message).toBe("Plugin 'iban' has no generator 'ibn'");
    expect(d[0]!.hint).toContain("Did you mean 'iban/iban'?");
    expect(d[1]!.message).toBe("Plugin 'iban' has no format 'fixed'");
  });

  it("run the generator's check of its options (SYN332) at the options", async () => {
    const plugins = await examplePlugins();
    const d = check(ACCOUNTS().replace('country: GB', 'country: XX, colour: red'), plugins);
    expect(d.map((x) => x.code)).toEqual(['SYN332', 'SYN332']);
    expect(d.map((x) => x.message)).toEqual([
      "Options of 'iban/iban': unknown option 'colour' (iban/iban reads country, spaced)",
      "Options of 'iban/iban': country must be one of DE, AT, CH, NL, GB, FR, ES, IT, BE",
    ]);
    expect(d[0]!.pointer).toBe('/tables/accounts/columns/iban/options');
  });

  it('refuse keys that belong to other column kinds on a plugin column', async () => {
    const d = check(ACCOUNTS().replace('options: { country: GB }', 'min: 3'), await examplePlugins());
    expect(d.map((x) => x.code)).toEqual(['SYN203']);
  });
});
