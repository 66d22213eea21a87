import { describe, expect, it } from '@jest/globals';
import { allLocales, Faker, type LocaleDefinition, type Randomizer } from '@faker-js/faker';
import { drawFor } from '../src/generators/draw.js';
import { createFakerSource, type FakerSource } from '../src/generators/faker-source.js';
import { drawUuid } from '../src/generators/uuid.js';
import { CellRandom, streamKey } from '../src/random/cell-random.js';

/**
 * Differential tests of the Faker kernels (src/generators/faker-kernels): every kernel value must be one Faker
 * itself can produce for the locale, and the kernel must spread over Faker's values about as widely as Faker does.
 *
 * "What Faker can produce" is a regular expression built here from Faker's own locale definitions (the same chain
 * as the build: locale, base language, en, base) following Faker's own patterns; it is checked against Faker's own
 * output too, so the expression is neither too narrow (Faker's values would fail) nor vacuous (junk must fail).
 */

const DRAWS = 2000;
const LOCALES = ['en', 'de', 'fr', 'ja'];

type Def = Record<string, unknown>;

function chainFaker(locale: string, randomizer?: Randomizer): Faker {
  const locales = allLocales as unknown as Record<string, LocaleDefinition>;
  const chain = [locales[locale], locale.includes('_') ? locales[locale.split('_')[0]!] : undefined, locales.en, locales.base].filter(
    (l): l is LocaleDefinition => l !== undefined,
  );
  return new Faker({ locale: chain, randomizer });
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
const alt = (values: readonly string[]) => `(?:${[...new Set(values)].sort((a, b) => b.length - a.length).map(escape).join('|')})`;

/** Builds "what Faker can produce" for one locale as regex sources, from the definitions only. */
class Universe {
  readonly raw: Def;
  private readonly zero: Faker;

  constructor(readonly locale: string, private readonly spell: (s: string) => string = (s) => s) {
    this.raw = chainFaker(locale).definitions.raw as unknown as Def;
    this.zero = chainFaker(locale, { next: () => 0, seed: () => undefined });
  }

  def(path: string): unknown {
    return path.split('.').reduce<unknown>((o, k) => (o as Def | undefined)?.[k], this.raw);
  }

  list(path: string): string[] {
    const v = this.def(path);
    if (typeof v === 'string') return [v];
    if (Array.isArray(v)) return v as string[];
    if (v && typeof v === 'object') return Object.values(v as Def).flatMap((x) => (Array.isArray(x) ? (x as string[]) : []));
    throw new Error(`no list at ${path} for ${this.locale}`);
  }

  words(path: string): string {
    return alt(this.list(path).map(this.spell));
  }

  /** Faker's user-name spelling, from Faker: username({ firstName, lastName }) under a randomizer that answers 0. */
  userSpelled(): Universe {
    const u = new Universe(this.locale, (s) => {
      const out = this.zero.internet.username({ firstName: s, lastName: 'x' });
      return out.slice(0, -3);
    });
    return u;
  }

  emailSpelled(): Universe {
    const user = this.userSpelled();
    return new Universe(this.locale, (s) => user.spell(s).replaceAll(/[^A-Za-z0-9._+-]+/g, ''));
  }

  /** `#` runs as numbers without a leading zero (building numbers, secondary addresses). */
  private numericRuns(text: string): string {
    return text.split(/(#+)/).map((p) => (p.startsWith('#') ? `[1-9]\\d{${p.length - 1}}` : escape(this.spell(p)))).join('');
  }

  /** A Faker pattern (`helpers.fake`) as a regex source; `methods` says what each method placeholder can be. */
  pattern(p: string, hashRuns = false): string {
    return p
      .split(/({{[^}]*(?:}[^}]+)*}})/)
      .map((part) => {
        if (!part.startsWith('{{')) return hashRuns ? this.numericRuns(part) : escape(this.spell(part));
        const expr = part.slice(2, -2);
        if (expr.startsWith('number.int(')) return '\\d+';
        return this.method(expr) ?? this.words(expr);
      })
      .join('');
  }

  patterns(path: string, hashRuns = false): string {
    const v = this.def(path);
    const list = Array.isArray(v) ? (v as Array<string | { value: string }>) : [v as string];
    return `(?:${list.map((p) => this.pattern(typeof p === 'string' ? p : p.value, hashRuns)).join('|')})`;
  }

  /** Faker's user-name forms over this universe's (respelled) names: first{sep}last{n}, first{sep}last, first{n}. */
  userName(): string {
    const first = this.method('person.firstName')!;
    const last = this.method('person.lastName')!;
    const n = '(?:\\d|[1-9]\\d)';
    return `(?:${first}[._]${last}${n}?|${first}${n})`;
  }

  method(path: string): string | undefined {
    switch (path) {
      case 'person.firstName':
        return this.words('person.first_name');
      case 'person.middleName':
        return this.words('person.middle_name');
      case 'person.prefix':
        return this.words('person.prefix');
      case 'person.suffix':
        return this.words('person.suffix');
      case 'person.lastName': {
        if (this.def('person.last_name_pattern') === undefined) return this.words('person.last_name');
        const byPath = this.def('person.last_name_pattern') as Record<string, Array<{ value: string }>>;
        return `(?:${Object.values(byPath).flat().map((p) => this.pattern(p.value)).join('|')})`;
      }
      case 'person.fullName':
        return this.patterns('person.name');
      case 'person.jobTitle':
        return this.patterns('person.job_title_pattern');
      case 'person.jobDescriptor':
        return this.words('person.job_descriptor');
      case 'person.jobArea':
        return this.words('person.job_area');
      case 'person.jobType':
        return this.words('person.job_type');
      case 'location.city':
        return this.patterns('location.city_pattern');
      case 'location.street':
        return this.patterns('location.street_pattern');
      case 'location.buildingNumber':
        return `(?:${this.list('location.building_number').map((f) => this.numericRuns(f)).join('|')})`;
      case 'location.secondaryAddress':
        return this.patterns('location.secondary_address', true);
      case 'location.streetAddress':
        return this.pattern(this.def('location.street_address.normal') as string);
      case 'location.country':
        return this.words('location.country');
      case 'location.zipCode':
        return `(?:${this.list('location.postcode').map((f) => f.split('').map((c) => (c === '#' ? '\\d' : c === '?' ? '[A-Z]' : c === '*' ? '[A-Z0-9]' : escape(c))).join('')).join('|')})`;
      case 'phone.number':
        return `(?:${this.list('phone_number.format.human').map((f) => f.split('').map((c) => (c === '#' ? '\\d' : c === '!' ? '[2-9]' : escape(c))).join('')).join('|')})`;
      case 'company.name':
        return this.patterns('company.name_pattern');
      case 'commerce.productName':
        return this.patterns('commerce.product_name.pattern');
      case 'commerce.productAdjective':
        return this.words('commerce.product_name.adjective');
      case 'commerce.productMaterial':
        return this.words('commerce.product_name.material');
      case 'commerce.product':
        return this.words('commerce.product_name.product');
      case 'lorem.word':
        return this.words('lorem.word');
      case 'lorem.words': {
        const w = this.words('lorem.word');
        return `${w} ${w} ${w}`;
      }
      case 'word.noun':
        return this.words('word.noun');
      case 'internet.username':
        return this.userSpelled().userName();
      case 'internet.email':
        return `${this.emailSpelled().userName()}@${alt(this.list('internet.free_email'))}`;
      default:
        return undefined;
    }
  }
}

