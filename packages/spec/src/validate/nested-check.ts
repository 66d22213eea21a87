import type { Ajv } from 'ajv';
import { createRequire } from 'node:module';
import { diag } from '../diagnostics/diagnostic.js';
import { isRefColumn, type ColumnSpec, type Diagnostic, type SpecDocument } from '../types.js';

/** What a field or element of a document cannot be: it has no row of its own to be keyed, derived or referenced by. */
const NOT_INSIDE = ['ref', 'expr', 'when', 'unique', 'primary_key', 'series', 'quality'] as const;

/** The columns inside a document column: `[name, spec, pointer]` for each field, or the array's `items`. */
export function nestedColumns(c: ColumnSpec, pointer: string): Array<[string, ColumnSpec, string]> {
  const x = c as unknown as { type?: string; fields?: Record<string, ColumnSpec>; items?: ColumnSpec };
  if (x.type === 'object' && x.fields) return Object.entries(x.fields).map(([k, f]) => [k, f, `${pointer}/fields/${k}`]);
  if (x.type === 'array' && x.items) return [['[]', x.items, `${pointer}/items`]];
  return [];
}

/** A field or element: any drawn kind, but nothing that needs a row (docs/nested.md#inside). */
export function checkNestedColumn(doc: SpecDocument, c: ColumnSpec, pointer: string): Diagnostic[] {
  const x = c as unknown as Record<string, unknown>;
  const out: Diagnostic[] = [];
  for (const key of NOT_INSIDE) {
    if (x[key] === undefined) continue;
    out.push(diag('nestedInvalid', { detail: `'${key}' cannot be used inside an object or array column` }, { doc, pointer: `${pointer}/${key}`, atKey: true }));
  }
  if (!isRefColumn(c) && c.type === 'sequence') out.push(diag('nestedInvalid', { detail: 'A sequence cannot be inside an object or array column: it counts rows' }, { doc, pointer: `${pointer}/type` }));
  return out;
}

let ajv: Ajv | undefined;

/**
 * ajv (CommonJS, ~80 modules) is required on first use, by a spec with an embedded JSON Schema: loading it up front
 * cost every `synth validate` ~15 ms of start-up (docs/performance.md#start-up).
 */
function schemaCompiler(): Ajv {
  if (ajv) return ajv;
  const { Ajv: AjvClass } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  ajv = new AjvClass({ strict: false, allErrors: false, validateFormats: false });
  return ajv;
}

/** The embedded schema of a `json` column must compile; json-schema-faker and the checker both read it. */
export function checkJsonSchema(doc: SpecDocument, schema: unknown, pointer: string): Diagnostic[] {
  if (typeof schema === 'boolean') return schema ? [] : [diag('nestedInvalid', { detail: 'The schema `false` admits no value' }, { doc, pointer })];
  if (typeof schema !== 'object' || schema === null) return [];
  const cycle = sameValueCycle(schema);
  if (cycle) {
    return [diag('nestedInvalid', { detail: `Invalid JSON Schema: ${cycle} refers back to itself for the same value, so no value can be generated or checked` }, { doc, pointer, hint: 'A recursive schema must descend into the value on the way (through `properties` or `items`, e.g. a tree whose `children` items are `$ref: "#"`), not refer to itself directly (docs/nested.md).' })];
  }
  try {
    schemaCompiler().compile(schema);
    return [];
  } catch (e) {
    return [diag('nestedInvalid', { detail: `Invalid JSON Schema: ${(e as Error).message.split('\n')[0]}` }, { doc, pointer })];
  }
}

/** Keywords whose subschemas apply to the same value as their parent (not to a property or an item of it). */
const SAME_VALUE_ONE = ['not', 'if', 'then', 'else'] as const;
const SAME_VALUE_MANY = ['allOf', 'anyOf', 'oneOf'] as const;

/**
 * A `$ref` chain that comes back to a schema for the same value without descending into it (`$ref: "#"` at the
 * root, `allOf: [{ $ref: "#" }]`): validators and generators recurse on it without end (ajv ran out of stack at
 * build, SYN499; found by the fuzzer). Returns where it starts (`$ref "#"` at /…), or undefined. Only local refs
 * (`#…`) are followed; a tree that recurses through `properties` or `items` is fine.
 */
function sameValueCycle(root: object): string | undefined {
  const resolve = (ref: string): unknown => {
    if (!ref.startsWith('#')) return undefined;
    let node: unknown = root;
    for (const part of ref.slice(1).split('/').slice(1)) {
      const key = decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~');
      if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
      node = (node as Record<string, unknown>)[key];
    }
    return node;
  };
  const sameValue = (node: Record<string, unknown>): unknown[] => [
    ...(typeof node.$ref === 'string' ? [resolve(node.$ref)] : []),
    ...SAME_VALUE_ONE.map((k) => node[k]),
    ...SAME_VALUE_MANY.flatMap((k) => (Array.isArray(node[k]) ? (node[k] as unknown[]) : [])),
  ].filter((x): x is object => typeof x === 'object' && x !== null);
  const onPath = new Set<unknown>();
  const done = new Set<unknown>();
  const visit = (node: unknown): boolean => {
    if (typeof node !== 'object' || node === null || done.has(node)) return false;
    if (onPath.has(node)) return true;
    onPath.add(node);
    const found = sameValue(node as Record<string, unknown>).some(visit);
    onPath.delete(node);
    done.add(node);
    return found;
  };
  // Every subschema is a possible start: a property's schema may refer to itself as well as the root.
  const starts: Array<[unknown, string]> = [];
  const collect = (node: unknown, at: string, depth: number) => {
    if (typeof node !== 'object' || node === null || depth > 64) return;
    starts.push([node, at]);
    for (const [k, v] of Object.entries(node)) collect(v, `${at}/${k}`, depth + 1);
  };
  collect(root, '', 0);
  for (const [node, at] of starts) {
    if (visit(node)) return `the schema at ${at || '/'}`;
  }
  return undefined;
}

/** A validator for a JSON Schema (the conformance checker's test of document values); throws when it does not compile. */
export function jsonSchemaValidator(schema: object | boolean): (value: unknown) => boolean {
  const validate = schemaCompiler().compile(schema);
  return (value) => validate(value) === true;
}
