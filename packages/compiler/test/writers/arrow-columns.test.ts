import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Data } from 'apache-arrow';
import type { CellValue, ColumnInfo, LogicalType } from '@synth/compiler';
import { columnEncoder, type ArrowFormat } from '../../src/writers/arrow-columns.js';

/*
 * The encoder shared by the arrow and parquet writers, read at the level of Arrow's buffers: the validity bitmap, the
 * values, the offsets. The writers' own tests read whole files back through independent readers.
 */

const MS_PER_DAY = 86_400_000;

function encode(info: ColumnInfo, runs: CellValue[][], format: ArrowFormat = 'arrow'): Data {
  const encoder = columnEncoder(info, { table: 't', format });
  let row = 0;
  for (const run of runs) {
    encoder.append(run, 0, run.length, row);
    row += run.length;
  }
  return encoder.take();
}

const column = (type: LogicalType, extra: Partial<ColumnInfo> = {}): ColumnInfo => ({ name: 'c', type, nullable: true, ...extra });

/** Which cells the bitmap marks null (none without a bitmap). */
function nulls(data: Data): number[] {
  const out: number[] = [];
  for (let i = 0; i < data.length; i++) if (data.nullBitmap && data.nullBitmap.length > 0 && !(data.nullBitmap[i >> 3]! & (1 << (i & 7)))) out.push(i);
  return out;
}

/** Int64 values as bigint, Decimal128 values as their unscaled bigint. */
const int64s = (data: Data) => [...new BigInt64Array(data.values.buffer, data.values.byteOffset, data.length)];
function decimals(data: Data): bigint[] {
  const w = new BigUint64Array(data.values.buffer, data.values.byteOffset, 2 * data.length);
  return Array.from({ length: data.length }, (_, i) => BigInt.asIntN(128, (w[2 * i + 1]! << 64n) | w[2 * i]!));
}
function texts(data: Data): Array<string | null> {
  const dead = new Set(nulls(data));
  const decoder = new TextDecoder();
  return Array.from({ length: data.length }, (_, i) => (dead.has(i) ? null : decoder.decode(data.values.subarray(data.valueOffsets[i], data.valueOffsets[i + 1]))));
}

