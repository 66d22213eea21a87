import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { BlobServiceClient, ContainerClient, StoragePipelineOptions } from '@azure/storage-blob';
import { checkEndpoint, checkKey, eachLimited, ObjectStoreError, type UploadFile } from './object-store.js';

/**
 * `--out azure://container/prefix` (or `az://`): Azure Blob Storage (docs/object-storage.md#azure-blob-storage).
 * Same contract as `s3://`: the build is staged locally, and only a complete build is uploaded, one blob per file.
 *
 * This calls @azure/storage-blob (the maintained SDK, the peer dependency of unstorage's azure-storage-blob driver)
 * directly rather than through that driver, which does not meet a build's needs (unstorage 1.17.6,
 * `drivers/azure-storage-blob.mjs`, tried against Azurite 3.35):
 * - its first call fires `containerClient.createIfNotExists()` without awaiting it: it creates a container that a
 *   typo named (synth creates no buckets or containers), and when that request fails (a wrong key, a refused
 *   connection) the rejection is unhandled and kills the process with a stack trace;
 * - it imports `@azure/identity` statically, a second large peer dependency, even for a connection string;
 * - `setItemRaw` sends the whole file as one Buffer (memory = file size), and `getItemRaw` swallows every error
 *   into `null`, so a missing container or a refused key would read as a missing object under `--check`;
 * - used through `createStorage`, keys are `:`-separated, so `runs/a.csv` becomes the blob `runs:a.csv`.
 * The SDK's `uploadFile` streams from disk in one Put Blob, or for large files in blocks committed by one Put Block
 * List: either way a reader sees the previous blob or the whole new one.
 */

/** Files uploaded at once; each large one is sent in `BLOCK_CONCURRENCY` blocks at a time. */
const CONCURRENCY = 4;
const BLOCK_CONCURRENCY = 2;
const BLOCK_BYTES = 8 * 1024 * 1024;

/** Azurite's well-known development account, for `UseDevelopmentStorage=true`. */
const DEV_ENDPOINT = 'http://127.0.0.1:10000/devstoreaccount1';

export interface AzureTarget {
  /** As the user wrote it (`azure` or `az`), for URLs in messages. */
  scheme: 'azure' | 'az';
  container: string;
  /** Blob name prefix without leading or trailing `/`; `''` for the container's root. */
  prefix: string;
}

export type AzureCredentials = { connectionString: string } | { account: string; accountKey: string };

export interface AzureConfig {
  /** The Blob service URL (no secrets: a SAS stays in the credentials), for messages. */
  endpoint: string;
  /** Where the endpoint came from, for messages. */
  endpointFrom: string;
  /** The variables holding the credentials, named in hints (never their values). */
  keyVars: string;
  /** Not enumerable: `JSON.stringify(config)` and `console.log(config)` never show it. */
  readonly credentials: AzureCredentials;
}

/**
 * `azure://container/prefix` or `az://container/prefix` → the target; `undefined` for anything else. Throws
 * `ObjectStoreError` for a URL that cannot name blobs (no or an invalid container, `..` in the prefix).
 */
export function parseAzureUrl(out: string): AzureTarget | undefined {
  const m = /^(azure|az):\/\/([^/]*)(?:\/(.*))?$/is.exec(out);
  if (!m) return undefined;
  const scheme = m[1]!.toLowerCase() as 'azure' | 'az';
  const container = m[2]!;
  // Azure's own rule, checked here because the service answers a bad name with a bare 400.
  if (!/^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$/.test(container) && container !== '$root' && container !== '$web') {
    throw new ObjectStoreError(
      `'${out}' does not name a container: expected ${scheme}://container/prefix, where the container name is 3-63 lower-case letters, digits and single '-' between them.`,
      { code: 'InvalidContainerName' },
    );
  }
  const prefix = (m[3] ?? '').replace(/^\/+|\/+$/g, '');
  if (prefix !== '') checkKey(prefix, `the prefix of '${out}'`);
  return { scheme, container, prefix };
}

