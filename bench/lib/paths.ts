// Where things are, for the bench scripts. Everything is resolved from this file, so the scripts work from any
// working directory.
import { createRequire } from 'node:module';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const BENCH_DIR = join(ROOT, 'bench');
export const SPECS_DIR = join(BENCH_DIR, 'specs');
export const RESULTS_FILE = join(BENCH_DIR, 'results', 'latest.md');
/** The `synth` bin of packages/cli (package.json "bin"): runs the CLI from source through tsx. */
export const SYNTH_BIN = join(ROOT, 'packages', 'cli', 'bin', 'synth.js');

/**
 * Libraries the peers use, resolved from packages/compiler (which depends on them) rather than added to the
 * workspace: the bench must not change package.json or the lockfile.
 */
export const compilerRequire = createRequire(join(ROOT, 'packages', 'compiler', 'package.json'));
export const specRequire = createRequire(join(ROOT, 'packages', 'spec', 'package.json'));

/** Imports an ES module resolved by `req` (a createRequire), as a file URL. */
export async function importFrom<T>(req: NodeRequire, specifier: string): Promise<T> {
  return (await import(pathToFileURL(req.resolve(specifier)).href)) as T;
}

/**
 * Where package `name` resolves from the root or any workspace package, or undefined. Used to report optional peers
 * (json-schema-faker) as "not installed" instead of failing. ESM-only packages have no `require` export, so a failed
 * require.resolve falls back to reading the package's own package.json (`exports` import/default, `module`, `main`).
 */
export function resolveAnywhere(name: string): string | undefined {
  const bases = [ROOT, ...['cli', 'compiler', 'spec', 'llm-author'].map((p) => join(ROOT, 'packages', p))];
  for (const base of bases) {
    if (!existsSync(join(base, 'package.json'))) continue;
    try {
      return createRequire(join(base, 'package.json')).resolve(name);
    } catch {
      const dir = join(base, 'node_modules', name);
      if (existsSync(join(dir, 'package.json'))) return join(dir, esmEntry(JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson));
    }
  }
  return undefined;
}

interface PackageJson {
  exports?: unknown;
  module?: string;
  main?: string;
}

function esmEntry(pkg: PackageJson): string {
  const pick = (e: unknown): string | undefined => {
    if (typeof e === 'string') return e;
    if (e === null || typeof e !== 'object') return undefined;
    const o = e as Record<string, unknown>;
    if ('.' in o) return pick(o['.']);
    for (const k of ['node', 'import', 'default']) {
      const v = k in o ? pick(o[k]) : undefined;
      if (v !== undefined) return v;
    }
    return undefined;
  };
  return pick(pkg.exports) ?? pkg.module ?? pkg.main ?? 'index.js';
}
