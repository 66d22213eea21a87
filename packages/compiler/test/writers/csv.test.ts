import { describe, expect, it } from '@jest/globals';
import { writers } from '@synth/compiler';
import { duckdbRows } from './readers.js';
import { tempFile, TYPES_SPEC, writeWith } from './write-with.js';

describe('csv writer', () => {
  it('is read back by DuckDB with the same rows and values', async () => {
    const factory = await writers.csv!.load();
    const { bytes, rows } = await writeWith(factory, TYPES_SPEC, { tables: ['customers'] });
    const path = tempFile(bytes, 'customers.csv');
    const back = await duckdbRows(`SELECT * FROM read_csv('${path}', header = true, all_varchar = true)`);
    const expected = rows.get('customers')!;
    expect(back).toHaveLength(expected.length);
    expect(Object.keys(back[0]!)).toEqual(Object.keys(expected[0]!));
    // Quoting survives commas, quotes, newlines and markup in values.
    for (let i = 0; i < expected.length; i++) expect(back[i]!.weird_value).toBe(expected[i]!.weird_value);
    expect(back.map((r) => r.id)).toEqual(expected.map((r) => String(r.id)));
    expect(back.filter((r) => r.note === null).length).toBe(expected.filter((r) => r.note === null).length);
  });

  it('honours delimiter, null text and header options', async () => {
    const factory = await writers.csv!.load();
    const { bytes } = await writeWith(factory, TYPES_SPEC, { tables: ['customers'], options: { delimiter: ';', null: 'NULL', header: false } });
    const lines = bytes.toString('utf8').split('\n');
    expect(lines[0]!.startsWith('1;')).toBe(true);
    expect(bytes.toString('utf8')).toContain(';NULL');
  });
});
