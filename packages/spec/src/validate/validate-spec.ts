import { hasErrors, sortDiagnostics } from '../diagnostics/diagnostic.js';
import { parseSpec } from '../parse/parse-spec.js';
import type { PluginCatalogue, Result, SourceFile, Spec, SpecDocument, TableSpec } from '../types.js';
import { seriesCount, seriesWindow } from './series-window.js';
import { validateAgainstSchema } from './schema-validate.js';
import { checkSemantics } from './semantic-check.js';
import { checkSpecLimits } from './limits-check.js';
import type { Limits } from '../limits.js';

/** The user's document with the documented defaults filled in (docs/spec.md#defaults). */
export function applyDefaults(value: Record<string, unknown>): Spec {
  const v = value as Partial<Spec>;
  return {
    synth: 1,
    seed: v.seed ?? 0,
    locale: v.locale ?? 'en',
    ...(v.description !== undefined ? { description: v.description } : {}),
    tables: withSeriesRows(v.tables ?? {}),
    outputs: v.outputs ?? [],
    ...(v.quality !== undefined ? { quality: v.quality } : {}),
  };
}

/**
 * A series table's rows are one family per row of its entities table, as many as the window holds: it becomes a
 * per-parent table, so keys, shards and workers treat it like any other (docs/timeseries.md).
 */
function withSeriesRows(tables: Record<string, TableSpec>): Record<string, TableSpec> {
  const out: Record<string, TableSpec> = {};
  for (const [name, t] of Object.entries(tables)) {
    const w = t.series && t.rows === undefined ? seriesWindow(t.series) : undefined;
    out[name] = t.series && t.rows === undefined ? { ...t, rows: { per: t.series.per, count: w ? seriesCount(w) : 0 } } : t;
  }
  return out;
}

/** SpecDocument → Spec: JSON Schema first (shape), then semantics (meaning); all problems at once. */
export interface ValidateOptions {
  /** What the configured plugins provide; without it every `plugin/name` in the spec is reported as not configured. */
  plugins?: PluginCatalogue;
  /** Raised (or lowered) limits (`--max`); the rest are the defaults of limits.ts. */
  limits?: Partial<Limits>;
}

export function validateSpec(doc: SpecDocument, options: ValidateOptions = {}): Result<Spec> {
  const schemaDiagnostics = validateAgainstSchema(doc);
  // Semantic checks assume the shape is right; running them on a malformed tree would only add noise.
  if (hasErrors(schemaDiagnostics)) return { diagnostics: sortDiagnostics(schemaDiagnostics) };
  const spec = applyDefaults(doc.value as Record<string, unknown>);
  const diagnostics = sortDiagnostics([...schemaDiagnostics, ...checkSemantics(doc, spec, options.plugins), ...checkSpecLimits(doc, spec, options.limits)]);
  return hasErrors(diagnostics) ? { diagnostics } : { value: spec, diagnostics };
}

/** SourceFile → { doc, spec }: the whole front half, as `synth validate` runs it. */
export function loadSpec(source: SourceFile, options: ValidateOptions = {}): Result<{ doc: SpecDocument; spec: Spec }> {
  const parsed = parseSpec(source);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const validated = validateSpec(parsed.value, options);
  if (!validated.value) return { diagnostics: validated.diagnostics };
  return { value: { doc: parsed.value, spec: validated.value }, diagnostics: validated.diagnostics };
}
