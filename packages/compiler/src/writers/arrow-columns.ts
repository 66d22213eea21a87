import { Bool, type Data, type DataType, DateDay, Decimal, Field, Float64, Int64, makeData, TimeMillisecond, TimestampMillisecond, Utf8 } from 'apache-arrow';
import type { CellValue, ColumnInfo } from '../types.js';

/**
 * Cells → Arrow column data, for the two writers built on Arrow (docs/formats.md, "arrow" and "parquet"): the Arrow
 * type of each logical type, and the conversion of a column's cells into that type's buffers. The arrow writer frames
 * what this makes as IPC record batches; the parquet writer hands it to parquet-wasm one row group at a time. Both
 * write the same types and the same bytes for the same cells.
 *
 * An encoder is appended to straight from a batch's column arrays, one typed-array pass a column: no row objects,
 * no BigInt or other allocation per cell (a decimal's text only when its fast path cannot prove the digits), and
 * text as one UTF-8 pass per batch.
 */

/**
 * What each format says in its own words. The formats write identical bytes; they differ only in how an error names
 * the type or the chunk, which each writer's tests pin: arrow says Decimal128 and `batch`, parquet says DECIMAL
 * (its logical type) and `row group`, which its user can shrink with `row_group_rows`.
 */
const FORMATS = {
  arrow: {
    decimalTooLarge: (precision: number, scale: number) => `does not fit Decimal128(${precision}, ${scale})`,
    chunk: 'one batch',
  },
  parquet: {
    decimalTooLarge: (precision: number, scale: number) => `more than ${precision - scale} digits before the point do not fit DECIMAL(${precision}, ${scale})`,
    chunk: 'one row group; set a smaller `row_group_rows`',
  },
} as const;

export type ArrowFormat = keyof typeof FORMATS;

/**
 * Decimal128(min(38, 16 + scale), scale): 16 integer digits cover every integer a double holds exactly (< 2^53), and a
 * precision fixed by the column (not the data) keeps the schema independent of the values drawn. Up to precision 18
 * readers such as DuckDB keep the values in 64 bits.
 */
export function decimalPrecision(scale: number): number {
  return Math.min(MAX_DECIMAL_PRECISION, DECIMAL_INTEGER_DIGITS + scale);
}

const DECIMAL_INTEGER_DIGITS = 16;
const MAX_DECIMAL_PRECISION = 38;
const MS_PER_DAY = 86_400_000;
const TWO_32 = 4_294_967_296;
const TWO_63 = 2 ** 63;
const TWO_31 = 2 ** 31;
const MAX_TEXT_BYTES = 0x7fffffff;

/**
 * One column's cells on their way to Arrow: `append` ranges of cells as batches arrive, `take` what was appended as
 * one Arrow Data and start over. A cell the column's type cannot hold is a bug upstream (writers get cells typed by
 * their column): `take` throws for the first one appended, naming the column, its table and the row, so the writer
 * reports it for the chunk it was encoding.
 */
export interface ColumnEncoder {
  /** The column's Arrow field: its name, type, and nullability. */
  readonly field: Field;
  /** Cells appended since the last `take`. */
  readonly length: number;
  /** Makes room for `rows` more cells, so appending them does not grow the buffers. */
  reserve(rows: number): void;
  /** Appends `values[from, to)`, the first of which is row `row` (0-based) of the table. */
  append(values: ArrayLike<CellValue>, from: number, to: number, row: number): void;
  /** The cells appended since the last `take`, as one Arrow Data. */
  take(): Data;
}

export interface EncoderContext {
  table: string;
  /** The writer, named by the errors (its tests pin their words, see FORMATS). */
  format: ArrowFormat;
}

/**
 * The encoder of a column (the type table in docs/formats.md). Temporal columns keep their native type whatever
 * their `format`: formats say how values look as text, and Arrow stores no text for them. json columns are their
 * JSON text (docs/nested.md#formats); an enum's numbers and booleans become their text, as in every other format.
 */
