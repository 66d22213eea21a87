import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { listFiles, REPO, runCli, tempDir } from './run-cli.js';

// s3rver ships no types; this is the part the test uses.
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
const S3rver = createRequire(import.meta.url)('s3rver') as new (options: Record<string, unknown>) => S3rverServer;

const BUCKET = 'fixtures';
const SHOP = join(REPO, 'fixtures', 'shop.synth.yaml');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** `synth build --out s3://…` end to end against a local S3-compatible server on loopback. */
describe('build to S3-compatible object storage', () => {
  let server: S3rverServer;
  let store: string;
  let env: NodeJS.ProcessEnv;
  const object = (key: string) => join(store, BUCKET, ...`${key}._S3rver_object`.split('/'));

  beforeAll(async () => {
    store = mkdtempSync(join(tmpdir(), 'synth-s3rver-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: store, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await server.run();
    env = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', SYNTH_S3_ENDPOINT: `http://127.0.0.1:${port}` };
  });
  afterAll(async () => {
    await server?.close();
    rmSync(store, { recursive: true, force: true });
  });

  it('uploads the same bytes a local build writes, and --check compares with the bucket', async () => {
    const local = tempDir();
    expect((await runCli(['build', SHOP, '--out', local], { cwd: local })).code).toBe(0);

    const r = await runCli(['build', SHOP, '--out', `s3://${BUCKET}/ci/shop`], { env, cwd: tempDir() });
    expect(r.stderr).not.toMatch(/SYN\d|error/);
    expect(r.code).toBe(0);
    const files = listFiles(local);
    expect(files.length).toBe(5);
    for (const f of files) {
      expect(r.stdout).toContain(`s3://${BUCKET}/ci/shop/${f}`);
      expect(sha(readFileSync(object(`ci/shop/${f}`)))).toBe(sha(readFileSync(join(local, f))));
    }
    // No secret in what the user sees.
    expect(r.stdout + r.stderr).not.toContain('S3RVER');

    expect((await runCli(['build', SHOP, '--out', `s3://${BUCKET}/ci/shop`, '--check'], { env })).code).toBe(0);
    const orders = files.find((f) => f.endsWith('orders.csv'))!;
    writeFileSync(object(`ci/shop/${orders}`), 'edited\n');
    const drift = await runCli(['build', SHOP, '--out', `s3://${BUCKET}/ci/shop`, '--check'], { env });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain(`changed: s3://${BUCKET}/ci/shop/${orders}`);
    expect(drift.stdout.match(/changed: /g)).toHaveLength(1);
    const elsewhere = await runCli(['build', SHOP, '--out', `s3://${BUCKET}/nothing-here`, '--check'], { env });
    expect(elsewhere.code).toBe(1);
    expect(elsewhere.stdout).toContain('missing: ');
  });

  it('fails with a diagnostic, not a stack trace, for a missing bucket or missing credentials', async () => {
    const noBucket = await runCli(['build', SHOP, '--out', 's3://no-such-bucket/x'], { env });
    expect(noBucket.code).toBe(1);
    expect(noBucket.stderr).toMatch(/SYN402[\s\S]*NoSuchBucket|SYN402[\s\S]*bucket/i);
    expect(noBucket.stderr).not.toMatch(/\n\s+at /);
    const noKeys = await runCli(['build', SHOP, '--out', `s3://${BUCKET}/x`], { env: { SYNTH_S3_ENDPOINT: env.SYNTH_S3_ENDPOINT } });
    expect(noKeys.code).toBe(2);
    expect(noKeys.stderr).toContain('AWS_ACCESS_KEY_ID');
  });
});
