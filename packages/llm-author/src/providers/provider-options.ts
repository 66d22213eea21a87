import { LlmError } from '../llm-error.js';

/** What every provider is built from (settings.ts resolves it; the key is held here and nowhere else). */
export interface ProviderOptions {
  model: string;
  apiKey: string;
  /** Undefined: the SDK's own default endpoint. */
  baseUrl?: string;
  timeoutMs: number;
  /** Where an SDK's own warnings go (a deprecated model, …); without it they are dropped, never printed raw. */
  onWarning?: (message: string) => void;
}

/**
 * What both SDK clients are built with. maxRetries 0: retry.ts owns retries, so backoff and Retry-After
 * follow one policy. Our deadline (withDeadline) fires first; the SDK's timeout is a backstop. The SDK's
 * own logging is off: it would print requests.
 */
export function sdkClientOptions(options: ProviderOptions) {
  return {
    apiKey: options.apiKey,
    ...(options.baseUrl !== undefined ? { baseURL: options.baseUrl } : {}),
    timeout: options.timeoutMs + 5000,
    maxRetries: 0,
    logLevel: 'off' as const,
  };
}

/**
 * Runs `call` with console.warn routed to `onWarning`. @anthropic-ai/sdk warns about a deprecated model with a bare
 * console.warn inside messages.create (its `logger` option does not cover it), which would land in the middle of
 * stderr's JSON log lines. The SDK warns synchronously, before its first await, so swapping console.warn for the
 * synchronous part of the call catches exactly its warnings and no one else's.
 */
export function routeSdkWarnings<T>(onWarning: ((message: string) => void) | undefined, call: () => T): T {
  const warn = console.warn;
  console.warn = (...args: unknown[]) => onWarning?.(args.map(String).join(' ').replace(/\s*\n\s*/g, ' '));
  try {
    return call();
  } finally {
    console.warn = warn;
  }
}

/** The endpoint named in messages: scheme, host and path only, so a key in a URL could never leak. */
export function describeEndpoint(baseUrl: string | undefined, fallback: string): string {
  if (baseUrl === undefined) return fallback;
  try {
    const u = new URL(baseUrl);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/$/, '')}`;
  } catch {
    return 'the configured base URL';
  }
}

/**
 * Runs a request under our own deadline. The SDKs time out too, but report it as a connection error
 * where their class check fails (an AbortError from another realm); an abort we made is unambiguous.
 */
export async function withDeadline<T>(timeoutMs: number, where: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await run(controller.signal);
  } catch (e) {
    if (controller.signal.aborted) throw new LlmError('timeout', `no answer from ${where} in time`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
