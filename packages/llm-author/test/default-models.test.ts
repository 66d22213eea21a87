import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals';
import { DEFAULT_MODELS } from '@synth/llm-author';
import { AnthropicProvider } from '../src/providers/anthropic-provider.js';
import { FakeLlmServer } from './support/fake-llm-server.js';
import { envelope, VALID_SPEC } from './support/drafts.js';
import { TEST_KEY } from './support/author-harness.js';

const require = createRequire(import.meta.url);
/** The installed SDK's own folder (its package.json exports hide the internal files from import). */
const anthropicDir = dirname(require.resolve('@anthropic-ai/sdk'));
const openaiDir = dirname(require.resolve('openai'));
const { DEPRECATED_MODELS } = require(join(anthropicDir, 'internal/data/deprecated-models.js')) as { DEPRECATED_MODELS: Record<string, string> };
const { MODELS_TO_WARN_WITH_THINKING_ENABLED } = require(join(anthropicDir, 'internal/data/models-to-warn-with-thinking-enabled.js')) as { MODELS_TO_WARN_WITH_THINKING_ENABLED: string[] };

/** The model names an SDK's type declarations list (`export type Model = 'a' | 'b' | …`). */
function declaredModels(file: string, typeName: string): string[] {
  const line = readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith(`export type ${typeName} = `));
  return [...(line ?? '').matchAll(/'([^']+)'/g)].map((m) => m[1]!);
}

describe('built-in default models', () => {
  test('the Anthropic default is a model the installed SDK knows and does not flag as deprecated', () => {
    expect(Object.keys(DEPRECATED_MODELS).length).toBeGreaterThan(0);
    expect(DEPRECATED_MODELS).not.toHaveProperty(DEFAULT_MODELS.anthropic);
    expect(MODELS_TO_WARN_WITH_THINKING_ENABLED).not.toContain(DEFAULT_MODELS.anthropic);
    expect(declaredModels(join(anthropicDir, 'resources/messages/messages.d.ts'), 'Model')).toContain(DEFAULT_MODELS.anthropic);
  });

  test('the OpenAI default is a chat model the installed SDK lists', () => {
    // The openai SDK has no deprecation table; its ChatModel type drops retired models.
    expect(declaredModels(join(openaiDir, 'resources/shared.d.ts'), 'ChatModel')).toContain(DEFAULT_MODELS.openai);
  });
});

describe('SDK warnings', () => {
  const server = new FakeLlmServer();
  beforeAll(async () => void (await server.start()));
  afterAll(() => server.stop());

  test("a deprecated model's SDK warning goes to our log, not raw to stderr or stdout", async () => {
    const deprecated = Object.keys(DEPRECATED_MODELS)[0]!;
    const warned: string[] = [];
    const raw = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    const stderr = jest.spyOn(process.stderr, 'write');
    const stdout = jest.spyOn(process.stdout, 'write');
    try {
      server.script({ draft: envelope(VALID_SPEC) });
      const provider = new AnthropicProvider({ model: deprecated, apiKey: TEST_KEY, baseUrl: server.anthropicUrl, timeoutMs: 5000, onWarning: (m) => warned.push(m) });
      const reply = await provider.complete({ system: 's', messages: [{ role: 'user', content: 'x' }], maxTokens: 100, schemaName: 'synth_spec_draft', schema: { type: 'object' }, temperature: 0 });
      expect(reply.value).toBeTruthy();
      expect(warned).toHaveLength(1);
      expect(warned[0]).toContain(`'${deprecated}' is deprecated`);
      expect(warned[0]).not.toContain('\n');
      expect(raw).not.toHaveBeenCalled();
      expect(stderr).not.toHaveBeenCalled();
      expect(stdout).not.toHaveBeenCalled();
      // console.warn is itself again afterwards.
      console.warn('after');
      expect(raw).toHaveBeenCalledWith('after');
    } finally {
      raw.mockRestore();
      stderr.mockRestore();
      stdout.mockRestore();
    }
  });
});
