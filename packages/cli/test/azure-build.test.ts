import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { BlobServiceClient, StorageSharedKeyCredential, type ContainerClient } from '@azure/storage-blob';
import { listFiles, REPO, runCli, tempDir, writeLateFailingSpec } from './run-cli.js';

const SHOP = join(REPO, 'fixtures', 'shop.synth.yaml');
// Azurite's well-known development account (public, documented by Microsoft): not a secret, but treated as one.
const ACCOUNT = 'devstoreaccount1';
const KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';
const CONTAINER = 'fixtures';
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/**
 * Starts Azurite's Blob service on 127.0.0.1 with an ephemeral port, in memory, without telemetry (it would
 * otherwise call Application Insights), and returns its endpoint once it listens; bounded in time.
 */
async function startAzurite(): Promise<{ child: ChildProcess; endpoint: string }> {
  const main = createRequire(import.meta.url).resolve('azurite/dist/src/blob/main.js');
  const child = spawn(process.execPath, [main, '--blobHost', '127.0.0.1', '--blobPort', '0', '--inMemoryPersistence', '--disableTelemetry', '--silent', '--skipApiVersionCheck', '--loose'], { cwd: tempDir('synth-azurite-'), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const endpoint = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`Azurite did not start in 20 s: ${out}`)), 20_000);
    const seen = (d: Buffer) => {
      out += d.toString();
      const m = /listens on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(`${m[1]}/${ACCOUNT}`);
      }
    };
    child.stdout!.on('data', seen);
    child.stderr!.on('data', seen);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Azurite exited (${code}): ${out}`));
    });
  });
  return { child, endpoint };
}

/** `synth build --out azure://…` end to end against Azurite (the Azure Storage emulator) on loopback. */
describe('build to Azure Blob Storage (azure://, az://)', () => {
  let azurite: ChildProcess | undefined;
  let endpoint: string;
  let container: ContainerClient;
  let env: NodeJS.ProcessEnv;
  const blob = async (name: string) => (await container.getBlockBlobClient(name).downloadToBuffer());

  beforeAll(async () => {
    ({ child: azurite, endpoint } = await startAzurite());
    container = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(ACCOUNT, KEY)).getContainerClient(CONTAINER);
    // synth creates no containers: the test does, as an operator would.
    await container.create();
    env = { AZURE_STORAGE_ACCOUNT: ACCOUNT, AZURE_STORAGE_KEY: KEY, SYNTH_AZURE_BLOB_ENDPOINT: endpoint, XDG_DATA_HOME: process.env.XDG_DATA_HOME };
  }, 30_000);
  afterAll(async () => {
    azurite?.kill('SIGTERM');
    if (azurite && azurite.exitCode === null) await new Promise((r) => azurite!.once('exit', r));
  });

  it('uploads the bytes a local build writes, and --check compares with the container', async () => {
    const local = tempDir();
    expect((await runCli(['build', SHOP, '--out', local, '--no-history'], { cwd: local })).code).toBe(0);
    const files = listFiles(local);
    expect(files.length).toBe(5);

    const cwd = tempDir();
    const r = await runCli(['build', SHOP, '--out', `azure://${CONTAINER}/ci/shop/`, '--log-level', 'debug', '--log-format', 'json'], { env, cwd });
    expect(r.stderr).not.toMatch(/SYN\d/);
    expect(r.code).toBe(0);
    for (const f of files) {
      expect(r.stdout).toContain(`azure://${CONTAINER}/ci/shop/${f}`);
      expect(sha(await blob(`ci/shop/${f}`))).toBe(sha(readFileSync(join(local, f))));
    }
    // Nothing local (no folder named 'azure:'), and no key in what the user sees, debug logs included.
    expect(readdirSync(cwd)).toEqual([]);
    expect(r.stdout + r.stderr).not.toContain(KEY);

    expect((await runCli(['build', SHOP, '--out', `azure://${CONTAINER}/ci/shop`, '--check'], { env, cwd })).code).toBe(0);
    const orders = files.find((f) => f.endsWith('orders.csv'))!;
    await container.getBlockBlobClient(`ci/shop/${orders}`).upload('edited\n', 7);
    const drift = await runCli(['build', SHOP, '--out', `azure://${CONTAINER}/ci/shop`, '--check'], { env, cwd });
    expect(drift.code).toBe(1);
    expect(drift.stdout).toContain(`changed: azure://${CONTAINER}/ci/shop/${orders}`);
    expect(drift.stdout.match(/changed: /g)).toHaveLength(1);
    expect((await runCli(['build', SHOP, '--out', `azure://${CONTAINER}/elsewhere`, '--check'], { env, cwd })).stdout).toContain(`missing: azure://${CONTAINER}/elsewhere/`);
    expect(readdirSync(cwd)).toEqual([]);
  }, 30_000);

  it('reads a connection string, and az:// is the same store', async () => {
    const cs = `DefaultEndpointsProtocol=http;AccountName=${ACCOUNT};AccountKey=${KEY};BlobEndpoint=${endpoint};`;
    const r = await runCli(['build', SHOP, '--out', `az://${CONTAINER}/cs`, '--format', 'jsonl', '--rows', '20', '--no-history'], { env: { AZURE_STORAGE_CONNECTION_STRING: cs }, cwd: tempDir() });
    expect(r.stderr).not.toMatch(/SYN\d/);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`az://${CONTAINER}/cs/customers.jsonl`);
    expect((await blob('cs/customers.jsonl')).toString().split('\n').filter(Boolean)).toHaveLength(20);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('uploads nothing when the build fails, and reports a missing container or a wrong key without a stack or the key', async () => {
    const dir = tempDir();
    writeLateFailingSpec(dir);
    const failed = await runCli(['build', 'late.synth.yaml', '--out', `azure://${CONTAINER}/late`, '--no-history'], { env, cwd: dir });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/SYN4\d\d/);
    const late: string[] = [];
    for await (const b of container.listBlobsFlat({ prefix: 'late/' })) late.push(b.name);
    expect(late).toEqual([]);

    const noContainer = await runCli(['build', SHOP, '--out', 'azure://no-such-container/x', '--no-history'], { env, cwd: dir });
    expect(noContainer.code).toBe(1);
    expect(noContainer.stderr).toMatch(/SYN402[\s\S]*ContainerNotFound[\s\S]*synth does not create containers/);
    expect(await new BlobServiceClient(endpoint, new StorageSharedKeyCredential(ACCOUNT, KEY)).getContainerClient('no-such-container').exists()).toBe(false);

    const wrongKey = `${KEY.slice(0, -8)}AAAAAAA=`;
    const denied = await runCli(['build', SHOP, '--out', `azure://${CONTAINER}/denied`, '--no-history'], { env: { ...env, AZURE_STORAGE_KEY: wrongKey }, cwd: dir });
    expect(denied.code).toBe(1);
    expect(denied.stderr).toMatch(/SYN402[\s\S]*403[\s\S]*Check AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY/);
    expect(denied.stdout + denied.stderr).not.toContain(wrongKey);

    const refused = await runCli(['build', SHOP, '--out', `azure://${CONTAINER}/x`, '--no-history'], { env: { ...env, SYNTH_AZURE_BLOB_ENDPOINT: 'http://127.0.0.1:9/devstoreaccount1' }, cwd: dir });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/SYN402[\s\S]*ECONNREFUSED[\s\S]*SYNTH_AZURE_BLOB_ENDPOINT/);
    for (const r of [failed, noContainer, denied, refused]) expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
    expect(readdirSync(dir)).toEqual(['late.synth.yaml']);
  }, 30_000);
});
