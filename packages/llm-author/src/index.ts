export { authorSpec, finishSession, type AuthorRequest, type AuthorResult } from './author.js';
export { checkDraft, type DraftCheck } from './check-draft.js';
export { readEnvelope } from './envelope.js';
export { LlmError, classifySdkError, retryAfter, type LlmErrorKind } from './llm-error.js';
export { llmErrorDiagnostic } from './llm-diagnostic.js';
export { cacheKey, createModelCaller, type CallLog, type ModelCaller } from './model-call.js';
export {
  PROMPT_VERSION,
  DRAFT_SCHEMA_NAME,
  draftSchema,
  systemPrompt,
  fewShotMessages,
  requestMessage,
  revisionMessage,
  repairMessage,
  completionRequest,
  type SampleContext,
} from './prompts.js';
export { createProvider } from './providers/create-provider.js';
export { pluginProvider } from './providers/plugin-provider.js';
export { defaultsAsker, terminalAsker, PromptCancelled, type Asker, type TerminalStreams } from './questions.js';
export { runRepairLoop, type RepairLoopOptions, type RepairOutcome } from './repair-loop.js';
export { withRetry, RETRY_DEFAULTS, type RetryOptions } from './retry.js';
export { sampleContext, MAX_SHARED_ROWS, type SampleProfiler } from './sample-context.js';
export {
  resolveAuthorSettings,
  resolveStateFile,
  checkAuthorConfig,
  isLoopbackUrl,
  defaultStateFile,
  AUTHOR_ENV,
  AUTHOR_SETTING_KEYS,
  DEFAULT_MODELS,
  type AuthorSettings,
  type WrittenAuthorSettings,
  type SettingLayers,
} from './settings.js';
export { StateStore, type BuildRecord, type SessionRecord, type SessionSummary } from './state-store.js';
export { emitSpecYaml, type EmitOptions } from './yaml-emit.js';
export type * from './types.js';