/** The methods under test: the ones specs use most (docs/performance.md "Faker at table speed"). */
const METHODS: Array<[string, unknown[], string]> = [
  ['person.firstName', [], 'person.firstName'],
  ['person.lastName', [], 'person.lastName'],
  ['person.fullName', [], 'person.fullName'],
  ['person.jobTitle', [], 'person.jobTitle'],
  ['internet.email', [], 'internet.email'],
  ['internet.username', [], 'internet.username'],
  ['phone.number', [], 'phone.number'],
  ['location.city', [], 'location.city'],
  ['location.street', [], 'location.street'],
  ['location.streetAddress', [], 'location.streetAddress'],
  ['location.country', [], 'location.country'],
  ['location.zipCode', [], 'location.zipCode'],
  ['company.name', [], 'company.name'],
  ['commerce.productName', [], 'commerce.productName'],
  ['lorem.word', [], 'lorem.word'],
  ['lorem.words', [3], 'lorem.words'],
  ['word.noun', [], 'word.noun'],
];

function draws(draw: (rng: CellRandom) => unknown, salt: string): string[] {
  const rng = new CellRandom(streamKey('faker-kernels', salt));
  return Array.from({ length: DRAWS }, (_, row) => String(draw(rng.at(row))));
}

/** The kernel spreads like Faker: at least 80% as many distinct values in the same number of draws. */
function spreadsLikeFaker(kernelValues: string[], fakerValues: string[]): boolean {
  return new Set(kernelValues).size >= 0.8 * new Set(fakerValues).size;
}

const sources = new Map<string, FakerSource>();
const sourceFor = (locale: string) => {
  if (!sources.has(locale)) sources.set(locale, createFakerSource(locale));
  return sources.get(locale)!;
};

