/**
 * Where `--out` can point besides a local folder (docs/object-storage.md). `az` is the short form of `azure`
 * (as in fsspec/adlfs); the names are what the user types, lower case.
 */
export const OBJECT_SCHEMES = ['s3', 'gs', 'azure', 'az'] as const;
export const OBJECT_SCHEMES_TEXT = 's3://, gs://, azure:// (or az://)';
export type ObjectScheme = (typeof OBJECT_SCHEMES)[number];

/**
 * What a path given to synth is: a local path, an object store URL synth writes to, or something that looks like a
 * URL (`scheme:` before any `/`) that synth must not take for a folder name: `ftp://host/x` would otherwise be
 * written to a local folder named `ftp:`. On Windows, `C:` and `C:\…` are drive paths; elsewhere `c:/x` is refused
 * too, as it is surely a Windows path (a real folder named `c:` can be given as `./c:`).
 */
export type PathKind =
  | { kind: 'local' }
  | { kind: 'object'; scheme: ObjectScheme }
  | { kind: 'url'; scheme: string };

export function pathKind(path: string, platform: NodeJS.Platform = process.platform): PathKind {
  if (platform === 'win32' && /^[A-Za-z]:/.test(path)) return { kind: 'local' };
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(path);
  if (!m) return { kind: 'local' };
  const scheme = m[1]!.toLowerCase();
  if ((OBJECT_SCHEMES as readonly string[]).includes(scheme) && path.slice(m[0].length).startsWith('//')) {
    return { kind: 'object', scheme: scheme as ObjectScheme };
  }
  return { kind: 'url', scheme };
}
