import yargs, { type Argv, type FallbackCompletionFunction } from 'yargs';
import { diag, formatDiagnostic } from '@synth/spec';
import type { OutputFormat } from '@synth/compiler';
import { configFor, loadConfig } from './config.js';
import { EXIT, type CommandContext } from './context.js';
import type { DiagnosticsFormat, Io } from './diagnostics-out.js';
import { createLogger, type LogFormat } from './logger.js';
import { markStdinArgs } from './load-spec-file.js';
import { OUTPUT_FORMATS } from '@synth/spec';
import type { AuthorHooks } from './commands/author.js';
import { checkNumberOptions } from './number-options.js';
import { reportDiagnostics } from './diagnostics-out.js';
import type { Limits } from '@synth/spec';

/** `--max NAME=VALUE`: raises (or lowers) a limit of docs/spec.md#limits. */
const maxOption = { type: 'string', describe: 'Raise a limit: rows-per-table=5e9, total-rows=N, array-length=N, string-length=N, zipf-size=N, pattern-length=N, pattern-steps=N, bytes=50G (repeatable; docs/spec.md#limits)' } as const;

// Commands load on use: `synth validate` must not pay for the compiler, Faker's locales, the writers or the LLM SDKs.
const authorCommand = async (...a: Parameters<typeof import('./commands/author.js').authorCommand>) => (await import('./commands/author.js')).authorCommand(...a);
const sessionsCommand = async (...a: Parameters<typeof import('./commands/sessions.js').sessionsCommand>) => (await import('./commands/sessions.js')).sessionsCommand(...a);
const compareCommand = async (...a: Parameters<typeof import('./commands/compare.js').compareCommand>) => (await import('./commands/compare.js')).compareCommand(...a);
const inferCommand = async (...a: Parameters<typeof import('./commands/infer.js').inferCommand>) => (await import('./commands/infer.js')).inferCommand(...a);
const reportCommand = async (...a: Parameters<typeof import('./commands/report.js').reportCommand>) => (await import('./commands/report.js')).reportCommand(...a);
const historyCommand = async (...a: Parameters<typeof import('./commands/history.js').historyCommand>) => (await import('./commands/history.js')).historyCommand(...a);
const buildCommand = async (...a: Parameters<typeof import('./commands/build.js').buildCommand>) => (await import('./commands/build.js')).buildCommand(...a);
const initCommand = async (...a: Parameters<typeof import('./commands/init.js').initCommand>) => (await import('./commands/init.js')).initCommand(...a);
const planCommand = async (...a: Parameters<typeof import('./commands/plan.js').planCommand>) => (await import('./commands/plan.js')).planCommand(...a);
const previewCommand = async (...a: Parameters<typeof import('./commands/preview.js').previewCommand>) => (await import('./commands/preview.js')).previewCommand(...a);
const schemaCommand = async (...a: Parameters<typeof import('./commands/schema.js').schemaCommand>) => (await import('./commands/schema.js')).schemaCommand(...a);
const cleanCommand = async (...a: Parameters<typeof import('./commands/clean.js').cleanCommand>) => (await import('./commands/clean.js')).cleanCommand(...a);
const validateCommand = async (...a: Parameters<typeof import('./commands/validate.js').validateCommand>) => (await import('./commands/validate.js')).validateCommand(...a);

class UsageError extends Error {}

export interface MainOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  io?: Partial<Io>;
  /** For tests and embedders of `synth author`: a terminal to ask on, a sample profiler, a retry schedule. */
  author?: AuthorHooks;
}

/**
 * The `synth` command. Returns the exit code (0 ok, 1 invalid spec or data, 2 usage) instead of exiting,
 * so tests run it in-process. Precedence of settings: flags > SYNTH_* env > config file > defaults.
 */