export function columnEncoder(info: ColumnInfo, at: EncoderContext): ColumnEncoder {
  switch (info.type) {
    case 'int':
      return new Int64Encoder(info, at, new Int64(), 'not a 64-bit integer', false);
    case 'datetime':
      return new Int64Encoder(info, at, new TimestampMillisecond('UTC'), 'not epoch milliseconds', true);
    case 'float':
      return new Float64Encoder(info, at);
    case 'decimal':
      return new DecimalEncoder(info, at);
    case 'bool':
      return new BoolEncoder(info, at);
    case 'date':
      return new Int32Encoder(info, at, new DateDay(), 'not epoch milliseconds', MS_PER_DAY);
    case 'time':
      return new Int32Encoder(info, at, new TimeMillisecond(), 'not milliseconds since midnight', 1);
    case 'string':
    case 'uuid':
    case 'json':
      return new Utf8Encoder(info, at);
  }
}

/** Validity, failures and sizing, shared by every type; subclasses own their value buffers. */
abstract class BaseEncoder<T extends DataType> implements ColumnEncoder {
  readonly field: Field;
  length = 0;
  protected capacity = 0;
  protected nullCount = 0;
  /** Arrow's validity bitmap (bit set = value present), made at the first null: most columns have none. */
  protected bitmap: Uint8Array | undefined;
  private failure: Error | undefined;

  constructor(
    protected readonly info: ColumnInfo,
    protected readonly at: EncoderContext,
    protected readonly type: T,
  ) {
    this.field = new Field(info.name, type, info.nullable);
  }

  reserve(rows: number): void {
    const need = this.length + rows;
    if (need <= this.capacity) return;
    // Room for what was asked, or double: appends that outgrow a reservation stay linear.
    const capacity = Math.max(need, Math.min(2 * this.capacity, need + (1 << 20)));
    this.resize(capacity);
    if (this.bitmap) this.bitmap = grown(this.bitmap, (capacity + 7) >> 3);
    this.capacity = capacity;
  }

  abstract append(values: ArrayLike<CellValue>, from: number, to: number, row: number): void;

  take(): Data {
    const n = this.length;
    const nullBitmap = this.bitmap?.subarray(0, (n + 7) >> 3);
    // Hands the buffers over even when failing, so the encoder starts over clean either way.
    const data = this.finish(n, nullBitmap);
    const failure = this.failure;
    this.length = 0;
    this.capacity = 0;
    this.nullCount = 0;
    this.bitmap = undefined;
    this.failure = undefined;
    if (failure) throw failure;
    return data;
  }

  /** The column's Data of the first `n` cells, handing the buffers over (the next append allocates new ones). */
  protected abstract finish(n: number, nullBitmap: Uint8Array | undefined): Data;
  protected abstract resize(capacity: number): void;

  /** A null at index `i` of the chunk: marks it in the bitmap, made now if this is the first. */
  /** Cell i is present (its validity bit is set) or null (marked); false for a null, which the caller skips. */
  protected present(i: number, v: CellValue, row: number): v is Exclude<CellValue, null> {
    if (v === null) {
      this.markNull(i, row);
      return false;
    }
    if (this.bitmap) this.bitmap[i >> 3]! |= 1 << (i & 7);
    return true;
  }

  protected markNull(i: number, row: number): void {
    if (!this.info.nullable) return this.fail(row, null, '');
    if (!this.bitmap) {
      this.bitmap = new Uint8Array((this.capacity + 7) >> 3);
      // Every cell before this one is present.
      this.bitmap.fill(0xff, 0, i >> 3);
      for (let k = i & ~7; k < i; k++) this.bitmap[k >> 3]! |= 1 << (k & 7);
    }
    this.nullCount++;
  }

