import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { listFiles, REPO, runCli, tempDir, writeLateFailingSpec } from './run-cli.js';

// s3rver ships no types; this is the part the test uses.
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverServer;

const BUCKET = 'gcs-fixtures';
const SHOP = join(REPO, 'fixtures', 'shop.synth.yaml');
// The only key pair s3rver accepts.
const KEY = 'S3RVER';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * `synth build --out gs://…` end to end. Cloud Storage's XML API speaks the S3 protocol to HMAC keys, so the S3 test
 * server on loopback stands in for storage.googleapis.com (SYNTH_GCS_ENDPOINT). It checks SigV4 signatures as S3 does;
 * what it cannot check is Google's own authorization (region `auto`, HMAC keys of service accounts).
 */
describe('build to Google Cloud Storage (gs://) through the S3-compatible API', () => {
  let server: S3rverServer;
  let store: string;
  let env: NodeJS.ProcessEnv;
  const object = (key: string) => join(store, BUCKET, ...`${key}._S3rver_object`.split('/'));

  beforeAll(async () => {
    store = mkdtempSync(join(tmpdir(), 'synth-gcs-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: store, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await server.run();
    env = { GCS_HMAC_ACCESS_KEY_ID: KEY, GCS_HMAC_SECRET: KEY, SYNTH_GCS_ENDPOINT: `http://127.0.0.1:${port}`, XDG_DATA_HOME: process.env.XDG_DATA_HOME };
  });
  afterAll(async () => {
    await server?.close();
    rmSync(store, { recursive: true, force: true });
  });

  it('uploads the bytes a local build writes, prints gs:// URLs, and --check compares with the bucket', async () => {
    const local = tempDir();
    expect((await runCli(['build', SHOP, '--out', local, '--no-history'], { cwd: local })).code).toBe(0);

    const cwd = tempDir();
    const r = await runCli(['build', SHOP, '--out', `gs://${BUCKET}/ci/shop`, '--log-level', 'debug', '--log-format', 'json'], { env, cwd });
    expect(r.stderr).not.toMatch(/SYN\d/);
    expect(r.code).toBe(0);
    const files = listFiles(local);
    expect(files.length).toBe(5);
    for (const f of files) {
      expect(r.stdout).toContain(`gs://${BUCKET}/ci/shop/${f}`);
      expect(sha(readFileSync(object(`ci/shop/${f}`)))).toBe(sha(readFileSync(join(local, f))));
    }
    // Nothing local (no folder named 'gs:'), and no secret in what the user sees, debug logs included.
    expect(readdirSync(cwd)).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(KEY);

    expect((await runCli(['build', SHOP, '--out', `gs://${BUCKET}/ci/shop`, '--check'], { env, cwd })).code).toBe(0);
    const orders = files.find((f) => f.endsWith('orders.csv'))!;
    writeFileSync(object(`ci/shop/${orders}`), 'edited\n');
    const drift = await runCli(['build', SHOP, '--out', `gs://${BUCKET}/ci/shop`, '--check'], { env, cwd });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain(`changed: gs://${BUCKET}/ci/shop/${orders}`);
    expect(drift.stdout.match(/changed: /g)).toHaveLength(1);
    expect((await runCli(['build', SHOP, '--out', `gs://${BUCKET}/elsewhere`, '--check'], { env, cwd })).stdout).toContain(`missing: gs://${BUCKET}/elsewhere/`);
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('uploads nothing when the build fails, and reports a missing bucket with the GCS variables, not AWS ones', async () => {
    const dir = tempDir();
    writeLateFailingSpec(dir);
    const failed = await runCli(['build', 'late.synth.yaml', '--out', `gs://${BUCKET}/late`, '--no-history'], { env, cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/SYN4\d\d/);
    expect(listFiles(join(store, BUCKET)).filter((f) => f.startsWith('late/'))).toEqual([]);
    expect(readdirSync(dir)).toEqual(['late.synth.yaml']);

    const noBucket = await runCli(['build', SHOP, '--out', 'gs://no-such-bucket/x', '--no-history'], { env, cwd: dir });
    expect(noBucket.code).toBe(1);
    expect(noBucket.stderr).toMatch(/SYN402[\s\S]*NoSuchBucket/);
    expect(noBucket.stderr).toContain('GCS_HMAC_ACCESS_KEY_ID');
    expect(noBucket.stderr).not.toContain('AWS_');
    expect(noBucket.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
    expect(noBucket.stderr + noBucket.stdout).not.toContain(KEY);

    const wrongKey = await runCli(['build', SHOP, '--out', `gs://${BUCKET}/x`, '--no-history'], { env: { ...env, GCS_HMAC_ACCESS_KEY_ID: 'GOOG1WRONG', GCS_HMAC_SECRET: 'wrong-secret-value' }, cwd: dir });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toMatch(/SYN402[\s\S]*InvalidAccessKeyId[\s\S]*Check GCS_HMAC_ACCESS_KEY_ID and GCS_HMAC_SECRET/);
    expect(wrongKey.stderr + wrongKey.stdout).not.toMatch(/wrong-secret-value|S3RVER/);
    expect(readdirSync(dir)).toEqual(['late.synth.yaml']);
  });
});
