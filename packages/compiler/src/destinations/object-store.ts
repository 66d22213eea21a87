import { AwsClient } from 'aws4fetch';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

/**
 * `--out s3://bucket/prefix` (docs/object-storage.md): the build writes every file to a local staging directory
 * first, and only once the whole build has succeeded are the files uploaded here, one PUT per object.
 *
 * This talks to S3 through aws4fetch (SigV4 signing over the built-in fetch) rather than unstorage's s3 driver,
 * which is built on the same aws4fetch but cannot do what a build needs (unstorage 1.17.6,
 * `drivers/s3.mjs`):
 * - it builds its `AwsClient` without `sessionToken`, so temporary credentials (`AWS_SESSION_TOKEN`: SSO,
 *   assumed roles, CI OIDC) are never sent and AWS answers 403;
 * - it turns every 404 into `null`, so a PUT into a bucket that does not exist (`NoSuchBucket`) resolves as if
 *   it had succeeded;
 * - it takes no request headers, so a streamed body cannot carry a Content-Length and goes out chunked, which
 *   S3 refuses for PUT: the whole file would have to be one Buffer, and Node 20's `readFile` stops at 2 GiB;
 * - `getItemRaw` reads the whole object into one ArrayBuffer (`--check` on a 4 GiB object needs 4 GiB);
 * - unstorage keys use `:` as separator, so `runs/12:00/a.csv` is stored as `runs/12/00/a.csv`.
 */

/** S3's limit for one PUT (5 GiB); larger objects need a multipart upload, which this does not do. */
export const MAX_SINGLE_PUT_BYTES = 5 * 1024 ** 3;

/** S3's limit on an object key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 1024;

/** Uploads/downloads in flight at once. */
const CONCURRENCY = 4;

/** Attempts for a request that failed in a way worth retrying (5xx, 429, a dropped connection). */
const ATTEMPTS = 3;

export interface ObjectTarget {
  /** `s3` (default) or `gs`: the scheme printed in URLs; both are reached through the S3 API. */
  scheme?: 's3' | 'gs';
  bucket: string;
  /** Key prefix without leading or trailing `/`; `''` for the bucket's root. */
  prefix: string;
}

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface S3Config {
  /** Base URL without a trailing `/`; objects are addressed path-style: `{endpoint}/{bucket}/{key}`. */
  endpoint: string;
  /** Where `endpoint` came from (`SYNTH_S3_ENDPOINT`, `config`, `default`, …), for error messages. */
  endpointFrom: string;
  region: string;
  /**
   * Who is behind the endpoint, for messages: `S3` (the default) or `Cloud Storage`, and the variables holding
   * its credentials (named in hints, never their values).
   */
  service?: { name: string; keyVars: string };
  /** Not enumerable: `JSON.stringify(config)` and `console.log(config)` never show it. */
  readonly credentials: S3Credentials;
}

/** What the caller (a flag, the spec) sets; it wins over the environment. */
export interface S3ConfigInput {
  endpoint?: string;
  region?: string;
}

export interface UploadFile {
  /** Key relative to the target's prefix, `/`-separated (`orders/2024.csv`). */
  key: string;
  /** A complete local file (the build's staged output). */
  localPath: string;
  /**
   * SHA-256 (hex) of the file, when the caller has it already (`AtomicFile.digest()`); read from the file
   * otherwise. Sent as the signed payload hash, so S3 refuses the PUT if the bytes it receives differ.
   */
  sha256?: string;
  contentType?: string;
}

/** A failure talking to the object store, or a bad `s3://` URL or configuration: the user's to fix. */
export class ObjectStoreError extends Error {
  override name = 'ObjectStoreError';
  /** The S3 error code (`NoSuchBucket`, `AccessDenied`, …) or the network error code (`ECONNREFUSED`). */
  readonly code?: string;
  /** `uploadFiles`: keys already replaced before the failure (PUTs are atomic per object, not per build). */
  readonly uploaded: readonly string[];

  constructor(message: string, options: { code?: string; uploaded?: readonly string[]; cause?: unknown } = {}) {
    super(message, options.cause !== undefined ? { cause: options.cause } : undefined);
    if (options.code !== undefined) this.code = options.code;
    this.uploaded = options.uploaded ?? [];
  }
}

/**
 * `s3://bucket/prefix` or `gs://bucket/prefix` → `{ scheme, bucket, prefix }`; `undefined` for anything else.
 * Throws `ObjectStoreError` for such a URL that cannot name objects (no bucket, `..` in the prefix).
 */
