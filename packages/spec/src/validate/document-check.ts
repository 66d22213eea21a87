import { diag, pointerOf } from '../diagnostics/diagnostic.js';
import type { Diagnostic, SpecDocument } from '../types.js';

/**
 * Names every plain object has (`__proto__`, `constructor`, `toString`, …). The spec becomes plain objects keyed by
 * the user's names; such a key would be dropped (`__proto__` sets the prototype) or found where it is not declared.
 */
const RESERVED = new Set(Object.getOwnPropertyNames(Object.prototype));

/** Whether `name` is a name no table, column, enum value, field or option may take (SYN107). */
export function isReservedName(name: string): boolean {
  return RESERVED.has(name);
}

/**
 * Checks of the document as YAML gave it, before the JSON Schema: keys no object can hold as its own (SYN107).
 * Every mapping key anywhere is checked, so no user-named map (tables, columns, enum values, fields, plugin options,
 * embedded JSON Schemas) is missed. (Numbers that are not finite are limits-check.ts's SYN210.)
 */
export function checkDocument(doc: SpecDocument): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (v: unknown, path: Array<string | number>) => {
    if (v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      v.forEach((x, i) => walk(x, [...path, i]));
      return;
    }
    for (const key of Object.keys(v)) {
      if (RESERVED.has(key)) {
        out.push(diag('reservedName', { name: `'${key}'`, suggestion: `'${key.replace(/^_+|_+$/g, '') || 'name'}_'` }, { doc, pointer: pointerOf(...path, key), atKey: true }));
        continue;
      }
      walk((v as Record<string, unknown>)[key], [...path, key]);
    }
  };
  walk(doc.value, []);
  return out;
}
