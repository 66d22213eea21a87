/** What every provider is built from (settings.ts resolves it; the key is held here and nowhere else). */
export interface ProviderOptions {
  model: string;
  apiKey: string;
  /** Undefined: the SDK's own default endpoint. */
  baseUrl?: string;
  timeoutMs: number;
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
