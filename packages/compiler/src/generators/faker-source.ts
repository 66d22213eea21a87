import { createRequire } from 'node:module';
import type { Faker, LocaleDefinition, Randomizer } from '@faker-js/faker';
import type { CellRandom } from '../random/cell-random.js';
import { fakerKernel, type Kernel } from './faker-kernels/index.js';

/**
 * Faker as a source of values driven by the cell's stream: a custom Randomizer reads whatever CellRandom is
 * current, so no per-row reseeding (TOOLCHAIN.md: reseeding the default twister costs 4x). Faker's "now"
 * for relative dates is pinned, or `date.past()` would change every day.
 */
export const FAKER_REFERENCE_DATE = '2025-01-01T00:00:00.000Z';

export interface FakerSource {
  call(path: string, args: unknown[], rng: CellRandom): unknown;
  /** A fast draw of the method from this Faker's locale definitions, or undefined: then `call` (docs/performance.md). */
  kernel(path: string, args: unknown[]): Kernel | undefined;
}

export function createFakerSource(locale: string): FakerSource {
  let current: CellRandom | undefined;
  const randomizer: Randomizer = {
    next: () => current!.next(),
    seed: () => undefined,
  };
  const { FakerClass, definitions } = loadedLocales.get(locale) ?? requireLocale(locale);
  const faker = new FakerClass({ locale: definitions, randomizer });
  faker.setDefaultRefDate(FAKER_REFERENCE_DATE);
  const methods = new Map<string, (...a: unknown[]) => unknown>();
  return {
    call(path, args, rng) {
      let fn = methods.get(path);
      if (!fn) {
        const [mod, name] = path.split('.') as [string, string];
        const m = (faker as unknown as Record<string, Record<string, (...a: unknown[]) => unknown>>)[mod]!;
        fn = m[name]!.bind(m);
        methods.set(path, fn);
      }
      current = rng;
      return fn(...args);
    },
    kernel: (path, args) => fakerKernel(faker, path, args),
  };
}

/** A locale's definitions merged down its chain (the locale, its base language, en, base), and Faker's class. */
export interface LoadedLocale {
  FakerClass: typeof Faker;
  definitions: LocaleDefinition;
}

const loadedLocales = new Map<string, LoadedLocale>();

/**
 * Locales whose entry point (`@faker-js/faker/locale/<name>`) falls back through a different chain than ours
 * (en_AU_ocker's goes through en_AU): they are built from the package's root, which loads every locale, so that
 * their values stay what they were. faker-source.test.ts checks every other locale's entry against our chain.
 */
export const ROOT_CHAIN_LOCALES: ReadonlySet<string> = new Set(['en_AU_ocker']);

/**
 * Loads `locale` (a name of FAKER_LOCALES) for createFakerSource. The package's root imports all 70-odd locales,
 * which was most of `synth validate`'s start-up (docs/performance.md#start-up); a locale's own entry point loads only
 * its chain. Await this before planning where you can: createFakerSource otherwise loads the locale synchronously
 * (require of an ES module), which Node only does from 20.19 on, and Jest not at all.
 */
export async function loadFakerLocale(locale: string): Promise<void> {
  if (loadedLocales.has(locale)) return;
  loadedLocales.set(locale, fromEntry(locale, await import(entryOf(locale))));
}

/**
 * Loads every locale at once from the package's root (what each start-up paid before loadFakerLocale): for the test
 * runner, which cannot require an ES module, so createFakerSource finds any locale a test plans with.
 */
export async function loadAllFakerLocales(): Promise<void> {
  const root = await import('@faker-js/faker');
  for (const locale of Object.keys(root.allLocales)) if (!loadedLocales.has(locale)) loadedLocales.set(locale, fromRootChain(locale, root));
}

function requireLocale(locale: string): LoadedLocale {
  let entry: unknown;
  try {
    entry = createRequire(import.meta.url)(entryOf(locale));
  } catch (e) {
    throw new Error(`internal: Faker's locale '${locale}' was not loaded (await loadFakerLocale('${locale}') before planning): ${(e as Error).message}`);
  }
  const loaded = fromEntry(locale, entry);
  loadedLocales.set(locale, loaded);
  return loaded;
}

const entryOf = (locale: string) => (ROOT_CHAIN_LOCALES.has(locale) ? '@faker-js/faker' : `@faker-js/faker/locale/${locale}`);

function fromEntry(locale: string, entry: unknown): LoadedLocale {
  if (ROOT_CHAIN_LOCALES.has(locale)) return fromRootChain(locale, entry as typeof import('@faker-js/faker'));
  // A locale's entry exports only a Faker instance over its chain: its merged definitions are what our chain merges
  // to, and its constructor is the one Faker class every entry shares.
  const { faker } = entry as { faker: Faker };
  return { FakerClass: faker.constructor as typeof Faker, definitions: faker.rawDefinitions };
}

/** Our chain, from the package's root: the locale, its base language (de for de_AT), en, base. */
export function fromRootChain(locale: string, root: typeof import('@faker-js/faker')): LoadedLocale {
  const locales = root.allLocales as unknown as Record<string, LocaleDefinition | undefined>;
  const chain = [locales[locale], locale.includes('_') ? locales[locale.split('_')[0]!] : undefined, locales.en, locales.base];
  return { FakerClass: root.Faker, definitions: new root.Faker({ locale: chain.filter((l): l is LocaleDefinition => l !== undefined) }).rawDefinitions };
}
