import { describe, expect, it } from '@jest/globals';
import { jsonSchemaValidator, type ColumnSpec } from '@synth/spec';
import { documentSchema } from '../../src/conformance/document-schema.js';

describe('documentSchema', () => {
  it('lists a weighted enum value once, so the schema compiles (a field listing a value twice was SYN499; found by the fuzzer)', () => {
    const column = { type: 'object', fields: { f: { type: 'enum', values: ['x', 'x', 'y'] } } } as unknown as ColumnSpec;
    const schema = documentSchema(column) as object;
    const valid = jsonSchemaValidator(schema);
    expect(valid({ f: 'x' })).toBe(true);
    expect(valid({ f: 'y' })).toBe(true);
    expect(valid({ f: 'z' })).toBe(false);
  });
});
