import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { catalogue, diag, diagnosticsMarkdown } from '@synth/spec';

describe('diagnostics catalogue', () => {
  it('has unique, well-formed codes', () => {
    const codes = Object.values(catalogue).map((e) => e.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^SYN[1-5]\d\d$/);
  });

  it('fills every placeholder of a message', () => {
    const d = diag('impossibleUnique', { what: "'t.c'", rows: 100, domain: 10 });
    expect(d.message).toBe("'t.c' must be unique over 100 rows, but its domain has only 10 values");
    expect(d.code).toBe('SYN307');
    expect(d.hint).toBeTruthy();
  });

  it('is documented in docs/diagnostics.md (regenerate with `pnpm docs:diagnostics`)', () => {
    const onDisk = readFileSync(new URL('../../../docs/diagnostics.md', import.meta.url), 'utf8');
    expect(onDisk).toBe(diagnosticsMarkdown());
  });
});
