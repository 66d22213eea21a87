import { allLocales, Faker, type LocaleDefinition, type Randomizer } from '@faker-js/faker';
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
  const locales = allLocales as unknown as Record<string, LocaleDefinition>;
  const chain = [locales[locale], locale.includes('_') ? locales[locale.split('_')[0]!] : undefined, locales.en, locales.base].filter(
    (l): l is LocaleDefinition => l !== undefined,
  );
  const faker = new Faker({ locale: chain, randomizer });
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