  /** Remembers the first bad cell, for `take` to report. */
  protected fail(row: number, v: CellValue, why: string): void {
    if (this.failure) return;
    const { info, at } = this;
    const what = v === null ? 'but the column is not nullable' : `(${why})`;
    // JSON would print NaN and ±Infinity as null.
    const shown = typeof v === 'number' && !Number.isFinite(v) ? String(v) : JSON.stringify(v);
    this.failure = new Error(`${at.format}: column \`${info.name}\` of table \`${at.table}\` is ${info.type} but row ${row + 1} holds ${shown} ${what}`);
  }

  protected props(n: number, nullBitmap: Uint8Array | undefined) {
    return { type: this.type, length: n, nullCount: this.nullCount, ...(nullBitmap ? { nullBitmap } : {}) };
  }
}

/**
 * Int64 and millisecond timestamps, written as two 32-bit halves (little-endian, as Arrow is) so no BigInt is made
 * per value. The halves are exact for every integral double in [-2^63, 2^63). A timestamp's fraction of a millisecond
 * is floored (no generator makes one: expression results are typed timestamps).
 */
class Int64Encoder extends BaseEncoder<Int64 | TimestampMillisecond> {
  private words = new Int32Array(0);

  constructor(
    info: ColumnInfo,
    at: EncoderContext,
    type: Int64 | TimestampMillisecond,
    private readonly why: string,
    private readonly floor: boolean,
  ) {
    super(info, at, type);
  }

  protected resize(capacity: number): void {
    this.words = grown(this.words, 2 * capacity);
  }

  append(values: ArrayLike<CellValue>, from: number, to: number, row: number): void {
    this.reserve(to - from);
    const words = this.words;
    let i = this.length;
    for (let r = from; r < to; r++, i++) {
      const raw = values[r]!;
      if (!this.present(i, raw, row + r - from)) continue;
      if (typeof raw !== 'number') {
        this.fail(row + r - from, raw, this.why);
        continue;
      }
      const v = this.floor ? Math.floor(raw) : raw;
      if ((v | 0) === v) {
        words[2 * i] = v;
        words[2 * i + 1] = v < 0 ? -1 : 0;
      } else if (Number.isInteger(v) && v < TWO_63 && v >= -TWO_63) {
        const h = Math.floor(v / TWO_32);
        words[2 * i] = v - h * TWO_32;
        words[2 * i + 1] = h;
      } else this.fail(row + r - from, raw, this.why);
    }
    this.length = i;
  }

  protected finish(n: number, nullBitmap: Uint8Array | undefined): Data {
    const data = new BigInt64Array(this.words.buffer, 0, n);
    this.words = new Int32Array(0);
    return makeData({ ...this.props(n, nullBitmap), data } as Parameters<typeof makeData>[0]);
  }
}

/** Days since the epoch (floored: a day before 1970 is a negative day number) and milliseconds since midnight. */
class Int32Encoder extends BaseEncoder<DateDay | TimeMillisecond> {
  private data = new Int32Array(0);

  constructor(
    info: ColumnInfo,
    at: EncoderContext,
    type: DateDay | TimeMillisecond,
    private readonly why: string,
    private readonly unit: number,
  ) {
    super(info, at, type);
  }

  protected resize(capacity: number): void {
    this.data = grown(this.data, capacity);
  }

  append(values: ArrayLike<CellValue>, from: number, to: number, row: number): void {
    this.reserve(to - from);
    const { data, unit } = this;
    let i = this.length;
    for (let r = from; r < to; r++, i++) {
      const raw = values[r]!;
      if (!this.present(i, raw, row + r - from)) continue;
      const v = typeof raw === 'number' ? Math.floor(raw / unit) : NaN;
      if (v >= -TWO_31 && v < TWO_31) data[i] = v;
      else this.fail(row + r - from, raw, this.why);
    }
    this.length = i;
  }

  protected finish(n: number, nullBitmap: Uint8Array | undefined): Data {
    const data = this.data.subarray(0, n);
    this.data = new Int32Array(0);
    return makeData({ ...this.props(n, nullBitmap), data } as Parameters<typeof makeData>[0]);
  }
}

