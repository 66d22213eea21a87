import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { listFiles, REPO, runCli, tempDir } from './run-cli.js';

const PACKAGES = ['spec', 'compiler', 'llm-author', 'cli'];

function sh(command: string, args: string[], cwd: string): { code: number | null; out: string } {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 240_000, env: { ...process.env, NO_COLOR: '1', npm_config_update_notifier: 'false' } });
  return { code: r.status, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * What a user gets from `npm install`: the packed tarballs (pnpm pack, as a release would publish them) installed
 * with plain npm into an empty folder, every other dependency from the registry. A broken `exports` map, a file
 * missing from `files`, or a path that only exists in the workspace fails here.
 */
describe('installing the packed packages with npm', () => {
  it('gives a working synth command, the same bytes as the workspace, and importable typed packages', async () => {
    const dir = tempDir('synth-pack-');
    for (const p of PACKAGES) {
      const r = sh('pnpm', ['pack', '--pack-destination', dir], join(REPO, 'packages', p));
      expect({ p, code: r.code }).toEqual({ p, code: 0 });
    }
    const tarballs = readdirSync(dir).filter((f) => f.endsWith('.tgz')).sort();
    expect(tarballs).toHaveLength(PACKAGES.length);
    for (const t of tarballs) {
      // Only the built code, the bin and the README: no sources, tests or workspace files.
      const files = sh('tar', ['tzf', t], dir).out.split('\n').filter(Boolean);
      expect(files.filter((f) => !/^package\/(dist\/.*\.(js|d\.ts)|bin\/synth\.js|package\.json|README\.md|LICENSE)$/.test(f))).toEqual([]);
    }

    const app = join(dir, 'app');
    sh('mkdir', [app], dir);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    // Native builds (sqlite3, for --to sqlite and the author's state) are not what this tests, and need no network here.
    const install = sh('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', ...tarballs.map((t) => join(dir, t))], app);
    expect({ code: install.code, out: install.code === 0 ? '' : install.out }).toEqual({ code: 0, out: '' });

    const bin = join(app, 'node_modules', '.bin', 'synth');
    const help = sh(bin, ['--help'], app);
    expect(help.code).toBe(0);
    expect(help.out).toContain('synth build <file>');

    writeFileSync(join(app, 'shop.synth.yaml'), readFileSync(join(REPO, 'fixtures', 'shop.synth.yaml')));
    const build = sh(bin, ['build', 'shop.synth.yaml', '--format', 'jsonl', '--out', 'out'], app);
    expect({ code: build.code, out: build.code === 0 ? '' : build.out }).toEqual({ code: 0, out: '' });
    // Installed without install scripts, sqlite3 has no binary: the build history says it could not record, and
    // nothing crashes.
    expect(build.out).not.toMatch(/\n\s+at .+:\d+:\d+/);
    const ws = tempDir();
    writeFileSync(join(ws, 'shop.synth.yaml'), readFileSync(join(REPO, 'fixtures', 'shop.synth.yaml')));
    expect((await runCli(['build', 'shop.synth.yaml', '--format', 'jsonl', '--out', 'out'], { cwd: ws })).code).toBe(0);
    const files = listFiles(join(ws, 'out'));
    expect(listFiles(join(app, 'out'))).toEqual(files);
    for (const f of files) expect({ f, same: readFileSync(join(app, 'out', f)).equals(readFileSync(join(ws, 'out', f))) }).toEqual({ f, same: true });

    // The schema is inside the package (no schemas/ folder beside an install).
    const schema = sh(bin, ['schema'], app);
    expect(JSON.parse(schema.out).title).toBeDefined();

    // The packages import by name from plain Node and type-check from their declarations alone.
    writeFileSync(
      join(app, 'use.ts'),
      [
        "import { loadSpec } from '@synth/spec';",
        "import { planBuild, executePlan, tableRows } from '@synth/compiler';",
        "const loaded = loadSpec({ path: 'x.synth.yaml', text: 'synth: 1\\nseed: 1\\ntables:\\n  t:\\n    rows: 3\\n    columns:\\n      id: { type: sequence }\\n' });",
        'const spec = loaded.value!.spec;',
        'const plan = planBuild(spec).value!;',
        'const ids: number[] = [];',
        'for (const s of executePlan(plan, spec)) for (const row of tableRows(s)) ids.push(row.id as number);',
        'console.log(JSON.stringify(ids));',
        '',
      ].join('\n'),
    );
    const tsc = sh(process.execPath, [join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--skipLibCheck', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--typeRoots', join(REPO, 'node_modules', '@types'), '--types', 'node', 'use.ts'], app);
    expect({ code: tsc.code, out: tsc.out }).toEqual({ code: 0, out: '' });
    writeFileSync(join(app, 'use.mjs'), readFileSync(join(app, 'use.ts'), 'utf8').replace('loaded.value!.spec', 'loaded.value.spec').replace('planBuild(spec).value!', 'planBuild(spec).value').replace('const ids: number[]', 'const ids').replace('row.id as number', 'row.id'));
    const node = sh(process.execPath, ['use.mjs'], app);
    expect(node).toEqual({ code: 0, out: '[1,2,3]\n' });
  }, 300_000);
});
