import { textFormatter, type CellValue, type ColumnInfo } from '@synth/compiler';

/**
 * What SQLite holds for a generated value: numbers as numbers, bools 0/1, temporal values as UTC text. A script
 * (the sql writer) cannot carry NUL, so its strings lose it (`dropNul`); bound parameters (the destination) keep it.
 */
export function sqliteValue(c: ColumnInfo, v: CellValue, options: { dropNul: boolean }): unknown {
  if (v === null) return null;
  switch (c.type) {
    case 'decimal':
      return Number((v as number).toFixed(c.scale ?? 2));
    case 'bool':
      return v ? 1 : 0;
    case 'date':
      return new Date(v as number).toISOString().slice(0, 10);
    case 'datetime':
      return new Date(v as number).toISOString().replace('T', ' ').replace(/(\.000)?Z$/, '');
    case 'time':
      return textFormatter({ ...c, format: 'iso' })(v);
    case 'string':
    case 'uuid':
      return options.dropNul ? String(v).replace(/\u0000/g, '') : String(v);
    default:
      return v;
  }
}
