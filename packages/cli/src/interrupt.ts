/**
 * SIGINT (Ctrl-C) and SIGTERM for the `synth` bin: nothing is left behind (docs/cli.md, "Interrupting a build").
 * A build or load in progress is aborted at its next batch and cleans up through its own failure path (temporary
 * files removed, worker threads stopped, the database transaction rolled back), then the process exits 130 / 143.
 * Any other command exits at once, after removing the temporary files it has open. A build that does not reach a
 * batch boundary within GRACE_MS, or a second signal, exits the same way without waiting.
 */
import { removeOpenTemporaries } from '@synth/compiler/atomic-file';

/** 128 + the signal's number, as shells report a process ended by it. */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;
export type HandledSignal = keyof typeof SIGNAL_EXIT;

const GRACE_MS = 5000;

let active = 0;
let controller: AbortController | undefined;

/** The abort signal of the bin's signal handlers (undefined in-process: tests and embedders handle their own). */
export function interruptSignal(): AbortSignal | undefined {
  return controller?.signal;
}

/** Runs `fn` (a build or load that honours interruptSignal()) so a signal waits for it to clean up. */
export async function gracefully<T>(fn: () => Promise<T>): Promise<T> {
  active++;
  try {
    return await fn();
  } finally {
    active--;
  }
}

/** Installs the handlers; returns the exit status a signal asks for (undefined when none came). */
export function installSignalHandlers(): () => number | undefined {
  controller = new AbortController();
  let code: number | undefined;
  const exitNow = (status: number) => {
    removeOpenTemporaries();
    process.exit(status);
  };
  const on = (name: HandledSignal) => {
    if (code !== undefined) return exitNow(code);
    code = SIGNAL_EXIT[name];
    if (active === 0) return exitNow(code);
    controller!.abort(name);
    const status = code;
    setTimeout(() => exitNow(status), GRACE_MS).unref();
  };
  process.on('SIGINT', () => on('SIGINT'));
  process.on('SIGTERM', () => on('SIGTERM'));
  return () => code;
}
