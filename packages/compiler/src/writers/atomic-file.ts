import { createHash, randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ByteSink } from '../types.js';
import { removeLeftovers } from './leftovers.js';

/**
 * Every temporary file of this process not yet committed or aborted: what an interrupted process (SIGINT, SIGTERM)
 * removes before it exits (removeOpenTemporaries). Paths are added before the file is created, so none is missed.
 */
const openTemporaries = new Set<string>();

/** The temporary files this process has open now. */
export function openTemporaryFiles(): string[] {
  return [...openTemporaries];
}

/**
 * Removes every temporary file this process has open, synchronously: for a signal handler about to exit, when no
 * write may run after it. The writes still in flight go to unlinked files; no commit can follow (the caller exits).
 */
export function removeOpenTemporaries(): string[] {
  const removed = [...openTemporaries];
  for (const p of removed) {
    try {
      rmSync(p, { force: true });
    } catch {
      // Exiting anyway: the next build into this folder, or `synth clean`, removes it.
    }
  }
  openTemporaries.clear();
  return removed;
}

/** Bytes buffered before a write to disk: few, large writes. */
const FLUSH_BYTES = 1 << 20;

/**
 * A file written under a temporary name in its final directory and renamed over the target on commit, so
 * readers see the old file or the whole new one, never a part (the rename is atomic on one filesystem).
 */
export class AtomicFile implements ByteSink {
  private handle?: FileHandle;
  private chunks: Buffer[] = [];
  private buffered = 0;
  readonly tempPath: string;
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor(readonly path: string) {
    this.tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.synth-tmp`);
  }

  async open(): Promise<this> {
    await mkdir(dirname(this.path), { recursive: true });
    // A killed build (SIGKILL) cannot remove its temporary files: the next one writing into the folder does.
    await removeLeftovers(dirname(this.path));
    openTemporaries.add(this.tempPath);
    this.handle = await open(this.tempPath, 'w');
    return this;
  }

  async write(chunk: string | Uint8Array): Promise<void> {
    const b = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.chunks.push(b);
    this.hash.update(b);
    this.buffered += b.length;
    this.bytes += b.length;
    if (this.buffered >= FLUSH_BYTES) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.buffered === 0) return;
    const data = Buffer.concat(this.chunks, this.buffered);
    this.chunks = [];
    this.buffered = 0;
    await this.handle!.write(data);
  }

  /** SHA-256 of everything written (call once, after the last write). */
  digest(): string {
    return this.hash.digest('hex');
  }

  async commit(): Promise<void> {
    await this.flush();
    await this.handle!.sync();
    await this.handle!.close();
    this.handle = undefined;
    await rename(this.tempPath, this.path);
    openTemporaries.delete(this.tempPath);
  }

  /** Drops the temporary file; the previous output, if any, is untouched. */
  async abort(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await rm(this.tempPath, { force: true });
    openTemporaries.delete(this.tempPath);
  }
}