function blobName(target: AzureTarget, key: string): string {
  return target.prefix === '' ? key : `${target.prefix}/${key}`;
}

/** `azure://container/prefix/key`, for messages and `BuiltFile.path`. */
export function blobUrl(target: AzureTarget, key: string): string {
  return `${target.scheme}://${target.container}/${blobName(target, key)}`;
}

/**
 * Credentials from the environment, under the names the Azure CLI reads: `AZURE_STORAGE_CONNECTION_STRING`, else
 * `AZURE_STORAGE_ACCOUNT` with `AZURE_STORAGE_KEY` (endpoint `SYNTH_AZURE_BLOB_ENDPOINT`, else
 * `https://ACCOUNT.blob.core.windows.net`). Messages name variables, never their values.
 */
export function azureConfig(env: NodeJS.ProcessEnv): AzureConfig {
  const get = (name: string) => (env[name] !== undefined && env[name] !== '' ? env[name] : undefined);
  const connectionString = get('AZURE_STORAGE_CONNECTION_STRING');
  if (connectionString !== undefined) {
    const endpoint = connectionStringEndpoint(connectionString);
    const cfg = { endpoint, endpointFrom: 'AZURE_STORAGE_CONNECTION_STRING', keyVars: 'AZURE_STORAGE_CONNECTION_STRING' } as AzureConfig;
    Object.defineProperty(cfg, 'credentials', { value: { connectionString }, enumerable: false });
    return cfg;
  }
  const account = get('AZURE_STORAGE_ACCOUNT');
  const accountKey = get('AZURE_STORAGE_KEY');
  if (account === undefined || accountKey === undefined) {
    const missing = [account ? undefined : 'AZURE_STORAGE_ACCOUNT', accountKey ? undefined : 'AZURE_STORAGE_KEY'].filter((v) => v !== undefined);
    throw new ObjectStoreError(
      `No Azure Storage credentials: set AZURE_STORAGE_CONNECTION_STRING, or ${missing.join(' and ')}${missing.length === 1 ? ' as well' : ''}. ` +
        `synth reads credentials only from the environment; 'az storage account show-connection-string -n ACCOUNT' prints a connection string.`,
      { code: 'MissingCredentials' },
    );
  }
  if (!/^[a-z0-9]{3,24}$/.test(account)) {
    throw new ObjectStoreError('AZURE_STORAGE_ACCOUNT is not a storage account name (3-24 lower-case letters and digits).', { code: 'InvalidAccount' });
  }
  const keyVars = 'AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY';
  const fromEnv = get('SYNTH_AZURE_BLOB_ENDPOINT');
  const endpointFrom = fromEnv !== undefined ? 'SYNTH_AZURE_BLOB_ENDPOINT' : 'default';
  const endpoint = checkEndpoint(fromEnv ?? `https://${account}.blob.core.windows.net`, endpointFrom, keyVars, 'Azure Blob');
  const cfg = { endpoint, endpointFrom, keyVars } as AzureConfig;
  Object.defineProperty(cfg, 'credentials', { value: { account, accountKey }, enumerable: false });
  return cfg;
}

/**
 * The Blob endpoint a connection string names, checked before any request: the SDK's own parse errors are vague
 * ("Invalid URL"), and this says what is missing without echoing the string (it holds the key).
 */
