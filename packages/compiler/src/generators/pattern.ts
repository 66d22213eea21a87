import randexpModule from 'randexp';

// randexp is CommonJS with `exports.default`; Node's ESM loader hands us module.exports, TypeScript expects .default.
type RandExpClass = typeof import('randexp').default;
const RandExp: RandExpClass = ((randexpModule as unknown as { default?: RandExpClass }).default ?? randexpModule) as RandExpClass;
import { PATTERN_OPEN_REPEAT_MAX, REGEX_TOKEN, type RegexToken } from '@synth/spec';
import type { CellRandom } from '../random/cell-random.js';

/** Repetition cap for `*`, `+` and `{n,}`: one constant with validate's length limit, which counts with it. */
const OPEN_REPEAT_MAX = PATTERN_OPEN_REPEAT_MAX;

/** A generator of strings matching `pattern`, drawing from the cell's stream (randexp compiled once). */
export function patternGenerator(pattern: string): (rng: CellRandom) => string {
  const re = new RandExp(pattern);
  re.max = OPEN_REPEAT_MAX;
  let current: CellRandom | undefined;
  // randexp draws every choice through randInt; routing it to the cell's stream makes it deterministic.
  (re as unknown as { randInt: (a: number, b: number) => number }).randInt = (a, b) => current!.int(a, b);
  // randexp turns a character class into a range set on every value it generates; the parsed tokens never change,
  // so each set is built once (the same ranges, the same draws: output is unchanged).
  const internals = re as unknown as { _expand: (token: object) => unknown };
  const expand = internals._expand.bind(re);
  const expanded = new WeakMap<object, unknown>();
  internals._expand = (token) => {
    let range = expanded.get(token);
    if (range === undefined) {
      range = expand(token);
      expanded.set(token, range);
    }
    return range;
  };
  return (rng) => {
    current = rng;
    return re.gen();
  };
}

type Token = RegexToken;
const T = REGEX_TOKEN;
/** randexp's default alphabet for `.` and negated sets: printable ASCII. */
const PRINTABLE = 95;

/**
 * How many distinct strings the pattern can produce as generated (open repetitions capped as above), or
 * Infinity when that is beyond any row count. Used to reject `unique` columns whose pattern is too small.
 */
export function patternDomainSize(pattern: string): number {
  const re = new RandExp(pattern);
  return Math.min(count((re as unknown as { tokens: Token }).tokens), Number.MAX_SAFE_INTEGER);
}

function setSize(tokens: Token[] | undefined, not: boolean | undefined): number {
  let n = 0;
  for (const t of tokens ?? []) {
    if (t.type === T.RANGE) n += (t.to! - t.from! + 1);
    else if (t.type === T.CHAR) n += 1;
    else if (t.type === T.SET) n += setSize(t.set, t.not);
  }
  return not ? Math.max(1, PRINTABLE - n) : n;
}

function sequenceCount(stack: Token[]): number {
  let n = 1;
  for (const t of stack) n *= count(t);
  return n;
}

function count(t: Token): number {
  switch (t.type) {
    case T.ROOT:
    case T.GROUP: {
      if (t.followedBy || t.notFollowedBy) return 1;
      if (t.options) return t.options.reduce((sum, opt) => sum + sequenceCount(opt), 0);
      return sequenceCount(t.stack ?? []);
    }
    case T.SET:
      return setSize(t.set, t.not);
    case T.REPETITION: {
      const inner = count(t.value as Token);
      const max = t.max === Infinity ? (t.min ?? 0) + OPEN_REPEAT_MAX : t.max!;
      let total = 0;
      for (let k = t.min!; k <= max; k++) {
        total += inner ** k;
        if (total > Number.MAX_SAFE_INTEGER) return Infinity;
      }
      return total;
    }
    default:
      return 1;
  }
}
