import type { Faker, Randomizer } from '@faker-js/faker';
import { isPlainObject, type KernelBuilder, type KernelContext } from './context.js';
import { indexOf, pick, type Kernel } from './pick.js';

const NUMBERS = Array.from({ length: 100 }, (_, i) => String(i));

/**
 * Faker's user-name spelling of one name (accents dropped, Cyrillic and others transliterated, other non-ASCII
 * characters as base-36 code points, spaces and apostrophes removed), taken from Faker itself: `internet.username`
 * with the name given and a randomizer that always answers 0, which picks the `first.last` + `0` form.
 */
function userNameSpelling(faker: Faker): ((s: string) => string) | undefined {
  const randomizer: Randomizer = { next: () => 0, seed: () => undefined };
  // The instance's own class: no second import of Faker (which may load every locale) just for this.
  const Ctor = faker.constructor as new (options: { locale: object; randomizer: Randomizer }) => Faker;
  const zero = new Ctor({ locale: {}, randomizer });
  const spell = (s: string): string | undefined => {
    const out = zero.internet.username({ firstName: s, lastName: 'x' });
    return out.endsWith('.x0') ? out.slice(0, -3) : undefined;
  };
  // Faker changing what a zero randomizer picks would show here; then user names stay with Faker.
  if (spell('Ab Çd') !== 'AbCd') return undefined;
  return (s) => spell(s) ?? '';
}

const spellings = new WeakMap<Faker, ((s: string) => string) | undefined>();

function userNameContext(ctx: KernelContext): KernelContext | undefined {
  if (!spellings.has(ctx.faker)) spellings.set(ctx.faker, userNameSpelling(ctx.faker));
  const spell = spellings.get(ctx.faker);
  return spell && ctx.respelledBy('username', spell);
}

/**
 * `internet.username()`: first name, `.` or `_`, last name, 0–99 — as `first{sep}last{n}`, `first{sep}last` or
 * `first{n}`, each a third — with the names drawn by their own kernels in the user-name spelling. One draw picks
 * the separator, the number and the form.
 */
function userNameKernel(u: KernelContext): Kernel | undefined {
  const first = u.kernel('person.firstName');
  const last = u.kernel('person.lastName');
  if (!first || !last) return undefined;
  return (rng) => {
    const c = indexOf(rng, 600);
    const sep = (c & 1) === 0 ? '.' : '_';
    const n = NUMBERS[(c >>> 1) % 100]!;
    const form = Math.floor(c / 200);
    if (form === 2) return first(rng) + n;
    const s = first(rng) + sep + last(rng);
    return form === 0 ? s + n : s;
  };
}

/** Faker's clean-up of an e-mail's local part, beyond what the spelling already removed. */
function fixLocalPart(local: string): string {
  return local.substring(0, 50).replaceAll(/\.{2,}/g, '.').replace(/^\./, '').replace(/\.$/, '');
}

/**
 * `internet.email({ provider? })`: a user name with characters outside `A-Za-z0-9._+-` removed (done once per list
 * entry, as a second spelling), `@`, and a provider from the locale's `free_email`. Faker's length cut and dot
 * clean-up run only for the rare local part that needs them.
 */
function emailKernel(ctx: KernelContext, provider: string | undefined): Kernel | undefined {
  const u = userNameContext(ctx);
  const e = u?.respelledBy('email', (s) => s.replaceAll(/[^A-Za-z0-9._+-]+/g, ''));
  const local = e && userNameKernel(e);
  const domain = provider === undefined ? pick(ctx.list('internet.free_email') ?? []) : () => provider;
  if (!local || !domain) return undefined;
  return (rng) => {
    let s = local(rng);
    const n = s.length;
    if (n === 0 || n > 50 || s.charCodeAt(0) === 46 || s.charCodeAt(n - 1) === 46 || s.includes('..')) s = fixLocalPart(s);
    return `${s}@${domain(rng)}`;
  };
}

/** Faker's `internet.domainWord` check: a slug of letters and inner hyphens. */
const DOMAIN_WORD = /^[a-z][a-z-]*[a-z]$/i;

/**
 * `internet.domainName()`: `{adjective}-{noun}.{suffix}`, each word slugified and lower-cased. Covered only where
 * every adjective and noun of the locale slugifies to a valid domain word, so Faker's fallbacks never apply.
 */
function domainNameKernel(ctx: KernelContext): Kernel | undefined {
  const slug = (path: string) => {
    const list = ctx.list(path);
    const slugs = list?.map((w) => ctx.faker.helpers.slugify(w));
    return slugs?.every((s) => DOMAIN_WORD.test(s)) ? slugs.map((s) => s.toLowerCase()) : undefined;
  };
  const adjective = pick(slug('word.adjective') ?? []);
  const noun = pick(slug('word.noun') ?? []);
  const suffix = pick(ctx.list('internet.domain_suffix') ?? []);
  if (!adjective || !noun || !suffix) return undefined;
  return (rng) => `${adjective(rng)}-${noun(rng)}.${suffix(rng)}`;
}

const userName: KernelBuilder = (ctx, args) => {
  if (args.length > 1 || (args.length === 1 && !(isPlainObject(args[0]) && Object.keys(args[0]).length === 0))) return undefined;
  const u = userNameContext(ctx);
  return u && userNameKernel(u);
};

export const internetKernels: Record<string, KernelBuilder> = {
  'internet.username': userName,
  // Faker before 10 spelled it userName; covered where the installed Faker still has it.
  'internet.userName': userName,
  'internet.email': (ctx, args) => {
    if (args.length === 0) return emailKernel(ctx, undefined);
    const o = args[0];
    if (args.length !== 1 || !isPlainObject(o)) return undefined;
    const keys = Object.keys(o);
    if (keys.some((k) => k !== 'provider' && !(k === 'allowSpecialCharacters' && o[k] === false))) return undefined;
    if (o.provider !== undefined && typeof o.provider !== 'string') return undefined;
    return emailKernel(ctx, o.provider as string | undefined);
  },
  'internet.domainName': (ctx, args) => (args.length === 0 ? domainNameKernel(ctx) : undefined),
  'internet.domainSuffix': (ctx, args) => (args.length === 0 ? pick(ctx.list('internet.domain_suffix') ?? []) : undefined),
};
