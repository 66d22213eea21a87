import { basename, dirname, resolve } from 'node:path';
import { diag, loadSpec, loadSpecFile as readSpecFile, PARSE_LIMITS, type LoadedSpecFile, type Limits } from '@synth/spec';
import type { PluginSet } from '@synth/compiler';
import type { Io } from './diagnostics-out.js';

export type LoadedSpec = LoadedSpecFile;

/**
 * What a spec-file argument `-` (standard input, docs/cli.md#stdin) becomes before yargs parses the command line:
 * yargs drops a bare `-`. No path can hold a NUL byte, so no file is taken for it.
 */
export const STDIN_ARG = '\u0000stdin';
/** Commands whose file arguments are specs, so `-` means standard input. */
const SPEC_COMMANDS = new Set(['validate', 'plan', 'build', 'preview', 'report']);

/** Options of the spec commands that take no value (a `-` after one is a positional). */
const SWITCHES = new Set(['json', 'progress', 'replace', 'check', 'conformance', 'history', 'allow-outside', 'allowOutside', 'help', 'h', 'version']);
const GLOBAL_VALUE_OPTIONS = new Set(['--config', '--log-level', '--log-format', '--diagnostics-format']);

/** The command line with each `-` after a spec command replaced by STDIN_ARG. */
export function markStdinArgs(argv: string[]): string[] {
  // The command is the first word that is neither an option nor the value of a global option before it.
  const command = argv.findIndex((a, i) => !a.startsWith('-') && !GLOBAL_VALUE_OPTIONS.has(argv[i - 1] ?? ''));
  if (command < 0 || !SPEC_COMMANDS.has(argv[command]!)) return argv;
  // `--out -` is the value of an option, not a spec: only a `-` after a positional or a switch reads stdin.
  const isValue = (i: number) => /^--?[^-=][^=]*$/.test(argv[i - 1]!) && !SWITCHES.has(argv[i - 1]!.replace(/^--?(no-)?/, ''));
  return argv.map((a, i) => (i > command && a === '-' && !isValue(i) ? STDIN_ARG : a));
}
/** How diagnostics name a spec read from standard input. */
export const STDIN_NAME = '<stdin>';

/**
 * Reads (relative to `cwd`) and validates a spec file, against what the configured `plugins` provide and the limits (`--max`). `-` reads
 * standard input (once per run: a second `-` gets the same text), refusing more than the parser's size limit.
 */
export async function loadSpecFile(path: string, cwd = process.cwd(), plugins?: PluginSet, io?: Io, limits?: Partial<Limits>): Promise<LoadedSpec> {
  const options = { ...(plugins ? { plugins: plugins.catalogue() } : {}), ...(limits ? { limits } : {}) };
  if (path !== STDIN_ARG || !io) return readSpecFile(path, cwd, options);
  const read = await readStdin(io);
  if ('error' in read) return { path: STDIN_NAME, diagnostics: [{ ...diag('fileRead', { path: STDIN_NAME, detail: read.error }, {}), file: STDIN_NAME }] };
  if ('size' in read) return { path: STDIN_NAME, diagnostics: [{ ...diag('fileTooLarge', { size: `more than ${read.size}`, max: PARSE_LIMITS.maxBytes }, {}), file: STDIN_NAME }] };
  const r = loadSpec({ path: STDIN_NAME, text: read.text }, options);
  return { path: STDIN_NAME, text: read.text, ...(r.value ? { doc: r.value.doc, spec: r.value.spec } : {}), diagnostics: r.diagnostics };
}

const stdinText = new WeakMap<Io, Promise<{ text: string } | { size: number } | { error: string }>>();

function readStdin(io: Io): Promise<{ text: string } | { size: number } | { error: string }> {
  let read = stdinText.get(io);
  if (!read) {
    read = (async () => {
      const chunks: Buffer[] = [];
      let size = 0;
      try {
        for await (const chunk of io.stdin ? io.stdin() : process.stdin) {
          const b = Buffer.from(chunk);
          size += b.length;
          // Stop reading past the limit rather than hold an endless pipe in memory.
          if (size > PARSE_LIMITS.maxBytes) return { size: PARSE_LIMITS.maxBytes };
          chunks.push(b);
        }
      } catch (e) {
        return { error: (e as NodeJS.ErrnoException).code ?? String(e) };
      }
      return { text: Buffer.concat(chunks).toString('utf8') };
    })();
    stdinText.set(io, read);
  }
  return read;
}

/**
 * Where a spec's relative output paths start, and the name its single-file outputs and report take: the spec's
 * folder and file name, or for `-` the working directory and `stdin`.
 */
export function specLocation(file: string, cwd: string): { specDir: string; specName: string } {
  if (file === STDIN_ARG) return { specDir: cwd, specName: 'stdin' };
  return { specDir: dirname(resolve(cwd, file)), specName: basename(file).replace(/(\.synth)?\.ya?ml$/, '') };
}
