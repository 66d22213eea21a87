import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer: a model reply in the provider's wire format, or a raw HTTP response. */
export type Scripted =
  /** A draft: OpenAI puts it in message.content (as JSON text), Anthropic in a tool_use block. */
  | { draft: unknown; finish?: 'stop' | 'length' }
  /** OpenAI only: message.content exactly as given (e.g. not JSON). */
  | { content: string }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Accept the request and never answer (client timeouts). */
  | { hang: true };

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** The raw body as received. */
  text: string;
  body: Record<string, unknown>;
}

/**
 * An OpenAI chat-completions and Anthropic messages endpoint on 127.0.0.1 (port 0) that replays a queue of
 * scripted answers and records every request, so tests drive the real SDK clients through their base
 * URL and assert on exactly what was sent. An empty queue answers 500 "script exhausted".
 */
export class FakeLlmServer {
  readonly requests: RecordedRequest[] = [];
  private queue: Scripted[] = [];
  private server?: Server;
  private readonly hanging = new Set<ServerResponse>();
  port = 0;

  get openaiUrl(): string {
    return `http://127.0.0.1:${this.port}/v1`;
  }

  /** The Anthropic SDK appends /v1/messages itself. */
  get anthropicUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  script(...answers: Scripted[]): this {
    this.queue.push(...answers);
    return this;
  }

  get pending(): number {
    return this.queue.length;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The drafts' conversations, as sent: the messages of request `i`. */
  messagesOf(i: number): Array<{ role: string; content: unknown }> {
    return (this.requests[i]?.body.messages ?? []) as Array<{ role: string; content: unknown }>;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      // recorded as text; the assertion will say what was wrong
    }
    const path = (req.url ?? '').split('?')[0]!;
    this.requests.push({ path, headers: req.headers, text, body });
    const anthropic = path.endsWith('/messages');
    if (!anthropic && !path.endsWith('/chat/completions')) return send(res, 404, { error: { message: `no route ${path}` } });
    const next = this.queue.shift();
    if (!next) return send(res, 500, { error: { message: 'script exhausted' } });
    if ('hang' in next) {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    if ('status' in next) return send(res, next.status, next.body ?? { error: { message: `scripted ${next.status}` } }, next.headers);
    const model = String(body.model ?? 'fake');
    if (anthropic) {
      const truncated = 'finish' in next && next.finish === 'length';
      const input = 'draft' in next ? next.draft : {};
      return send(res, 200, {
        id: 'msg_fake',
        type: 'message',
        role: 'assistant',
        model,
        content: [{ type: 'tool_use', id: 'toolu_fake', name: 'synth_spec_draft', input }],
        stop_reason: truncated ? 'max_tokens' : 'tool_use',
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: 10 },
      });
    }
    const content = 'content' in next ? next.content : JSON.stringify(next.draft);
    return send(res, 200, {
      id: 'chatcmpl-fake',
      object: 'chat.completion',
      created: 0,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: 'finish' in next && next.finish ? next.finish : 'stop' }],
      usage: { prompt_tokens: 10, completion_tokens: 10, total_tokens: 20 },
    });
  }
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
