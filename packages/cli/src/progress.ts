import cliProgress from 'cli-progress';

/** Builds shorter than this never show a bar: a flash of progress on a 0.3 s build is noise. */
const SHOW_AFTER_MS = 1000;

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar (rows, rows/s, ETA) on stderr, for builds that run over a second. Shown on a terminal, or when
 * asked (`--progress`); never on CI logs otherwise (`--no-progress` turns it off everywhere).
 */
export function createProgress(stream: NodeJS.WriteStream, wanted: boolean | undefined, now: () => number = () => performance.now()): Progress {
  const enabled = wanted ?? stream.isTTY === true;
  if (!enabled) return { update() {}, stop() {} };
  const started = now();
  let bar: cliProgress.SingleBar | undefined;
  return {
    update(done, total) {
      const rate = () => Math.round(done / Math.max((now() - started) / 1000, 0.001)).toLocaleString('en-US');
      if (!bar) {
        if (now() - started < SHOW_AFTER_MS || done >= total) return;
        bar = new cliProgress.SingleBar({
          stream,
          format: 'generating {bar} {percentage}% | {value}/{total} rows | {rate} rows/s | ETA {eta_formatted}',
          hideCursor: true,
          clearOnComplete: true,
          // Off a terminal (--progress in CI) print a line now and then instead of redrawing in place.
          noTTYOutput: stream.isTTY !== true,
          notTTYSchedule: 5000,
        }, cliProgress.Presets.shades_classic);
        bar.start(total, done, { rate: rate() });
        return;
      }
      bar.update(done, { rate: rate() });
    },
    stop() {
      bar?.stop();
    },
  };
}
