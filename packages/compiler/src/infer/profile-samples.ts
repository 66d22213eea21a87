import { diag, type Diagnostic } from '@synth/spec';
import { DEFAULT_MAX_BYTES, identifier, listSampleFiles, readSampleFile, SampleError } from './read-samples.js';
import { scanTable, type TableScan } from './scan-table.js';
import { categoryKeys, profileColumn } from './profile-column.js';
import { findNullConditions, findTemporalOffsets } from './derive-columns.js';
import { findTemporalRule, temporalSources } from './temporal-rules.js';
import { discoverForeignKeys, findCompositeKey, keyCandidates, type ScannedTable } from './discover-keys.js';
import type { DatasetProfile, KeyCandidate, TableProfile } from './profile-types.js';

export interface ProfileOptions {
  /** Directory relative paths are resolved against (default: the process's). */
  cwd?: string;
  /** Profile at most the first N rows of each table. */
  maxRows?: number;
  /** Refuse files larger than this many bytes (default 1 GiB). */
  maxBytes?: number;
  /** Keep the labels of low-cardinality columns (default true); false keeps no sample value at all. */
  categories?: boolean;
}

export interface ScanResult {
  value?: TableScan[];
  diagnostics: Diagnostic[];
  /** True when the problem is how the command was called (an unknown file type), not the data. */
  usage?: boolean;
}

/** Reads and scans every table of the sample files (paths or directories); tables named alike get `_2`, `_3`, … */
export async function scanSamples(paths: string[], options: ProfileOptions = {}): Promise<ScanResult> {
  const cwd = options.cwd ?? process.cwd();
  const limits = { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}) };
  const scans: TableScan[] = [];
  const names = new Set<string>();
  try {
    for (const file of await listSampleFiles(paths, cwd, limits.maxBytes)) {
      await readSampleFile(file, cwd, limits, async (table) => {
        const scan = await scanTable(table);
        // Workbooks often carry blank sheets besides the data: those are not tables.
        if (table.format === 'xlsx' && scan.rows === 0) return;
        let name = scan.name;
        for (let i = 2; names.has(name); i++) name = `${scan.name}_${i}`;
        names.add(name);
        scans.push({ ...scan, name });
      });
    }
  } catch (e) {
    if (e instanceof SampleError) return { diagnostics: [e.diagnostic], usage: e.usage };
    // A file that vanished or became unreadable between the checks and the read.
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return { diagnostics: [diag('fileRead', { path: paths.map((p) => `'${p}'`).join(', '), detail: code })] };
    throw e;
  }
  if (scans.length === 0) return { diagnostics: [diag('sampleEmpty', { path: paths.map((p) => `'${p}'`).join(', '), detail: 'no sheet has rows' })] };
  return { value: scans, diagnostics: [] };
}

/**
 * Profiles sample files (docs/infer.md): per column type, semantic type, nulls, uniqueness, categories,
 * distribution fits, patterns; per table key candidates; across tables foreign keys with children per parent.
 * The result is JSON and holds no sample value except category labels (none with `categories: false`), so it may be
 * shown to a model (`synth author --sample`). A bad file gives diagnostics and no value.
 */
export async function profileSamples(paths: string[], options: ProfileOptions = {}): Promise<{ value?: DatasetProfile; diagnostics: Diagnostic[]; usage?: boolean }> {
  const scanned = await scanSamples(paths, options);
  if (!scanned.value) return { diagnostics: scanned.diagnostics, ...(scanned.usage ? { usage: true } : {}) };
  return { value: profileScans(scanned.value, options.categories ?? true), diagnostics: [] };
}

/** The profile of scanned tables (pure; used by profileSamples and by compare). */
export function profileScans(scans: TableScan[], categories: boolean): DatasetProfile {
  const tables: ScannedTable[] = scans.map((s) => {
    const taken = new Set<string>();
    return {
      name: s.name,
      rows: s.rows,
      columns: s.columns.map((scan, i) => {
        let name = identifier(scan.header);
        for (let k = 2; taken.has(name); k++) name = `${identifier(scan.header)}_${k}`;
        taken.add(name);
        const sample = s.sample.map((r) => r[i] ?? null);
        return { profile: profileColumn({ name, table: s.name, scan, sample, rows: s.rows, categories }), scan };
      }),
    };
  });
  tables.forEach((t, i) => {
    const profiles = t.columns.map((c) => c.profile);
    const byName = (name: string) => t.columns.find((c) => c.profile.name === name)!;
    for (const [name, offset] of findTemporalOffsets(profiles, scans[i]!.sample)) byName(name).profile.offsetFrom = offset;
    const conditions = findNullConditions(profiles, scans[i]!.sample, (name) => categoryKeys(byName(name).scan));
    for (const [name, cond] of conditions) byName(name).profile.setWhen = { column: cond.column, values: cond.setFor };
  });
  const candidates = new Map<string, KeyCandidate[]>(tables.map((t) => [t.name, keyCandidates(t)]));
  const primaryKeys = new Map(tables.map((t) => [t.name, candidates.get(t.name)![0]?.column]));
  const foreignKeys = discoverForeignKeys(tables, primaryKeys, candidates);
  tables.forEach((t, i) => {
    const columns = t.columns.map((c) => c.profile);
    const parentOf = (name: string) => {
      const j = tables.findIndex((x) => x.name === name);
      return j < 0 ? undefined : { columns: tables[j]!.columns.map((c) => c.profile), sample: scans[j]!.sample };
    };
    const sources = temporalSources({ columns, sample: scans[i]!.sample }, foreignKeys.filter((f) => f.table === t.name), parentOf);
    // Same-row sources must not depend on the column back (SYN311): follow the rules chosen so far.
    const dependsOn = (name: string) => {
      const c = columns.find((x) => x.name === name);
      return c?.offsetFrom?.column ?? c?.after?.source;
    };
    const reaches = (from: string, to: string): boolean => {
      for (let n: string | undefined = from, hops = 0; n !== undefined && hops <= columns.length; n = dependsOn(n), hops++) if (n === to) return true;
      return false;
    };
    columns.forEach((c, ci) => {
      if (c.offsetFrom || t.columns[ci]!.profile.name === candidates.get(t.name)![0]?.column) return;
      const rule = findTemporalRule(c, ci, scans[i]!.sample, sources, (source) => source.includes('.') || !reaches(source, c.name));
      if (rule) c.after = rule;
    });
  });
  const compositeKeys = tables.map((t, i) =>
    primaryKeys.get(t.name) === undefined ? findCompositeKey(t, scans[i]!.sample, foreignKeys.filter((f) => f.table === t.name).map((f) => f.column)) : undefined,
  );
  const profiles: TableProfile[] = tables.map((t, i) => ({
    name: t.name,
    source: scans[i]!.source,
    format: scans[i]!.format,
    rows: t.rows,
    truncated: scans[i]!.truncated,
    columns: t.columns.map((c) => c.profile),
    keyCandidates: candidates.get(t.name)!,
    ...(primaryKeys.get(t.name) !== undefined ? { primaryKey: primaryKeys.get(t.name)! } : {}),
    ...(compositeKeys[i] ? { compositeKey: compositeKeys[i] } : {}),
  }));
  return { profileVersion: 1, categories, tables: profiles, foreignKeys };
}
