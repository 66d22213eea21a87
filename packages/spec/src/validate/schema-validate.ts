import type { ErrorObject, ValidateFunction } from 'ajv';
import validateGenerated from './schema-validator.generated.js';
import { SCHEMA_TEXT } from './schema-json.generated.js';
import { diag } from '../diagnostics/diagnostic.js';
import type { Diagnostic, SpecDocument } from '../types.js';
import { didYouMean } from './did-you-mean.js';
import { checkSpecNumbers } from './limits-check.js';

let compiled: ValidateFunction | undefined;
let schemaJson: Record<string, unknown> | undefined;

/** The published JSON Schema (schemas/synth.schema.json, built into the package by `pnpm schema:validator`), as an object. */
export function synthJsonSchema(): Record<string, unknown> {
  schemaJson ??= JSON.parse(SCHEMA_TEXT) as Record<string, unknown>;
  return schemaJson;
}

/**
 * ajv's standalone code for the schema, generated at development time (scripts/validator-code.ts) with
 * `verbose` errors, which carry their parentSchema: the keys allowed where an unknown one was found.
 */
function validator(): ValidateFunction {
  compiled ??= validateGenerated as unknown as ValidateFunction;
  return compiled;
}

/** Validates the parsed document against the JSON Schema; every violation becomes one located diagnostic. */
export function validateAgainstSchema(doc: SpecDocument): Diagnostic[] {
  const root = doc.value;
  if (root === null || typeof root !== 'object' || Array.isArray(root)) {
    const kind = root === null ? 'null' : Array.isArray(root) ? 'a list' : `a ${typeof root}`;
    return [diag('notASpec', { detail: `the document is ${kind}, not a mapping` }, { doc, pointer: '' })];
  }
  const obj = root as Record<string, unknown>;
  if (!('synth' in obj) && !('tables' in obj)) {
    return [diag('notASpec', { detail: 'it has neither a `synth:` version key nor `tables:`' }, { doc, pointer: '' })];
  }
  if ('synth' in obj && obj.synth !== 1) {
    return [diag('unsupportedVersion', { version: JSON.stringify(obj.synth) }, { doc, pointer: '/synth' })];
  }
  const validate = validator();
  // ajv takes .inf for a number (and for an integer); the walk names each non-finite number once, and the schema's
  // own complaint about the same value is dropped.
  const nonFinite = checkSpecNumbers(doc);
  if (validate(root)) return nonFinite;
  const seen = new Set(nonFinite.map((d) => d.pointer));
  return [...nonFinite, ...mapErrors(doc, validate.errors ?? []).filter((d) => !seen.has(d.pointer))];
}