export function parseObjectUrl(out: string): ObjectTarget | undefined {
  const m = /^(s3|gs):\/\/([^/]*)(?:\/(.*))?$/is.exec(out);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase() as 's3' | 'gs';
  const bucket = m[2]!;
  // Lenient on purpose (legacy us-east-1 names allow capitals and `_`, GCS allows `_`): the server has the last
  // word, this only catches `s3://`, `gs:///prefix` and the like.
  if (!/^[A-Za-z0-9._-]{3,255}$/.test(bucket)) {
    throw new ObjectStoreError(`'${out}' does not name a bucket: expected ${scheme}://bucket/prefix, where the bucket name is 3-63 letters, digits, '.', '-' or '_'.`, { code: 'InvalidBucketName' });
  }
  const prefix = (m[3] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix !== '') checkKey(prefix, `the prefix of '${out}'`);
  return { scheme, bucket, prefix };
}

/** The full object key of `key` under the target's prefix. */
export function objectKey(target: ObjectTarget, key: string): string {
  return target.prefix === '' ? key : `${target.prefix}/${key}`;
}

/** `s3://bucket/prefix/key`, for messages and `BuiltFile.path`. */
export function objectUrl(target: ObjectTarget, key: string): string {
  return `${target.scheme ?? 's3'}://${target.bucket}/${objectKey(target, key)}`;
}

/**
 * Endpoint, region and credentials from the environment, the way the AWS CLI reads them:
 * `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`; `AWS_REGION` or `AWS_DEFAULT_REGION`
 * (default `us-east-1`); the endpoint from `config.endpoint`, `SYNTH_S3_ENDPOINT`, `AWS_ENDPOINT_URL_S3`,
 * `AWS_ENDPOINT_URL`, else AWS's regional endpoint. Profiles, SSO and instance roles are not read (see
 * docs/object-storage.md for exporting them). Messages name variables, never their values.
 */
export function s3Config(env: NodeJS.ProcessEnv, config: S3ConfigInput = {}): S3Config {
  const get = (name: string) => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  const accessKeyId = get('AWS_ACCESS_KEY_ID');
  const secretAccessKey = get('AWS_SECRET_ACCESS_KEY');
  const missing = [accessKeyId ? undefined : 'AWS_ACCESS_KEY_ID', secretAccessKey ? undefined : 'AWS_SECRET_ACCESS_KEY'].filter((v) => v !== undefined);
  if (missing.length > 0) {
    throw new ObjectStoreError(
      `No S3 credentials: set ${missing.join(' and ')} (and AWS_SESSION_TOKEN for temporary credentials). ` +
        `synth reads credentials only from the environment; for a profile or SSO login, export them with ` +
        `'eval "$(aws configure export-credentials --format env)"'.`,
      { code: 'MissingCredentials' },
    );
  }
  const region = config.region || get('AWS_REGION') || get('AWS_DEFAULT_REGION') || 'us-east-1';
  const sources: Array<[string, string | undefined]> = [
    ['config', config.endpoint || undefined],
    ['SYNTH_S3_ENDPOINT', get('SYNTH_S3_ENDPOINT')],
    ['AWS_ENDPOINT_URL_S3', get('AWS_ENDPOINT_URL_S3')],
    ['AWS_ENDPOINT_URL', get('AWS_ENDPOINT_URL')],
  ];
  const [endpointFrom, raw] = sources.find(([, v]) => v !== undefined) ?? ['default', `https://s3.${region}.amazonaws.com`];
  const cfg = { endpoint: checkEndpoint(raw!, endpointFrom, 'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY'), endpointFrom, region } as S3Config;
  const credentials: S3Credentials = { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey!, ...(get('AWS_SESSION_TOKEN') ? { sessionToken: get('AWS_SESSION_TOKEN')! } : {}) };
  Object.defineProperty(cfg, 'credentials', { value: credentials, enumerable: false });
  return cfg;
}

/** Google Cloud Storage's XML API, which speaks the S3 protocol to HMAC keys. */
export const GCS_ENDPOINT = 'https://storage.googleapis.com';
const GCS_KEY_VARS = 'GCS_HMAC_ACCESS_KEY_ID and GCS_HMAC_SECRET';

/**
 * `gs://`: Cloud Storage through its S3-interoperable XML API (docs/object-storage.md#google-cloud-storage), so
 * uploads and `--check` take exactly the S3 path. Signed with an HMAC key from `GCS_HMAC_ACCESS_KEY_ID` and
 * `GCS_HMAC_SECRET` (GCS has no standard variables for these; the AWS_* pair is not read, so a shell set up for
 * AWS cannot send its keys to Google); region `auto`; endpoint `SYNTH_GCS_ENDPOINT`, else storage.googleapis.com.
 */
