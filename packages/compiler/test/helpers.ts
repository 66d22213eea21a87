import { executePlan, planBuild, probePlan, tableRows, type CellValue, type Plan } from '@synth/compiler';
import { loadSpec, type Diagnostic, type Spec } from '@synth/spec';

export type Rows = Array<Record<string, CellValue>>;

/** Loads a spec from YAML text, failing the test with its diagnostics when it does not validate. */
export function specOf(text: string): Spec {
  const r = loadSpec({ path: 'test.synth.yaml', text });
  if (!r.value) throw new Error(`spec does not validate:\n${r.diagnostics.map((d) => `${d.code} ${d.message} ${d.pointer ?? ''}`).join('\n')}`);
  return r.value.spec;
}

export function planOf(spec: Spec, options: Parameters<typeof planBuild>[1] = {}): { plan?: Plan; diagnostics: Diagnostic[] } {
  const r = planBuild(spec, options);
  const diagnostics = [...r.diagnostics];
  if (r.value) diagnostics.push(...probePlan(r.value, spec));
  return { ...(r.value ? { plan: r.value } : {}), diagnostics };
}

/** Every table's rows in memory (small specs only). */
export function generate(spec: Spec, options: Parameters<typeof planBuild>[1] = {}): Map<string, Rows> {
  const { plan, diagnostics } = planOf(spec, options);
  if (!plan || diagnostics.some((d) => d.severity === 'error')) throw new Error(diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
  const out = new Map<string, Rows>();
  for (const stream of executePlan(plan, spec)) out.set(stream.info.name, [...tableRows(stream)]);
  return out;
}

export function column(rows: Rows, name: string): CellValue[] {
  return rows.map((r) => r[name]!);
}
