import { Writable } from 'node:stream';
import { describe, expect, it } from '@jest/globals';
import { createProgress } from '../src/progress.js';

/** A non-terminal stream that keeps what is written to it. */
function sink(): { stream: NodeJS.WriteStream; text: () => string } {
  let out = '';
  const w = new Writable({ write(chunk, _enc, cb) { out += String(chunk); cb(); } }) as unknown as NodeJS.WriteStream;
  return { stream: w, text: () => out };
}

describe('build progress', () => {
  it('stays silent off a terminal unless asked', () => {
    const s = sink();
    let t = 0;
    const p = createProgress(s.stream, undefined, () => t);
    t = 5000;
    p.update(10, 100);
    p.stop();
    expect(s.text()).toBe('');
  });

  it('shows rows, rows/s and ETA when asked, only once a build has run over a second', () => {
    const s = sink();
    let t = 0;
    const p = createProgress(s.stream, true, () => t);
    t = 500;
    p.update(10_000, 100_000);
    expect(s.text()).toBe('');
    t = 2000;
    p.update(40_000, 100_000);
    p.stop();
    expect(s.text()).toMatch(/40000\/100000 rows \| 20,000 rows\/s \| ETA/);
  });

  it('never appears for a build that finishes within the second', () => {
    const s = sink();
    let t = 0;
    const p = createProgress(s.stream, true, () => t);
    t = 1500;
    p.update(100, 100);
    p.stop();
    expect(s.text()).toBe('');
  });
});
