import OpenAI from 'openai';
import { classifySdkError, LlmError } from '../llm-error.js';
import type { CompletionReply, CompletionRequest, LlmProvider } from '../types.js';
import { describeEndpoint, sdkClientOptions, withDeadline, type ProviderOptions } from './provider-options.js';
import { parseJsonReply } from './parse-json-reply.js';

/**
 * OpenAI chat completions with structured outputs (`response_format: json_schema`). Also any
 * OpenAI-compatible server (Ollama, llama.cpp, vLLM) through a base URL: the local-only mode.
 */
export class OpenAiProvider implements LlmProvider {
  readonly name = 'openai' as const;
  readonly model: string;
  readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly client: OpenAI;
  private readonly compatible: boolean;

  constructor(options: ProviderOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs;
    this.endpoint = describeEndpoint(options.baseUrl, 'api.openai.com');
    this.compatible = options.baseUrl !== undefined && !/^https:\/\/api\.openai\.com(\/|$)/.test(options.baseUrl);
    this.client = new OpenAI(sdkClientOptions(options));
  }

  async complete(request: CompletionRequest): Promise<CompletionReply> {
    let completion: OpenAI.Chat.Completions.ChatCompletion;
    try {
      completion = await withDeadline(this.timeoutMs, this.endpoint, (signal) => this.client.chat.completions.create({
        model: this.model,
        messages: [{ role: 'system', content: request.system }, ...request.messages],
        temperature: request.temperature,
        // OpenAI's own models want max_completion_tokens; compatible servers still read max_tokens.
        ...(this.compatible ? { max_tokens: request.maxTokens } : { max_completion_tokens: request.maxTokens }),
        // Not strict: strict mode accepts only a subset of JSON Schema (no maps of tables, no propertyNames).
        response_format: { type: 'json_schema', json_schema: { name: request.schemaName, schema: request.schema, strict: false } },
      }, { signal }));
    } catch (e) {
      if (e instanceof LlmError) throw e;
      throw classifySdkError(e, OpenAI, this.endpoint) ?? e;
    }
    const choice = completion.choices?.[0];
    if (!choice) throw new LlmError('malformed', `${this.endpoint} sent a reply without choices`);
    if (choice.finish_reason === 'length') {
      throw new LlmError('truncated', `the reply was cut off at the token limit (${request.maxTokens})`);
    }
    if (choice.message.refusal) throw new LlmError('malformed', `the model refused: ${choice.message.refusal}`);
    return parseJsonReply(choice.message.content ?? '');
  }
}
