import { asWeighted, isPlainObject, type KernelBuilder, type KernelContext } from './context.js';
import { listMethod, patternMethod } from './lists.js';
import { fakePattern, joinParts, splitPattern, type Part } from './pattern.js';
import { indexOf, mixture, mixtureKernel, pick, weighted, type Kernel } from './pick.js';
import { SEXES, sexArg, sexBuckets, sexPatterns, sexStrings, type Sex } from './sex.js';

/** `person.firstName(sex?)`, `middleName`, `prefix`: one of the sex-split lists (Faker's `selectDefinition`). */
export function sexListKernel(ctx: KernelContext, path: string, sex: Sex | 'generic' | undefined): Kernel | undefined {
  const lists = sexStrings(ctx, path);
  return lists && mixtureKernel(mixture(sexBuckets(lists, sex)));
}

/**
 * `person.lastName(sex?)`: where the locale has `last_name_pattern` (en: one name, or two joined by a hyphen, 95:5),
 * a weighted pattern of the sex's lists expanded by `helpers.fake`; otherwise a sex-split list.
 */
export function lastNameKernel(ctx: KernelContext, sex: Sex | 'generic' | undefined): Kernel | undefined {
  if (ctx.definition('person.last_name_pattern') == null) return sexListKernel(ctx, 'person.last_name', sex);
  const lists = sexPatterns(ctx, 'person.last_name_pattern');
  if (!lists) return undefined;
  const kernels: Kernel[] = [];
  const weights: number[] = [];
  for (const bucket of sexBuckets(lists, sex)) {
    const total = bucket.value.reduce((s, p) => s + p.weight, 0);
    for (const p of bucket.value) {
      const k = fakePattern(ctx, p.value);
      if (!k) return undefined;
      kernels.push(k);
      weights.push((bucket.weight * p.weight) / total);
    }
  }
  return weighted(kernels, weights);
}

const FULL_NAME_SLOTS = ['person.firstName', 'person.lastName'] as const;

/**
 * `person.fullName({ sex? })`: a sex by a fair coin; that sex's first and last name; a weighted `person.name`
 * pattern filled by `helpers.mustache` (so only the five person keys are placeholders; others stay as text).
 */
function fullNameKernel(ctx: KernelContext, sexOption: Sex | 'generic' | undefined): Kernel | undefined {
  const patterns = asWeighted(ctx.definition('person.name'));
  if (!patterns) return undefined;
  const perSex: Kernel[] = [];
  for (const sex of sexOption ? [sexOption] : SEXES) {
    const first = sexListKernel(ctx, 'person.first_name', sex);
    const last = lastNameKernel(ctx, sex);
    if (!first || !last) return undefined;
    const lazy: Record<string, () => Kernel | undefined> = {
      'person.prefix': () => sexListKernel(ctx, 'person.prefix', sex),
      'person.middleName': () => sexListKernel(ctx, 'person.middle_name', sex),
      'person.suffix': () => pick(ctx.list('person.suffix') ?? []),
    };
    const kernels: Kernel[] = [];
    for (const p of patterns) {
      // Faker draws the first and last name once per call; a pattern naming either twice repeats it, which
      // independent draws would not, so such a pattern stays with Faker.
      if (FULL_NAME_SLOTS.some((slot) => p.value.split(`{{${slot}}}`).length > 2)) return undefined;
      const parts = splitPattern(ctx, p.value, (expr): Part | undefined => {
        if (expr === 'person.firstName') return first;
        if (expr === 'person.lastName') return last;
        if (expr in lazy) return lazy[expr]!();
        return ctx.spell(`{{${expr}}}`);
      });
      if (!parts) return undefined;
      kernels.push(joinParts(parts));
    }
    const k = weighted(
      kernels,
      patterns.map((p) => p.weight),
    );
    if (!k) return undefined;
    perSex.push(k);
  }
  if (perSex.length === 1) return perSex[0];
  const [female, male] = perSex as [Kernel, Kernel];
  return (rng) => (indexOf(rng, 2) === 0 ? female(rng) : male(rng));
}

function sexMethod(path: string): KernelBuilder {
  return (ctx, args) => {
    const { ok, sex } = sexArg(args);
    return ok ? sexListKernel(ctx, path, sex) : undefined;
  };
}

export const personKernels: Record<string, KernelBuilder> = {
  'person.firstName': sexMethod('person.first_name'),
  'person.middleName': sexMethod('person.middle_name'),
  'person.prefix': sexMethod('person.prefix'),
  'person.lastName': (ctx, args) => {
    const { ok, sex } = sexArg(args);
    return ok ? lastNameKernel(ctx, sex) : undefined;
  },
  'person.fullName': (ctx, args) => {
    if (args.length === 0) return fullNameKernel(ctx, undefined);
    const o = args[0];
    if (args.length !== 1 || !isPlainObject(o) || Object.keys(o).some((k) => k !== 'sex')) return undefined;
    const { ok, sex } = sexArg(o.sex === undefined ? [] : [o.sex]);
    return ok ? fullNameKernel(ctx, sex) : undefined;
  },
  'person.suffix': listMethod('person.suffix'),
  'person.sex': listMethod('person.sex'),
  'person.gender': listMethod('person.gender'),
  'person.jobTitle': patternMethod('person.job_title_pattern'),
  'person.jobDescriptor': listMethod('person.job_descriptor'),
  'person.jobArea': listMethod('person.job_area'),
  'person.jobType': listMethod('person.job_type'),
};
