import winston from 'winston';

export type LogFormat = 'text' | 'json';

/**
 * Logs go to stderr (stdout carries data and results). Messages never include API keys or sample rows:
 * callers log counts, paths and timings only.
 */
export function createLogger(level: string, format: LogFormat): winston.Logger {
  return winston.createLogger({
    level,
    levels: winston.config.npm.levels,
    format: format === 'json'
      ? winston.format.combine(winston.format.timestamp(), winston.format.json())
      : winston.format.printf(({ level: l, message }) => `${l === 'info' ? '' : `${l}: `}${String(message)}`),
    transports: [new winston.transports.Console({ stderrLevels: Object.keys(winston.config.npm.levels) })],
  });
}
