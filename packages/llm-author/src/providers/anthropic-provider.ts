import Anthropic from '@anthropic-ai/sdk';
import { classifySdkError, LlmError } from '../llm-error.js';
import type { CompletionReply, CompletionRequest, LlmProvider } from '../types.js';
import { describeEndpoint, routeSdkWarnings, sdkClientOptions, withDeadline, type ProviderOptions } from './provider-options.js';

/**
 * Anthropic messages. Structured output is a tool whose `input_schema` is the draft schema, with
 * `tool_choice` forcing the model to call it: the tool's input is the draft. (SDK 1.x has no
 * `temperature`: current Claude models fix their sampling; the setting applies to OpenAI-style endpoints.)
 */
export class AnthropicProvider implements LlmProvider {
  readonly name = 'anthropic' as const;
  readonly model: string;
  readonly endpoint: string;
  private readonly timeoutMs: number;
  private readonly client: Anthropic;
  private readonly onWarning: ProviderOptions['onWarning'];

  constructor(options: ProviderOptions) {
    this.model = options.model;
    this.timeoutMs = options.timeoutMs;
    this.onWarning = options.onWarning;
    this.endpoint = describeEndpoint(options.baseUrl, 'api.anthropic.com');
    this.client = new Anthropic(sdkClientOptions(options));
  }

  async complete(request: CompletionRequest): Promise<CompletionReply> {
    let message: Anthropic.Messages.Message;
    try {
      message = await withDeadline(this.timeoutMs, this.endpoint, (signal) => routeSdkWarnings(this.onWarning, () => this.client.messages.create({
        model: this.model,
        system: request.system,
        messages: request.messages,
        max_tokens: request.maxTokens,
        tools: [{ name: request.schemaName, description: 'Submit the synth spec draft.', input_schema: request.schema as Anthropic.Messages.Tool.InputSchema }],
        tool_choice: { type: 'tool', name: request.schemaName },
      }, { signal })));
    } catch (e) {
      if (e instanceof LlmError) throw e;
      throw classifySdkError(e, Anthropic, this.endpoint) ?? e;
    }
    if (message.stop_reason === 'max_tokens') {
      throw new LlmError('truncated', `the reply was cut off at the token limit (${request.maxTokens})`);
    }
    const call = Array.isArray(message.content) ? message.content.find((b) => b.type === 'tool_use') : undefined;
    if (!call || typeof call.input !== 'object' || call.input === null) {
      throw new LlmError('malformed', `the reply holds no ${request.schemaName} tool call`);
    }
    return { value: call.input, text: JSON.stringify(call.input) };
  }
}