/** DOUBLE holds NaN and ±Infinity too, so a float is any number. */
class Float64Encoder extends BaseEncoder<Float64> {
  private data = new Float64Array(0);

  constructor(info: ColumnInfo, at: EncoderContext) {
    super(info, at, new Float64());
  }

  protected resize(capacity: number): void {
    this.data = grown(this.data, capacity);
  }

  append(values: ArrayLike<CellValue>, from: number, to: number, row: number): void {
    this.reserve(to - from);
    const data = this.data;
    let i = this.length;
    for (let r = from; r < to; r++, i++) {
      const v = values[r]!;
      if (!this.present(i, v, row + r - from)) continue;
      if (typeof v === 'number') data[i] = v;
      else this.fail(row + r - from, v, 'not a number');
    }
    this.length = i;
  }

  protected finish(n: number, nullBitmap: Uint8Array | undefined): Data {
    const data = this.data.subarray(0, n);
    this.data = new Float64Array(0);
    return makeData({ ...this.props(n, nullBitmap), data });
  }
}

class BoolEncoder extends BaseEncoder<Bool> {
  private bits = new Uint8Array(0);

  constructor(info: ColumnInfo, at: EncoderContext) {
    super(info, at, new Bool());
  }

  protected resize(capacity: number): void {
    this.bits = grown(this.bits, (capacity + 7) >> 3);
  }

  append(values: ArrayLike<CellValue>, from: number, to: number, row: number): void {
    this.reserve(to - from);
    const bits = this.bits;
    let i = this.length;
    for (let r = from; r < to; r++, i++) {
      const v = values[r]!;
      if (!this.present(i, v, row + r - from)) continue;
      if (v === true) bits[i >> 3]! |= 1 << (i & 7);
      else if (v !== false) this.fail(row + r - from, v, 'not a boolean');
    }
    this.length = i;
  }

  protected finish(n: number, nullBitmap: Uint8Array | undefined): Data {
    const data = this.bits.subarray(0, (n + 7) >> 3);
    this.bits = new Uint8Array(0);
    return makeData({ ...this.props(n, nullBitmap), data });
  }
}

/**
 * Decimal128: the unscaled integer of the value's text at the column's scale (`toFixed`, the digits csv writes), as
 * four little-endian 32-bit words in two's complement, so every format holds the same digits at any scale.
 *
 * Most cells skip the text: when v × 10^scale (10^scale exact, as it is up to 10^22) lands within a quarter of an
 * integer below 2^50, where the product's rounding error is at most 1/8, the exact product is within 3/8 of that
 * integer, so it is the nearest one — which is what `toFixed` gives. Cells drawn at the column's scale always do.
 */
class DecimalEncoder extends BaseEncoder<Decimal> {
  private words = new Int32Array(0);
  private readonly scale: number;
  private readonly precision: number;
  private readonly pow: number;
  private readonly integerLimit: number;
  private readonly why: string;

  constructor(info: ColumnInfo, at: EncoderContext) {
    const scale = info.scale ?? 2;
    const precision = decimalPrecision(scale);
    super(info, at, new Decimal(scale, precision, 128));
    if (scale > precision) throw new Error(`${at.format}: decimal column \`${info.name}\` of table \`${at.table}\` has scale ${scale}; a Decimal128 holds at most ${MAX_DECIMAL_PRECISION} digits`);
    this.scale = scale;
    this.precision = precision;
    this.pow = scale <= 22 ? 10 ** scale : NaN;
    this.integerLimit = 10 ** (precision - scale);
    this.why = FORMATS[at.format].decimalTooLarge(precision, scale);
  }

  protected resize(capacity: number): void {
    this.words = grown(this.words, 4 * capacity);
  }

