#!/usr/bin/env node
// The `synth` bin: runs the compiled CLI (dist/, built by `tsc -b`, which `pnpm install` runs via `prepare`).
// Compiled output starts in a fraction of the time the TypeScript sources take through a loader; in the workspace,
// `pnpm synth` runs the sources directly.
import { existsSync } from 'node:fs';

const dist = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(dist)) {
  process.stderr.write('synth: the CLI is not built (packages/cli/dist is missing); run `pnpm install` or `pnpm build` first, or use `pnpm synth`.\n');
  process.exit(2);
}
await import(dist.href);