describe.each(LOCALES)('Faker kernels, locale %s', (locale) => {
  const universe = new Universe(locale);

  it.each(METHODS)('%s%j: every value is one Faker can produce, and they spread as widely', (path, args, name) => {
    const source = sourceFor(locale);
    const kernel = source.kernel(path, args);
    expect(kernel).toBeDefined();
    const inside = new RegExp(`^${universe.method(name)!}$`, 'u');

    const fakerValues = draws((rng) => source.call(path, args, rng), `faker:${path}`);
    const kernelValues = draws(kernel!, `kernel:${path}`);
    // The expression is Faker's: Faker's own values pass, junk does not.
    expect(fakerValues.filter((v) => !inside.test(v))).toEqual([]);
    expect(inside.test('Qq not a Faker value Zz')).toBe(false);

    expect(kernelValues.filter((v) => !inside.test(v))).toEqual([]);
    expect(spreadsLikeFaker(kernelValues, fakerValues)).toBe(true);
  });
});

describe('Faker kernels', () => {
  it('the spread check fails a kernel stuck on few values', () => {
    const source = sourceFor('en');
    const faker = draws((rng) => source.call('person.firstName', [], rng), 'faker');
    const kernel = source.kernel('person.firstName', [])!;
    const stuck = draws((rng) => kernel(rng.at(rng.currentRow % 50)), 'stuck');
    expect(spreadsLikeFaker(stuck, faker)).toBe(false);
  });

  it('keeps Faker\'s proportions: about 1 in 20 en last names is hyphenated (weights 95:5)', () => {
    const values = draws(sourceFor('en').kernel('person.lastName', [])!, 'hyphen');
    const share = values.filter((v) => v.includes('-')).length / values.length;
    expect(share).toBeGreaterThan(0.03);
    expect(share).toBeLessThan(0.075);
  });

  it('draws female and male first names about evenly (Faker\'s coin), including generic names', () => {
    const u = new Universe('en');
    const female = new Set(u.list('person.first_name.female'));
    const male = new Set(u.list('person.first_name.male'));
    const values = draws(sourceFor('en').kernel('person.firstName', [])!, 'sexes');
    const f = values.filter((v) => female.has(v) && !male.has(v)).length;
    const m = values.filter((v) => male.has(v) && !female.has(v)).length;
    expect(Math.abs(f - m) / values.length).toBeLessThan(0.1);
    expect(values.some((v) => !female.has(v) && !male.has(v))).toBe(true);
  });

  it('follows the sex argument', () => {
    const u = new Universe('de');
    const female = new Set(u.list('person.first_name.female').concat(u.list('person.first_name.generic')));
    const values = draws(sourceFor('de').kernel('person.firstName', ['female'])!, 'female');
    expect(values.filter((v) => !female.has(v))).toEqual([]);
  });

  it('phone.number follows the style argument', () => {
    const u = new Universe('en');
    const national = new RegExp(`^(?:${u.list('phone_number.format.national').map((f) => f.split('').map((c) => (c === '#' ? '\\d' : c === '!' ? '[2-9]' : escape(c))).join('')).join('|')})$`);
    const values = draws(sourceFor('en').kernel('phone.number', [{ style: 'national' }])!, 'national');
    expect(values.filter((v) => !national.test(v))).toEqual([]);
  });

  it('is a pure function of (row, attempt)', () => {
    const kernel = sourceFor('en').kernel('internet.email', [])!;
    const rng = new CellRandom(streamKey('s', 't', 'email'));
    for (let row = 0; row < 200; row++) {
      expect(kernel(rng.at(row, 1))).toBe(kernel(new CellRandom(streamKey('s', 't', 'email')).at(row, 1)));
    }
    const byAttempt = new Set(Array.from({ length: 20 }, (_, attempt) => kernel(rng.at(7, attempt))));
    expect(byAttempt.size).toBeGreaterThan(15);
  });

  it('leaves methods and arguments it does not cover to Faker', () => {
    const source = sourceFor('en');
    expect(source.kernel('finance.iban', [])).toBeUndefined();
    expect(source.kernel('person.firstName', ['nonbinary'])).toBeUndefined();
    expect(source.kernel('internet.email', [{ allowSpecialCharacters: true }])).toBeUndefined();
    expect(source.kernel('person.fullName', [{ firstName: 'Ada' }])).toBeUndefined();
    expect(source.kernel('lorem.words', [1e9])).toBeUndefined();
    expect(source.kernel('no.suchMethod', [])).toBeUndefined();
    // drawFor still calls Faker for them.
    const iban = drawFor({ type: 'finance.iban' } as never, source);
    expect(String(iban(new CellRandom(streamKey('s', 'iban')).at(0)))).toMatch(/^[A-Z]{2}\d{2}/);
  });

  it('drawFor uses the kernel for a covered method', () => {
    const source = sourceFor('en');
    const draw = drawFor({ type: 'person.lastName' } as never, source);
    const rng = new CellRandom(streamKey('s', 'last'));
    expect(draw(rng.at(3))).toBe(source.kernel('person.lastName', [])!(rng.at(3)));
  });
});

describe('drawUuid', () => {
  it('makes RFC 9562 version 4 UUIDs, distinct across rows', () => {
    const values = draws(drawUuid, 'uuid');
    for (const v of values) expect(v).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(values).size).toBe(values.length);
  });
});