describe('Arrow column encoder', () => {
  it('maps every logical type to its Arrow type, the column’s nullability to the field', () => {
    const types: Array<[LogicalType, string]> = [
      ['int', 'Int64'],
      ['float', 'Float64'],
      ['decimal', 'Decimal[18e+2]'],
      ['bool', 'Bool'],
      ['date', 'Date32<DAY>'],
      ['datetime', 'Timestamp<MILLISECOND, UTC>'],
      ['time', 'Time32<MILLISECOND>'],
      ['string', 'Utf8'],
      ['uuid', 'Utf8'],
      ['json', 'Utf8'],
    ];
    for (const [type, arrow] of types) {
      const field = columnEncoder(column(type, { nullable: false }), { table: 't', format: 'arrow' }).field;
      expect([field.name, String(field.type), field.nullable]).toEqual(['c', arrow, false]);
    }
    expect(String(columnEncoder(column('decimal', { scale: 30 }), { table: 't', format: 'parquet' }).field.type)).toBe('Decimal[38e+30]');
  });

  it('encodes each type’s values, with nulls in place, across appended runs', () => {
    const int = encode(column('int'), [[0, -1, null], [2 ** 31, -(2 ** 31) - 1, 2 ** 53 - 1, -(2 ** 63), null, 9e18]]);
    expect(int64s(int)).toEqual([0n, -1n, 0n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 53n - 1n, -(2n ** 63n), 0n, 9000000000000000000n]);
    expect([int.length, int.nullCount, nulls(int)]).toEqual([9, 2, [2, 7]]);

    // A fraction of a millisecond is floored, as the arrow writer always did.
    const at = encode(column('datetime'), [[-1.5, 1700000000123, null]]);
    expect([int64s(at), nulls(at)]).toEqual([[-2n, 1700000000123n, 0n], [2]]);

    const float = encode(column('float'), [[1.5, null, -0, Infinity, NaN]]);
    expect([...float.values]).toEqual([1.5, 0, -0, Infinity, NaN]);
    expect(nulls(float)).toEqual([1]);

    const bool = encode(column('bool'), [[true, false, null], [true, true, false, false, false, true]]);
    expect(Array.from({ length: 9 }, (_, i) => (bool.values[i >> 3]! >> (i & 7)) & 1)).toEqual([1, 0, 0, 1, 1, 0, 0, 0, 1]);
    expect(nulls(bool)).toEqual([2]);

    const day = encode(column('date'), [[0, MS_PER_DAY * 19000, -MS_PER_DAY, -1, null]]);
    expect([[...day.values], nulls(day)]).toEqual([[0, 19000, -1, -1, 0], [4]]);

    const time = encode(column('time'), [[0, 86_399_999, null, 1000.7]]);
    expect([[...time.values], nulls(time)]).toEqual([[0, 86_399_999, 0, 1000], [2]]);

    const dec = encode(column('decimal', { scale: 2 }), [[0.1, -2.25, null, 1234567.891, -0.001, 9999999999999998, 1 / 3]]);
    expect(decimals(dec)).toEqual([10n, -225n, 0n, 123456789n, 0n, 999999999999999800n, 33n]);
    expect(nulls(dec)).toEqual([2]);

    // An enum's numbers and booleans are their text; a null is an empty slot.
    const text = encode(column('string'), [['a', null, ''], [7, true, 'z']]);
    expect(texts(text)).toEqual(['a', null, '', '7', 'true', 'z']);
    expect([...text.valueOffsets]).toEqual([0, 1, 1, 1, 2, 6, 7]);
  });

  it('leaves out the bitmap when nothing is null, also for a null after a full byte of present cells', () => {
    const full = encode(column('int'), [[1, 2, 3]]);
    expect([full.nullCount, full.nullBitmap?.length ?? 0]).toEqual([0, 0]);
    const late = encode(column('float'), [Array.from({ length: 20 }, (_, i) => (i === 17 ? null : i))]);
    expect(nulls(late)).toEqual([17]);
  });

  it('writes text exactly as Node encodes each cell, whatever the run looks like', () => {
    const cells = ['plain', 'é', '😀x', '\ud83d', '\ude00', 'tail\ud83d', '\ude00head', '', '中文', null, 'ascii again'];
    const expected = Buffer.concat(cells.map((c) => Buffer.from(c ?? '', 'utf8')));
    for (const runs of [[cells], cells.map((c) => [c]), [cells.slice(0, 5), cells.slice(5)]]) {
      const data = encode(column('string'), runs);
      expect(Buffer.from(data.values)).toEqual(expected);
      expect(texts(data)).toEqual(cells.map((c) => (c === null ? null : Buffer.from(c, 'utf8').toString('utf8'))));
    }
  });

  it('stores a decimal’s toFixed digits, by its fast path as by its text', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 12 }), fc.oneof(fc.double({ min: -1e15, max: 1e15, noNaN: true }), fc.integer({ min: -(10 ** 9), max: 10 ** 9 }).map((n) => n / 1000)), (scale, v) => {
        const [got] = decimals(encode(column('decimal', { scale }), [[v]]));
        const integerDigits = v.toFixed(scale).split('.')[0]!.replace('-', '');
        if (integerDigits.length > 16) return;
        expect(got).toBe(BigInt(v.toFixed(scale).replace('.', '')));
      }),
      { numRuns: 3000 },
    );
    // Ties are rounded by the text (away from zero, of the binary value).
    expect(decimals(encode(column('decimal', { scale: 0 }), [[0.5, -0.5, 2.5, -2.5, 1.005]]))).toEqual([1n, -1n, 3n, -3n, 1n]);
  });

  it('reports the first bad cell when the chunk is taken, naming column, table and row, then starts over', () => {
    const encoder = columnEncoder({ name: 'q', type: 'int', nullable: false }, { table: 'n', format: 'parquet' });
    encoder.append([1, 2], 0, 2, 0);
    expect(() => encoder.append([3, 7.5, 'x', null], 0, 4, 2)).not.toThrow();
    expect(() => encoder.take()).toThrow(new Error('parquet: column `q` of table `n` is int but row 4 holds 7.5 (not a 64-bit integer)'));
    encoder.append([5], 0, 1, 6);
    expect(int64s(encoder.take())).toEqual([5n]);

    const bad = (info: ColumnInfo, cells: CellValue[], format: ArrowFormat = 'arrow') => () => encode(info, [cells], format);
    expect(bad({ name: 'k', type: 'string', nullable: false }, ['a', null])).toThrow('arrow: column `k` of table `t` is string but row 2 holds null but the column is not nullable');
    expect(bad(column('int'), [2 ** 63])).toThrow('(not a 64-bit integer)');
    expect(bad(column('datetime'), ['2020-01-01'])).toThrow('row 1 holds "2020-01-01" (not epoch milliseconds)');
    expect(bad(column('date'), [Infinity])).toThrow('(not epoch milliseconds)');
    expect(bad(column('time'), [true])).toThrow('(not milliseconds since midnight)');
    expect(bad(column('float'), ['1'])).toThrow('(not a number)');
    expect(bad(column('bool'), [1])).toThrow('(not a boolean)');
    expect(bad(column('decimal', { scale: 2 }), [1e16])).toThrow('row 1 holds 10000000000000000 (does not fit Decimal128(18, 2))');
    expect(bad(column('decimal', { scale: 2 }), [NaN], 'parquet')).toThrow('row 1 holds NaN (more than 16 digits before the point do not fit DECIMAL(18, 2))');
    expect(() => columnEncoder(column('decimal', { scale: 39 }), { table: 't', format: 'arrow' })).toThrow('has scale 39');
  });

  it('grows past what was reserved, and sizes the next chunk afresh', () => {
    const encoder = columnEncoder(column('string'), { table: 't', format: 'parquet' });
    encoder.reserve(2);
    const cells = Array.from({ length: 5000 }, (_, i) => (i % 7 === 0 ? null : `v${i}é`));
    for (let at = 0; at < cells.length; at += 1000) encoder.append(cells, at, at + 1000, at);
    expect(texts(encoder.take())).toEqual(cells);
    encoder.append(['x'], 0, 1, 5000);
    expect(texts(encoder.take())).toEqual(['x']);
  });
});