function connectionStringEndpoint(cs: string): string {
  const fields = new Map<string, string>();
  for (const part of cs.split(';')) {
    const at = part.indexOf('=');
    if (part.trim() === '') continue;
    if (at <= 0) throw invalidConnectionString('every part must be Name=value, separated by ;');
    fields.set(part.slice(0, at).trim().toLowerCase(), part.slice(at + 1).trim());
  }
  if (fields.get('usedevelopmentstorage')?.toLowerCase() === 'true') return DEV_ENDPOINT;
  const account = fields.get('accountname');
  if (!fields.get('accountkey') && !fields.get('sharedaccesssignature')) throw invalidConnectionString('it has neither AccountKey nor SharedAccessSignature');
  if (fields.get('accountkey') && !account) throw invalidConnectionString('it has an AccountKey but no AccountName');
  const explicit = fields.get('blobendpoint');
  if (explicit) return checkEndpoint(explicit, 'the BlobEndpoint of AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONNECTION_STRING', 'Azure Blob');
  if (!account) throw invalidConnectionString('it names neither a BlobEndpoint nor an AccountName');
  const protocol = fields.get('defaultendpointsprotocol') ?? 'https';
  const suffix = fields.get('endpointsuffix') ?? 'core.windows.net';
  return checkEndpoint(`${protocol}://${account}.blob.${suffix}`, 'AZURE_STORAGE_CONNECTION_STRING', 'AZURE_STORAGE_CONNECTION_STRING', 'Azure Blob');
}

function invalidConnectionString(why: string): ObjectStoreError {
  return new ObjectStoreError(`AZURE_STORAGE_CONNECTION_STRING is not a storage connection string: ${why}.`, { code: 'InvalidConnectionString' });
}

/**
 * The SDK retries a 500, a 503 and network errors (a refused connection too); 3 tries with short delays instead of
 * its default 4 tries from 4 s, so a wrong endpoint is reported in about a second.
 */
const PIPELINE: StoragePipelineOptions = { retryOptions: { maxTries: 3, retryDelayInMs: 200, maxRetryDelayInMs: 2000 } };

async function containerOf(target: AzureTarget, cfg: AzureConfig): Promise<ContainerClient> {
  const sdk = await import('@azure/storage-blob');
  const creds = cfg.credentials;
  let service: BlobServiceClient;
  try {
    service = 'connectionString' in creds
      ? sdk.BlobServiceClient.fromConnectionString(creds.connectionString, PIPELINE)
      : new sdk.BlobServiceClient(cfg.endpoint, new sdk.StorageSharedKeyCredential(creds.account, creds.accountKey), PIPELINE);
  } catch {
    // The SDK's message can quote the connection string.
    throw invalidConnectionString('the Azure SDK cannot read it');
  }
  return service.getContainerClient(target.container);
}

/**
 * Uploads complete local files, one blob each, streamed from disk (memory stays flat whatever the size). Every
 * file is checked (key, existence) before the first request, so these mistakes change nothing; a failure during
 * the uploads leaves the blobs already uploaded in place, listed in the error's `uploaded`.
 */
export async function uploadBlobs(target: AzureTarget, files: UploadFile[], cfg: AzureConfig): Promise<void> {
  const seen = new Set<string>();
  for (const f of files) {
    checkKey(blobName(target, f.key), `key '${f.key}'`);
    if (seen.has(f.key)) throw new ObjectStoreError(`Two files upload to the same blob ${blobUrl(target, f.key)}.`, { code: 'DuplicateKey' });
    seen.add(f.key);
    try {
      if (!(await stat(f.localPath)).isFile()) throw new ObjectStoreError(`'${f.localPath}' is not a file.`, { code: 'NotAFile' });
    } catch (e) {
      if (e instanceof ObjectStoreError) throw e;
      throw new ObjectStoreError(`Cannot read '${f.localPath}' to upload it: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`, { code: (e as NodeJS.ErrnoException).code, cause: e });
    }
  }
  const container = await containerOf(target, cfg);
  const uploaded: string[] = [];
  try {
    await eachLimited(files, CONCURRENCY, async (f) => {
      try {
        await container.getBlockBlobClient(blobName(target, f.key)).uploadFile(f.localPath, {
          blockSize: BLOCK_BYTES,
          concurrency: BLOCK_CONCURRENCY,
          ...(f.contentType ? { blobHTTPHeaders: { blobContentType: f.contentType } } : {}),
        });
      } catch (e) {
        throw azureError(e, cfg, target, f.key, 'PUT');
      }
      uploaded.push(f.key);
    });
  } catch (e) {
    if (!(e instanceof ObjectStoreError)) throw e;
    const note = uploaded.length > 0 ? ` ${uploaded.length} of ${files.length} blobs were replaced before the failure; the others keep their previous contents.` : ' No blob was changed.';
    throw new ObjectStoreError(e.message + note, { ...(e.code !== undefined ? { code: e.code } : {}), uploaded: [...uploaded], cause: e });
  }
}

