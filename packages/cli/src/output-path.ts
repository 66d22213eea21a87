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
