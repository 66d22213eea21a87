import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { fieldEncoder } from '../../src/writers/csv-writer.js';

/** Characters that matter to quoting, mixed into arbitrary unicode text. */
const tricky = fc.constantFrom(',', ';', '\t', '|', '"', '\n', '\r', ' ', '\u00a0', '\u2028', '\ufeff', '\\', ']', '^', '-', 'a', 'é', '😀');
const text = fc.oneof(fc.string({ unit: 'grapheme' }), fc.array(tricky, { maxLength: 8 }).map((cs) => cs.join('')), fc.constant(''));

describe('csv field encoding (what the csv/tsv writer writes for each field)', () => {
  it('equals csv-stringify (LF records, CR and LF quoted, edge white space quoted) for any fields, delimiter and quote_all', () => {
    fc.assert(
      fc.property(fc.array(fc.array(text, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 20 }), fc.constantFrom(',', '\t', ';', '|', ' ', '\\', ']', '^', '-', 'x'), fc.boolean(), (records, delimiter, quoteAll) => {
        const field = fieldEncoder(delimiter, quoteAll);
        const ours = records.map((rec) => `${rec.map(field).join(delimiter)}\n`).join('');
        const theirs = stringify(records, { delimiter, record_delimiter: 'unix', quote_record_delimiter: true, quoted_match: /^\s|\s$/, ...(quoteAll ? { quoted: true } : {}) });
        expect(ours).toBe(theirs);
      }),
      { numRuns: 400 },
    );
  });

  it('quotes only what needs it', () => {
    const field = fieldEncoder(',', false);
    expect(['plain', 'a,b', 'say "hi"', 'two\nlines', ' lead', 'trail ', '', 'a;b'].map(field)).toEqual(['plain', '"a,b"', '"say ""hi"""', '"two\nlines"', '" lead"', '"trail "', '', 'a;b']);
    expect(fieldEncoder(',', true)('x')).toBe('"x"');
  });

  it('quotes a bare carriage return (RFC 4180; readers take it for a line break)', () => {
    expect(fieldEncoder(';', false)('a\rb')).toBe('"a\rb"');
    expect(fieldEncoder(' ', false)('a b')).toBe('"a b"');
  });
});
