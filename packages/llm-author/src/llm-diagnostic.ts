import { diag, type Diagnostic } from '@synth/spec';
import type { LlmError } from './llm-error.js';
import type { AuthorSettings } from './settings.js';

/** An LlmError as the diagnostic the user sees: what happened, and what to do next. */
export function llmErrorDiagnostic(e: LlmError, settings: Pick<AuthorSettings, 'provider' | 'model' | 'timeoutMs'>, session: string): Diagnostic {
  const detail = e.message;
  switch (e.kind) {
    case 'auth':
      return diag('llmAuth', { detail, variable: settings.provider === 'anthropic' ? 'ANTHROPIC_API_KEY' : 'OPENAI_API_KEY' });
    case 'quota':
    case 'rate-limit':
      return diag('llmQuota', { detail: e.attempts > 1 ? `${detail} (${e.attempts} attempts)` : detail, session });
    case 'unknown-model':
      return diag('llmUnknownModel', { model: `'${settings.model}'`, detail });
    case 'bad-request':
      return diag('llmBadRequest', { detail });
    case 'server':
      return diag('llmServer', { attempts: e.attempts, detail, session });
    case 'network':
      return diag('llmNetwork', { detail: e.attempts > 1 ? `${detail} (${e.attempts} attempts)` : detail, session });
    case 'timeout':
      return diag('llmTimeout', { seconds: settings.timeoutMs / 1000, attempts: e.attempts, session });
    case 'malformed':
      return diag('llmMalformed', { detail });
    case 'truncated':
      return diag('llmTruncated', { detail });
  }
}
