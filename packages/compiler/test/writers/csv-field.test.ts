import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { stringify } from 'csv-stringify/sync';
import { delimitedWriter, fieldEncoder } from '../../src/writers/csv-writer.js';
import { textFormatter } from '../../src/writers/format-value.js';
import { MemorySink, type CellValue, type ColumnInfo } from '@synth/compiler';

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

describe('csv writer: columns whose text never needs quoting skip the quoting test', () => {
  const types: Array<{ info: ColumnInfo; value: fc.Arbitrary<CellValue> }> = [
    { info: { name: 'i', type: 'int', nullable: true }, value: fc.oneof(fc.integer(), fc.constant(-0), fc.double({ noNaN: false })) },
    { info: { name: 'f', type: 'float', nullable: true }, value: fc.double() },
    { info: { name: 'd', type: 'decimal', scale: 3, nullable: true }, value: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
    { info: { name: 'b', type: 'bool', nullable: true }, value: fc.boolean() },
    { info: { name: 'dt', type: 'datetime', nullable: true }, value: fc.integer({ min: -8.64e12, max: 8.64e12 }) },
    { info: { name: 'ep', type: 'datetime', format: 'epoch', nullable: true }, value: fc.integer({ min: -8.64e12, max: 8.64e12 }) },
    { info: { name: 't', type: 'time', nullable: true }, value: fc.integer({ min: 0, max: 86_399_999 }) },
    // A date-fns format can write the delimiter itself: always tested.
    { info: { name: 'fmt', type: 'date', format: "yyyy, MM - dd", nullable: true }, value: fc.integer({ min: 0, max: 8.64e12 }) },
    // A word in a number column (an enum of numbers and words) is text like any other.
    { info: { name: 'w', type: 'int', nullable: true }, value: fc.constantFrom<CellValue>('a,b', ' x', 'y.z', 'plain') },
  ];
  it('writes what quoting every field would, for any delimiter, null text and quote_all', async () => {
    const columns = types.map((t) => t.info);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(...types.map((t) => fc.option(t.value, { freq: 5 }))), { minLength: 1, maxLength: 12 }),
        fc.constantFrom(',', ';', '\t', '|', ' ', '.', '-', ':', 'e', '1', 'T', 'Z', 'x', '+'),
        fc.constantFrom('', 'NULL', 'n/a, none'),
        fc.boolean(),
        async (rows, delimiter, nullText, quoteAll) => {
          const sink = new MemorySink();
          const w = delimitedWriter(sink, { delimiter, nullText, header: false, quoteAll });
          await w.startTable({ name: 't', columns, rowCount: rows.length });
          await w.writeBatch({ table: 't', startRow: 0, rowCount: rows.length, columns: columns.map((_, k) => rows.map((r) => r[k] as CellValue)) });
          const formatters = columns.map(textFormatter);
          const field = fieldEncoder(delimiter, quoteAll);
          const expected = rows.map((r) => `${r.map((v, k) => field(v === null ? nullText : formatters[k]!(v as CellValue))).join(delimiter)}\n`).join('');
          expect(sink.buffer().toString('utf8')).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
