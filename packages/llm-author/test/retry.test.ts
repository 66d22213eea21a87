import { expect, test } from '@jest/globals';
import { LlmError, retryAfter, withRetry } from '@synth/llm-author';

const failing = (errors: LlmError[], value = 'ok') => {
  let calls = 0;
  const fn = async () => {
    const e = errors[calls++];
    if (e) throw e;
    return value;
  };
  return { fn, calls: () => calls };
};

test('backoff 2 s, 4 s, 8 s, 16 s: at most four retries, then the error with its attempt count', async () => {
  const sleeps: number[] = [];
  const f = failing(Array.from({ length: 9 }, () => new LlmError('server', 'HTTP 503')));
  await expect(withRetry(f.fn, { sleep: async (ms) => void sleeps.push(ms) })).rejects.toMatchObject({ kind: 'server', attempts: 5 });
  expect(sleeps).toEqual([2000, 4000, 8000, 16000]);
  expect(f.calls()).toBe(5);
});

test('Retry-After longer than the backoff wins; shorter does not shorten it; too long is not waited for', async () => {
  const sleeps: number[] = [];
  const f = failing([new LlmError('rate-limit', '429', { retryAfterMs: 7000 }), new LlmError('rate-limit', '429', { retryAfterMs: 10 })]);
  await expect(withRetry(f.fn, { sleep: async (ms) => void sleeps.push(ms) })).resolves.toBe('ok');
  expect(sleeps).toEqual([7000, 4000]);
  const long = failing([new LlmError('rate-limit', '429', { retryAfterMs: 3_600_000 })]);
  await expect(withRetry(long.fn, { sleep: async () => undefined })).rejects.toMatchObject({ kind: 'rate-limit', attempts: 1 });
});

test('errors a retry cannot fix are thrown at once', async () => {
  for (const kind of ['auth', 'quota', 'unknown-model', 'bad-request', 'malformed', 'truncated'] as const) {
    const f = failing([new LlmError(kind, 'x')]);
    await expect(withRetry(f.fn, { sleep: async () => undefined })).rejects.toMatchObject({ kind });
    expect(f.calls()).toBe(1);
  }
});

test('retryAfter reads seconds, HTTP dates and retry-after-ms', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  expect(retryAfter(new Headers({ 'retry-after': '12' }), now)).toBe(12000);
  expect(retryAfter(new Headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }), now)).toBe(30000);
  expect(retryAfter(new Headers({ 'retry-after-ms': '250', 'retry-after': '9' }), now)).toBe(250);
  expect(retryAfter(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
  expect(retryAfter(undefined)).toBeUndefined();
});
