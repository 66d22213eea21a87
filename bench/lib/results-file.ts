// bench/results/latest.md holds one section per script or mode (`pnpm bench`, `--workers-scaling`, `--memory`,
// `pnpm bench:startup`, …) and the Targets block they share; each replaces its own section between markers and
// keeps the others.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

const TITLE = '# synth benchmark results\n\nWritten by `pnpm bench`, `pnpm bench:startup` and `pnpm bench:bad-input`; see bench/README.md for how to read them.\n';
const ORDER = ['targets', 'run', 'workers', 'memory', 'startup', 'bad-input'] as const;
export type Section = (typeof ORDER)[number];

export function writeSection(file: string, section: Section, body: string): void {
  const old = existsSync(file) ? readFileSync(file, 'utf8') : '';
  const parts = new Map<Section, string>();
  for (const s of ORDER) {
    const m = new RegExp(`<!-- bench:${s} -->\\n([\\s\\S]*?)<!-- /bench:${s} -->`).exec(old);
    if (m) parts.set(s, m[1]);
  }
  parts.set(section, body.endsWith('\n') ? body : `${body}\n`);
  writeParts(file, parts);
}

/** The body of one section as it is in the file now, or undefined. */
export function readSection(file: string, section: Section): string | undefined {
  if (!existsSync(file)) return undefined;
  return new RegExp(`<!-- bench:${section} -->\\n([\\s\\S]*?)<!-- /bench:${section} -->`).exec(readFileSync(file, 'utf8'))?.[1];
}

function writeParts(file: string, parts: Map<Section, string>): void {
  const out = [TITLE, ...ORDER.filter((s) => parts.has(s)).map((s) => `<!-- bench:${s} -->\n${parts.get(s)}<!-- /bench:${s} -->\n`)];
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, out.join('\n'));
}
