// The synth bin runs the compiled CLI (packages/*/dist, built by `tsc -b`): a bench of stale output measures old
// code. `tsc -b --dry` (≈ 0.2 s, writes nothing) says whether a build is due.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** A warning when compiled output is older than its sources, else undefined. */
export function staleBuildWarning(root: string): string | undefined {
  const tsc = join(root, 'node_modules', '.bin', 'tsc');
  if (!existsSync(tsc)) return undefined;
  const r = spawnSync(tsc, ['-b', '--dry'], { cwd: root, encoding: 'utf8' });
  const stale = r.stdout.split('\n').filter((l) => /would build project/i.test(l));
  if (r.status === 0 && stale.length === 0) return undefined;
  return `compiled output (packages/*/dist) is not up to date with the sources (\`tsc -b --dry\`: ${stale.length > 0 ? `${stale.length} project(s) would be built` : `exit ${r.status}`}); run \`pnpm build\` first, or these numbers measure old code`;
}
