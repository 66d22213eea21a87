import { describe, expect, it } from '@jest/globals';
import { inspect } from 'node:util';
import { azureConfig, blobUrl, parseAzureUrl } from '../../src/destinations/azure-blob-store.js';
import { gcsConfig, ObjectStoreError } from '../../src/destinations/object-store.js';
import { pathKind } from '../../src/destinations/path-kind.js';
import { parseRemoteUrl, remoteStore } from '../../src/destinations/remote-store.js';

const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/** The message of what `fn` throws (it must throw an ObjectStoreError). */
function thrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ObjectStoreError);
    return (e as Error).message;
  }
  throw new Error('did not throw');
}

describe('pathKind', () => {
  it.each([
    ['out', 'linux', { kind: 'local' }],
    ['./gs://x', 'linux', { kind: 'local' }],
    ['/abs/out', 'linux', { kind: 'local' }],
    ['out/run:1', 'linux', { kind: 'local' }],
    ['s3://b/p', 'linux', { kind: 'object', scheme: 's3' }],
    ['GS://b/p', 'linux', { kind: 'object', scheme: 'gs' }],
    ['azure://c/p', 'linux', { kind: 'object', scheme: 'azure' }],
    ['az://c', 'linux', { kind: 'object', scheme: 'az' }],
    ['s3:b', 'linux', { kind: 'url', scheme: 's3' }],
    ['ftp://h/x', 'linux', { kind: 'url', scheme: 'ftp' }],
    ['file:///tmp/x', 'linux', { kind: 'url', scheme: 'file' }],
    ['c:/data', 'linux', { kind: 'url', scheme: 'c' }],
    ['c:/data', 'win32', { kind: 'local' }],
    ['C:\\data', 'win32', { kind: 'local' }],
    ['ftp://h/x', 'win32', { kind: 'url', scheme: 'ftp' }],
  ] as const)('%s on %s', (path, platform, want) => {
    expect(pathKind(path, platform)).toEqual(want);
  });
});

describe('gcsConfig', () => {
  it('reads the HMAC key, defaults to storage.googleapis.com and region auto, and hides the secret', () => {
    const cfg = gcsConfig({ GCS_HMAC_ACCESS_KEY_ID: 'GOOG1EXAMPLE', GCS_HMAC_SECRET: 'very-secret-value', AWS_ACCESS_KEY_ID: 'aws', AWS_SECRET_ACCESS_KEY: 'aws' });
    expect(cfg).toMatchObject({ endpoint: 'https://storage.googleapis.com', endpointFrom: 'default', region: 'auto' });
    expect(cfg.credentials).toEqual({ accessKeyId: 'GOOG1EXAMPLE', secretAccessKey: 'very-secret-value' });
    expect(JSON.stringify(cfg) + inspect(cfg)).not.toContain('very-secret-value');
    expect(gcsConfig({ GCS_HMAC_ACCESS_KEY_ID: 'k', GCS_HMAC_SECRET: 's', SYNTH_GCS_ENDPOINT: 'http://127.0.0.1:9/' })).toMatchObject({ endpoint: 'http://127.0.0.1:9', endpointFrom: 'SYNTH_GCS_ENDPOINT' });
  });

  it('does not fall back to the AWS variables, and names only what is missing', () => {
    const m = thrown(() => gcsConfig({ AWS_ACCESS_KEY_ID: 'aws', AWS_SECRET_ACCESS_KEY: 'aws-secret', GCS_HMAC_SECRET: 'gcs-secret' }));
    expect(m).toContain('GCS_HMAC_ACCESS_KEY_ID');
    expect(m).not.toMatch(/GCS_HMAC_SECRET|aws-secret|gcs-secret/);
    expect(thrown(() => gcsConfig({ GCS_HMAC_ACCESS_KEY_ID: 'k', GCS_HMAC_SECRET: 's', SYNTH_GCS_ENDPOINT: 'http://u:hunter2@h' }))).not.toContain('hunter2');
  });
});

describe('parseAzureUrl', () => {
  it.each([
    ['azure://data/shop/', { scheme: 'azure', container: 'data', prefix: 'shop' }],
    ['AZ://data-2024', { scheme: 'az', container: 'data-2024', prefix: '' }],
    ['azure://$web/site', { scheme: 'azure', container: '$web', prefix: 'site' }],
    ['s3://data/x', undefined],
  ])('%s', (url, want) => {
    expect(parseAzureUrl(url)).toEqual(want);
  });

  it.each(['azure://', 'azure:///x', 'azure://ab/x', 'azure://Data/x', 'azure://a--b/x', 'azure://-ab/x', 'azure://data/../x', 'az://data/a//b'])('refuses %s', (url) => {
    thrown(() => parseAzureUrl(url));
  });

  it('prints blob URLs in the scheme the user wrote', () => {
    expect(blobUrl({ scheme: 'az', container: 'c0n', prefix: 'p' }, 'a/b.csv')).toBe('az://c0n/p/a/b.csv');
    expect(blobUrl({ scheme: 'azure', container: 'c0n', prefix: '' }, 'a.csv')).toBe('azure://c0n/a.csv');
  });
});

