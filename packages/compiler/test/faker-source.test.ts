import { describe, expect, it } from '@jest/globals';
import type { LocaleDefinition } from '@faker-js/faker';
import { fakerLocales } from '@synth/spec';
import { createFakerSource, fromRootChain, ROOT_CHAIN_LOCALES } from '../src/generators/faker-source.js';
import { CellRandom, streamKey } from '../src/random/cell-random.js';

describe('Faker locales load one chain at a time', () => {
  it("every locale's own entry point merges to the chain synth has always used (locale, base language, en, base), except the ones built from the root", async () => {
    const root = await import('@faker-js/faker');
    const differs: string[] = [];
    for (const locale of fakerLocales()) {
      const { faker } = (await import(`@faker-js/faker/locale/${locale}`)) as { faker: { rawDefinitions: unknown } };
      const ours = fromRootChain(locale, root).definitions;
      if (JSON.stringify(faker.rawDefinitions) !== JSON.stringify(ours)) differs.push(locale);
    }
    // A Faker upgrade that changes a chain shows here: that locale must be built from the root to keep its values.
    expect(differs).toEqual([...ROOT_CHAIN_LOCALES]);
  });

  it('a source draws what the Faker over the whole chain of root locales drew before, from the same stream', async () => {
    const root = await import('@faker-js/faker');
    for (const locale of ['en', 'de_AT', 'en_AU_ocker', 'ja']) {
      const source = createFakerSource(locale);
      const rng = new CellRandom(streamKey('1', 't', 'c'));
      let current = rng.at(0);
      // The Faker synth built before locales loaded lazily: the chain as an array of the root's locales.
      const all = root.allLocales as unknown as Record<string, LocaleDefinition>;
      const chain = [all[locale]!, ...(locale.includes('_') ? [all[locale.split('_')[0]!]!] : []), all.en!, all.base!];
      const reference = new root.Faker({ locale: chain, randomizer: { next: () => current.next(), seed: () => undefined } });
      reference.setDefaultRefDate('2025-01-01T00:00:00.000Z');
      for (const path of ['person.fullName', 'location.city', 'internet.email']) {
        for (let row = 0; row < 20; row++) {
          const got = source.call(path, [], rng.at(row));
          current = rng.at(row);
          const [mod, name] = path.split('.') as [string, string];
          const want = (reference as unknown as Record<string, Record<string, () => unknown>>)[mod]![name]!();
          expect([locale, path, row, got]).toEqual([locale, path, row, want]);
        }
      }
    }
  });
});
