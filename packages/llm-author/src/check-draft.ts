import { planAndProbe, resolveOutputs } from '@synth/compiler';
import { hasErrors, loadSpec, type Diagnostic } from '@synth/spec';

export interface DraftCheck {
  ok: boolean;
  diagnostics: Diagnostic[];
}

/**
 * A draft's YAML, judged exactly as `synth validate` judges a file (parse, JSON Schema, semantics), then
 * planned and probed as `synth build` does first, so plan-time impossibilities (a unique column over too
 * small a domain, a check no row meets) are sent back to the model too. With `specDir` (where the spec will
 * be written), output paths that would leave it are refused as `synth build` refuses them.
 */
export function checkDraft(text: string, path: string, specDir?: string): DraftCheck {
  const loaded = loadSpec({ path, text });
  if (!loaded.value) return { ok: false, diagnostics: loaded.diagnostics };
  const { doc, spec } = loaded.value;
  const probed = planAndProbe(spec, { doc });
  const outputs = probed.plan && specDir !== undefined ? resolveOutputs(probed.plan, { specDir, cwd: specDir, doc }).diagnostics : [];
  const diagnostics = [...loaded.diagnostics, ...probed.diagnostics, ...outputs];
  return { ok: !hasErrors(diagnostics), diagnostics };
}