  append(values: ArrayLike<CellValue>, from: number, to: number, row: number): void {
    this.reserve(to - from);
    const { words, pow } = this;
    let i = this.length;
    for (let r = from; r < to; r++, i++) {
      const v = values[r]!;
      if (!this.present(i, v, row + r - from)) continue;
      if (typeof v !== 'number') {
        this.fail(row + r - from, v, 'not a number');
        continue;
      }
      const p = v * pow;
      const unscaled = Math.round(p);
      // Within 2^50 and a quarter: see the class comment. NaN (a scale over 22, a NaN cell) takes the text path.
      if (Math.abs(p) < 2 ** 50 && Math.abs(p - unscaled) <= 0.25) {
        const h = Math.floor(unscaled / TWO_32);
        words[4 * i] = unscaled - h * TWO_32;
        words[4 * i + 1] = h;
        words[4 * i + 2] = words[4 * i + 3] = unscaled < 0 ? -1 : 0;
      } else this.fromText(v, i, row + r - from);
    }
    this.length = i;
  }

  private fromText(v: number, i: number, row: number): void {
    // Also refuses NaN and ±Infinity; below the limit toFixed never switches to exponent notation.
    if (!(Math.abs(v) < this.integerLimit)) return this.fail(row, v, this.why);
    const fixed = v.toFixed(this.scale);
    const point = this.scale > 0 ? fixed.length - this.scale - 1 : fixed.length;
    // Rounding at the scale can still carry into one integer digit more than the precision holds.
    if (!(Math.abs(Number(fixed.slice(0, point))) < this.integerLimit)) return this.fail(row, v, this.why);
    const text = this.scale > 0 ? fixed.slice(0, point) + fixed.slice(point + 1) : fixed;
    const unscaled = Number(text);
    const { words } = this;
    if (Number.isSafeInteger(unscaled)) {
      const h = Math.floor(unscaled / TWO_32);
      words[4 * i] = unscaled - h * TWO_32;
      words[4 * i + 1] = h;
      words[4 * i + 2] = words[4 * i + 3] = unscaled < 0 ? -1 : 0;
    } else {
      const bits = BigInt.asUintN(128, BigInt(text));
      for (let w = 0; w < 4; w++) words[4 * i + w] = Number((bits >> BigInt(32 * w)) & 0xffffffffn);
    }
  }

  protected finish(n: number, nullBitmap: Uint8Array | undefined): Data {
    const data = new Uint32Array(this.words.buffer, 0, 4 * n);
    this.words = new Int32Array(0);
    return makeData({ ...this.props(n, nullBitmap), data });
  }
}

/**
 * Utf8: the cells' UTF-8 back to back, with an offsets array. A run of cells is joined into one string and encoded
 * in one call; when that string is ASCII (its UTF-8 is as long as it is), the offsets are the cells' lengths.
 * Otherwise the cells' UTF-8 lengths are counted here, and the joined encoding is kept only when its length agrees
 * (it would not if a cell ending in half a surrogate pair met one starting with the other half); failing that,
 * each cell is encoded on its own, as the writers did before.
 */
class Utf8Encoder extends BaseEncoder<Utf8> {
  private offsets = new Int32Array(1);
  private bytes = Buffer.alloc(0);

  constructor(info: ColumnInfo, at: EncoderContext) {
    super(info, at, new Utf8());
  }

  protected resize(capacity: number): void {
    this.offsets = grown(this.offsets, capacity + 1);
  }

  /** Joined runs stay well below V8's longest string (2^29 - 24 UTF-16 units). */
  private static readonly RUN_CHARS = 1 << 24;

  append(values: ArrayLike<CellValue>, from: number, to: number, row: number): void {
    this.reserve(to - from);
    const offsets = this.offsets;
    let start = from;
    let i = this.length;
    let chars = 0;
    for (let r = from; r < to; r++, i++) {
      const v = values[r]!;
      const length = this.present(i, v, row + r - from) ? (typeof v === 'string' ? v.length : String(v).length) : 0;
      chars += length;
      offsets[i + 1] = offsets[i]! + length;
      if (chars >= Utf8Encoder.RUN_CHARS) {
        this.encodeRun(values, start, r + 1, i + 1 - (r + 1 - start));
        start = r + 1;
        chars = 0;
      }
    }
    if (start < to) this.encodeRun(values, start, to, i - (to - start));
    this.length = i;
  }

