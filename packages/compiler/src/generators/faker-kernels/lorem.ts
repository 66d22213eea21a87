import { isPlainObject, type KernelBuilder, type KernelContext } from './context.js';
import { listMethod } from './lists.js';
import { indexOf, pick, type Kernel } from './pick.js';

/** Counts above this stay with Faker (a paragraph's worth of words is not a column value worth a kernel). */
const MAX_WORDS = 1000;

/** Faker's `helpers.rangeToNumber` over a count: a number, or `{ min, max }` drawn uniformly. */
function countOf(arg: unknown): { min: number; max: number } | undefined {
  if (typeof arg === 'number') return Number.isSafeInteger(arg) && arg <= MAX_WORDS ? { min: arg, max: arg } : undefined;
  if (!isPlainObject(arg) || Object.keys(arg).some((k) => k !== 'min' && k !== 'max')) return undefined;
  const { min, max } = arg;
  if (typeof min !== 'number' || typeof max !== 'number' || !Number.isSafeInteger(min) || !Number.isSafeInteger(max)) return undefined;
  return min <= max && max <= MAX_WORDS ? { min, max } : undefined;
}

/** `lorem.words(count)`: `count` words of `lorem.word`, joined by spaces. */
function words(ctx: KernelContext, count: { min: number; max: number }): Kernel | undefined {
  const word = pick(ctx.list('lorem.word') ?? []);
  if (!word) return undefined;
  const { min, max } = count;
  if (max <= 0) return () => '';
  if (min === max && min === 1) return word;
  if (min === max && min === 3) return (rng) => `${word(rng)} ${word(rng)} ${word(rng)}`;
  const span = max - min + 1;
  return (rng) => {
    const n = span === 1 ? min : min + indexOf(rng, span);
    let s = '';
    for (let i = 0; i < n; i++) s += i === 0 ? word(rng) : ` ${word(rng)}`;
    return s;
  };
}

/** `lorem.word(length?)`: a word, or one of the words of that exact length (none: Faker's error, so Faker). */
function word(ctx: KernelContext, args: readonly unknown[]): Kernel | undefined {
  const list = ctx.list('lorem.word');
  if (!list) return undefined;
  if (args.length === 0 || (args.length === 1 && isPlainObject(args[0]) && Object.keys(args[0]).length === 0)) return pick(list);
  const length = args.length === 1 ? (typeof args[0] === 'number' ? args[0] : isPlainObject(args[0]) && Object.keys(args[0]).every((k) => k === 'length') ? args[0].length : undefined) : undefined;
  if (typeof length !== 'number') return undefined;
  return pick(list.filter((w) => w.length === length));
}

export const loremKernels: Record<string, KernelBuilder> = {
  'lorem.word': word,
  'lorem.words': (ctx, args) => {
    const count = args.length === 0 ? { min: 3, max: 3 } : args.length === 1 ? countOf(args[0]) : undefined;
    return count && words(ctx, count);
  },
  /** `lorem.sentence(count = { min: 3, max: 10 })`: words with the first letter upper-cased and a full stop. */
  'lorem.sentence': (ctx, args) => {
    const count = args.length === 0 ? { min: 3, max: 10 } : args.length === 1 ? countOf(args[0]) : undefined;
    const k = count && words(ctx, count);
    if (!k) return undefined;
    return (rng) => {
      const s = k(rng);
      return `${s.charAt(0).toUpperCase()}${s.substring(1)}.`;
    };
  },
  'word.noun': listMethod('word.noun'),
  'word.verb': listMethod('word.verb'),
  'word.adjective': listMethod('word.adjective'),
  'word.adverb': listMethod('word.adverb'),
  'word.conjunction': listMethod('word.conjunction'),
  'word.interjection': listMethod('word.interjection'),
  'word.preposition': listMethod('word.preposition'),
};
