import { createHash } from 'node:crypto';
import { PROMPT_VERSION } from './prompts.js';
import { withRetry, type RetryOptions } from './retry.js';
import type { StateStore } from './state-store.js';
import type { CompletionReply, CompletionRequest, LlmProvider } from './types.js';

export interface CallLog {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

export interface ModelCaller {
  (request: CompletionRequest): Promise<CompletionReply & { cached: boolean }>;
}

/**
 * Identical requests — same provider, endpoint, model, prompt version, messages, schema and limits — get
 * the same key; the key holds no secret (the API key is not part of it).
 */
export function cacheKey(provider: LlmProvider, request: CompletionRequest): string {
  const material = JSON.stringify({ v: PROMPT_VERSION, provider: provider.name, endpoint: provider.endpoint, model: provider.model, request });
  return createHash('sha256').update(material).digest('hex');
}

/**
 * One model call: from the cache when allowed and present, else from the provider with retries; only
 * usable replies are cached. Logs say what happened and how long it took, never what was said.
 */
export function createModelCaller(deps: {
  provider: LlmProvider;
  store?: StateStore;
  useCache: boolean;
  retry: RetryOptions;
  log: CallLog;
  /** Throws for a reply that cannot be used, so it is not cached (an identical request then asks again). */
  usable?: (value: unknown) => void;
}): ModelCaller {
  const { provider, store, log } = deps;
  return async (request) => {
    const key = cacheKey(provider, request);
    if (deps.useCache && store) {
      const hit = await store.cachedReply(key);
      if (hit) {
        log.debug(`cache hit ${key.slice(0, 12)}`);
        return { ...hit, cached: true };
      }
    }
    const started = performance.now();
    log.debug(`request to ${provider.endpoint} (${provider.name}, model ${provider.model}, ${request.messages.length} messages)`);
    const reply = await withRetry(() => provider.complete(request), {
      ...deps.retry,
      onRetry: ({ attempt, waitMs, error }) => {
        log.warn(`${error.message}; retry ${attempt} in ${(waitMs / 1000).toFixed(waitMs < 1000 ? 2 : 0)} s`);
        deps.retry.onRetry?.({ attempt, waitMs, error });
      },
    });
    log.debug(`reply in ${Math.round(performance.now() - started)} ms (${reply.text.length} characters)`);
    deps.usable?.(reply.value);
    if (store) await store.cacheReply(key, reply);
    return { ...reply, cached: false };
  };
}