  /**
   * Encodes `values[from, to)`, cells `first…` of the chunk whose offsets hold their UTF-16 lengths (relative to
   * the run's first offset, which is a byte offset), and turns those into byte offsets.
   */
  private encodeRun(values: ArrayLike<CellValue>, from: number, to: number, first: number): void {
    const offsets = this.offsets;
    const base = offsets[first]!;
    const n = to - from;
    const text = (from === 0 && to === values.length ? Array.prototype.join.call(values, '') : Array.prototype.slice.call(values, from, to).join('')) as string;
    // Null and undefined join as '', as a null cell's text is.
    this.ensureBytes(base + 3 * text.length, base);
    const written = this.bytes.write(text, base, 'utf8');
    if (written === text.length) {
      // ASCII: the offsets already are byte offsets (base + char counts).
      this.checkSize(base + written);
      return;
    }
    // Count each cell's UTF-8 bytes, as Node encodes them (a lone surrogate becomes U+FFFD, 3 bytes).
    let at = base;
    for (let k = 0; k < n; k++) {
      const v = values[from + k]!;
      if (v !== null) at += utf8Length(typeof v === 'string' ? v : String(v));
      offsets[first + k + 1] = at;
    }
    this.checkSize(at);
    if (at === base + written) return;
    at = base;
    for (let k = 0; k < n; k++) {
      const v = values[from + k]!;
      if (v !== null) at += this.bytes.write(typeof v === 'string' ? v : String(v), at, 'utf8');
    }
  }

  /** Room for `size` bytes, keeping the `used` bytes written so far. */
  private ensureBytes(size: number, used: number): void {
    if (size <= this.bytes.length) return;
    const bytes = Buffer.allocUnsafe(Math.max(size, Math.min(2 * this.bytes.length, size + (1 << 26))));
    this.bytes.copy(bytes, 0, 0, used);
    this.bytes = bytes;
  }

  private checkSize(bytes: number): void {
    if (bytes > MAX_TEXT_BYTES) {
      const { info, at } = this;
      throw new Error(`${at.format}: column \`${info.name}\` of table \`${at.table}\` holds more than 2 GiB of text in ${FORMATS[at.format].chunk}`);
    }
  }

  protected finish(n: number, nullBitmap: Uint8Array | undefined): Data {
    const valueOffsets = this.offsets.subarray(0, n + 1);
    // A copy, exactly as long as the text: the buffer was sized for the worst case.
    // The byte buffer stays, for the next chunk.
    const data = Uint8Array.prototype.slice.call(this.bytes, 0, valueOffsets[n]);
    this.offsets = new Int32Array(1);
    return makeData({ ...this.props(n, nullBitmap), valueOffsets, data });
  }
}

/** UTF-8 bytes of a string, counted as Buffer.write encodes it. */
function utf8Length(s: string): number {
  let bytes = s.length;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c < 0x80) continue;
    if (c < 0x800) bytes += 1;
    else if (c >= 0xd800 && c < 0xdc00 && k + 1 < s.length && (s.charCodeAt(k + 1) & 0xfc00) === 0xdc00) {
      // A surrogate pair: 4 bytes for 2 units.
      bytes += 2;
      k++;
    } else bytes += 2;
  }
  return bytes;
}

/** A typed array of `length` holding `from`'s elements (new elements 0). */
function grown<A extends Int32Array | Float64Array | Uint8Array>(from: A, length: number): A {
  const to = new (from.constructor as new (n: number) => A)(length);
  to.set(from.subarray(0, Math.min(from.length, length)));
  return to;
}
