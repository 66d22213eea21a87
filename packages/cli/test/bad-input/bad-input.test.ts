import { describe, expect, it } from '@jest/globals';
import { loadCatalogue, runBadInput } from './bad-input.js';

const catalogue = await loadCatalogue();

describe('bad-input catalogue', () => {
  it('is large enough to mean something (issue 14: at least 150 cases)', () => expect(catalogue.length).toBeGreaterThanOrEqual(150));

  it.each(catalogue)('%s', async (_name, c) => {
    const r = await runBadInput(c);
    expect({ exit: r.exit, code: r.output.includes(c.code) }).toEqual({ exit: c.exit, code: true });
    for (const m of c.mentions ?? []) expect(r.output).toContain(m);
    expect(r.output).not.toContain('SYN499');
    expect(r.output).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
    // Nothing written: no output file, no temp file, no partial database; the files the case started with (an
    // earlier build's output among them) are as they were, byte for byte.
    expect([...r.after.keys()]).toEqual([...r.before.keys()]);
    const changed = [...r.before].filter(([path, bytes]) => !r.after.get(path)!.equals(bytes)).map(([path]) => path);
    expect(changed).toEqual([]);
  });
});
