import { Writable } from 'node:stream';
import winston from 'winston';

export type LogFormat = 'text' | 'json';

/**
 * Logs go to stderr (stdout carries data and results). Messages never include API keys or sample rows:
 * callers log counts, paths and timings only.
 */
export function createLogger(level: string, format: LogFormat, write: (s: string) => void): winston.Logger {
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      write(chunk.toString());
      done();
    },
  });
  return winston.createLogger({
    level,
    levels: winston.config.npm.levels,
    format: format === 'json'
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.printf(({ level: l, message }) => `${l === 'info' ? '' : `${l}: `}${String(message)}`),
    transports: [new winston.transports.Stream({ stream, eol: '\n' })],
  });
}
