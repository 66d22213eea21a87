import { allLocales, faker } from '@faker-js/faker';

/** Faker modules whose methods make sense as column generators (helpers take arguments, still allowed). */
const EXCLUDED_MODULES = new Set(['fakerCore', 'rawDefinitions', 'definitions']);

let catalogue: string[] | undefined;
let known: Set<string> | undefined;

/** Every `module.method` path a column `type` may name, e.g. `person.fullName`. */
export function fakerMethods(): string[] {
  if (!catalogue) {
    const out: string[] = [];
    const f = faker as unknown as Record<string, unknown>;
    for (const mod of Object.keys(f)) {
      if (EXCLUDED_MODULES.has(mod) || mod.startsWith('_')) continue;
      const m = f[mod];
      if (!m || typeof m !== 'object') continue;
      // Walk the whole prototype chain: date.past, helpers.arrayElement and others live on base classes.
      const names = new Set<string>();
      for (let proto = Object.getPrototypeOf(m); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
      }
      for (const name of names) {
        if (name === 'constructor' || name.startsWith('_')) continue;
        if (typeof (m as Record<string, unknown>)[name] === 'function') out.push(`${mod}.${name}`);
      }
    }
    catalogue = out.sort();
  }
  return catalogue;
}

export function isFakerMethod(path: string): boolean {
  known ??= new Set(fakerMethods());
  return known.has(path);
}

export function fakerLocales(): string[] {
  return Object.keys(allLocales).filter((l) => l !== 'base');
}
