// The en locale's own entry: the package's root would load every locale.
import { faker } from '@faker-js/faker/locale/en';
import type { SemanticMatch } from './profile-types.js';

/**
 * Semantic types (docs/infer.md, "Semantic types"): what a string column holds, recognised from the shape of its
 * values, and the Faker method that makes such values. Shapes that many kinds share (a capitalised word is a first
 * name, a city or a surname) are only taken when the column's name says which; codes (countries, currencies) are
 * checked against the lists Faker itself draws from.
 */

/** Share of the sampled values a kind must match. */
export const SEMANTIC_MATCH = 0.9;

/**
 * No e-mail, URL, name or code is longer: a longer value is no match, and is not handed to a detector's regex (a
 * backtracking `^([a-z0-9-]+\.)+…$` over a 10 MB field overflowed the regex engine's stack, in some runs only).
 */
const SEMANTIC_MAX_LENGTH = 2048;

interface Detector {
  kind: string;
  faker: string;
  args?: unknown[];
  test: (v: string) => boolean;
  /** The column's name must match this for the detector to apply. */
  name?: RegExp;
  /** A pattern reproduces this kind's look better than Faker when one fits (phone numbers, postcodes). */
  preferPattern?: boolean;
}

const set = (values: Iterable<string>) => {
  const s = new Set(values);
  return (v: string) => s.has(v);
};
// The default instance's definitions: English data over the locale-independent base (where country codes live).
const data = faker.definitions;
const countries = data.location?.country_code ?? [];
const isAlpha2 = set(countries.map((c) => c.alpha2));
const isAlpha3 = set(countries.map((c) => c.alpha3));
const isCurrency = set((data.finance?.currency ?? []).map((c) => c.code));
const isCountryName = set(data.location?.country ?? []);
const CAPITALISED_WORDS = /^\p{Lu}[\p{L}'’.-]*( \p{Lu}[\p{L}'’.-]*){0,3}$/u;
const FULL_NAME = /^\p{Lu}[\p{L}'’.-]*( \p{Lu}[\p{L}'’.-]*){1,3}$/u;
const ONE_WORD = /^\p{Lu}[\p{L}'’-]*$/u;

const DETECTORS: Detector[] = [
  { kind: 'email', faker: 'internet.email', test: (v) => /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$/.test(v) },
  { kind: 'url', faker: 'internet.url', test: (v) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(v) },
  { kind: 'ipv4', faker: 'internet.ipv4', test: (v) => /^((25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(25[0-5]|2[0-4]\d|1?\d?\d)$/.test(v) },
  { kind: 'ipv6', faker: 'internet.ipv6', test: (v) => /^[0-9a-f]{0,4}(:[0-9a-f]{0,4}){2,7}$/i.test(v) },
  { kind: 'mac address', faker: 'internet.mac', test: (v) => /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(v) },
  { kind: 'domain name', faker: 'internet.domainName', test: (v) => /^([a-z0-9-]+\.)+[a-z]{2,}$/i.test(v) && !/^\d/.test(v) },
  { kind: 'hex colour', faker: 'color.rgb', test: (v) => /^#[0-9a-f]{6}$/i.test(v) },
  { kind: 'iban', faker: 'finance.iban', test: (v) => /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(v) },
  { kind: 'currency code', faker: 'finance.currencyCode', test: isCurrency, name: /curr|ccy/i },
  { kind: 'currency code', faker: 'finance.currencyCode', test: isCurrency },
  { kind: 'country code', faker: 'location.countryCode', test: isAlpha2 },
  { kind: 'country code (alpha-3)', faker: 'location.countryCode', args: ['alpha-3'], test: isAlpha3 },
  { kind: 'country', faker: 'location.country', test: isCountryName },
  { kind: 'phone number', faker: 'phone.number', preferPattern: true, test: (v) => /^\+?[\d\s().-]{7,22}$/.test(v) && (v.match(/\d/g)?.length ?? 0) >= 7 && /[\s().+-]/.test(v) },
  { kind: 'postcode', faker: 'location.zipCode', preferPattern: true, name: /zip|post(al)?_?code|postcode|plz/i, test: (v) => /^[A-Z0-9][A-Z0-9 -]{2,9}$/i.test(v) },
  { kind: 'first name', faker: 'person.firstName', name: /first_?name|given_?name|forename/i, test: (v) => ONE_WORD.test(v) },
  { kind: 'last name', faker: 'person.lastName', name: /last_?name|surname|family_?name/i, test: (v) => ONE_WORD.test(v) },
  { kind: 'person name', faker: 'person.fullName', name: /full_?name|customer_?name|person|author|contact|employee_?name|^(name|display_?name)@(customers?|users?|people|persons?|employees?|staff|members?|authors?|contacts?|students?|patients?|clients?|accounts?)$/i, test: (v) => FULL_NAME.test(v) },
  { kind: 'product name', faker: 'commerce.productName', name: /product_?name|^(name|title)@(products?|items?|articles?|goods|catalog(ue)?)$/i, test: (v) => CAPITALISED_WORDS.test(v) },
  { kind: 'company', faker: 'company.name', name: /^name@(compan(y|ies)|organi[sz]ations?|vendors?|suppliers?|customers_?orgs?|firms?|businesses)$/i, test: (v) => v.length > 1 },
  { kind: 'city', faker: 'location.city', name: /city|town/i, test: (v) => CAPITALISED_WORDS.test(v) },
  { kind: 'street address', faker: 'location.streetAddress', name: /street|address/i, test: (v) => /^\d+[A-Za-z]? \S.*$/.test(v) },
  { kind: 'company', faker: 'company.name', name: /company|employer|organi[sz]ation|vendor|supplier/i, test: (v) => v.length > 1 },
  { kind: 'job title', faker: 'person.jobTitle', name: /job|title|position|role/i, test: (v) => CAPITALISED_WORDS.test(v) },
  { kind: 'user name', faker: 'internet.username', name: /user_?name|login|handle/i, test: (v) => /^[\w.-]{2,30}$/.test(v) },
];

/**
 * The best semantic type for a string column, or undefined when none reaches {@link SEMANTIC_MATCH}. Name hints
 * see `column@table`, so a bare `name` means a person in `customers` and a product in `products`.
 */
export function detectSemanticType(column: string, values: string[], table = ''): SemanticMatch | undefined {
  if (values.length === 0) return undefined;
  let best: SemanticMatch | undefined;
  const named = `${column}@${table}`;
  for (const d of DETECTORS) {
    if (d.name && !d.name.test(named)) continue;
    let hits = 0;
    for (const v of values) if (v.length <= SEMANTIC_MAX_LENGTH && d.test(v)) hits++;
    const rate = hits / values.length;
    // A detector backed by the column's name wins ties against one that is not (currency vs country codes).
    if (rate >= SEMANTIC_MATCH && (!best || rate > best.matchRate || (rate === best.matchRate && d.name && !best.byName))) {
      best = { kind: d.kind, faker: d.faker, ...(d.args ? { args: d.args } : {}), matchRate: rate, byName: d.name !== undefined, preferPattern: d.preferPattern === true };
    }
  }
  return best;
}

/** Share of the values that have the shape of a semantic kind (as detected in a sample), for comparing outputs. */
export function semanticMatchRate(kind: string, values: string[]): number {
  const d = DETECTORS.find((x) => x.kind === kind);
  if (!d || values.length === 0) return 0;
  let hits = 0;
  for (const v of values) if (v.length <= SEMANTIC_MAX_LENGTH && d.test(v)) hits++;
  return hits / values.length;
}

/** Every Faker method a detector may emit (tests check each against the catalogue). */
export const SEMANTIC_FAKER_METHODS = [...new Set(DETECTORS.map((d) => d.faker))];