export function gcsConfig(env: NodeJS.ProcessEnv): S3Config {
  const get = (name: string) => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  const accessKeyId = get('GCS_HMAC_ACCESS_KEY_ID');
  const secretAccessKey = get('GCS_HMAC_SECRET');
  const missing = [accessKeyId ? undefined : 'GCS_HMAC_ACCESS_KEY_ID', secretAccessKey ? undefined : 'GCS_HMAC_SECRET'].filter((v) => v !== undefined);
  if (missing.length > 0) {
    throw new ObjectStoreError(
      `No Cloud Storage HMAC key: set ${missing.join(' and ')}. Create a key for a service account with ` +
        `'gcloud storage hmac create SERVICE_ACCOUNT_EMAIL' (or in the console: Cloud Storage, Settings, Interoperability).`,
      { code: 'MissingCredentials' },
    );
  }
  const fromEnv = get('SYNTH_GCS_ENDPOINT');
  const endpointFrom = fromEnv !== undefined ? 'SYNTH_GCS_ENDPOINT' : 'default';
  const cfg = { endpoint: checkEndpoint(fromEnv ?? GCS_ENDPOINT, endpointFrom, GCS_KEY_VARS, 'Cloud Storage'), endpointFrom, region: 'auto', service: { name: 'Cloud Storage', keyVars: GCS_KEY_VARS } } as S3Config;
  Object.defineProperty(cfg, 'credentials', { value: { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! } satisfies S3Credentials, enumerable: false });
  return cfg;
}

/** The S3-compatible configuration a target's scheme calls for. */
export function objectStoreConfig(target: ObjectTarget, env: NodeJS.ProcessEnv): S3Config {
  return target.scheme === 'gs' ? gcsConfig(env) : s3Config(env);
}

