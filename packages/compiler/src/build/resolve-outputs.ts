import { diag, pointerOf, type Diagnostic, type SpecDocument } from '@synth/spec';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { shardPath, type Shard } from '../execute/shard.js';
import type { AnyFormat, Plan } from '../types.js';
import type { PluginSet } from '../plugins/plugin-set.js';
import { writerFor } from '../writers/registry.js';
import { pathKind } from '../destinations/path-kind.js';

export interface OutputTarget {
  /** Absolute path of the file. */
  path: string;
  format: AnyFormat;
  options: Record<string, unknown>;
  /** Index into the spec's outputs (for diagnostics), when the output came from the spec. */
  index?: number;
  /** Tables in the order they are written (plan order). */
  tables: string[];
}

export interface OutputLocation {
  /** The spec's directory: the root of paths in the spec's `outputs`. */
  specDir: string;
  /** The directory synth runs in: `--out` is relative to it. */
  cwd: string;
  /**
   * `--out DIR`: re-roots the spec's outputs (or the `--format` default) under DIR. DIR itself may be anywhere (the
   * operator chose it); the spec's paths may not leave it.
   */
  outDir?: string;
  /** `--format F`: replaces the spec's outputs with one `{table}.F` file per table. */
  format?: AnyFormat;
  /** Options for the `--format` output (e.g. `{ dialect: 'sqlite' }` from `--dialect`). */
  formatOptions?: Record<string, unknown>;
  /** The spec's file name without `.synth.yaml`: names the one file of document formats under `--format` (default `data`). */
  specName?: string;
  /** `--shard i/n`: every file becomes part i of a per-table dataset directory (`users/part-00003-of-00008.csv`). */
  shard?: Shard;
  /** Lets the spec's output paths leave their root, the spec's directory or `outDir` (`--allow-outside`). */
  allowOutside?: boolean;
  doc?: SpecDocument;
  /** Plugins whose writers `plugin/format` outputs name. */
  plugins?: PluginSet;
}

/** Where outputs go when neither the spec nor the flags say (docs/cli.md#build). */
export const DEFAULT_OUT_DIR = 'out';

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * The files a build writes: the spec's outputs (paths relative to the spec), or `--format`/`--out`
 * overrides. A path written in a spec may not leave its root (the spec's directory, or `--out DIR`) unless
 * allowed: a spec from a pull request must not write over arbitrary files. `--out` itself is the operator's
 * own choice, and is not confined.
 */
/** Formats that hold object, array and json columns (natively, or as JSON text: docs/nested.md#formats). */
const DOCUMENT_FORMATS = new Set<string>(['json', 'jsonl', 'xml', 'parquet', 'arrow', 'sql']);

export function resolveOutputs(plan: Plan, loc: OutputLocation): { targets: OutputTarget[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const order = plan.tables.map((t) => t.name);
  const at = (pointer?: string) => ({ ...(loc.doc ? { doc: loc.doc } : {}), ...(pointer ? { pointer } : {}) });
  const outKind = loc.outDir !== undefined ? pathKind(loc.outDir) : undefined;
  if (outKind && outKind.kind !== 'local') {
    // The CLI sends object store URLs elsewhere; through the Node API a URL here would become a local folder `gs:`.
    diagnostics.push(diag('unsupportedScheme', { flag: 'outDir', path: `'${loc.outDir}'`, scheme: outKind.scheme }, { hint: 'outDir takes a local folder; the command line uploads to object storage with --out (docs/object-storage.md).' }));
    return { targets: [], diagnostics };
  }
  const outDir = loc.outDir !== undefined ? resolve(loc.cwd, loc.outDir) : undefined;
  const format = loc.format ?? 'csv';
  const entry = writerFor(format, loc.plugins);
  // Document formats (sql, xlsx, pdf, docx) keep every table in one file, where keys between tables can be declared.
  const defaultPath = entry?.oneFile ? `${loc.specName ?? 'data'}.${entry.extension}` : `{table}.${entry?.extension ?? format}`;
  const outputs = loc.format || plan.outputs.length === 0
    ? [{ format, options: loc.formatOptions ?? {}, path: defaultPath, tables: order, pointer: undefined as string | undefined, index: undefined as number | undefined, root: outDir ?? resolve(loc.specDir, DEFAULT_OUT_DIR) }]
    : plan.outputs.map((o, i) => ({ ...o, pointer: pointerOf('outputs', i, 'path'), index: i as number | undefined, root: outDir ?? loc.specDir }));
  const targets: OutputTarget[] = [];
  const seen = new Map<string, string>();
  for (const o of outputs) {
    const tables = order.filter((t) => o.tables.includes(t));
    const files = o.path.includes('{table}') ? tables.map((t) => ({ rel: o.path.replaceAll('{table}', t), tables: [t] })) : [{ rel: o.path, tables }];
    if (!DOCUMENT_FORMATS.has(o.format)) {
      // Tabular formats refuse documents rather than flatten them silently (docs/nested.md#formats).
      const nested = plan.tables.filter((t) => tables.includes(t.name)).flatMap((t) => t.columns.filter((c) => c.info.type === 'json').map((c) => `${t.name}.${c.name}`));
      if (nested.length) {
        diagnostics.push(diag('invalidParameter', { detail: `${o.format} cannot hold the document column${nested.length > 1 ? 's' : ''} ${nested.map((n) => `'${n}'`).join(', ')}` }, { ...at(o.pointer), hint: `Write tables with object, array or json columns as ${[...DOCUMENT_FORMATS].join(', ')} (docs/nested.md), or list only the other tables under \`tables:\`.` }));
        continue;
      }
    }
    if (loc.shard && (writerFor(o.format, loc.plugins)?.oneFile || files.some((f) => f.tables.length > 1))) {
      diagnostics.push(diag('invalidParameter', { detail: `--shard writes each table as part files; the ${o.format} output '${o.path}' holds ${writerFor(o.format, loc.plugins)?.oneFile ? 'a whole document' : 'several tables'}` }, { ...at(o.pointer), hint: 'Shard csv, tsv, jsonl, json, xml, parquet or arrow outputs with one file per table ({table} in the path), e.g. --format parquet.' }));
      continue;
    }
    for (const f of loc.shard ? files.map((x) => ({ ...x, rel: shardPath(x.rel, loc.shard!) })) : files) {
      const path = resolve(o.root, f.rel);
      if (!loc.allowOutside && !inside(o.root, path)) {
        diagnostics.push(diag('outputEscapes', { path: `'${f.rel}'` }, at(o.pointer)));
        continue;
      }
      if (seen.has(path)) {
        diagnostics.push(diag('invalidParameter', { detail: `Two outputs write the same file '${f.rel}'` }, { ...at(o.pointer), hint: 'Give each output its own path.' }));
        continue;
      }
      seen.set(path, f.rel);
      targets.push({ path, format: o.format, options: o.options, ...(o.index !== undefined ? { index: o.index } : {}), tables: f.tables });
    }
  }
  return { targets, diagnostics };
}
