import { createHash, type Hash } from 'node:crypto';
import type { ByteSink } from '../types.js';

/** A sink that only hashes: `build --check` compares outputs without writing or holding them. */
export class HashSink implements ByteSink {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  async write(chunk: string | Uint8Array): Promise<void> {
    this.hash.update(chunk);
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
  }

  digest(): string {
    return this.hash.digest('hex');
  }
}

/** Collects bytes in memory (tests, `preview`). */
export class MemorySink implements ByteSink {
  private readonly chunks: Buffer[] = [];

  async write(chunk: string | Uint8Array): Promise<void> {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  }

  text(): string {
    return this.buffer().toString('utf8');
  }

  buffer(): Buffer {
    return Buffer.concat(this.chunks);
  }
}