export function checkEndpoint(raw: string, from: string, keyVars: string, service = 'S3'): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ObjectStoreError(`The ${service} endpoint from ${from} is not a URL: expected http(s)://host[:port].`, { code: 'InvalidEndpoint' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ObjectStoreError(`The ${service} endpoint from ${from} must be an http:// or https:// URL.`, { code: 'InvalidEndpoint' });
  }
  // The endpoint is printed in messages: keep secrets out of it rather than scrub them later.
  if (url.username || url.password) {
    throw new ObjectStoreError(`The ${service} endpoint from ${from} contains a user name or password; put credentials in ${keyVars} instead.`, { code: 'InvalidEndpoint' });
  }
  if (url.search || url.hash) {
    throw new ObjectStoreError(`The ${service} endpoint from ${from} may not have a query or fragment.`, { code: 'InvalidEndpoint' });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/**
 * Uploads complete local files, each in one PUT (atomic per object: readers see the old object or the whole new
 * one), streamed from disk with its Content-Length (memory stays flat whatever the size). Every file is checked
 * (key, existence, size ≤ `MAX_SINGLE_PUT_BYTES`) before the first PUT, so these mistakes change nothing; a
 * failure during the uploads leaves the objects already uploaded in place, listed in the error's `uploaded`.
 */
export async function uploadFiles(target: ObjectTarget, files: UploadFile[], cfg: S3Config): Promise<void> {
  const seen = new Set<string>();
  const sized: Array<UploadFile & { size: number }> = [];
  for (const f of files) {
    checkKey(objectKey(target, f.key), `key '${f.key}'`);
    if (seen.has(f.key)) throw new ObjectStoreError(`Two files upload to the same object ${objectUrl(target, f.key)}.`, { code: 'DuplicateKey' });
    seen.add(f.key);
    if (f.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(f.sha256)) throw new ObjectStoreError(`The sha256 given for '${f.key}' is not 64 lower-case hex digits.`, { code: 'InvalidDigest' });
    let size: number;
    try {
      const s = await stat(f.localPath);
      if (!s.isFile()) throw new ObjectStoreError(`'${f.localPath}' is not a file.`, { code: 'NotAFile' });
      size = s.size;
    } catch (e) {
      if (e instanceof ObjectStoreError) throw e;
      throw new ObjectStoreError(`Cannot read '${f.localPath}' to upload it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { code: (e as NodeJS.ErrnoException).code, cause: e });
    }
    if (size > MAX_SINGLE_PUT_BYTES) {
      throw new ObjectStoreError(`'${f.key}' is ${size} bytes, over S3's single-PUT limit of ${MAX_SINGLE_PUT_BYTES} bytes (5 GiB); split the output (e.g. one file per table) to upload it.`, { code: 'EntityTooLarge' });
    }
    sized.push({ ...f, size });
  }

  const client = clientOf(cfg);
  const uploaded: string[] = [];
  try {
    await eachLimited(sized, CONCURRENCY, async (f) => {
      let sha256 = f.sha256;
      try {
        sha256 ??= await hashFile(f.localPath);
      } catch (e) {
        throw new ObjectStoreError(`Cannot read '${f.localPath}' to upload it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { cause: e });
      }
      const headers: Record<string, string> = { 'content-length': String(f.size), 'x-amz-content-sha256': sha256 };
      if (f.contentType) headers['content-type'] = f.contentType;
      // A fresh stream per attempt: a retried PUT cannot reuse a consumed body.
      const res = await send(client, cfg, target, f.key, 'PUT', () => ({ headers, body: Readable.toWeb(createReadStream(f.localPath)) as unknown as ReadableStream<Uint8Array>, duplex: 'half' }));
      if (!res.ok) throw responseError(res.status, await s3ErrorOf(res), cfg, target, f.key, 'PUT');
      await res.body?.cancel();
      uploaded.push(f.key);
    });
  } catch (e) {
    if (!(e instanceof ObjectStoreError)) throw e;
    const note = uploaded.length > 0 ? ` ${uploaded.length} of ${files.length} objects were replaced before the failure; the others keep their previous contents.` : ' No object was changed.';
    throw new ObjectStoreError(e.message + note, { ...(e.code !== undefined ? { code: e.code } : {}), uploaded: [...uploaded], cause: e });
  }
}

/**
 * SHA-256 (hex) of each object, `undefined` when it does not exist: `build --check` against remote outputs.
 * Each object is downloaded and hashed as it streams, never held whole.
 */
export async function objectDigests(target: ObjectTarget, keys: string[], cfg: S3Config): Promise<Map<string, string | undefined>> {
  for (const key of keys) checkKey(objectKey(target, key), `key '${key}'`);
  const client = clientOf(cfg);
  const digests = new Map<string, string | undefined>(keys.map((k) => [k, undefined]));
  await eachLimited([...new Set(keys)], CONCURRENCY, async (key) => {
    const res = await send(client, cfg, target, key, 'GET', () => ({}));
    if (!res.ok) {
      const error = await s3ErrorOf(res);
      // A missing bucket is a configuration mistake, not a missing output.
      if (res.status === 404 && (error.code === 'NoSuchKey' || error.code === undefined)) return;
      throw responseError(res.status, error, cfg, target, key, 'GET');
    }
    const hash = createHash('sha256');
    try {
      const reader = res.body?.getReader();
      for (let r = await reader?.read(); r && !r.done; r = await reader!.read()) hash.update(r.value);
    } catch (e) {
      throw networkError(e, cfg, `GET ${objectUrl(target, key)}`);
    }
    digests.set(key, hash.digest('hex'));
  });
  return digests;
}

function clientOf(cfg: S3Config): AwsClient {
  const { accessKeyId, secretAccessKey, sessionToken } = cfg.credentials;
  // retries: 0 — `send` retries itself, with a fresh body each time.
  return new AwsClient({ accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}), service: 's3', region: cfg.region, retries: 0 });
}

/** RFC 3986 encoding of each `/`-separated segment, so the path sent is the path signed. */
function encodeKey(key: string): string {
  return key.split('/').map((s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)).join('/');
}

async function send(client: AwsClient, cfg: S3Config, target: ObjectTarget, key: string, method: 'GET' | 'PUT', init: () => RequestInit): Promise<Response> {
  const url = `${cfg.endpoint}/${encodeURIComponent(target.bucket)}/${encodeKey(objectKey(target, key))}`;
  for (let attempt = 1; ; attempt++) {
    let res: Response;
    try {
      // `manual`: a 301/307 from S3 means the wrong region or endpoint; report it instead of re-sending.
      res = await fetch(await client.sign(url, { method, redirect: 'manual', ...init() }));
    } catch (e) {
      const code = errorCode(e);
      if (attempt < ATTEMPTS && code !== undefined && RETRY_NETWORK.has(code)) {
        await backoff(attempt);
        continue;
      }
      throw networkError(e, cfg, `${method} ${objectUrl(target, key)}`);
    }
    if (attempt < ATTEMPTS && (res.status >= 500 || res.status === 429)) {
      await res.body?.cancel();
      await backoff(attempt);
      continue;
    }
    return res;
  }
}

/** Dropped connections worth another try; a refused connection or unknown host is a wrong endpoint. */
const RETRY_NETWORK = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

function backoff(attempt: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 200 * 2 ** (attempt - 1) * (0.5 + Math.random())));
}

function errorCode(e: unknown): string | undefined {
  const cause = (e as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = cause?.code ?? (e as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

function networkError(e: unknown, cfg: S3Config, what: string): ObjectStoreError {
  const code = errorCode(e);
  const detail = code ?? (e as Error)?.message ?? String(e);
  const hint = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'UND_ERR_CONNECT_TIMEOUT'
    ? ` Is the server running, and is the endpoint (from ${cfg.endpointFrom}) right?`
    : '';
  return new ObjectStoreError(`${what} failed: cannot reach the ${cfg.service?.name ?? 'S3'} endpoint ${cfg.endpoint} (${detail}).${hint}`, { ...(code !== undefined ? { code } : {}), cause: e });
}

/** The `<Code>` and `<Message>` of an S3 error response (absent for HEAD and some proxies). */
async function s3ErrorOf(res: Response): Promise<{ code?: string; message?: string }> {
  const text = await res.text().catch(() => '');
  const code = /<Code>([^<]*)<\/Code>/.exec(text)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(text)?.[1];
  return { ...(code ? { code } : {}), ...(message ? { message } : {}) };
}

function responseError(status: number, error: { code?: string; message?: string }, cfg: S3Config, target: ObjectTarget, key: string, method: string): ObjectStoreError {
  const { code, message } = error;
  const hint = hintFor(code, status, target, cfg);
  // Only the status and S3's code and message: the response body can echo the access key id and the request.
  const detail = [`${status}`, code, message?.replace(/\.$/, '')].filter(Boolean).join(' ');
  return new ObjectStoreError(`${method} ${objectUrl(target, key)} failed: ${detail}.${hint ? ` ${hint}` : ''}`, { code: code ?? `HTTP${status}` });
}

function hintFor(code: string | undefined, status: number, target: ObjectTarget, cfg: S3Config): string | undefined {
  switch (code) {
    case 'NoSuchBucket':
      return `Bucket '${target.bucket}' does not exist at ${cfg.endpoint}; synth does not create buckets.`;
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
    case 'InvalidToken':
    case 'ExpiredToken':
    case 'TokenRefreshRequired':
      return cfg.service ? `Check ${cfg.service.keyVars}.` : 'Check AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, and AWS_SESSION_TOKEN for temporary credentials.';
    case 'AuthorizationHeaderMalformed':
    case 'PermanentRedirect':
    case 'IllegalLocationConstraintException':
      if (cfg.service) break;
      return `The bucket is in another region than ${cfg.region}: set AWS_REGION to the bucket's region.`;
    case 'AccessDenied':
      return cfg.service
        ? "The HMAC key's service account needs storage.objects.create to upload (and storage.objects.delete to replace an object), and storage.objects.get plus storage.objects.list for --check."
        : 'The credentials need s3:PutObject to upload, and s3:GetObject (plus s3:ListBucket, so a missing object reads as missing) for --check.';
  }
  if (status >= 300 && status < 400) return `The endpoint redirected the request: check the endpoint (from ${cfg.endpointFrom})${cfg.service ? '' : ' and AWS_REGION'}.`;
  return undefined;
}

/** An object key synth will write: what S3 accepts, minus what is almost surely a path mistake. */
export function checkKey(key: string, what: string): void {
  const problem =
    key === '' ? 'is empty'
    : key.startsWith('/') ? "starts with '/'"
    : key.includes('\\') ? "contains '\\' (use '/' between folders)"
    : /[\u0000-\u001f\u007f]/.test(key) ? 'contains a control character'
    : key.split('/').some((s) => s === '') ? "has an empty segment ('//' or a trailing '/')"
    : key.split('/').some((s) => s === '.' || s === '..') ? "has a '.' or '..' segment"
    : Buffer.byteLength(key, 'utf8') > MAX_KEY_BYTES ? `is longer than S3's ${MAX_KEY_BYTES}-byte limit`
    : undefined;
  if (problem) throw new ObjectStoreError(`The object ${what} ${problem}.`, { code: 'InvalidKey' });
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Runs `fn` over `items`, at most `limit` at once; after the first failure starts no more, waits, rethrows it. */
export async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (!failure && next < items.length) {
      const item = items[next++]!;
      try {
        await fn(item);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure) throw failure.error;
}