describe('azureConfig', () => {
  it('prefers a connection string and takes its BlobEndpoint, never showing the key', () => {
    const cs = `DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=${AZURITE_KEY};BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;`;
    const cfg = azureConfig({ AZURE_STORAGE_CONNECTION_STRING: cs, AZURE_STORAGE_ACCOUNT: 'other', AZURE_STORAGE_KEY: 'x' });
    expect(cfg).toMatchObject({ endpoint: 'http://127.0.0.1:10000/devstoreaccount1', keyVars: 'AZURE_STORAGE_CONNECTION_STRING' });
    expect(JSON.stringify(cfg) + inspect(cfg)).not.toContain(AZURITE_KEY);
    expect(azureConfig({ AZURE_STORAGE_CONNECTION_STRING: `AccountName=acct1;AccountKey=${AZURITE_KEY};EndpointSuffix=core.chinacloudapi.cn` }).endpoint).toBe('https://acct1.blob.core.chinacloudapi.cn');
    expect(azureConfig({ AZURE_STORAGE_CONNECTION_STRING: 'UseDevelopmentStorage=true' }).endpoint).toBe('http://127.0.0.1:10000/devstoreaccount1');
  });

  it('reads an account name and key, with an endpoint override', () => {
    expect(azureConfig({ AZURE_STORAGE_ACCOUNT: 'acct1', AZURE_STORAGE_KEY: AZURITE_KEY })).toMatchObject({ endpoint: 'https://acct1.blob.core.windows.net', endpointFrom: 'default' });
    const local = azureConfig({ AZURE_STORAGE_ACCOUNT: 'devstoreaccount1', AZURE_STORAGE_KEY: AZURITE_KEY, SYNTH_AZURE_BLOB_ENDPOINT: 'http://127.0.0.1:10000/devstoreaccount1/' });
    expect(local).toMatchObject({ endpoint: 'http://127.0.0.1:10000/devstoreaccount1', endpointFrom: 'SYNTH_AZURE_BLOB_ENDPOINT' });
    expect(inspect(local) + JSON.stringify(local)).not.toContain(AZURITE_KEY);
  });

  it.each([
    [{}, /AZURE_STORAGE_CONNECTION_STRING, or AZURE_STORAGE_ACCOUNT and AZURE_STORAGE_KEY/],
    [{ AZURE_STORAGE_ACCOUNT: 'acct1' }, /AZURE_STORAGE_KEY as well/],
    [{ AZURE_STORAGE_ACCOUNT: 'Not_An_Account', AZURE_STORAGE_KEY: 'k' }, /AZURE_STORAGE_ACCOUNT is not/],
    [{ AZURE_STORAGE_CONNECTION_STRING: 'the-secret-itself' }, /not a storage connection string/],
    [{ AZURE_STORAGE_CONNECTION_STRING: 'AccountName=a1b2c;EndpointSuffix=x' }, /neither AccountKey nor SharedAccessSignature/],
    [{ AZURE_STORAGE_CONNECTION_STRING: 'AccountKey=the-secret-itself' }, /no AccountName/],
    [{ AZURE_STORAGE_CONNECTION_STRING: 'AccountName=a1b2c;AccountKey=k;BlobEndpoint=not a url' }, /not a URL/],
  ])('refuses %j, naming the variable, not its value', (env, want) => {
    const m = thrown(() => azureConfig(env));
    expect(m).toMatch(want);
    expect(m).not.toContain('the-secret-itself');
  });
});

describe('remoteStore', () => {
  it('prints URLs in each scheme and names the right variables in its hint', () => {
    const gs = remoteStore(parseRemoteUrl('gs://bucket/p')!, { GCS_HMAC_ACCESS_KEY_ID: 'k', GCS_HMAC_SECRET: 's' });
    expect(gs.url('a.csv')).toBe('gs://bucket/p/a.csv');
    expect(gs.hint).toContain('GCS_HMAC_ACCESS_KEY_ID');
    const az = remoteStore(parseRemoteUrl('az://data')!, { AZURE_STORAGE_ACCOUNT: 'acct1', AZURE_STORAGE_KEY: AZURITE_KEY });
    expect(az.url('a.csv')).toBe('az://data/a.csv');
    expect(az.hint).toContain('AZURE_STORAGE_KEY');
    expect(parseRemoteUrl('ftp://x/y')).toBeUndefined();
  });
});
