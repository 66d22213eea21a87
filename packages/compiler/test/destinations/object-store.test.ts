import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AwsClient } from 'aws4fetch';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createRequire } from 'node:module';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import {
  MAX_SINGLE_PUT_BYTES,
  ObjectStoreError,
  objectDigests,
  objectUrl,
  parseObjectUrl,
  s3Config,
  uploadFiles,
  type S3Config,
} from '../../src/destinations/object-store.js';

// s3rver ships no types; this is the part the test uses.
interface S3rverServer {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverServer;
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverClass;

const BUCKET = 'synth-test';
// s3rver knows one account, S3RVER/S3RVER, and does not check SigV4 signatures.
const CREDENTIALS = { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER' };

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function closedPort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

async function rejection(p: Promise<unknown>): Promise<ObjectStoreError> {
  const e = await p.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(ObjectStoreError);
  return e as ObjectStoreError;
}

describe('parseObjectUrl', () => {
  it.each([
    ['s3://bucket/prefix', { scheme: 's3', bucket: 'bucket', prefix: 'prefix' }],
    ['s3://my.bucket-1/runs/2024/', { scheme: 's3', bucket: 'my.bucket-1', prefix: 'runs/2024' }],
    ['s3://bucket', { scheme: 's3', bucket: 'bucket', prefix: '' }],
    ['s3://bucket/', { scheme: 's3', bucket: 'bucket', prefix: '' }],
    ['S3://bucket/a:b', { scheme: 's3', bucket: 'bucket', prefix: 'a:b' }],
    ['gs://my-bucket/runs/', { scheme: 'gs', bucket: 'my-bucket', prefix: 'runs' }],
    ['GS://my_bucket', { scheme: 'gs', bucket: 'my_bucket', prefix: '' }],
    ['azure://container/x', undefined],
    ['out', undefined],
    ['./s3/bucket', undefined],
    ['/abs/out', undefined],
  ])('%s', (out, want) => {
    expect(parseObjectUrl(out)).toEqual(want);
  });

  it.each(['s3://', 's3:///prefix', 's3://b/prefix', 's3://bucket/a/../b', 's3://bucket/a//b', 'gs://', 'gs://bucket/../x'])('refuses %s', (out) => {
    expect(() => parseObjectUrl(out)).toThrow(ObjectStoreError);
  });
});

describe('s3Config', () => {
  it('names the missing variables and never echoes a secret', () => {
    const e = (() => {
      try {
        s3Config({ AWS_SECRET_ACCESS_KEY: 'very-secret-value' });
      } catch (err) {
        return err as ObjectStoreError;
      }
    })();
    expect(e).toBeInstanceOf(ObjectStoreError);
    expect(e!.message).toContain('AWS_ACCESS_KEY_ID');
    expect(e!.message).not.toContain('AWS_SECRET_ACCESS_KEY and');
    expect(e!.message).not.toContain('very-secret-value');
    expect(() => s3Config({})).toThrow(/AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY/);
    expect(() => s3Config({ AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' })).toThrow(ObjectStoreError);
  });

  it('reads region and endpoint in order, and keeps credentials out of JSON and inspection', () => {
    const env = { ...CREDENTIALS, AWS_SECRET_ACCESS_KEY: 'very-secret-value', AWS_SESSION_TOKEN: 'token-value' };
    expect(s3Config(env)).toMatchObject({ region: 'us-east-1', endpoint: 'https://s3.us-east-1.amazonaws.com', endpointFrom: 'default' });
    expect(s3Config({ ...env, AWS_DEFAULT_REGION: 'eu-west-3' })).toMatchObject({ region: 'eu-west-3', endpoint: 'https://s3.eu-west-3.amazonaws.com' });
    expect(s3Config({ ...env, AWS_DEFAULT_REGION: 'eu-west-3', AWS_REGION: 'ap-south-1' }).region).toBe('ap-south-1');
    const all = { ...env, AWS_ENDPOINT_URL: 'http://general:1', AWS_ENDPOINT_URL_S3: 'http://s3-specific:2/', SYNTH_S3_ENDPOINT: 'http://synth:3' };
    expect(s3Config(all)).toMatchObject({ endpoint: 'http://synth:3', endpointFrom: 'SYNTH_S3_ENDPOINT' });
    expect(s3Config({ ...all, SYNTH_S3_ENDPOINT: undefined })).toMatchObject({ endpoint: 'http://s3-specific:2', endpointFrom: 'AWS_ENDPOINT_URL_S3' });
    expect(s3Config({ ...all, SYNTH_S3_ENDPOINT: '', AWS_ENDPOINT_URL_S3: '' })).toMatchObject({ endpoint: 'http://general:1', endpointFrom: 'AWS_ENDPOINT_URL' });
    expect(s3Config(all, { endpoint: 'http://flag:4', region: 'auto' })).toMatchObject({ endpoint: 'http://flag:4', region: 'auto' });

    const cfg = s3Config(env);
    expect(cfg.credentials).toEqual({ accessKeyId: 'S3RVER', secretAccessKey: 'very-secret-value', sessionToken: 'token-value' });
    expect(JSON.stringify(cfg)).not.toMatch(/very-secret-value|token-value/);
    expect(inspect(cfg)).not.toMatch(/very-secret-value|token-value/);
  });

  it('refuses an endpoint with a password without printing it', () => {
    expect(() => s3Config({ ...CREDENTIALS, SYNTH_S3_ENDPOINT: 'http://user:hunter2@minio:9000' })).toThrow(/SYNTH_S3_ENDPOINT contains a user name or password/);
    expect(() => s3Config({ ...CREDENTIALS, SYNTH_S3_ENDPOINT: 'http://user:hunter2@minio:9000' })).not.toThrow(/hunter2/);
    expect(() => s3Config({ ...CREDENTIALS, AWS_ENDPOINT_URL: 'minio:9000' })).toThrow(ObjectStoreError);
  });
});

describe('object store against s3rver', () => {
  let server: S3rverServer;
  let storeDir: string;
  let workDir: string;
  let cfg: S3Config;
  // Every byte value, several times over and not a multiple of any chunk size.
  const binary = Buffer.from(Array.from({ length: 256 * 1031 + 7 }, (_, i) => (i * 7 + (i >> 8)) % 256));
  const text = Buffer.from('id,name\n1,Zoë\n2,"Ada, Countess"\n3,日本語\n', 'utf8');
  const target = { bucket: BUCKET, prefix: 'runs/2024-06-01' };

  beforeAll(async () => {
    storeDir = mkdtempSync(join(tmpdir(), 'synth-s3rver-'));
    workDir = mkdtempSync(join(tmpdir(), 'synth-s3-out-'));
    server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: storeDir, configureBuckets: [{ name: BUCKET, configs: [] }] });
    const { port } = await server.run();
    cfg = s3Config({ ...CREDENTIALS, SYNTH_S3_ENDPOINT: `http://127.0.0.1:${port}` });
    writeFileSync(join(workDir, 'all-bytes.bin'), binary);
    writeFileSync(join(workDir, 'orders.csv'), text);
  });

  afterAll(async () => {
    await server?.close();
    rmSync(storeDir, { recursive: true, force: true });
    rmSync(workDir, { recursive: true, force: true });
  });

  it('uploads files byte for byte under the prefix', async () => {
    await uploadFiles(target, [
      { key: 'all-bytes.bin', localPath: join(workDir, 'all-bytes.bin') },
      { key: 'tables/orders.csv', localPath: join(workDir, 'orders.csv'), sha256: sha256(text), contentType: 'text/csv' },
    ], cfg);

    // Independent of the module: s3rver's files on disk ({dir}/{bucket}/{key…}._S3rver_object) …
    const onDisk = (key: string) => readFileSync(join(storeDir, BUCKET, ...`${key}._S3rver_object`.split('/')));
    expect(onDisk('runs/2024-06-01/all-bytes.bin').equals(binary)).toBe(true);
    expect(onDisk('runs/2024-06-01/tables/orders.csv').equals(text)).toBe(true);

    // … and a plain signed request with its own client: the listing and the bytes served back.
    const client = new AwsClient({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', service: 's3', region: 'us-east-1', retries: 0 });
    const listing = await (await client.fetch(`${cfg.endpoint}/${BUCKET}?list-type=2&prefix=runs/`)).text();
    expect([...listing.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => m[1]).sort()).toEqual(['runs/2024-06-01/all-bytes.bin', 'runs/2024-06-01/tables/orders.csv']);
    const served = await client.fetch(`${cfg.endpoint}/${BUCKET}/runs/2024-06-01/all-bytes.bin`);
    expect(Buffer.from(await served.arrayBuffer()).equals(binary)).toBe(true);
    const csv = await client.fetch(`${cfg.endpoint}/${BUCKET}/runs/2024-06-01/tables/orders.csv`);
    expect(csv.headers.get('content-type')).toBe('text/csv');
    expect(Buffer.from(await csv.arrayBuffer()).equals(text)).toBe(true);
  });

  it('hashes remote objects for --check, undefined when missing', async () => {
    const digests = await objectDigests(target, ['all-bytes.bin', 'tables/orders.csv', 'tables/missing.csv'], cfg);
    expect([...digests]).toEqual([
      ['all-bytes.bin', sha256(binary)],
      ['tables/orders.csv', sha256(text)],
      ['tables/missing.csv', undefined],
    ]);
  });

  it('reports a bucket that does not exist instead of succeeding silently', async () => {
    const e = await rejection(uploadFiles({ bucket: 'no-such-bucket', prefix: '' }, [{ key: 'a.csv', localPath: join(workDir, 'orders.csv') }], cfg));
    expect(e.code).toBe('NoSuchBucket');
    expect(e.message).toContain('s3://no-such-bucket/a.csv');
    const d = await rejection(objectDigests({ bucket: 'no-such-bucket', prefix: '' }, ['a.csv'], cfg));
    expect(d.code).toBe('NoSuchBucket');
  });

  it('checks every file before the first PUT: too large, missing, bad key', async () => {
    const huge = join(workDir, 'huge.bin');
    truncateSync((writeFileSync(huge, ''), huge), MAX_SINGLE_PUT_BYTES + 1); // sparse: no 5 GiB written
    const first = { key: 'first.csv', localPath: join(workDir, 'orders.csv') };
    const tooLarge = await rejection(uploadFiles(target, [first, { key: 'huge.bin', localPath: huge }], cfg));
    expect(tooLarge.code).toBe('EntityTooLarge');
    expect((await rejection(uploadFiles(target, [first, { key: 'gone.csv', localPath: join(workDir, 'gone.csv') }], cfg))).code).toBe('ENOENT');
    expect((await rejection(uploadFiles(target, [first, { key: '../escape.csv', localPath: join(workDir, 'orders.csv') }], cfg))).code).toBe('InvalidKey');
    expect((await rejection(uploadFiles(target, [first, { ...first }], cfg))).code).toBe('DuplicateKey');
    expect(existsSync(join(storeDir, BUCKET, 'runs', '2024-06-01', 'first.csv._S3rver_object'))).toBe(false);
    rmSync(huge);
  });

  it('fails fast with an ObjectStoreError when nothing listens at the endpoint', async () => {
    const closed = s3Config({ ...CREDENTIALS, SYNTH_S3_ENDPOINT: `http://127.0.0.1:${await closedPort()}` });
    const started = Date.now();
    const e = await rejection(uploadFiles(target, [{ key: 'a.csv', localPath: join(workDir, 'orders.csv') }], closed));
    expect(e.code).toBe('ECONNREFUSED');
    expect(e.message).toContain('SYNTH_S3_ENDPOINT');
    expect(e.uploaded).toEqual([]);
    expect((await rejection(objectDigests(target, ['a.csv'], closed))).code).toBe('ECONNREFUSED');
    expect(Date.now() - started).toBeLessThan(3000);
  });
});

describe('request shape', () => {
  it('signs with the session token, streams with a Content-Length, addresses path-style', async () => {
    const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; bytes: number }> = [];
    const capture = createHttpServer((req, res) => {
      let bytes = 0;
      req.on('data', (c: Buffer) => (bytes += c.length));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, bytes });
        res.end();
      });
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(join(tmpdir(), 'synth-s3-shape-'));
    try {
      writeFileSync(join(dir, 'a b+c.csv'), 'x,y\n');
      const { port } = capture.address() as AddressInfo;
      const cfg = s3Config({ ...CREDENTIALS, AWS_SESSION_TOKEN: 'session-token', SYNTH_S3_ENDPOINT: `http://127.0.0.1:${port}` });
      await uploadFiles({ bucket: 'b', prefix: 'p' }, [{ key: 'a b+c.csv', localPath: join(dir, 'a b+c.csv') }], cfg);
      expect(seen).toHaveLength(1);
      const [put] = seen;
      expect(put!.method).toBe('PUT');
      expect(put!.url).toBe('/b/p/a%20b%2Bc.csv');
      expect(put!.headers['x-amz-security-token']).toBe('session-token');
      expect(put!.headers['x-amz-content-sha256']).toBe(sha256(Buffer.from('x,y\n')));
      expect(put!.headers['content-length']).toBe('4');
      expect(put!.headers['transfer-encoding']).toBeUndefined();
      expect(put!.bytes).toBe(4);
      expect(objectUrl({ bucket: 'b', prefix: 'p' }, 'a b+c.csv')).toBe('s3://b/p/a b+c.csv');
    } finally {
      capture.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('retries a 503 with a fresh body, and lists what was replaced when one PUT is refused', async () => {
    const attempts = new Map<string, number>();
    const server = createHttpServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const n = (attempts.get(req.url!) ?? 0) + 1;
        attempts.set(req.url!, n);
        if (req.url === '/b/flaky.csv' && n === 1) {
          res.statusCode = 503;
          res.end('<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Reduce your request rate.</Message></Error>');
        } else if (req.url === '/b/denied.csv') {
          res.statusCode = 403;
          res.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Access Denied</Message><AWSAccessKeyId>S3RVER</AWSAccessKeyId></Error>');
        } else {
          res.statusCode = Buffer.concat(chunks).toString() === 'x,y\n' ? 200 : 400;
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const dir = mkdtempSync(join(tmpdir(), 'synth-s3-retry-'));
    try {
      const file = join(dir, 'f.csv');
      writeFileSync(file, 'x,y\n');
      const { port } = server.address() as AddressInfo;
      const cfg = s3Config({ ...CREDENTIALS, SYNTH_S3_ENDPOINT: `http://127.0.0.1:${port}` });
      await uploadFiles({ bucket: 'b', prefix: '' }, [{ key: 'flaky.csv', localPath: file }], cfg);
      expect(attempts.get('/b/flaky.csv')).toBe(2);

      const e = await rejection(uploadFiles({ bucket: 'b', prefix: '' }, ['one.csv', 'denied.csv', 'two.csv'].map((key) => ({ key, localPath: file })), cfg));
      expect(e.code).toBe('AccessDenied');
      expect([...e.uploaded].sort()).toEqual(['one.csv', 'two.csv']);
      expect(e.message).toContain('PUT s3://b/denied.csv failed: 403 AccessDenied Access Denied.');
      expect(e.message).toContain('2 of 3 objects were replaced');
      expect(e.message).not.toContain('S3RVER');
    } finally {
      server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
