import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { listFiles, REPO, runCli, tempDir } from './run-cli.js';

const FIXTURE = join(REPO, 'fixtures/plugins/iban');
const SPEC = 'accounts.synth.yaml';
const sha = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('the plugin fixture (fixtures/plugins/iban)', () => {
  it('builds with the plugin configured: valid IBANs in the csv, the plugin writer writes the txt, byte-stable', async () => {
    const out = tempDir();
    const r = await runCli(['build', SPEC, '--out', out, '--allow-outside'], { cwd: FIXTURE });
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(listFiles(out)).toEqual(['out/accounts.csv', 'out/accounts.txt']);
    const { isValidIban } = (await import(join(REPO, 'examples/plugins/synth-plugin-iban/index.js'))) as { isValidIban: (s: string) => boolean };
    const rows = readFileSync(join(out, 'out/accounts.csv'), 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
    expect(rows).toHaveLength(50);
    for (const [, , iban, nl] of rows) {
      expect(isValidIban(iban!)).toBe(true);
      if (nl !== '') expect(nl).toMatch(/^NL\d{2} [A-Z]{4} \d{4} \d{4} \d{2}$/);
    }
    const txt = readFileSync(join(out, 'out/accounts.txt'), 'utf8').split('\n');
    expect(txt[0]).toMatch(/^id {29}holder {25}iban {27}iban_nl/);
    expect(txt[1]).toContain(rows[0]![2]);

    const again = tempDir();
    await runCli(['build', SPEC, '--out', again, '--allow-outside'], { cwd: FIXTURE });
    expect(sha(join(again, 'out/accounts.csv'))).toBe(sha(join(out, 'out/accounts.csv')));
    expect(sha(join(again, 'out/accounts.txt'))).toBe(sha(join(out, 'out/accounts.txt')));
  });

  it('without the plugin configured fails with SYN330 naming the plugin, at file:line:col; nothing written, no crash', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURE, SPEC), join(dir, SPEC));
    for (const command of [['build', SPEC], ['validate', SPEC], ['plan', SPEC], ['preview', SPEC]]) {
      const r = await runCli(command, { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`${SPEC}:14:21 - error SYN330: Column type 'iban/iban' comes from plugin 'iban', which is not configured`);
      expect(r.stderr).toContain(`${SPEC}:19:15 - error SYN330: Output format 'iban/fixed-width'`);
      expect(r.stderr).toContain('"plugins": ["synth-plugin-iban"]');
      expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
    }
    expect(listFiles(dir)).toEqual([SPEC]);
  });

  it('a spec cannot load code: an installed plugin package stays unimported until the config file lists it', async () => {
    const dir = tempDir();
    const pkg = join(dir, 'node_modules/synth-plugin-iban');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'synth-plugin-iban', type: 'module', exports: './index.js' }));
    // Importing this module leaves a mark; with it listed in the config, the build must have imported it.
    writeFileSync(join(pkg, 'index.js'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(join(dir, 'imported'))}, 'yes');\nexport { default } from ${JSON.stringify(join(REPO, 'examples/plugins/synth-plugin-iban/index.js'))};\n`);
    copyFileSync(join(FIXTURE, SPEC), join(dir, SPEC));
    for (const command of ['validate', 'build']) {
      const r = await runCli([command, SPEC], { cwd: dir });
      expect(r.stderr).toContain('SYN330');
      expect(r.code).toBe(1);
    }
    expect(existsSync(join(dir, 'imported'))).toBe(false);
    writeFileSync(join(dir, 'synth.config.json'), JSON.stringify({ plugins: ['synth-plugin-iban'] }));
    const r = await runCli(['build', SPEC], { cwd: dir });
    expect(r.stderr).not.toContain('error');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'imported'))).toBe(true);
  });

  it('--workers 2 imports the plugin in the worker threads and writes the single-thread bytes', async () => {
    // Worker threads load the built compiler (dist/): this runs the built bin as a process (as workers.test.ts does).
    const dir = tempDir();
    writeFileSync(join(dir, 'plugin.mjs'), `import { writeFileSync } from 'node:fs';\nimport { threadId } from 'node:worker_threads';\nwriteFileSync(new URL('./imported-' + threadId, import.meta.url), '');\nexport { default } from ${JSON.stringify(join(REPO, 'examples/plugins/synth-plugin-iban/index.js'))};\n`);
    writeFileSync(join(dir, 'synth.config.json'), JSON.stringify({ plugins: ['./plugin.mjs'] }));
    writeFileSync(join(dir, 'big.synth.yaml'), 'synth: 1\ntables:\n  accounts:\n    rows: 140000\n    columns:\n      id: { type: sequence }\n      iban: { type: iban/iban, options: { country: FR } }\n');
    const bin = (args: string[]) => promisify(execFile)(process.execPath, [join(REPO, 'packages/cli/bin/synth.js'), ...args], { cwd: dir });
    await bin(['build', 'big.synth.yaml', '--format', 'csv', '--out', 'one']);
    expect(listFiles(dir).filter((f) => f.startsWith('imported-'))).toEqual(['imported-0']);
    await bin(['build', 'big.synth.yaml', '--format', 'csv', '--out', 'two', '--workers', '2']);
    expect(listFiles(dir).filter((f) => f.startsWith('imported-') && f !== 'imported-0').length).toBeGreaterThan(0);
    expect(sha(join(dir, 'two/accounts.csv'))).toBe(sha(join(dir, 'one/accounts.csv')));
  });

  it('a plugin that cannot be loaded is a diagnostic naming it and the config file (exit 1)', async () => {
    const dir = tempDir();
    copyFileSync(join(FIXTURE, SPEC), join(dir, SPEC));
    writeFileSync(join(dir, 'synth.config.json'), JSON.stringify({ plugins: ['./missing-plugin.js'] }));
    const r = await runCli(['build', SPEC], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/synth\.config\.json - error SYN430: Cannot load plugin '\.\/missing-plugin\.js'/);
    expect(r.stderr).not.toMatch(/\n\s+at .*\.(ts|js):\d+/);
  });

  it('--format plugin/format writes with the plugin writer; an unprovided one is a usage error', async () => {
    const out = tempDir();
    const r = await runCli(['build', SPEC, '--format', 'iban/fixed-width', '--out', out, '--allow-outside'], { cwd: FIXTURE });
    expect(r.code).toBe(0);
    expect(listFiles(out)).toEqual(['accounts.txt']);
    const bad = await runCli(['build', SPEC, '--format', 'iban/pdf', '--out', out, '--allow-outside'], { cwd: FIXTURE });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format iban/pdf: no configured plugin provides it');
  });
});

describe('LLM provider plugins', () => {
  it('synth author --provider plugin/name drafts with the provider a configured plugin registers', async () => {
    const dir = tempDir();
    const spec = { synth: 1, seed: 1, tables: { notes: { rows: 3, columns: { id: { type: 'sequence', primary_key: true }, body: { type: 'lorem.sentence' } } } } };
    writeFileSync(join(dir, 'provider.mjs'), `export default { apiVersion: 1, name: 'canned', providers: { fixed: {
      defaultModel: 'canned-1',
      create: ({ model, env }) => ({
        endpoint: 'in-process',
        complete: async (request) => {
          if (model !== 'canned-1' || env.CANNED_TOKEN !== 'sesame' || !request.messages.at(-1).content.includes('three notes')) throw Object.assign(new Error('unexpected call'), { kind: 'bad-request' });
          const value = { spec: ${JSON.stringify(spec)}, questions: [], assumptions: [] };
          return { value, text: JSON.stringify(value) };
        },
      }),
    } } };`);
    writeFileSync(join(dir, 'synth.config.json'), JSON.stringify({ plugins: ['./provider.mjs'] }));
    const env = { CANNED_TOKEN: 'sesame', SYNTH_STATE_FILE: join(dir, 'state.sqlite') };
    const r = await runCli(['author', 'three notes', '--provider', 'canned/fixed', '--yes', '-o', 'notes.synth.yaml'], { cwd: dir, env });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const written = readFileSync(join(dir, 'notes.synth.yaml'), 'utf8');
    expect(written).toContain('Drafted by synth author (canned/fixed canned-1');
    expect((await runCli(['build', 'notes.synth.yaml', '--format', 'csv'], { cwd: dir })).code).toBe(0);

    const unknown = await runCli(['author', 'x', '--provider', 'canned/other', '--yes'], { cwd: dir, env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("is 'canned/other'; no configured plugin provides it");
    expect(unknown.stderr).toContain('canned/fixed');

    const failing = await runCli(['author', 'x', '--provider', 'canned/fixed', '--model', 'other', '--yes', '--no-cache', '-o', 'y.synth.yaml'], { cwd: dir, env });
    expect(failing.code).toBe(1);
    expect(failing.stderr).toContain('SYN512');
    expect(failing.stderr).toContain('canned/fixed: unexpected call');
  });
});
