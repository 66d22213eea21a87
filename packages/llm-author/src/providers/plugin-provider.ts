import type { ProviderDefinition } from '@synth/compiler';
import { LlmError, type LlmErrorKind } from '../llm-error.js';
import type { AuthorSettings } from '../settings.js';
import type { LlmProvider, PluginProviderName } from '../types.js';

const KINDS: ReadonlySet<string> = new Set<LlmErrorKind>(['auth', 'quota', 'rate-limit', 'unknown-model', 'bad-request', 'server', 'network', 'timeout', 'malformed', 'truncated']);

/**
 * A plugin's provider (`--provider plugin/name`, docs/plugins.md#llm-providers) as an LlmProvider. Its failures
 * become LlmErrors: an error with a `kind` the author loop knows (rate-limit, network, …) keeps it, so retries and
 * diagnostics work as for the built-in providers; any other error counts as a server error.
 */
export function pluginProvider(name: PluginProviderName, def: ProviderDefinition, settings: Pick<AuthorSettings, 'model' | 'baseUrl' | 'timeoutMs'>, env: NodeJS.ProcessEnv): LlmProvider {
  const made = def.create({ model: settings.model, timeoutMs: settings.timeoutMs, env, ...(settings.baseUrl !== undefined ? { baseUrl: settings.baseUrl } : {}) });
  return {
    name,
    model: settings.model,
    endpoint: made.endpoint,
    async complete(request) {
      try {
        return await made.complete(request);
      } catch (e) {
        if (e instanceof LlmError) throw e;
        const kind = (e as { kind?: unknown }).kind;
        const message = `${name}: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`;
        throw new LlmError(typeof kind === 'string' && KINDS.has(kind) ? (kind as LlmErrorKind) : 'server', message);
      }
    },
  };
}
