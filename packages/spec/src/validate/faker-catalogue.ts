import { FAKER_LOCALES, FAKER_METHODS } from './faker-catalogue.generated.js';

let known: Set<string> | undefined;

/** Every `module.method` path a column `type` may name, e.g. `person.fullName` (generated from Faker). */
export function fakerMethods(): readonly string[] {
  return FAKER_METHODS;
}

export function isFakerMethod(path: string): boolean {
  known ??= new Set(FAKER_METHODS);
  return known.has(path);
}

export function fakerLocales(): readonly string[] {
  return FAKER_LOCALES;
}