function parentSchemaProps(e: ErrorObject): string[] {
  const props = (e.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return props ? Object.keys(props) : [];
}

function describe(pointer: string): string {
  if (pointer === '') return 'The spec';
  const parts = pointer.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return `\`${parts[parts.length - 1]}\` (${parts.join('.')})`;
}

function mapErrors(doc: SpecDocument, errors: ErrorObject[]): Diagnostic[] {
  // `if` and composite keywords repeat what their branches already said; keep the most specific errors.
  const specific = errors.filter((e) => e.keyword !== 'if');
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  const push = (key: string, d: Diagnostic) => {
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  };
  for (const e of specific) {
    const path = e.instancePath;
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf') {
      // If a branch got past its type check (an error deeper inside this value), that branch is what the
      // user meant: its errors stand alone. Otherwise say which shapes are accepted.
      const deeper = specific.some((o) => o.instancePath.startsWith(path + '/') && o.schemaPath.startsWith(e.schemaPath.replace(/\/(oneOf|anyOf)$/, '')));
      if (deeper) continue;
      // A mapping with errors inside it took a branch through a shared definition (`$ref`, e.g. a distribution):
      // those errors say what is wrong; "must be an integer" would only mislead.
      const value = valueAt(doc.value, path);
      if (value !== null && typeof value === 'object' && specific.some((o) => o.instancePath.startsWith(path + '/') && o.schemaPath.startsWith('#/definitions/'))) continue;
      const types = new Set<string>();
      for (const o of specific) {
        if (o.instancePath === path && o.keyword === 'type' && o.schemaPath.startsWith(e.schemaPath.replace(/\/(oneOf|anyOf)$/, ''))) {
          const t = (o.params as { type: string | string[] }).type;
          for (const x of Array.isArray(t) ? t : [t]) types.add(x);
        }
      }
      const expected = types.size > 0 ? [...types].map(article).join(' or ') : 'one of the documented shapes';
      push(`shape:${path}`, diag('wrongType', { what: describe(path), expected }, { doc, pointer: path }));
      continue;
    }
    if (isInsideFailedOneOf(e, specific)) continue;
    switch (e.keyword) {
      case 'additionalProperties': {
        const key = (e.params as { additionalProperty: string }).additionalProperty;
        const allowed = parentSchemaProps(e);
        const suggestion = didYouMean(key, allowed);
        const pointer = `${path}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const nearMiss = oldGrammarHint(path, key, doc.value);
        const hint = nearMiss
          ?? (allowed.length === 0 ? 'Nothing goes here: remove it (see docs/spec.md for the shape of this field).' : suggestion ? `Did you mean '${suggestion}'? Allowed here: ${allowed.join(', ')}.` : undefined);
        push(`unknown:${pointer}`, diag('unknownKey', { key: `'${key}'`, allowed: allowed.join(', ') }, { doc, pointer, atKey: true, ...(hint ? { hint } : {}) }));
        break;
      }
      case 'required': {
        const key = (e.params as { missingProperty: string }).missingProperty;
        push(`required:${path}/${key}`, diag('missingKey', { key }, { doc, pointer: path, atKey: true }));
        break;
      }
      case 'type': {
        const t = (e.params as { type: string | string[] }).type;
        const expected = (Array.isArray(t) ? t : [t]).map(article).join(' or ');
        push(`type:${path}`, diag('wrongType', { what: describe(path), expected }, { doc, pointer: path }));
        break;
      }
      case 'enum': {
        const allowed = (e.params as { allowedValues: unknown[] }).allowedValues.map(String);
        const actual = String(valueAt(doc.value, path));
        const s = didYouMean(actual, allowed);
        push(`enum:${path}`, diag('invalidValue', { what: describe(path), detail: `must be one of ${allowed.join(', ')}` }, {
          doc, pointer: path, ...(s ? { hint: `Did you mean '${s}'?` } : {}),
        }));
        break;
      }
      case 'propertyNames': {
        break; // reported by the `pattern` error on the name itself
      }
      case 'pattern': {
        const propertyName = (e as ErrorObject & { propertyName?: string }).propertyName;
        if (propertyName !== undefined) {
          push(`name:${path}/${propertyName}`, diag('invalidValue', { what: `Name '${propertyName}'`, detail: 'must start with a letter or _ and contain only letters, digits and _' }, {
            doc, pointer: `${path}/${propertyName}`, atKey: true, hint: 'Names become SQL identifiers and CSV headers; use snake_case.',
          }));
        } else {
          push(`pattern:${path}`, diag('invalidValue', { what: describe(path), detail: patternMessage(path) }, { doc, pointer: path }));
        }
        break;
      }
      default: {
        push(`${e.keyword}:${path}`, diag('invalidValue', { what: describe(path), detail: e.message ?? 'is invalid' }, { doc, pointer: path }));
      }
    }
  }
  return out;
}

/**
 * Hints for keys of synth's earlier drafts and of other tools' grammars (DESIGN.md's sketch among them), which the
 * edit distance cannot find: what to write instead.
 */
function oldGrammarHint(path: string, key: string, root: unknown): string | undefined {
  if (/\/rows\/count$/.test(path) && key === 'uniform') return 'A uniform count is written `count: { min: 1, max: 3 }` (docs/spec.md#rows-per-parent).';
  if (/\/rows\/count\/uniform$/.test(path)) return 'A uniform count is written without `uniform`: `count: { min: 1, max: 3 }` (docs/spec.md#rows-per-parent).';
  if (/\/distribution\/uniform$/.test(path)) return '`uniform` takes no parameters: bound the column itself, e.g. `{ type: int, min: 1, max: 9 }` (uniform is also the default).';
  if (/\/columns\/[^/]+$/.test(path) && key === 'sequence') {
    const start = (valueAt(root, `${path}/sequence`) as { start?: unknown } | undefined)?.start;
    return `A sequence is a type of its own: write \`{ type: sequence, start: ${typeof start === 'number' ? start : 1} }\` (and \`step:\` if not 1).`;
  }
  if (/\/columns\/[^/]+$/.test(path) && (key === 'range' || key === 'between')) return 'Bound a column with `min:` and `max:` of its own, e.g. `{ type: int, min: 1, max: 9 }`.';
  if (/\/columns\/[^/]+$/.test(path) && (key === 'enum' || key === 'choices' || key === 'options' && valueAt(root, `${path}/type`) === 'enum')) return 'An enum lists its values under `values:`: `{ type: enum, values: [a, b] }` or with weights `{ values: { a: 3, b: 1 } }`.';
  if (/\/columns\/[^/]+$/.test(path) && (key === 'regex' || key === 'format' && valueAt(root, `${path}/type`) === 'string')) return 'A string column follows a regular expression given as `pattern:`.';
  if (/\/columns\/[^/]+$/.test(path) && (key === 'null_rate' || key === 'null_probability' || key === 'null')) return 'The share of nulls is `nulls:` (0 to 1), e.g. `nulls: 0.1`.';
  return undefined;
}

function patternMessage(path: string): string {
  if (path.endsWith('/ref')) return "must be 'table.column'";
  return 'does not have the expected form';
}

/** True when `e` came from a oneOf branch that was not the one the user meant (the value failed its type). */
function isInsideFailedOneOf(e: ErrorObject, all: ErrorObject[]): boolean {
  const m = /^(.*\/(?:oneOf|anyOf))\/(\d+)\//.exec(e.schemaPath);
  if (!m) return false;
  const [, composite, branch] = m;
  // Errors of a branch count only if the branch's type matched, i.e. it has no type error at the composite's own path.
  const branchPrefix = `${composite}/${branch}/`;
  const compositeError = all.find((o) => (o.keyword === 'oneOf' || o.keyword === 'anyOf') && o.schemaPath === composite);
  if (!compositeError) return false;
  const typeFailed = all.some((o) => o.schemaPath.startsWith(branchPrefix) && o.keyword === 'type' && o.instancePath === compositeError.instancePath);
  return typeFailed || e.instancePath === compositeError.instancePath;
}

function article(t: string): string {
  if (t === 'object') return 'a mapping';
  if (t === 'array') return 'a list';
  if (t === 'null') return 'null';
  if (t === 'integer') return 'an integer';
  return `a ${t}`;
}

function valueAt(root: unknown, pointer: string): unknown {
  let v: unknown = root;
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    v = v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  }
  return v;
}
