import { describe, expect, it } from '@jest/globals';
import { Ajv } from 'ajv';
import { synthJsonSchema } from '@synth/spec';

type Node = Record<string, unknown>;

/** Every property schema (JSON pointer → schema) of the spec schema, leaving out `if` conditions (not shown to users). */
function properties(node: unknown, pointer = '', out = new Map<string, Node>()): Map<string, Node> {
  if (Array.isArray(node)) node.forEach((n, i) => properties(n, `${pointer}/${i}`, out));
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === 'if') continue;
      if (key === 'properties') for (const [name, p] of Object.entries(value as Node)) out.set(`${pointer}/properties/${name}`, p as Node);
      properties(value, `${pointer}/${key}`, out);
    }
  }
  return out;
}

describe('schemas/synth.schema.json for editors', () => {
  const schema = synthJsonSchema();
  const all = properties(schema);

  it('walks every property (the walk is not empty)', () => {
    expect(all.size).toBeGreaterThan(50);
    expect(all.has('/definitions/column/properties/type')).toBe(true);
  });

  it('has a description on every property, shown on hover by yaml-language-server', () => {
    const missing = [...all].filter(([, p]) => typeof p.description !== 'string' || p.description.trim().length < 8).map(([k]) => k);
    expect(missing).toEqual([]);
  });

  it('has examples on the properties people type most, and every example is valid for its property', () => {
    for (const key of ['/properties/seed', '/properties/locale', '/definitions/column/properties/type', '/definitions/output/properties/format', '/definitions/column/properties/distribution']) {
      expect(Array.isArray(all.get(key)?.examples)).toBe(true);
    }
    const ajv = new Ajv({ strict: false });
    ajv.addSchema(schema);
    let checked = 0;
    for (const [pointer, p] of all) {
      if (!Array.isArray(p.examples)) continue;
      const validate = ajv.compile({ $ref: `${schema.$id as string}#${pointer}` });
      for (const example of p.examples) {
        expect({ pointer, example, valid: validate(example) }).toEqual({ pointer, example, valid: true });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(30);
  });
});
