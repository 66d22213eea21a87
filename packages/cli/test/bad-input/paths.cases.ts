import type { BadInput } from './bad-input.js';

/** A one-table spec whose only output is written to `path`. */
function specOut(path: string): string {
  return `synth: 1
seed: 1
tables:
  users:
    rows: 5
    columns:
      id: { type: sequence, primary_key: true }
outputs:
  - { format: csv, path: "${path}" }
`;
}

const SPEC = { 's.synth.yaml': specOut('out/{table}.csv') };
const build = (...args: string[]) => ['build', 's.synth.yaml', '--no-history', ...args];
const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

/**
 * Where outputs go (issue 14, items 5 and 6): URLs synth cannot write to, object store URLs without a bucket or
 * credentials, spec paths that leave their folder, and files where folders go. Each is refused before a row is
 * generated, and nothing appears locally (no folder named `gs:`).
 */
export const cases: BadInput[] = [
  // --out: schemes
  { name: '--out ftp://', args: build('--out', 'ftp://host/exports'), files: SPEC, code: 'SYN460', exit: 2, mentions: ['s3://, gs://, azure://'] },
  { name: '--out https://', args: build('--out', 'https://example.com/x'), files: SPEC, code: 'SYN460', exit: 2 },
  { name: '--out file:///', args: build('--out', 'file:///tmp/x'), files: SPEC, code: 'SYN460', exit: 2 },
  { name: '--out s3:bucket without the slashes', args: build('--out', 's3:my-bucket/x'), files: SPEC, code: 'SYN460', exit: 2, mentions: ['s3://my-bucket/x'] },
  { name: '--out gs:bucket without the slashes', args: build('--out', 'gs:my-bucket'), files: SPEC, code: 'SYN460', exit: 2, mentions: ['gs://my-bucket'] },
  { name: '--out with a Windows drive on Linux', args: build('--out', 'c:/exports'), files: SPEC, code: 'SYN460', exit: 2, mentions: ['./c:/exports'] },
  { name: '--out run:1 (a colon in a bare name)', args: build('--out', 'run:1'), files: SPEC, code: 'SYN460', exit: 2, mentions: ['./run:1'] },
  { name: '--out hdfs:// with --check', args: build('--out', 'hdfs://nn/x', '--check'), files: SPEC, code: 'SYN460', exit: 2 },
  // --out: object store URLs that name no bucket or container
  { name: '--out s3:// (no bucket)', args: build('--out', 's3://'), files: SPEC, code: 'SYN461', exit: 2 },
  { name: '--out gs:///prefix (no bucket)', args: build('--out', 'gs:///prefix'), files: SPEC, code: 'SYN461', exit: 2 },
  { name: '--out gs://b/x (bucket name too short)', args: build('--out', 'gs://b/x'), files: SPEC, code: 'SYN461', exit: 2, mentions: ['3-63'] },
  { name: '--out azure://c/x (container name too short)', args: build('--out', 'azure://c/x'), files: SPEC, code: 'SYN461', exit: 2 },
  { name: '--out azure:// with capitals in the container', args: build('--out', 'azure://Exports/x'), files: SPEC, code: 'SYN461', exit: 2, mentions: ['lower-case'] },
  { name: '--out az:// without a container', args: build('--out', 'az://'), files: SPEC, code: 'SYN461', exit: 2 },
  { name: '--out s3://bucket/../x (.. in the prefix)', args: build('--out', 's3://bucket/a/../x'), files: SPEC, code: 'SYN461', exit: 2 },
  { name: '--out gs://bucket//x (empty segment)', args: build('--out', 'gs://bucket/a//x'), files: SPEC, code: 'SYN461', exit: 2 },
  // --out: credentials and endpoints
  { name: '--out s3:// without AWS credentials', args: build('--out', 's3://bucket/x'), files: SPEC, code: 'SYN462', exit: 2, mentions: ['AWS_ACCESS_KEY_ID'] },
  { name: '--out gs:// without an HMAC key', args: build('--out', 'gs://bucket/x'), files: SPEC, code: 'SYN462', exit: 2, mentions: ['GCS_HMAC_ACCESS_KEY_ID and GCS_HMAC_SECRET'] },
  { name: '--out gs:// with only the AWS variables', args: build('--out', 'gs://bucket/x'), env: { AWS_ACCESS_KEY_ID: 'a', AWS_SECRET_ACCESS_KEY: 'b' }, files: SPEC, code: 'SYN462', exit: 2, mentions: ['GCS_HMAC_ACCESS_KEY_ID'] },
  { name: '--out gs:// with a password in SYNTH_GCS_ENDPOINT', args: build('--out', 'gs://bucket/x'), env: { GCS_HMAC_ACCESS_KEY_ID: 'k', GCS_HMAC_SECRET: 's', SYNTH_GCS_ENDPOINT: 'http://u:p@127.0.0.1:9' }, files: SPEC, code: 'SYN462', exit: 2, mentions: ['SYNTH_GCS_ENDPOINT'] },
  { name: '--out azure:// without credentials', args: build('--out', 'azure://exports/x'), files: SPEC, code: 'SYN462', exit: 2, mentions: ['AZURE_STORAGE_CONNECTION_STRING'] },
  { name: '--out az:// with an account but no key', args: build('--out', 'az://exports'), env: { AZURE_STORAGE_ACCOUNT: 'acct1' }, files: SPEC, code: 'SYN462', exit: 2, mentions: ['AZURE_STORAGE_KEY'] },
  { name: '--out azure:// with a malformed connection string', args: build('--out', 'azure://exports'), env: { AZURE_STORAGE_CONNECTION_STRING: 'not-a-connection-string' }, files: SPEC, code: 'SYN462', exit: 2 },
  { name: '--out azure:// with a connection string without a key', args: build('--out', 'azure://exports'), env: { AZURE_STORAGE_CONNECTION_STRING: 'AccountName=acct1;EndpointSuffix=core.windows.net' }, files: SPEC, code: 'SYN462', exit: 2, mentions: ['AccountKey'] },
  { name: '--out azure:// with a bad account name', args: build('--out', 'azure://exports'), env: { AZURE_STORAGE_ACCOUNT: 'Not_An_Account', AZURE_STORAGE_KEY: AZURITE_KEY }, files: SPEC, code: 'SYN462', exit: 2 },
  { name: '--out gs:// with --compare (the files are not local)', args: build('--out', 'gs://bucket/x', '--compare', 'samples'), env: { GCS_HMAC_ACCESS_KEY_ID: 'k', GCS_HMAC_SECRET: 's' }, files: SPEC, code: 'SYN209', exit: 2 },
  // --out: local paths that cannot be folders
  { name: '--out names an existing file', args: build('--out', 'taken'), files: { ...SPEC, taken: 'x\n' }, code: 'SYN463', exit: 2 },
  { name: '--out under an existing file', args: build('--out', 'taken/exports'), files: { ...SPEC, taken: 'x\n' }, code: 'SYN463', exit: 2 },
  // --report and `synth report --out`
  { name: '--report gs:// (the report is a local file)', args: build('--report', 'gs://bucket/report.html'), files: SPEC, code: 'SYN460', exit: 2, mentions: ['a local file path'] },
  { name: '--report ftp://', args: build('--report', 'ftp://host/report.html'), files: SPEC, code: 'SYN460', exit: 2 },
  { name: '--report names a folder', args: build('--report', 'reports'), files: { ...SPEC, 'reports/keep.txt': 'x\n' }, code: 'SYN464', exit: 2 },
  { name: '--report under a file', args: build('--report', 'taken/report.html'), files: { ...SPEC, taken: 'x\n' }, code: 'SYN463', exit: 2 },
  { name: 'report --out s3://', args: ['report', 's.synth.yaml', '--out', 's3://bucket/r.html'], files: SPEC, code: 'SYN460', exit: 2 },
  // Paths in the spec
  { name: 'spec output path gs://', args: build(), files: { 's.synth.yaml': specOut('gs://bucket/{table}.csv') }, code: 'SYN208', exit: 1, mentions: ['s.synth.yaml:9:'] },
  { name: 'spec output path s3:// (buckets are chosen with --out)', args: build(), files: { 's.synth.yaml': specOut('s3://bucket/{table}.csv') }, code: 'SYN208', exit: 1, mentions: ['--out s3://'] },
  { name: 'spec output path azure://, also under --out', args: build('--out', 'exports'), files: { 's.synth.yaml': specOut('azure://data/{table}.csv') }, code: 'SYN208', exit: 1 },
  { name: 'spec output path https://', args: ['plan', 's.synth.yaml'], files: { 's.synth.yaml': specOut('https://example.com/{table}.csv') }, code: 'SYN208', exit: 1 },
  { name: 'spec output path leaves the spec folder', args: ['build', 'spec/s.synth.yaml', '--no-history'], files: { 'spec/s.synth.yaml': specOut('../escaped/{table}.csv') }, code: 'SYN316', exit: 1 },
  { name: 'spec output path leaves --out DIR', args: ['build', 'spec/s.synth.yaml', '--no-history', '--out', 'exports'], files: { 'spec/s.synth.yaml': specOut('../../x/{table}.csv') }, code: 'SYN316', exit: 1 },
  { name: 'spec output path climbs out through a folder', args: build('--out', 'exports'), files: { 's.synth.yaml': specOut('out/../../{table}.csv') }, code: 'SYN316', exit: 1 },
  { name: 'spec output path with backslashes', args: build(), files: { 's.synth.yaml': specOut('..\\\\escaped\\\\{table}.csv') }, code: 'SYN316', exit: 1 },
  { name: 'spec output path absolute', args: build('--out', 'exports'), files: { 's.synth.yaml': specOut('/tmp/{table}.csv') }, code: 'SYN316', exit: 1 },
  { name: 'spec output path with a Windows drive', args: build(), files: { 's.synth.yaml': specOut('C:/data/{table}.csv') }, code: 'SYN316', exit: 1 },
  { name: 'spec output path is an existing folder', args: build(), files: { ...SPEC, 'out/users.csv/keep.txt': 'x\n' }, code: 'SYN464', exit: 1, mentions: ['s.synth.yaml:9:'] },
  { name: '--check where an output is a folder', args: build('--check'), files: { ...SPEC, 'out/users.csv/keep.txt': 'x\n' }, code: 'SYN464', exit: 1 },
];
