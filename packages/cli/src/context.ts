import type winston from 'winston';
import type { Io, DiagnosticsFormat } from './diagnostics-out.js';

/** What every command gets: where to print, how to log, where it runs. Tests pass their own. */
export interface CommandContext {
  io: Io;
  log: winston.Logger;
  cwd: string;
  /** The environment (credentials for destinations are read here, never logged). */
  env: NodeJS.ProcessEnv;
  diagnosticsFormat: DiagnosticsFormat;
}

export const EXIT = { ok: 0, invalid: 1, usage: 2 } as const;