export async function main(commandLine: string[], options: MainOptions = {}): Promise<number> {
  const argv = markStdinArgs(commandLine);
  const cwd = options.cwd ?? process.cwd();
  const env = options.env ?? process.env;
  const io: Io = {
    stdout: options.io?.stdout ?? ((s) => void process.stdout.write(s)),
    stderr: options.io?.stderr ?? ((s) => void process.stderr.write(s)),
    color: options.io?.color ?? (process.stdout.isTTY === true && env.NO_COLOR === undefined),
    stdin: options.io?.stdin ?? (() => process.stdin),
  };
  const configPath = argv.find((a, i) => argv[i - 1] === '--config') ?? argv.find((a) => a.startsWith('--config='))?.slice(9);
  const config = await loadConfig(cwd, configPath);
  for (const d of config.diagnostics) io.stderr(`${formatDiagnostic(d)}\n`);
  // A config file that cannot be used stops here: running with some of its settings silently dropped could write
  // somewhere else than meant (an ignored `out:`). Unknown keys are only warnings.
  if (config.diagnostics.some((d) => d.severity === 'error')) return EXIT.usage;
  // Each command sees the config keys of its own options (a build's `out:` is not `synth report --out`, and strict
  // parsing would refuse it in `synth validate`); SYNTH_* variables stay above the file at either level.
  /**
   * The config file's keys for `command`, and the SYNTH_* variables that name one of its options: a variable is a
   * setting of the commands that have that option (SYNTH_OUT sets build's --out; validate, which has no --out, is
   * not refused for it).
   */
  const settings = (command: string, options: ReadonlySet<string>) => ({
    ...configFor(config.config, command),
    ...Object.fromEntries(Object.entries(envConfig(env)).filter(([k]) => options.has(k) || options.has(kebab(k)))),
  });
  // yargs knows a command's options once its builder has declared them (getOptions is not in its typings).
  const settled = <T>(y: Argv<T>, command: string): Argv<T> =>
    y.config(settings(command, new Set(Object.keys((y as unknown as { getOptions(): { key: Record<string, unknown> } }).getOptions().key))));

  let exitCode: number = EXIT.ok;
  let usageError: string | undefined;
  const ctxOf = (a: { logLevel: string; logFormat: LogFormat; diagnosticsFormat?: DiagnosticsFormat; limits?: Partial<Limits> }): CommandContext => ({
    io,
    log: createLogger(a.logLevel, a.logFormat, io.stderr),
    cwd,
    env,
    diagnosticsFormat: a.diagnosticsFormat ?? 'text',
    config: config.config,
    ...(a.limits ? { limits: a.limits } : {}),
    ...(config.filepath !== undefined ? { configPath: config.filepath } : {}),
  });
  // yargs infers each command's argument type from its options; the command modules declare what they read.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const run = (fn: (a: any) => Promise<number> | number) => async (a: any) => {
    // Every number option is checked here, for every command, before a file is read or written (number-options.ts).
    const checked = checkNumberOptions(String(a._[0]), a, { argv, env, config: config.config, ...(config.filepath !== undefined ? { configPath: config.filepath } : {}) });
    if (checked.diagnostics.length > 0) {
      reportDiagnostics(io, checked.diagnostics, a.diagnosticsFormat === 'json' || a.format === 'json' ? 'json' : 'text', new Map());
      exitCode = EXIT.usage;
      return;
    }
    exitCode = await fn({ ...checked.args, limits: checked.limits });
  };
  const withPlanOptions = <T>(y: Argv<T>) => y
    .option('seed', { type: 'string', describe: "Overrides the spec's seed" })
    .option('rows', { type: 'string', describe: 'Row count of every root table (tables with a fixed `rows`): a whole number from 0 to the rows-per-table limit' })
    .option('scale', { type: 'string', describe: 'Multiplies every fixed row count (a number above 0); per-parent tables follow' })
    .option('max', maxOption);
  const withSampleLimits = <T>(y: Argv<T>) => y
    .option('max-rows', { type: 'string', describe: 'Read only the first N rows of each table' })
    .option('max-bytes', { type: 'string', describe: 'Refuse sample files larger than this (bytes, or 512M, 2G; default 1G)' });

  const completeValues: FallbackCompletionFunction = (current, _args, defaults, done) => {
    const values = openValueCompletions(argv.slice(argv.indexOf('--get-yargs-completions') + 1));
    if (values) done(values.filter((v) => v.startsWith(current)));
    else defaults((_err, completions) => done(completions ?? []));
  };

  const parser = yargs(argv)
    .scriptName('synth')
    // `author:` is read by `synth author` itself (flags > SYNTH_* > provider variables > file), not by yargs;
    // `plugins:` by the commands that load them (configured-plugins.ts).
    // Only settings every command has; each command takes its own in settled(), after declaring its options.
    .config(settings('*', GLOBAL_OPTIONS))
    .parserConfiguration({ 'strip-dashed': true })
    .option('config', { type: 'string', describe: 'Config file (default: synth.config.* / .synthrc* found from here upwards)' })
    .option('log-level', { type: 'string', choices: ['error', 'warn', 'info', 'verbose', 'debug'], default: 'info', describe: 'Log verbosity (stderr)' })
    .option('log-format', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Log line format' })
    .option('diagnostics-format', { type: 'string', choices: ['text', 'json'], default: 'text', describe: 'Print diagnostics as text (with code frames) or JSON' })
    .command('init [file]', 'Write a commented starter spec', (y) => settled(y
      .positional('file', { type: 'string', default: 'synth.synth.yaml', describe: 'Where to write it' })
      .option('force', { type: 'boolean', describe: 'Overwrite an existing file' })
      .example('$0 init shop.synth.yaml', 'Start a new spec'), 'init'), run((a) => initCommand(ctxOf(a), a)))
    .command('validate <files..>', 'Check specs for everything build checks before writing: schema, meaning, plan, outputs, a probe of the first rows; every problem at once', (y) => settled(y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Spec files; - reads one from standard input' })
      .option('format', { type: 'string', choices: ['text', 'json'], describe: 'Same as --diagnostics-format' })
      .option('max', maxOption)
      .example('$0 validate fixtures/*.synth.yaml', 'Validate every fixture')
      .example('$0 validate shop.synth.yaml --format json', 'Diagnostics as JSON for tools')
      .example('generate-spec | $0 validate -', 'A spec from standard input'), 'validate'), run((a) =>
      validateCommand(ctxOf({ ...a, diagnosticsFormat: a.format ?? a.diagnosticsFormat }), a.files)))
    .command('plan <file>', 'Show the generation plan: tables in order, row counts, edges, column order', (y) => settled(withPlanOptions(y
      .positional('file', { type: 'string', demandOption: true })
      .option('json', { type: 'boolean', describe: 'The plan as JSON' })
      .example('$0 plan fixtures/shop.synth.yaml', 'Print the plan')
      .example('$0 plan shop.synth.yaml --scale 10 --json', 'The plan at 10x, as JSON')), 'plan'), run((a) => planCommand(ctxOf(a), a)))
    .command('report <file>', 'Generate the data without writing it, check it, and write the HTML conformance report', (y) => settled(withPlanOptions(y
      .positional('file', { type: 'string', demandOption: true })
      .option('out', { type: 'string', describe: 'The HTML file (default: <spec name>.report.html in the current directory)' })
      .example('$0 report fixtures/iot.synth.yaml', 'Write iot.report.html: the plan, a chart per column, every check')
      .example('$0 report shop.synth.yaml --rows 100000 --out shop.html', 'The report at another size')), 'report'), run((a) => reportCommand(ctxOf(a), a)))
    .command('build <file>', 'Generate the data into the outputs (atomically)', (y) => settled(withPlanOptions(y
      .positional('file', { type: 'string', demandOption: true })
      .option('out', { type: 'string', describe: 'Output directory (default: paths in the spec, relative to it)' })
      .option('format', { type: 'string', describe: `One file per table in this format, instead of the spec's outputs: ${OUTPUT_FORMATS.join(', ')}, or a plugin's plugin/format` })
      .option('to', { type: 'string', describe: 'Load into a database instead of writing files: sqlite:PATH or postgres://user@host/db' })
      .option('progress', { type: 'boolean', describe: 'Progress bar on stderr for builds over a second (default: only on a terminal)' })
      .option('replace', { type: 'boolean', describe: "With --to: drop and recreate the spec's tables when they exist" })
      .option('dialect', { type: 'string', choices: ['postgres', 'mysql', 'sqlite'], describe: 'SQL dialect of --format sql (default postgres)' })
      .option('workers', { type: 'string', describe: 'Worker threads generating rows (default 1); output is byte-identical to one thread' })
      .option('shard', { type: 'string', describe: 'Build only part I of N of every table (0-based, e.g. 3/8) as <table>/part-0000I-of-0000N.<ext>' })
      .option('check', { type: 'boolean', describe: 'Write nothing; fail if the files on disk differ from what the spec produces' })
      .option('conformance', { type: 'boolean', default: true, describe: 'Check the output against the spec and print a summary (--no-conformance skips it)' })
      .option('report', { type: 'string', describe: 'Also write the conformance report as a self-contained HTML page to this file' })
      .option('history', { type: 'boolean', default: true, describe: 'Record the build in the state file (synth history); --no-history skips it' })
      .option('allow-outside', { type: 'boolean', describe: "Let the spec's output paths leave its directory (--out, --report and --to may point anywhere)" })
      .option('compare', { type: 'string', describe: 'After the build, print how closely the files follow this sample file or directory (see `synth compare`)' })
      .option('max-bytes', { type: 'string', describe: 'Refuse a build whose estimated output is larger (512M, 50G; default 10G): same as --max bytes=SIZE' })
      .example('$0 build fixtures/shop.synth.yaml', "Write the spec's outputs")
      .example('$0 build shop.synth.yaml --out data --format jsonl --seed 7', 'JSON Lines under data/, another seed')
      .example('$0 build shop.synth.yaml --format sql --dialect mysql', 'One INSERT script per table for MySQL')
      .example('$0 build shop.synth.yaml --to sqlite:shop.db', 'Create the tables in a SQLite file and load the rows')
      .example('$0 build shop.synth.yaml --to postgres://app@localhost/dev --replace', 'Reload a development database')
      .example('$0 build shop.synth.yaml --format parquet --shard 3/8 --out s3://bucket/shop', 'Part 3 of 8 (e.g. one pod of an Indexed Job)')
      .example('$0 build shop.synth.yaml --check', 'In CI: fail when committed fixtures drift from the spec')
      .example('$0 build shop.synth.yaml --compare samples/', 'Build, then score the output against the samples it was inferred from')), 'build'), run((a) => buildCommand(ctxOf(a), a)))
    .command('clean [paths..]', 'Remove what interrupted runs left: temporary files of dead builds, interrupted SQLite loads', (y) => settled(y
      .positional('paths', { type: 'string', array: true, describe: 'Folders (searched below), specs (their output folders) or database files; default: the working directory' })
      .option('dry-run', { type: 'boolean', describe: 'Only list what would be removed' })
      .option('out', { type: 'string', describe: 'With a spec: its outputs under this directory, as for build --out' })
      .option('format', { type: 'string', describe: 'With a spec: its outputs in this format, as for build --format' })
      .example('$0 clean', 'Clean the working directory and the folders below it')
      .example('$0 clean shop.synth.yaml --dry-run', "List the leftovers in the spec's output folders"), 'clean'), run((a) => cleanCommand(ctxOf(a), a)))
    .command('preview <file>', 'Print the first rows of a table (or of each) as a terminal table', (y) => settled(y
      .positional('file', { type: 'string', demandOption: true })
      .option('table', { alias: 't', type: 'string', describe: 'Only this table' })
      .option('limit', { alias: 'n', type: 'string', default: '10', describe: 'Rows to show (1 to 10,000)' })
      .option('max', maxOption)
      .option('seed', { type: 'string', describe: "Overrides the spec's seed" })
      .example('$0 preview fixtures/shop.synth.yaml -t orders -n 5', 'Five orders'), 'preview'), run((a) => previewCommand(ctxOf(a), a)))
    .command('author [request]', 'Draft a spec from a description with an LLM; the compiler checks every draft', (y) => settled(y
      .positional('request', { type: 'string', describe: 'What data you need, in words (with --from: the change to make)' })
      .option('output', { alias: 'o', type: 'string', describe: 'Where to write the spec (default: synth.synth.yaml; with --from: that file)' })
      .option('from', { type: 'string', describe: 'Revise this spec instead of starting anew; shows a diff before writing' })
      .option('provider', { type: 'string', describe: "Model provider: openai (default), anthropic (default when only ANTHROPIC_API_KEY is set), or a plugin's plugin/name" })
      .option('model', { type: 'string', describe: 'Model name (default gpt-4.1-mini / claude-sonnet-4-6)' })
      .option('base-url', { type: 'string', describe: 'API endpoint, e.g. a local OpenAI-compatible server http://127.0.0.1:11434/v1' })
      .option('temperature', { type: 'string', describe: 'Sampling temperature (default 0)' })
      .option('max-tokens', { type: 'string', describe: 'Longest reply, in tokens (default 8192)' })
      .option('timeout', { type: 'string', describe: 'Seconds to wait for one reply (default 120)' })
      .option('rounds', { type: 'string', describe: 'Draft-and-repair rounds before giving up (default 3)' })
      .option('yes', { alias: 'y', type: 'boolean', describe: 'Ask nothing: take the default answers (recorded as # assumption: comments) and write revisions' })
      .option('cache', { type: 'boolean', describe: 'Answer identical requests from the response cache (default true; --no-cache asks the model)' })
      .option('resume', { type: 'string', describe: 'Continue the session with this id (see synth sessions)' })
      .option('force', { type: 'boolean', describe: 'Replace an existing output file' })
      .option('offline', { type: 'boolean', describe: 'Refuse any endpoint that is not on this machine' })
      .option('sample', { type: 'string', describe: 'A sample of the data; the model sees its statistical profile only' })
      .option('share-samples', { type: 'boolean', describe: 'With --sample: also send a few raw rows to the model' })
      .option('state-file', { type: 'string', describe: 'SQLite file of sessions and cached replies (default $XDG_DATA_HOME/synth/state.sqlite)' })
      .example('$0 author "a shop: customers, orders, payments" -o shop.synth.yaml', 'Draft a new spec')
      .example('$0 author --from shop.synth.yaml "add refunds linked to payments"', 'Revise a spec; shows the diff first')
      .example('$0 author "web logs" --base-url http://127.0.0.1:11434/v1 --model llama3.1 --offline', 'Local-only, with Ollama')
      .example('$0 author --resume 3f9c2a1b', 'Continue a session'), 'author'), run((a) => authorCommand(ctxOf(a), a, options.author)))
    .command('history [action] [id]', 'List the recorded builds (newest first), or `history show ID` for one', (y) => settled(y
      .positional('action', { type: 'string', choices: ['show'], describe: 'show: one build in full' })
      .positional('id', { type: 'string', describe: 'The build id (first column of the list)' })
      .option('json', { type: 'boolean', describe: 'As JSON' })
      .option('limit', { type: 'string', describe: 'At most this many builds (default 20)' })
      .option('state-file', { type: 'string', describe: 'SQLite file of the history (default $XDG_DATA_HOME/synth/state.sqlite)' })
      .example('$0 history', 'The last 20 builds: id, time, status, spec, files, rows, duration, conformance')
      .example('$0 history show 3f9a2c1e', 'One build: spec hash, seed, version, every output with its size and hash, the checks'), 'history'), run((a) => historyCommand(ctxOf(a), a)))
    .command('sessions [id]', 'List the author sessions (newest first), or show one', (y) => settled(y
      .positional('id', { type: 'string', describe: 'Show this session' })
      .option('json', { type: 'boolean', describe: 'As JSON' })
      .option('state-file', { type: 'string', describe: 'SQLite file of sessions and cached replies' })
      .example('$0 sessions', 'List the sessions'), 'sessions'), run((a) => sessionsCommand(ctxOf(a), a)))
    .command('infer <files..>', 'Learn a spec from sample files (csv, tsv, json, jsonl, xlsx, parquet) without copying their values', (y) => settled(withSampleLimits(y
      .positional('files', { type: 'string', array: true, demandOption: true, describe: 'Sample files or directories; one table per file (per sheet for xlsx)' })
      .option('output', { alias: 'o', type: 'string', describe: 'Write the spec to this file (atomically) instead of stdout' })
      .option('force', { type: 'boolean', describe: 'Overwrite an existing --output file' })
      .option('categories', { type: 'boolean', default: true, describe: 'Keep the labels of low-cardinality columns as enum values; --no-categories copies no sample value at all' })
      .option('seed', { type: 'string', describe: 'Seed written into the spec (default 1)' })
      .option('profile', { type: 'boolean', describe: 'Print the profile (JSON statistics, what `synth author --sample` sees) instead of a spec' })
      .example('$0 infer samples/*.csv -o shop.synth.yaml', 'Write a spec learned from the samples')
      .example('$0 infer big.csv --max-rows 100000 --no-categories', 'Profile the first 100,000 rows; no value of the file in the spec')), 'infer'), run((a) => inferCommand(ctxOf(a), a)))
    .command('compare <paths..>', 'Score how closely generated data follows a sample: per column, per pair of columns, keys (0–100%)', (y) => settled(withSampleLimits(y
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'SAMPLE OUTPUT (files or directories; tables match by name)' })
      .option('against', { type: 'string', array: true, describe: 'Output files or directories, when several sample paths are given' })
      .option('json', { type: 'boolean', describe: 'The report as JSON' })
      .option('min-score', { type: 'string', describe: 'Exit 1 when the score (percent) is below this' })
      .example('$0 compare samples/ out/', 'Compare every table of out/ with the sample of the same name')
      .example('$0 compare samples/*.csv --against out/ --min-score 90', 'In CI: fail below 90%')), 'compare'), run((a) => compareCommand(ctxOf(a), a)))
    .command('schema', 'Print the JSON Schema of the spec format (for editors)', (y) => settled(y
      .example('$0 schema > synth.schema.json', 'Save it for yaml-language-server'), 'schema'), run((a) => schemaCommand(ctxOf(a))))
    // yargs answers `synth --get-yargs-completions …` (what the script runs on Tab) with commands, options and choices;
    // the script is bash's, or zsh's (with descriptions) when $SHELL is zsh.
    .completion('completion', 'Print a shell completion script: bash, or zsh when $SHELL is zsh (docs/cli.md#completion)', completeValues)
    .demandCommand(1, 'Name a command: init, validate, plan, build, report, history, clean, preview, author, sessions, infer, compare, schema or completion.')
    .strict()
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version('0.1.0')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      usageError = msg;
      // Without a throw yargs would go on and run the command with the invalid arguments.
      throw new UsageError(msg);
    });

  let printed = '';
  try {
    // With a callback, yargs hands help/version text back instead of printing it: it goes to our stdout.
    await parser.parseAsync(argv, {}, (_err, _args, output) => {
      printed = output;
    });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`${await parser.getHelp()}\n\nerror: ${usageError}\n`);
      return EXIT.usage;
    }
    const detail = e instanceof Error ? e.message : String(e);
    io.stderr(`${formatDiagnostic(diag('internal', { detail }, {}))}\n`);
    if (env.SYNTH_DEBUG) io.stderr(`${(e as Error).stack ?? ''}\n`);
    return EXIT.invalid;
  }
  if (usageError !== undefined) {
    io.stderr(`${printed || (await parser.getHelp())}\n\nerror: ${usageError}\n`);
    return EXIT.usage;
  }
  if (printed) io.stdout(`${printed}\n`);
  return exitCode;
}

