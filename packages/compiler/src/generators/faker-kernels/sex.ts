import { asStrings, asWeighted, type KernelContext, type WeightedValue } from './context.js';
import type { Bucket } from './pick.js';

export type Sex = 'female' | 'male';
export const SEXES: readonly Sex[] = ['female', 'male'];

/** `generic`/`female`/`male` lists of one definition (person.first_name, person.last_name_pattern, …). */
interface SexLists<T> {
  generic?: readonly T[];
  female?: readonly T[];
  male?: readonly T[];
}

/**
 * The lists Faker's person module draws a value from, with their probabilities (Faker 10's `selectDefinition`): for
 * a sex, its own list weighted 3·√n against the generic list's √n, or whichever exists; for no sex, a fair coin
 * between female and male first; for `generic`, the generic list, or either sex's list by a coin.
 */
export function sexBuckets<T>(lists: SexLists<T>, sex: Sex | 'generic' | undefined): Array<Bucket<T>> {
  const { generic, female, male } = lists;
  if (sex === undefined) return [...scaled(sexBuckets(lists, 'female'), 0.5), ...scaled(sexBuckets(lists, 'male'), 0.5)];
  if (sex === 'generic') {
    if (generic) return [{ weight: 1, value: generic }];
    return [female, male].filter((l): l is readonly T[] => l !== undefined).map((value) => ({ weight: 0.5, value }));
  }
  const own = sex === 'female' ? female : male;
  if (!own) return generic ? [{ weight: 1, value: generic }] : [];
  if (!generic) return [{ weight: 1, value: own }];
  const a = 3 * Math.sqrt(own.length);
  const b = Math.sqrt(generic.length);
  return [
    { weight: a / (a + b), value: own },
    { weight: b / (a + b), value: generic },
  ];
}

function scaled<T>(buckets: Array<Bucket<T>>, by: number): Array<Bucket<T>> {
  return buckets.map((b) => ({ weight: b.weight * by, value: b.value }));
}

/** A sex-split list of strings from the definitions (respelled by the context), or undefined. */
export function sexStrings(ctx: KernelContext, path: string): SexLists<string> | undefined {
  const v = ctx.definition(path);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const lists: SexLists<string> = {};
  for (const key of ['generic', 'female', 'male'] as const) {
    if (o[key] === undefined) continue;
    const list = ctx.spellList(asStrings(o[key]));
    if (!list) return undefined;
    lists[key] = list;
  }
  return lists.generic || lists.female || lists.male ? lists : undefined;
}

/** A sex-split list of weighted patterns (person.last_name_pattern), or undefined. */
export function sexPatterns(ctx: KernelContext, path: string): SexLists<WeightedValue> | undefined {
  const v = ctx.definition(path);
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const lists: SexLists<WeightedValue> = {};
  for (const key of ['generic', 'female', 'male'] as const) {
    if (o[key] === undefined) continue;
    const list = asWeighted(o[key]);
    if (!list) return undefined;
    lists[key] = list;
  }
  return lists.generic || lists.female || lists.male ? lists : undefined;
}

/** Faker's `sex` argument: absent, or one of its sex types. */
export function sexArg(args: readonly unknown[]): { ok: boolean; sex?: Sex | 'generic' } {
  if (args.length === 0 || (args.length === 1 && args[0] === undefined)) return { ok: true };
  if (args.length === 1 && (args[0] === 'female' || args[0] === 'male' || args[0] === 'generic')) return { ok: true, sex: args[0] };
  return { ok: false };
}
