/** Shared data shapes of the author pipeline: conversation, model request and reply, the draft envelope. */

export type Role = 'user' | 'assistant';

/** One turn of an author conversation (the system prompt is not stored: it is rebuilt from prompts.ts). */
export interface ChatMessage {
  role: Role;
  content: string;
}

/** What a provider is asked: provider-neutral, so the cache key and the session are too. */
export interface CompletionRequest {
  system: string;
  messages: ChatMessage[];
  /** JSON Schema of the reply (OpenAI `response_format`, Anthropic tool `input_schema`). */
  schema: Record<string, unknown>;
  schemaName: string;
  temperature: number;
  maxTokens: number;
}

/** The model's reply, still unchecked: `value` is the parsed JSON, `text` the JSON as sent back. */
export interface CompletionReply {
  value: unknown;
  text: string;
}

export type BuiltInProviderName = 'openai' | 'anthropic';
/** A provider from a configured plugin: `plugin/name` (docs/plugins.md#llm-providers). */
export type PluginProviderName = `${string}/${string}`;
export type ProviderName = BuiltInProviderName | PluginProviderName;

export interface LlmProvider {
  readonly name: ProviderName;
  readonly model: string;
  /** Where requests go, for messages (never holds credentials). */
  readonly endpoint: string;
  complete(request: CompletionRequest): Promise<CompletionReply>;
}

/** A clarifying question the model asks, with the answer it assumed in its draft. */
export interface Question {
  question: string;
  default: string;
  /** JSON pointer of the part of the spec the answer affects, when there is one. */
  pointer?: string;
}

/** The structured reply the prompt asks for (prompts.ts `draftSchema`). */
export interface DraftEnvelope {
  spec: Record<string, unknown>;
  questions: Question[];
  assumptions: string[];
}

/** A decision recorded in the spec as a `# assumption:` comment. */
export interface Assumption {
  text: string;
  pointer?: string;
}
