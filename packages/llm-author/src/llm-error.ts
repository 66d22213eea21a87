/** Why a model call failed, in terms a user can act on; `retryable` ones go through backoff first. */
export type LlmErrorKind =
  | 'auth'
  | 'quota'
  | 'rate-limit'
  | 'unknown-model'
  | 'bad-request'
  | 'server'
  | 'network'
  | 'timeout'
  | 'malformed'
  | 'truncated';

const RETRYABLE: ReadonlySet<LlmErrorKind> = new Set(['rate-limit', 'server', 'network', 'timeout']);

export class LlmError extends Error {
  /** Tries made before giving up (set by withRetry). */
  attempts = 1;

  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly details: { status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'LlmError';
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}

/** The error classes both SDKs export under the same names (they share one generator). */
export interface SdkErrorClasses {
  APIError: abstract new (...args: never[]) => Error & { status?: number; headers?: Headers; message: string };
  APIConnectionError: abstract new (...args: never[]) => Error;
  APIConnectionTimeoutError: abstract new (...args: never[]) => Error;
}

/**
 * SDK error → LlmError. Messages name the HTTP status and the server's own words, never the request
 * (which holds the key in a header and the user's data in the body).
 */
export function classifySdkError(e: unknown, sdk: SdkErrorClasses, where: string): LlmError | undefined {
  if (e instanceof sdk.APIConnectionTimeoutError) return new LlmError('timeout', `no answer from ${where} in time`);
  if (e instanceof sdk.APIConnectionError) {
    const code = causeCode(e);
    return new LlmError('network', `cannot reach ${where}${code ? ` (${describeCode(code)})` : ''}`);
  }
  if (!(e instanceof sdk.APIError) || e.status === undefined) return undefined;
  const status = e.status;
  const detail = serverMessage(e);
  const retryAfterMs = retryAfter(e.headers);
  const details = { status, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  if (status === 401 || status === 403) return new LlmError('auth', `${where} refused the credentials (HTTP ${status}): ${detail}`, details);
  if (status === 404) return new LlmError('unknown-model', `${where} answered HTTP 404: ${detail}`, details);
  if (status === 429) {
    // OpenAI says 429 both for "slow down" and for "out of credit"; only the first is worth waiting for.
    const exhausted = /insufficient_quota|quota|billing|credit/i.test(detail);
    return new LlmError(exhausted ? 'quota' : 'rate-limit', `${where} answered HTTP 429: ${detail}`, details);
  }
  if (status === 408 || status >= 500) return new LlmError('server', `${where} answered HTTP ${status}: ${detail}`, details);
  return new LlmError('bad-request', `${where} refused the request (HTTP ${status}): ${detail}`, details);
}

function serverMessage(e: Error & { error?: unknown }): string {
  const body = e.error as { message?: unknown; error?: { message?: unknown } } | undefined;
  const m = body?.error?.message ?? body?.message;
  const text = typeof m === 'string' ? m : e.message.replace(/^\d{3}\s*/, '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text || 'no details';
}

function causeCode(e: Error): string | undefined {
  let c: unknown = e.cause;
  for (let i = 0; i < 4 && c; i++) {
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    c = (c as { cause?: unknown }).cause;
  }
  return undefined;
}

function describeCode(code: string): string {
  if (code === 'ECONNREFUSED') return 'connection refused: is the server running?';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found: is the network up?';
  if (code === 'ECONNRESET') return 'connection reset';
  return code;
}

/** Retry-After in seconds or as an HTTP date (RFC 9110 §10.2.3); `retry-after-ms` where a server sends it. */
export function retryAfter(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = headers?.get('retry-after-ms');
  if (ms && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const v = headers?.get('retry-after');
  if (!v) return undefined;
  if (/^\d+(\.\d+)?$/.test(v.trim())) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
