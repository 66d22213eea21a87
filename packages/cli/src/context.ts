import type { Limits } from '@synth/spec';
import type { Logger } from './logger.js';
import type { Io, DiagnosticsFormat } from './diagnostics-out.js';

/** What every command gets: where to print, how to log, where it runs. Tests pass their own. */
export interface CommandContext {
  io: Io;
  log: Logger;
  cwd: string;
  /** The environment (credentials for destinations are read here, never logged). */
  env: NodeJS.ProcessEnv;
  diagnosticsFormat: DiagnosticsFormat;
  /** The config file's settings, for commands with a section of their own (`author:`). */
  config?: Record<string, unknown>;
  configPath?: string;
  /** Limits raised with `--max` / `--max-bytes` (docs/spec.md#limits). */
  limits?: Partial<Limits>;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
