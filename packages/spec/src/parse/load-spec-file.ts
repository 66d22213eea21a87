import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { diag } from '../diagnostics/diagnostic.js';
import type { Diagnostic, Spec, SpecDocument } from '../types.js';
import { loadSpec, type ValidateOptions } from '../validate/validate-spec.js';
import { PARSE_LIMITS } from './parse-spec.js';

export interface LoadedSpecFile {
  /** As the caller named it; diagnostics name it so. */
  path: string;
  text?: string;
  doc?: SpecDocument;
  spec?: Spec;
  diagnostics: Diagnostic[];
}

/**
 * Reads (relative to `cwd`) and validates a spec file. A missing, unreadable or oversized file is a diagnostic
 * too; an oversized one is refused before it is read into memory. Used by the CLI and the Node API alike.
 */
export async function loadSpecFile(path: string, cwd = process.cwd(), options: ValidateOptions = {}): Promise<LoadedSpecFile> {
  let text: string;
  const full = resolve(cwd, path);
  try {
    const st = await stat(full);
    if (st.isDirectory()) return { path, diagnostics: [{ ...diag('fileRead', { path: `'${path}'`, detail: 'it is a directory' }, {}), file: path }] };
    if (st.size > PARSE_LIMITS.maxBytes) return { path, diagnostics: [{ ...diag('fileTooLarge', { size: st.size, max: PARSE_LIMITS.maxBytes }, {}), file: path }] };
    text = await readFile(full, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(e));
    return { path, diagnostics: [{ ...diag('fileRead', { path: `'${path}'`, detail }, {}), file: path }] };
  }
  const r = loadSpec({ path, text }, options);
  return { path, text, ...(r.value ? { doc: r.value.doc, spec: r.value.spec } : {}), diagnostics: r.diagnostics };
}
