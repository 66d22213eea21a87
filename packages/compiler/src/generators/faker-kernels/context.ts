import type { Faker } from '@faker-js/faker';
import type { Kernel } from './pick.js';

/** Builds one method's kernel for the given arguments, or says (undefined) that Faker must be called instead. */
export type KernelBuilder = (ctx: KernelContext, args: readonly unknown[]) => Kernel | undefined;

/**
 * What a kernel is built from: the Faker instance's own merged locale definitions (its locale chain, e.g.
 * de → en → base, already merged by Faker) and which method paths exist on it.
 *
 * A context may respell every value: e-mail addresses and user names are first and last names run through
 * Faker's user-name spelling. That spelling works character by character, so respelling each list entry and each
 * literal once, at build time, gives the same string as respelling the composed value per cell.
 */
export class KernelContext {
  private readonly kernels = new Map<string, Kernel | undefined>();
  private readonly lists = new Map<string, readonly string[] | undefined>();
  private readonly respelled = new Map<string, KernelContext>();

  constructor(
    readonly faker: Faker,
    private readonly builders: Readonly<Record<string, KernelBuilder>>,
    /** Identity unless this context respells. */
    readonly spell: (s: string) => string = (s) => s,
    readonly spelling = '',
  ) {}

  /** The merged raw definitions (undefined where no locale in the chain has the entry). */
  definition(path: string): unknown {
    let v: unknown = this.faker.definitions.raw;
    for (const key of path.split('.')) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[key];
    }
    return v;
  }

  /** A definition that is a non-empty list of strings, respelled; undefined otherwise. */
  list(path: string): readonly string[] | undefined {
    if (!this.lists.has(path)) this.lists.set(path, this.spellList(asStrings(this.definition(path))));
    return this.lists.get(path);
  }

  spellList(list: readonly string[] | undefined): readonly string[] | undefined {
    // A value that is itself a pattern would be expanded again by helpers.fake; such data stays with Faker.
    if (!list || list.length === 0 || list.some((s) => s.includes('{{'))) return undefined;
    return this.spelling === '' ? list : list.map(this.spell);
  }

  hasMethod(path: string): boolean {
    const [mod, name, ...rest] = path.split('.');
    if (rest.length > 0 || !mod || !name) return false;
    const m = (this.faker as unknown as Record<string, Record<string, unknown> | undefined>)[mod];
    return typeof m?.[name] === 'function';
  }

  /** The kernel for a method path in this context, or undefined when the path or its args are not covered. */
  kernel(path: string, args: readonly unknown[] = []): Kernel | undefined {
    const build = Object.hasOwn(this.builders, path) ? this.builders[path] : undefined;
    if (!build || !this.hasMethod(path)) return undefined;
    if (args.length > 0) return this.respell(build(this, args));
    if (!this.kernels.has(path)) this.kernels.set(path, this.respell(build(this, args)));
    return this.kernels.get(path);
  }

  /**
   * Kernels built from lists and patterns respell as they are built; the few that make characters per cell
   * (digits) are respelled per cell here, which is rare (no user name is made of digits and patterns).
   */
  private respell(k: Kernel | undefined): Kernel | undefined {
    if (!k || this.spelling === '' || !(k as MaybeSpelled).makesCharacters) return k;
    const spell = this.spell;
    return (rng) => spell(k(rng));
  }

  /** The same definitions, every value respelled by `spell` (named, so each respelling is built once). */
  respelledBy(spelling: string, spell: (s: string) => string): KernelContext {
    let ctx = this.respelled.get(spelling);
    if (!ctx) {
      const inner = this.spell;
      ctx = new KernelContext(this.faker, this.builders, (s) => spell(inner(s)), `${this.spelling}/${spelling}`);
      this.respelled.set(spelling, ctx);
    }
    return ctx;
  }
}

/** Marks a kernel whose characters are made per cell, not taken from the definitions. */
export interface MaybeSpelled {
  makesCharacters?: boolean;
}

export function makesCharacters(k: Kernel): Kernel {
  (k as MaybeSpelled).makesCharacters = true;
  return k;
}

export function asStrings(v: unknown): string[] | undefined {
  if (typeof v === 'string') return [v];
  return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
}

/** A weighted Faker definition entry (`person.name`, `last_name_pattern`). */
export interface WeightedValue {
  value: string;
  weight: number;
}

export function asWeighted(v: unknown): WeightedValue[] | undefined {
  return Array.isArray(v) && v.length > 0 && v.every((x) => typeof x?.value === 'string' && typeof x?.weight === 'number')
    ? (v as WeightedValue[])
    : undefined;
}

/** Faker's `{}`-or-nothing argument: no arguments, or one empty options object. */
export function noOptions(args: readonly unknown[]): boolean {
  return args.length === 0 || (args.length === 1 && isPlainObject(args[0]) && Object.keys(args[0]).length === 0);
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
