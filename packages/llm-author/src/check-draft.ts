import { planAndProbe } from '@synth/compiler';
import { hasErrors, loadSpec, type Diagnostic } from '@synth/spec';

export interface DraftCheck {
  ok: boolean;
  diagnostics: Diagnostic[];
}

/**
 * A draft's YAML, judged exactly as `synth validate` judges a file (parse, JSON Schema, semantics), then
 * planned and probed as `synth build` does first, so plan-time impossibilities (a unique column over too
 * small a domain, a check no row meets) are sent back to the model too.
 */
export function checkDraft(text: string, path: string): DraftCheck {
  const loaded = loadSpec({ path, text });
  if (!loaded.value) return { ok: false, diagnostics: loaded.diagnostics };
  const probed = planAndProbe(loaded.value.spec, { doc: loaded.value.doc });
  const diagnostics = [...loaded.diagnostics, ...probed.diagnostics];
  return { ok: !hasErrors(diagnostics), diagnostics };
}
