import { readFile, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { diag, loadSpec, PARSE_LIMITS, type Diagnostic, type Spec, type SpecDocument } from '@synth/spec';
import type { PluginSet } from '@synth/compiler';

export interface LoadedSpec {
  path: string;
  text?: string;
  doc?: SpecDocument;
  spec?: Spec;
  diagnostics: Diagnostic[];
}

/** Reads (relative to `cwd`) and validates a spec file (against what the configured `plugins` provide); diagnostics name it as the user did: a missing, unreadable or oversized file is a diagnostic too. */
export async function loadSpecFile(path: string, cwd = process.cwd(), plugins?: PluginSet): Promise<LoadedSpec> {
  let text: string;
  const full = resolve(cwd, path);
  try {
    const st = await stat(full);
    if (st.isDirectory()) return { path, diagnostics: [{ ...diag('fileRead', { path: `'${path}'`, detail: 'it is a directory' }, {}), file: path }] };
    // Checked before reading, so a huge file is not loaded into memory just to be refused.
    if (st.size > PARSE_LIMITS.maxBytes) return { path, diagnostics: [{ ...diag('fileTooLarge', { size: st.size, max: PARSE_LIMITS.maxBytes }, {}), file: path }] };
    text = await readFile(full, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const detail = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (code ?? String(e));
    return { path, diagnostics: [{ ...diag('fileRead', { path: `'${path}'`, detail }, {}), file: path }] };
  }
  const r = loadSpec({ path, text }, plugins ? { plugins: plugins.catalogue() } : {});
  return { path, text, ...(r.value ? { doc: r.value.doc, spec: r.value.spec } : {}), diagnostics: r.diagnostics };
}
