import { asStrings, isPlainObject, type KernelBuilder, type KernelContext } from './context.js';
import { listMethod, patternMethod } from './lists.js';
import { fakeExpression, fakePattern, joinParts, splitPattern, type Part } from './pattern.js';
import { indexOf, type Kernel } from './pick.js';
import { numericRunsFormat, replaceSymbolsFormat } from './symbols.js';

/** A uniform choice among kernels (Faker's `arrayElement` over formats). */
function oneOf(kernels: Kernel[]): Kernel | undefined {
  if (kernels.length === 0) return undefined;
  if (kernels.length === 1) return kernels[0];
  const n = kernels.length;
  return (rng) => kernels[indexOf(rng, n)]!(rng);
}

/** `location.buildingNumber()`: a format, each run of `#` a number without a leading zero. */
function buildingNumber(ctx: KernelContext): Kernel | undefined {
  const formats = asStrings(ctx.definition('location.building_number'));
  return formats && oneOf(formats.map(numericRunsFormat));
}

/**
 * `location.secondaryAddress()`: `helpers.fake` over the formats, then every run of `#` a number without a leading
 * zero. Runs are looked for in the pattern's text only: the placeholders' values (names) hold no `#`.
 */
function secondaryAddress(ctx: KernelContext): Kernel | undefined {
  const formats = asStrings(ctx.definition('location.secondary_address'));
  if (!formats) return undefined;
  const kernels: Kernel[] = [];
  for (const f of formats) {
    const parts = splitPattern(ctx, f, (expr) => fakeExpression(ctx, expr));
    if (!parts) return undefined;
    kernels.push(joinParts(parts.map((p): Part => (typeof p === 'string' && p.includes('#') ? numericRunsFormat(p) : p))));
  }
  return oneOf(kernels);
}

/** `location.zipCode(format?)`: a postcode format with Faker's `replaceSymbols`. */
function zipCode(ctx: KernelContext, args: readonly unknown[]): Kernel | undefined {
  let formats: readonly string[] | undefined;
  if (args.length === 0) formats = asStrings(ctx.definition('location.postcode'));
  else if (args.length === 1 && typeof args[0] === 'string') formats = [args[0]];
  else if (args.length === 1 && isPlainObject(args[0]) && Object.keys(args[0]).every((k) => k === 'format')) {
    const f = args[0].format;
    formats = f === undefined ? asStrings(ctx.definition('location.postcode')) : asStrings(f);
  }
  if (!formats || formats.length === 0) return undefined;
  return oneOf(formats.map(replaceSymbolsFormat));
}

/** `location.streetAddress(useFullAddress?)`: `helpers.fake` of the `normal` or `full` street address pattern. */
function streetAddress(ctx: KernelContext, args: readonly unknown[]): Kernel | undefined {
  let full: unknown = false;
  if (args.length === 1 && typeof args[0] === 'boolean') full = args[0];
  else if (args.length === 1 && isPlainObject(args[0]) && Object.keys(args[0]).every((k) => k === 'useFullAddress')) full = args[0].useFullAddress ?? false;
  else if (args.length !== 0) return undefined;
  if (typeof full !== 'boolean') return undefined;
  const pattern = ctx.definition(`location.street_address.${full ? 'full' : 'normal'}`);
  return typeof pattern === 'string' ? fakePattern(ctx, pattern) : undefined;
}

export const locationKernels: Record<string, KernelBuilder> = {
  'location.city': patternMethod('location.city_pattern'),
  'location.street': patternMethod('location.street_pattern'),
  'location.streetAddress': streetAddress,
  'location.buildingNumber': (ctx, args) => (args.length === 0 ? buildingNumber(ctx) : undefined),
  'location.secondaryAddress': (ctx, args) => (args.length === 0 ? secondaryAddress(ctx) : undefined),
  'location.zipCode': zipCode,
  'location.country': listMethod('location.country'),
  'location.county': listMethod('location.county'),
  'location.continent': listMethod('location.continent'),
  'location.state': (ctx, args) => (args.length === 0 || (args.length === 1 && isPlainObject(args[0]) && Object.keys(args[0]).length === 0) ? listMethod('location.state')(ctx, []) : undefined),
  'location.timeZone': listMethod('location.time_zone'),
};
