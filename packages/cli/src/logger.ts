import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import type winston from 'winston';

export type LogFormat = 'text' | 'json';

/** What commands log with (winston's npm levels that synth uses). */
export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  verbose(message: string): void;
  debug(message: string): void;
}

const LEVELS: Record<string, number> = { error: 0, warn: 1, info: 2, http: 3, verbose: 4, debug: 5, silly: 6 };

/**
 * Logs go to stderr (stdout carries data and results). Messages never include API keys or sample rows:
 * callers log counts, paths and timings only. winston (and its streams, colors and formats: ~30 ms of start-up) is
 * loaded on the first message at an enabled level, so `synth validate` never pays for it.
 */
export function createLogger(level: string, format: LogFormat, write: (s: string) => void): Logger {
  const enabled = LEVELS[level] ?? LEVELS.info!;
  let logger: winston.Logger | undefined;
  const emit = (at: keyof Logger) => (message: string) => {
    if (LEVELS[at]! > enabled) return;
    (logger ??= winstonLogger(level, format, write)).log(at, message);
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), verbose: emit('verbose'), debug: emit('debug') };
}

function winstonLogger(level: string, format: LogFormat, write: (s: string) => void): winston.Logger {
  // winston is CommonJS: required synchronously, so a log call stays a plain call.
  const w = createRequire(import.meta.url)('winston') as typeof winston;
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      write(chunk.toString());
      done();
    },
  });
  return w.createLogger({
    level,
    levels: w.config.npm.levels,
    format: format === 'json'
      ? w.format.combine(w.format.timestamp(), w.format.json())
      : w.format.printf(({ level: l, message }) => `${l === 'info' ? '' : `${l}: `}${String(message)}`),
    transports: [new w.transports.Stream({ stream, eol: '\n' })],
  });
}
