import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { authorSpec, defaultsAsker, StateStore, type AuthorRequest, type AuthorSettings, type CallLog } from '@synth/llm-author';
import type { FakeLlmServer } from './fake-llm-server.js';

export const TEST_KEY = 'sk-test-SECRET-0123456789';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'synth-author-'));
}

export function settingsFor(server: FakeLlmServer, dir: string, over: Partial<AuthorSettings> = {}): AuthorSettings {
  const provider = over.provider ?? 'openai';
  return {
    provider,
    model: 'test-model',
    baseUrl: provider === 'anthropic' ? server.anthropicUrl : server.openaiUrl,
    apiKey: TEST_KEY,
    temperature: 0,
    maxTokens: 4000,
    timeoutMs: 5000,
    rounds: 3,
    stateFile: join(dir, 'state.sqlite'),
    offline: false,
    ...over,
  };
}

/** A log that keeps every line, at every level. */
export function captureLog(lines: string[]): CallLog {
  return {
    debug: (m) => void lines.push(`debug: ${m}`),
    info: (m) => void lines.push(`info: ${m}`),
    warn: (m) => void lines.push(`warn: ${m}`),
  };
}

/** authorSpec with a fresh store (closed afterwards), fast retries and defaults for everything not given. */
export async function runAuthor(server: FakeLlmServer, dir: string, over: Partial<Omit<AuthorRequest, 'settings'>> & { settings?: Partial<AuthorSettings>; sleeps?: number[] } = {}) {
  const settings = settingsFor(server, dir, over.settings);
  const store = await StateStore.open(settings.stateFile);
  const { sleeps, settings: _s, ...rest } = over;
  try {
    return await authorSpec({
      store,
      request: 'customers and their orders',
      output: 'out.synth.yaml',
      useCache: false,
      asker: defaultsAsker({ yes: true }),
      log: captureLog([]),
      retry: { baseDelayMs: 5, sleep: async (ms) => void sleeps?.push(ms) },
      ...rest,
      settings,
    });
  } finally {
    await store.close();
  }
}
