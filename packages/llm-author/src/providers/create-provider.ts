import type { AuthorSettings } from '../settings.js';
import type { LlmProvider } from '../types.js';

/** The provider the settings name; its SDK is imported here, so only `synth author` ever loads one. */
export async function createProvider(settings: AuthorSettings, onWarning?: (message: string) => void): Promise<LlmProvider> {
  const options = {
    model: settings.model,
    apiKey: settings.apiKey,
    timeoutMs: settings.timeoutMs,
    ...(onWarning ? { onWarning } : {}),
    ...(settings.baseUrl !== undefined ? { baseUrl: settings.baseUrl } : {}),
  };
  // The caller makes a plugin's provider (pluginProvider): only it holds the configured plugins.
  if (settings.provider.includes('/')) throw new Error(`internal: plugin provider ${settings.provider} must be passed to authorSpec`);
  if (settings.provider === 'anthropic') return new (await import('./anthropic-provider.js')).AnthropicProvider(options);
  return new (await import('./openai-provider.js')).OpenAiProvider(options);
}
