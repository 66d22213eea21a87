import { DEFAULT_MAX_BYTES } from '@synth/compiler';

/** The reading limits shared by `synth infer` and `synth compare`. */
export interface SampleLimitArgs {
  maxRows?: number;
  maxBytes?: string | number;
}

const UNITS: Record<string, number> = { '': 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** `--max-rows N` and `--max-bytes 512M` → limits, or a usage error message. */
export function sampleLimits(args: SampleLimitArgs): { maxRows?: number; maxBytes: number } | string {
  if (args.maxRows !== undefined && (!Number.isSafeInteger(args.maxRows) || args.maxRows < 1)) return '--max-rows must be a whole number ≥ 1';
  let maxBytes = DEFAULT_MAX_BYTES;
  if (args.maxBytes !== undefined) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(String(args.maxBytes));
    const unit = m ? UNITS[m[2]!.toLowerCase()] : undefined;
    if (!m || unit === undefined || Number(m[1]) <= 0) return `--max-bytes must be a size such as 500000, 512M or 2G (got ${JSON.stringify(String(args.maxBytes))})`;
    maxBytes = Math.floor(Number(m[1]) * unit);
  }
  return { ...(args.maxRows !== undefined ? { maxRows: args.maxRows } : {}), maxBytes };
}
