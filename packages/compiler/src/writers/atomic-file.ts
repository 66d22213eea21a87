import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { ByteSink } from '../types.js';

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
    await removeStaleTemporaries(dirname(this.path), basename(this.path));
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
  }

  /** Drops the temporary file; the previous output, if any, is untouched. */
  async abort(): Promise<void> {
    await this.handle?.close().catch(() => undefined);
    this.handle = undefined;
    await rm(this.tempPath, { force: true });
  }
}

const TEMP_NAME = /^\.(.+)\.(\d+)\.[0-9a-f]{8}\.synth-tmp$/;

/**
 * A build killed with SIGKILL cannot remove its temporary files; the next build into the same directory
 * removes those of `target` whose process is gone.
 */
async function removeStaleTemporaries(dir: string, target: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = TEMP_NAME.exec(name);
    if (!m || m[1] !== target || processAlive(Number(m[2]))) continue;
    await rm(join(dir, name), { force: true });
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
