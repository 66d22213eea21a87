import { existsSync } from 'node:fs';
import { diag, hasErrors } from '@synth/spec';
import { checkAuthorConfig, resolveStateFile, StateStore, type WrittenAuthorSettings } from '@synth/llm-author';
import { reportDiagnostics } from './diagnostics-out.js';
import { EXIT, type CommandContext } from './context.js';

/** The config file's `author:` section, checked; undefined (after reporting) when it is not usable. */
export function authorConfigSection(ctx: CommandContext): WrittenAuthorSettings | undefined {
  const file = checkAuthorConfig(ctx.config?.author, ctx.configPath);
  if (hasErrors(file.diagnostics)) {
    reportDiagnostics(ctx.io, file.diagnostics, ctx.diagnosticsFormat, new Map());
    return undefined;
  }
  return file.value!;
}

/**
 * Runs `use` with the state file of sessions and cached replies open (`synth author`, `synth sessions`),
 * closing it after; a file that cannot be opened is a diagnostic and exit 1.
 */
export async function withAuthorState(
  ctx: CommandContext,
  flags: WrittenAuthorSettings,
  file: WrittenAuthorSettings,
  use: (store: StateStore, path: string) => Promise<number>,
  /** Called instead of creating the file when it does not exist yet (a listing should not create state). */
  ifMissing?: (path: string) => number,
): Promise<number> {
  const stateFile = resolveStateFile({ flags, env: ctx.env, file, cwd: ctx.cwd });
  if (ifMissing && !existsSync(stateFile)) return ifMissing(stateFile);
  let store: StateStore;
  try {
    store = await StateStore.open(stateFile);
  } catch (e) {
    const detail = (e as Error).message.split('\n')[0];
    reportDiagnostics(ctx.io, [diag('fileRead', { path: `the state file ${stateFile}`, detail }, { hint: 'Set --state-file (or SYNTH_STATE_FILE) to a writable path; see docs/author.md#sessions.' })], ctx.diagnosticsFormat, new Map());
    return EXIT.invalid;
  }
  try {
    return await use(store, stateFile);
  } finally {
    await store.close();
  }
}