/**
 * Values of options that also take a plugin's `plugin/name` (so yargs has no `choices` to offer on Tab): the built-in
 * ones. `words` are the command line being completed, the last one the word under the cursor.
 */
function openValueCompletions(words: string[]): readonly string[] | undefined {
  const option = words.at(-2);
  if (option === '--format' && words.includes('build')) return OUTPUT_FORMATS;
  if (option === '--provider' && words.includes('author')) return ['openai', 'anthropic'];
  return undefined;
}

/** SYNTH_LOG_LEVEL=debug → { logLevel: 'debug' }: environment settings, above the config file, below flags. */
/** Options of every command, which SYNTH_* variables may set whatever the command. */
const GLOBAL_OPTIONS: ReadonlySet<string> = new Set(['log-level', 'log-format', 'diagnostics-format', 'config']);

const kebab = (camel: string) => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** SYNTH_* variables that are settings of their own, not command-line options. */
const NOT_OPTIONS = new Set([
  'SYNTH_DEBUG',
  'SYNTH_S3_ENDPOINT',
  'SYNTH_GCS_ENDPOINT',
  'SYNTH_AZURE_BLOB_ENDPOINT',
  // Read by `synth author` in its own precedence (llm-author AUTHOR_ENV; a test keeps the two lists equal).
  'SYNTH_PROVIDER',
  'SYNTH_MODEL',
  'SYNTH_BASE_URL',
  'SYNTH_TEMPERATURE',
  'SYNTH_MAX_TOKENS',
  'SYNTH_TIMEOUT',
  'SYNTH_ROUNDS',
  'SYNTH_STATE_FILE',
  'SYNTH_OFFLINE',
]);

/** SYNTH_* names that are not command-line options (exported for the test that checks the list). */
export const ENV_NOT_OPTIONS: ReadonlySet<string> = NOT_OPTIONS;

export function envConfig(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    if (!k.startsWith('SYNTH_') || v === undefined || NOT_OPTIONS.has(k)) continue;
    const key = k.slice(6).toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
    out[key] = v;
  }
  return out;
}

export type { OutputFormat };
