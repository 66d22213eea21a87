import { LlmError } from './llm-error.js';

export interface RetryOptions {
  /** First wait; each retry doubles it: 2 s, 4 s, 8 s, 16 s by default. Tests pass a few milliseconds. */
  baseDelayMs?: number;
  maxRetries?: number;
  /** A Retry-After longer than this is not waited for: the error is reported instead. */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (info: { attempt: number; waitMs: number; error: LlmError }) => void;
}

export const RETRY_DEFAULTS = { baseDelayMs: 2000, maxRetries: 4, maxWaitMs: 60_000 } as const;

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs `call`, retrying retryable LlmErrors (429 rate limits, 5xx, timeouts, dropped connections) with
 * exponential backoff; a server's Retry-After wins over the backoff when it is longer. The SDKs' own
 * retries are switched off, so these are the only ones.
 */
export async function withRetry<T>(call: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const base = options.baseDelayMs ?? RETRY_DEFAULTS.baseDelayMs;
  const maxRetries = options.maxRetries ?? RETRY_DEFAULTS.maxRetries;
  const maxWait = options.maxWaitMs ?? RETRY_DEFAULTS.maxWaitMs;
  const sleep = options.sleep ?? sleepFor;
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      if (!(e instanceof LlmError)) throw e;
      e.attempts = attempt + 1;
      if (!e.retryable || attempt >= maxRetries) throw e;
      const backoff = base * 2 ** attempt;
      const waitMs = Math.max(backoff, e.details.retryAfterMs ?? 0);
      if (waitMs > maxWait) throw e;
      options.onRetry?.({ attempt: attempt + 1, waitMs, error: e });
      await sleep(waitMs);
    }
  }
}
