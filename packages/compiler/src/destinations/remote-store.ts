import { azureConfig, blobDigests, blobUrl, parseAzureUrl, uploadBlobs, type AzureTarget } from './azure-blob-store.js';
import { objectDigests, objectStoreConfig, objectUrl, parseObjectUrl, uploadFiles, type ObjectTarget, type UploadFile } from './object-store.js';

export { OBJECT_SCHEMES, OBJECT_SCHEMES_TEXT, pathKind, type ObjectScheme, type PathKind } from './path-kind.js';

/** A parsed object store URL, before credentials are read. */
export type RemoteUrl = { kind: 's3'; target: ObjectTarget } | { kind: 'azure'; target: AzureTarget };

/**
 * `s3://`, `gs://`, `azure://`, `az://` URL → its target; `undefined` for anything else. Throws `ObjectStoreError`
 * when the URL cannot name objects (no bucket or container, `..` in the prefix).
 */
export function parseRemoteUrl(url: string): RemoteUrl | undefined {
  const object = parseObjectUrl(url);
  if (object) return { kind: 's3', target: object };
  const azure = parseAzureUrl(url);
  if (azure) return { kind: 'azure', target: azure };
  return undefined;
}

/** Where a build uploads its staged files: one interface over S3 (and GCS through it) and Azure Blob. */
export interface RemoteStore {
  /** The URL of a key, for messages and `BuiltFile.path`. */
  url(key: string): string;
  /** Uploads complete files, each atomically; see `uploadFiles`. Throws `ObjectStoreError`. */
  upload(files: UploadFile[]): Promise<void>;
  /** SHA-256 of each object, `undefined` when missing. Throws `ObjectStoreError`. */
  digests(keys: string[]): Promise<Map<string, string | undefined>>;
  /** What to check when a transfer fails: names settings, never their values. */
  readonly hint: string;
}

/**
 * The store for a parsed URL, with credentials and endpoint from the environment. Throws `ObjectStoreError` when
 * they are missing or malformed, before anything is generated.
 */
export function remoteStore(url: RemoteUrl, env: NodeJS.ProcessEnv): RemoteStore {
  if (url.kind === 'azure') {
    const cfg = azureConfig(env);
    const target = url.target;
    return {
      url: (key) => blobUrl(target, key),
      upload: (files) => uploadBlobs(target, files, cfg),
      digests: (keys) => blobDigests(target, keys, cfg),
      hint: `Check the container, the endpoint and ${cfg.keyVars} (docs/object-storage.md#azure-blob-storage).`,
    };
  }
  const target = url.target;
  const cfg = objectStoreConfig(target, env);
  return {
    url: (key) => objectUrl(target, key),
    upload: (files) => uploadFiles(target, files, cfg),
    digests: (keys) => objectDigests(target, keys, cfg),
    hint: target.scheme === 'gs'
      ? 'Check the bucket, the endpoint and GCS_HMAC_ACCESS_KEY_ID / GCS_HMAC_SECRET (docs/object-storage.md#google-cloud-storage).'
      : 'Check the bucket, the endpoint and the AWS_* credentials (docs/object-storage.md).',
  };
}
