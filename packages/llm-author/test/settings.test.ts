import { describe, expect, test } from '@jest/globals';
import { defaultStateFile, isLoopbackUrl, resolveAuthorSettings, checkAuthorConfig, type SettingLayers } from '@synth/llm-author';

const layers = (over: Partial<SettingLayers> = {}): SettingLayers => ({ flags: {}, env: { OPENAI_API_KEY: 'sk-x', HOME: '/home/u' }, file: {}, cwd: '/work', ...over });
const codes = (r: { diagnostics: Array<{ code: string }> }) => r.diagnostics.map((d) => d.code);

describe('resolveAuthorSettings', () => {
  test('defaults', () => {
    const r = resolveAuthorSettings(layers());
    expect(r.value).toEqual({
      provider: 'openai', model: 'gpt-4.1-mini', apiKey: 'sk-x', temperature: 0, maxTokens: 8192, timeoutMs: 120_000,
      rounds: 3, stateFile: '/home/u/.local/share/synth/state.sqlite', offline: false,
    });
  });

  test('precedence: flag > SYNTH_* > provider variable > config file', () => {
    const file = { model: 'from-file', baseUrl: 'http://file.example/v1', rounds: 5, maxTokens: 1000 };
    const env = { OPENAI_API_KEY: 'k', SYNTH_MODEL: 'from-env', OPENAI_BASE_URL: 'http://sdk.example/v1', SYNTH_ROUNDS: '4' };
    expect(resolveAuthorSettings(layers({ file, env })).value).toMatchObject({ model: 'from-env', baseUrl: 'http://sdk.example/v1', rounds: 4, maxTokens: 1000 });
    expect(resolveAuthorSettings(layers({ file, env: { ...env, SYNTH_BASE_URL: 'http://synth.example/v1' } })).value?.baseUrl).toBe('http://synth.example/v1');
    expect(resolveAuthorSettings(layers({ file, env, flags: { model: 'from-flag', baseUrl: 'http://flag.example/v1', rounds: 2 } })).value)
      .toMatchObject({ model: 'from-flag', baseUrl: 'http://flag.example/v1', rounds: 2 });
    expect(resolveAuthorSettings(layers({ file })).value?.baseUrl).toBe('http://file.example/v1');
  });

  test('anthropic: its own key and base URL variable, its default model; chosen when only its key is set', () => {
    const env = { ANTHROPIC_API_KEY: 'ak', ANTHROPIC_BASE_URL: 'http://a.example', OPENAI_BASE_URL: 'http://o.example/v1' };
    expect(resolveAuthorSettings(layers({ env })).value).toMatchObject({ provider: 'anthropic', apiKey: 'ak', model: 'claude-sonnet-4-6', baseUrl: 'http://a.example' });
    expect(codes(resolveAuthorSettings(layers({ env: { OPENAI_API_KEY: 'k' }, flags: { provider: 'anthropic' } })))).toEqual(['SYN510']);
  });

  test('a missing key is SYN510 naming the variable, except for a local server', () => {
    const r = resolveAuthorSettings(layers({ env: {} }));
    expect(codes(r)).toEqual(['SYN510']);
    expect(r.diagnostics[0]!.hint).toContain('OPENAI_API_KEY');
    expect(resolveAuthorSettings(layers({ env: {}, flags: { baseUrl: 'http://127.0.0.1:11434/v1' } })).value?.apiKey).toBe('no-key-for-local-server');
  });

  test('--offline refuses the public API and remote base URLs, accepts loopback', () => {
    const remote = resolveAuthorSettings(layers({ flags: { offline: true, baseUrl: 'https://llm.example.com/v1' } }));
    expect(codes(remote)).toEqual(['SYN511']);
    expect(remote.diagnostics[0]!.message).toBe('--offline refuses llm.example.com: it is not on this machine');
    expect(codes(resolveAuthorSettings(layers({ env: { OPENAI_API_KEY: 'k', SYNTH_OFFLINE: '1' } })))).toEqual(['SYN511']);
    expect(resolveAuthorSettings(layers({ flags: { offline: true, baseUrl: 'http://localhost:8080/v1' } })).value?.offline).toBe(true);
  });

  test('bad values are SYN515 naming where they came from', () => {
    const r = resolveAuthorSettings(layers({ flags: { temperature: 5 }, env: { OPENAI_API_KEY: 'k', SYNTH_ROUNDS: 'many' }, file: { baseUrl: 'ftp://x' } }));
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      "--temperature is '5'; expected a number from 0 to 2",
      "SYNTH_ROUNDS is 'many'; expected a whole number from 1 to 10",
      'author.baseUrl in the config file is not an http(s) URL',
    ]);
  });

  test('the state file: flag, SYNTH_STATE_FILE, config (relative to cwd), XDG_DATA_HOME', () => {
    expect(resolveAuthorSettings(layers({ file: { stateFile: 'state/s.sqlite' } })).value?.stateFile).toBe('/work/state/s.sqlite');
    expect(defaultStateFile({ XDG_DATA_HOME: '/xdg' })).toBe('/xdg/synth/state.sqlite');
  });
});

test('isLoopbackUrl', () => {
  for (const u of ['http://127.0.0.1:1/v1', 'http://localhost', 'http://[::1]:8080', 'http://127.5.0.1']) expect([u, isLoopbackUrl(u)]).toEqual([u, true]);
  for (const u of ['http://10.0.0.1', 'https://api.openai.com/v1', 'http://localhost.evil.com', 'http://127.0.0.1.nip.io', 'not a url']) expect([u, isLoopbackUrl(u)]).toEqual([u, false]);
});

test('checkAuthorConfig names unknown keys and refuses a non-mapping', () => {
  expect(checkAuthorConfig({ model: 'm', modle: 'x' }).diagnostics.map((d) => [d.code, d.message])).toEqual([['SYN203', "Unknown key 'author.modle'"]]);
  expect(checkAuthorConfig('gpt').diagnostics[0]!.code).toBe('SYN204');
});
