import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { AtomicFile } from '@synth/compiler';
import { diag, type Diagnostic } from '@synth/spec';
import {
  authorSpec,
  defaultsAsker,
  finishSession,
  PromptCancelled,
  pluginProvider,
  resolveAuthorSettings,
  sampleContext,
  StateStore,
  terminalAsker,
  type Asker,
  type RetryOptions,
  type SampleContext,
  type SampleProfiler,
  type SessionRecord,
  type TerminalStreams,
  type WrittenAuthorSettings,
} from '@synth/llm-author';
import { reportDiagnostics } from '../diagnostics-out.js';
import { loadSpecFile } from '../load-spec-file.js';
import { configuredPlugins } from '../configured-plugins.js';
import type { PluginSet } from '@synth/compiler';
import { EXIT, type CommandContext } from '../context.js';
import { defaultSampleProfiler } from '../sample-profiler.js';
import { authorConfigSection, withAuthorState } from '../author-state.js';

export interface AuthorArgs extends WrittenAuthorSettings {
  request?: string;
  output?: string;
  from?: string;
  resume?: string;
  yes?: boolean;
  cache?: boolean;
  force?: boolean;
  sample?: string;
  shareSamples?: boolean;
}

/** What tests and embedders may inject: a terminal, a sample profiler, a faster retry schedule. */
export interface AuthorHooks {
  terminal?: TerminalStreams;
  sampleProfiler?: SampleProfiler;
  retry?: RetryOptions;
}

const DEFAULT_OUTPUT = 'synth.synth.yaml';

/**
 * `synth author "<description>"`, `--from FILE "<change>"`, `--resume ID`: drafts a spec with a model,
 * has the compiler judge every draft, and writes only a spec that passes `synth validate` (a revision
 * after showing its diff).
 */
export async function authorCommand(ctx: CommandContext, args: AuthorArgs, hooks: AuthorHooks = {}): Promise<number> {
  const report = (diagnostics: Diagnostic[], sources = new Map<string, string>()) => reportDiagnostics(ctx.io, diagnostics, ctx.diagnosticsFormat, sources);
  const request = args.request?.trim() === '' ? undefined : args.request;
  if (request === undefined && args.resume === undefined) {
    ctx.io.stderr(args.from !== undefined
      ? `error: say what to change: synth author --from ${args.from} "<change>"\n`
      : 'error: describe the data: synth author "<description>" (or continue a session with --resume ID)\n');
    return EXIT.usage;
  }
  if (args.resume !== undefined && (args.from !== undefined || args.sample !== undefined)) {
    ctx.io.stderr('error: --resume continues a session as it was; it cannot be combined with --from or --sample\n');
    return EXIT.usage;
  }
  const file = authorConfigSection(ctx);
  if (!file) return EXIT.usage;
  const plugins = await configuredPlugins(ctx);
  if (plugins.diagnostics.length > 0) {
    reportDiagnostics(ctx.io, plugins.diagnostics, ctx.diagnosticsFormat, new Map());
    return EXIT.invalid;
  }
  const pluginProviders = providersOf(plugins.set);
  // Settings are checked before the state file is touched, so a usage error leaves nothing behind; a
  // resumed session is read first, since its provider and model are the defaults.
  if (args.resume === undefined) {
    const early = resolveAuthorSettings({ flags: args, env: ctx.env, file, cwd: ctx.cwd, pluginProviders });
    if (!early.value) {
      report(early.diagnostics);
      return EXIT.usage;
    }
  }
  return withAuthorState(ctx, args, file, (store) => authorWithStore(ctx, args, request, file, store, hooks, plugins.set));
}