/** SHA-256 (hex) of each blob, `undefined` when it does not exist: `build --check`. Hashed as it streams. */
export async function blobDigests(target: AzureTarget, keys: string[], cfg: AzureConfig): Promise<Map<string, string | undefined>> {
  for (const key of keys) checkKey(blobName(target, key), `key '${key}'`);
  const container = await containerOf(target, cfg);
  const digests = new Map<string, string | undefined>(keys.map((k) => [k, undefined]));
  await eachLimited([...new Set(keys)], CONCURRENCY, async (key) => {
    const hash = createHash('sha256');
    try {
      const res = await container.getBlockBlobClient(blobName(target, key)).download();
      for await (const chunk of res.readableStreamBody ?? []) hash.update(chunk as Buffer);
    } catch (e) {
      // A missing container is a configuration mistake, not a missing output.
      if (restError(e).code === 'BlobNotFound') return;
      throw azureError(e, cfg, target, key, 'GET');
    }
    digests.set(key, hash.digest('hex'));
  });
  return digests;
}

function restError(e: unknown): { status?: number; code?: string; message?: string } {
  const r = e as { statusCode?: unknown; code?: unknown; message?: unknown } | undefined;
  return {
    ...(typeof r?.statusCode === 'number' ? { status: r.statusCode } : {}),
    ...(typeof r?.code === 'string' ? { code: r.code } : {}),
    ...(typeof r?.message === 'string' ? { message: r.message } : {}),
  };
}

function azureError(e: unknown, cfg: AzureConfig, target: AzureTarget, key: string, method: string): ObjectStoreError {
  if (e instanceof ObjectStoreError) return e;
  const { status, code, message } = restError(e);
  const what = `${method} ${blobUrl(target, key)}`;
  if (status === undefined) {
    // No answer from the service: a refused connection, an unknown host, a reset.
    const reach = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' ? ` Is the server running, and is the endpoint (from ${cfg.endpointFrom}) right?` : '';
    return new ObjectStoreError(`${what} failed: cannot reach the Azure Blob endpoint ${cfg.endpoint} (${code ?? 'no response'}).${reach}`, { ...(code !== undefined ? { code } : {}), cause: e });
  }
  // Only the status, the service's code and the first line of its message (the rest is request ids and times).
  const detail = [`${status}`, code, message?.split('\n')[0]?.replace(/\.$/, '')].filter(Boolean).join(' ');
  const hint = hintFor(code, status, target, cfg);
  return new ObjectStoreError(`${what} failed: ${detail}.${hint ? ` ${hint}` : ''}`, { code: code ?? `HTTP${status}` });
}

function hintFor(code: string | undefined, status: number, target: AzureTarget, cfg: AzureConfig): string | undefined {
  switch (code) {
    case 'ContainerNotFound':
      return `Container '${target.container}' does not exist at ${cfg.endpoint}; synth does not create containers.`;
    case 'AuthenticationFailed':
    case 'AuthorizationFailure':
    case 'InvalidAuthenticationInfo':
      return `Check ${cfg.keyVars}.`;
    case 'AuthorizationPermissionMismatch':
    case 'AuthorizationResourceTypeMismatch':
      return 'The credentials need write (create) permission on the container to upload, and read for --check.';
  }
  return status === 403 ? `Check ${cfg.keyVars}.` : undefined;
}
