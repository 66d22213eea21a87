import { execFile } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { REPO, runCli, tempDir } from './run-cli.js';

const BIN = join(REPO, 'packages/cli/bin/synth.js');
const run = (args: string[], env: NodeJS.ProcessEnv) => promisify(execFile)(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH, ...env } });

describe('synth completion', () => {
  it('prints a bash script, or a zsh one when $SHELL is zsh', async () => {
    const bash = await run(['completion'], { SHELL: '/bin/bash' });
    expect(bash.stdout).toContain('complete -o bashdefault -o default -F _synth_yargs_completions synth');
    expect(bash.stdout).toContain('synth --get-yargs-completions');
    const zsh = await run(['completion'], { SHELL: '/bin/zsh' });
    expect(zsh.stdout.startsWith('#compdef synth\n')).toBe(true);
    expect(zsh.stdout).toContain('compdef _synth_yargs_completions synth');
  });

  it('answers --get-yargs-completions with commands, options and choices (in-process, as the script asks)', async () => {
    const commands = await runCli(['--get-yargs-completions', 'synth', 'bu']);
    expect(commands.code).toBe(0);
    expect(commands.stdout.split('\n')).toEqual(expect.arrayContaining(['build', 'validate', 'completion']));
    const options = await runCli(['--get-yargs-completions', 'synth', 'build', '--']);
    expect(options.stdout.split('\n')).toEqual(expect.arrayContaining(['--format', '--workers', '--shard', '--check']));
    const choices = await runCli(['--get-yargs-completions', 'synth', 'build', '--dialect', '']);
    expect(choices.stdout.trim().split('\n')).toEqual(['postgres', 'mysql', 'sqlite']);
    // --format and --provider also take plugin names, so they have no yargs choices: the built-in values are offered.
    const formats = await runCli(['--get-yargs-completions', 'synth', 'build', 'x.synth.yaml', '--format', 'p']);
    expect(formats.stdout.trim().split('\n')).toEqual(['parquet', 'pdf']);
    const providers = await runCli(['--get-yargs-completions', 'synth', 'author', '--provider', '']);
    expect(providers.stdout.trim().split('\n')).toEqual(['openai', 'anthropic']);
  });

  it('in a real bash, completing `synth bu` offers exactly `build`', async () => {
    // `synth` on the PATH runs the built bin, as an installed one would.
    const bin = tempDir();
    writeFileSync(join(bin, 'synth'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`);
    chmodSync(join(bin, 'synth'), 0o755);
    const env = { PATH: `${bin}:${process.env.PATH}`, SHELL: '/bin/bash' };
    const script = (await run(['completion'], env)).stdout;
    writeFileSync(join(bin, 'completion.bash'), script);
    const complete = async (...words: string[]) => {
      const probe = `source ${join(bin, 'completion.bash')}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})\nCOMP_CWORD=${words.length - 1}\n_synth_yargs_completions\nprintf '%s\\n' "\${COMPREPLY[@]}"\n`;
      return (await promisify(execFile)('bash', ['-c', probe], { env })).stdout.trim().split('\n');
    };
    expect(await complete('synth', 'bu')).toEqual(['build']);
    expect(await complete('synth', 'build', '--dialect', 'my')).toEqual(['mysql']);
  });
});

describe('editor support', () => {
  it('synth init writes the yaml-language-server modeline and, beside the spec, the schema it names (= synth schema)', async () => {
    const dir = tempDir();
    expect((await runCli(['init', 'shop.synth.yaml'], { cwd: dir })).code).toBe(0);
    const { readFileSync } = await import('node:fs');
    const spec = readFileSync(join(dir, 'shop.synth.yaml'), 'utf8');
    expect(spec.split('\n')[0]).toBe('# yaml-language-server: $schema=./synth.schema.json');
    const printed = await runCli(['schema'], { cwd: dir });
    expect(readFileSync(join(dir, 'synth.schema.json'), 'utf8')).toBe(printed.stdout);
    expect(JSON.parse(printed.stdout).definitions.column.properties.options.description).toMatch(/plugin generator/);
  });
});