async function authorWithStore(ctx: CommandContext, args: AuthorArgs, request: string | undefined, file: WrittenAuthorSettings, store: StateStore, hooks: AuthorHooks, plugins: PluginSet | undefined): Promise<number> {
  const report = (diagnostics: Diagnostic[], sources = new Map<string, string>()) => reportDiagnostics(ctx.io, diagnostics, ctx.diagnosticsFormat, sources);
  let resumed: SessionRecord | undefined;
  const flags: WrittenAuthorSettings = { ...args };
  if (args.resume !== undefined) {
    resumed = await store.getSession(args.resume);
    if (!resumed) {
      report([diag('sessionNotFound', { id: `'${args.resume}'` })]);
      return EXIT.invalid;
    }
    // A resumed conversation stays with its provider and model unless told otherwise.
    if (flags.provider === undefined && ctx.env.SYNTH_PROVIDER === undefined) flags.provider = resumed.provider;
    if (flags.model === undefined && ctx.env.SYNTH_MODEL === undefined && flags.provider === resumed.provider) flags.model = resumed.model;
  }
  const settings = resolveAuthorSettings({ flags, env: ctx.env, file, cwd: ctx.cwd, pluginProviders: providersOf(plugins) });
  if (!settings.value) {
    report(settings.diagnostics);
    return EXIT.usage;
  }

  const output = args.output ?? resumed?.output ?? args.from ?? DEFAULT_OUTPUT;
  const outputPath = resolve(ctx.cwd, output);
  const revising = args.from !== undefined || resumed?.kind === 'revise';
  let from: { path: string; text: string; diagnostics: Diagnostic[] } | undefined;
  const fromPath = args.from ?? resumed?.from;
  if (revising && fromPath !== undefined) {
    const loaded = await loadSpecFile(fromPath, ctx.cwd);
    if (loaded.text === undefined) {
      report(loaded.diagnostics);
      return EXIT.invalid;
    }
    from = { path: fromPath, text: loaded.text, diagnostics: loaded.diagnostics };
  }
  // A revision may replace its own file (after the diff); any other existing file only with --force.
  const replacesOther = !from || resolve(ctx.cwd, from.path) !== outputPath;
  if (replacesOther && !args.force && resumed === undefined && (await exists(outputPath))) {
    ctx.io.stderr(`error: ${output} already exists; pass --force to replace it, or --from ${output} to revise it\n`);
    return EXIT.usage;
  }

  let sample: SampleContext | undefined;
  if (args.sample !== undefined) {
    const profiler = hooks.sampleProfiler ?? defaultSampleProfiler(ctx.cwd);
    try {
      sample = await sampleContext(profiler, resolve(ctx.cwd, args.sample), args.shareSamples === true);
    } catch (e) {
      // The profiler's message names the file and the problem, never its rows.
      report([{ ...diag('fileRead', { path: `'${args.sample}'`, detail: (e as Error).message.split('\n')[0] }), file: args.sample }]);
      return EXIT.invalid;
    }
    ctx.log.debug(`sample ${args.sample}: sending ${sample.kind === 'rows' ? `a profile and ${sample.rows.length} rows (--share-samples)` : 'its profile only'}`);
  }

  const asker = chooseAsker(ctx, args, hooks);
  const result = await authorSpec({
    settings: settings.value,
    store,
    ...(request !== undefined ? { request } : {}),
    output,
    outputDir: dirname(outputPath),
    ...(from ? { from } : {}),
    ...(resumed ? { resume: resumed } : {}),
    ...(sample ? { sample } : {}),
    useCache: args.cache !== false,
    asker,
    ...(hooks.retry ? { retry: hooks.retry } : {}),
    ...(plugins?.provider(settings.value.provider) ? { provider: pluginProvider(settings.value.provider as `${string}/${string}`, plugins.provider(settings.value.provider)!, settings.value, ctx.env) } : {}),
    log: ctx.log,
  });
  if (!result.ok) {
    if (result.cancelled) {
      ctx.io.stderr(`cancelled; nothing was written. Continue with: synth author --resume ${result.session.id}\n`);
      return EXIT.invalid;
    }
    report(result.diagnostics, result.sources);
    ctx.io.stderr(`session ${result.session.id}: nothing was written\n`);
    return EXIT.invalid;
  }
  // Warnings of the passing draft (never errors: those were repaired or the run failed).
  if (result.diagnostics.length > 0) report(result.diagnostics, new Map([[output, result.text]]));

  if (from) {
    const patch = createTwoFilesPatch(from.path, output, from.text, result.text, undefined, undefined, { context: 3 });
    if (from.text === result.text) {
      ctx.io.stdout(`${output}: the model changed nothing (session ${result.session.id})\n`);
      await finishSession(store, result.session, 'not-written');
      return EXIT.ok;
    }
    ctx.io.stdout(colourDiff(patch, ctx.io.color));
    const accepted = await asker.confirm(`Write these changes to ${output}?`).catch((e: unknown) => {
      if (e instanceof PromptCancelled) return false;
      throw e;
    });
    if (!accepted) {
      await finishSession(store, result.session, 'not-written');
      ctx.io.stderr(asker.interactive
        ? `not written; the draft is kept: synth author --resume ${result.session.id}\n`
        : `not written: pass --yes to write a revision when not on a terminal (session ${result.session.id})\n`);
      return asker.interactive ? EXIT.ok : EXIT.usage;
    }
  }
  const written = await writeSpec(outputPath, result.text);
  if (written) {
    report([{ ...diag('writeFailed', { path: output, detail: written }), file: output }]);
    return EXIT.invalid;
  }
  await finishSession(store, result.session, 'written');
  for (const a of result.assumptions) ctx.io.stdout(`assumption: ${a.text}\n`);
  ctx.io.stdout(`wrote ${output} (session ${result.session.id}); next: synth build ${output}\n`);
  return EXIT.ok;
}

/** `plugin/name` → default model, for every provider the configured plugins register. */
function providersOf(plugins: PluginSet | undefined): Map<string, { defaultModel: string }> {
  return new Map(plugins?.providerNames().map((n) => [n, { defaultModel: plugins.provider(n)!.defaultModel }]) ?? []);
}

/**
 * A person answers on a terminal; `--yes`, CI and pipes take the model's defaults (recorded in the spec as
 * `# assumption:` comments).
 */
function chooseAsker(ctx: CommandContext, args: AuthorArgs, hooks: AuthorHooks): Asker {
  if (args.yes === true) return defaultsAsker({ yes: true });
  if (hooks.terminal) return terminalAsker(hooks.terminal);
  const ci = ctx.env.CI !== undefined && ctx.env.CI !== '' && ctx.env.CI !== 'false';
  if (!ci && process.stdin.isTTY && process.stderr.isTTY) return terminalAsker({ input: process.stdin, output: process.stderr });
  return defaultsAsker({ yes: false });
}

async function writeSpec(path: string, text: string): Promise<string | undefined> {
  const file = new AtomicFile(path);
  try {
    await file.open();
    await file.write(text);
    await file.commit();
    return undefined;
  } catch (e) {
    await file.abort();
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}

function colourDiff(patch: string, color: boolean): string {
  if (!color) return patch;
  return patch.split('\n').map((l) => (l.startsWith('+') && !l.startsWith('+++') ? `\x1b[32m${l}\x1b[0m` : l.startsWith('-') && !l.startsWith('---') ? `\x1b[31m${l}\x1b[0m` : l.startsWith('@@') ? `\x1b[36m${l}\x1b[0m` : l)).join('\n');
}

async function exists(path: string): Promise<boolean> {
  return access(path, constants.F_OK).then(() => true, () => false);
}
