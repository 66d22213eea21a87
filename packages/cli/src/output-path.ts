import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { OBJECT_SCHEMES_TEXT, pathKind } from '@synth/compiler';
import { diag, type Diagnostic } from '@synth/spec';

/**
 * SYN460 when a path the user gave to be written (`--out`, `--report`, `report --out`) looks like a URL that synth
 * cannot write to; without this check `--out ftp://host/x` would create a local folder named `ftp:`. Object store
 * URLs are allowed where `objectStores` is set (build's `--out`). Paths given on the command line are trusted
 * otherwise: they may point anywhere (docs/cli.md#synth-build-file).
 */
export function checkOutputPath(flag: string, path: string, options: { objectStores: boolean }): Diagnostic | undefined {
  const kind = pathKind(path);
  if (kind.kind === 'local' || (kind.kind === 'object' && options.objectStores)) return undefined;
  const supported = options.objectStores ? `a local folder, or ${OBJECT_SCHEMES_TEXT} (docs/object-storage.md)` : 'a local file path';
  const known = kind.kind === 'object' || ['s3', 'gs', 'azure', 'az'].includes(kind.scheme);
  const slashes = path.slice(kind.scheme.length + 1).startsWith('//');
  const hint = known && !slashes && options.objectStores
    ? `Write ${kind.scheme}://${path.slice(kind.scheme.length + 1).replace(/^\/*/, '')}, with two slashes; ${flag} takes ${supported}.`
    : slashes
      ? `${flag} takes ${supported}.`
      : `${flag} takes ${supported}. A local path whose name contains a colon can be given as ./${path}.`;
  return diag('unsupportedScheme', { flag, path: `'${path}'`, scheme: kind.scheme }, { hint });
}

/**
 * SYN463/SYN464 before a build starts, for a local path the user gave: `--out` must be (or become) a folder, and
 * `--report` a file. Without this the build runs to the end and then fails on ENOTDIR or EISDIR.
 */
export async function checkLocalTarget(flag: string, path: string, cwd: string, want: 'folder' | 'file'): Promise<Diagnostic | undefined> {
  const full = resolve(cwd, path);
  const own = await stat(full).catch(() => undefined);
  if (own) {
    if (want === 'folder' && !own.isDirectory()) return diag('outIsFile', { flag, path: `'${path}'`, detail: `it is a file, and ${flag} names a folder` });
    if (want === 'file' && own.isDirectory()) return diag('outputIsDirectory', { path: `${flag} '${path}'` }, { hint: `Give ${flag} a file name, e.g. ${join(path, 'report.html')}.` });
    return undefined;
  }
  // The nearest existing ancestor must be a folder, or nothing can be created below it.
  for (let dir = dirname(full); ; dir = dirname(dir)) {
    const s = await stat(dir).catch(() => undefined);
    if (s) return s.isDirectory() ? undefined : diag('outIsFile', { flag, path: `'${path}'`, detail: `'${relative(cwd, dir) || dir}' is a file, so nothing can be created inside it` });
    if (dirname(dir) === dir) return undefined;
  }
}
