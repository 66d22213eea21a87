import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type Keyv from 'keyv';
import type { Assumption, ChatMessage, CompletionReply, ProviderName } from './types.js';

/** One author conversation, kept so it can be listed (`synth sessions`) and continued (`--resume`). */
export interface SessionRecord {
  id: string;
  createdAt: string;
  updatedAt: string;
  kind: 'draft' | 'revise';
  /** The description, or the change request of a revision. */
  request: string;
  /** The file written (or to be written). */
  output: string;
  /** The spec a revision started from. */
  from?: string;
  provider: ProviderName;
  model: string;
  promptVersion: number;
  messages: ChatMessage[];
  status: 'in-progress' | 'written' | 'failed' | 'not-written';
  /** Model replies received so far (failed requests are not counted). */
  calls: number;
  /** YAML of the newest draft, valid or not. */
  lastDraft?: string;
  assumptions: Assumption[];
}

export type SessionSummary = Pick<SessionRecord, 'id' | 'createdAt' | 'updatedAt' | 'kind' | 'request' | 'output' | 'status' | 'provider' | 'model' | 'calls'>;

/** One `synth build`, as `synth history` lists it (docs/cli.md#synth-history). */
export interface BuildRecord {
  id: string;
  startedAt: string;
  durationMs: number;
  /** The spec as given, its absolute path and the sha256 of its text. */
  spec: string;
  specPath: string;
  specSha256: string;
  seed: string;
  synthVersion: string;
  /** The options that change what is written (rows, scale, format, out, shard, workers). */
  options: Record<string, string | number | boolean>;
  status: 'ok' | 'failed';
  /** Diagnostic codes of a failed build. */
  errors: string[];
  rows: Record<string, number>;
  outputs: Array<{ path: string; format: string; bytes: number; sha256: string }>;
  conformance?: { ok: boolean; passed: number; failed: number; warnings: number; skipped: number; flaws: number; failures: string[] };
}

/** Cached replies expire after 30 days: models and their prices move on. */
const CACHE_TTL_MS = 30 * 24 * 3600 * 1000;

/**
 * Sessions and the response cache in one SQLite file (keyv + @keyv/sqlite), one table each. The file is
 * local state, never shared: it holds the conversations, including any sample rows shared with
 * --share-samples (docs/author.md#privacy).
 */
export class StateStore {
  private constructor(
    private readonly sessions: Keyv<SessionRecord>,
    private readonly cache: Keyv<CompletionReply>,
    private readonly builds: Keyv<BuildRecord>,
    readonly file: string,
  ) {}

  static async open(file: string): Promise<StateStore> {
    // SQLite (a native module) loads only when a state file is opened: importing this package, as `synth build`
    // does for its history, must not need it.
    // Probe the native module first: in Node 20 an ES module whose static import of a failing CommonJS module
    // throws (sqlite3 without its binary) crashes the process instead of rejecting the import.
    try {
      await import('sqlite3');
    } catch (e) {
      throw new Error(`SQLite is not available (the sqlite3 package has no native binary: reinstall it with its install scripts): ${(e as Error).message.split('\n')[0]}`);
    }
    const { default: Keyv } = await import('keyv');
    const { default: KeyvSqlite } = await import('@keyv/sqlite');
    await mkdir(dirname(file), { recursive: true });
    const uri = `sqlite://${file}`;
    // Two connections, one table each: keyv namespaces on one adapter would overwrite each other's.
    const sessions = new Keyv<SessionRecord>({ store: new KeyvSqlite({ uri, table: 'sessions', busyTimeout: 5000 }), namespace: 'sessions' });
    const cache = new Keyv<CompletionReply>({ store: new KeyvSqlite({ uri, table: 'llm_cache', busyTimeout: 5000 }), namespace: 'llm' });
    const builds = new Keyv<BuildRecord>({ store: new KeyvSqlite({ uri, table: 'builds', busyTimeout: 5000 }), namespace: 'builds' });
    const store = new StateStore(sessions, cache, builds, file);
    // Surface a broken file now (keyv would only emit an event); callers turn this into a diagnostic.
    await sessions.get('__probe__');
    return store;
  }

  newSessionId(): string {
    return randomBytes(4).toString('hex');
  }

  async getSession(id: string): Promise<SessionRecord | undefined> {
    return this.sessions.get(id);
  }

  async saveSession(record: SessionRecord): Promise<void> {
    await this.sessions.set(record.id, { ...record, updatedAt: new Date().toISOString() });
  }

  /** Newest first. */
  async listSessions(): Promise<SessionSummary[]> {
    const out: SessionSummary[] = [];
    for await (const [, value] of this.sessions.iterator!(undefined)) {
      const r = value as SessionRecord | undefined;
      if (!r || typeof r.id !== 'string') continue;
      const { id, createdAt, updatedAt, kind, request, output, status, provider, model, calls } = r;
      out.push({ id, createdAt, updatedAt, kind, request, output, status, provider, model, calls });
    }
    return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt) || a.id.localeCompare(b.id));
  }

  async cachedReply(key: string): Promise<CompletionReply | undefined> {
    return this.cache.get(key);
  }

  async cacheReply(key: string, reply: CompletionReply): Promise<void> {
    await this.cache.set(key, reply, CACHE_TTL_MS);
  }

  async saveBuild(record: BuildRecord): Promise<void> {
    await this.builds.set(record.id, record);
  }

  async getBuild(id: string): Promise<BuildRecord | undefined> {
    return this.builds.get(id);
  }

  /** Newest first. */
  async listBuilds(): Promise<BuildRecord[]> {
    const out: BuildRecord[] = [];
    for await (const [, value] of this.builds.iterator!(undefined)) {
      const r = value as BuildRecord | undefined;
      if (r && typeof r.id === 'string') out.push(r);
    }
    return out.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
  }

  async close(): Promise<void> {
    await Promise.all([this.sessions.disconnect(), this.cache.disconnect(), this.builds.disconnect()]);
  }
}
