import retModule from 'ret';
import { PATTERN_MAX_DEPTH, PATTERN_MAX_LENGTH, PATTERN_MAX_STEPS, PATTERN_OPEN_REPEAT_MAX } from '../generation-limits.js';

/**
 * What validate knows of a `pattern:` before a value is generated (docs/spec.md "Generation limits"): it must
 * be a JavaScript regular expression (with the `u` flag, as the conformance check reads it), use only features
 * the generator can honour, and its values must stay within the length and work limits.
 *
 * The generator is randexp, which reads patterns with the `ret` tokenizer; this check walks the same tokens, so
 * what it measures is what the generator will do. randexp generates every token it knows and skips what it does
 * not (anchors, word boundaries, lookarounds), so a feature it skips makes values the pattern itself refuses.
 */
export interface PatternProblem {
  /** badRegex (SYN308): a syntax error or a feature the generator cannot honour; the others are limits. */
  id: 'badRegex' | 'patternTooLong' | 'patternTooSlow';
  detail: string;
  hint?: string;
}

/** ret's token shapes (ret/dist/types/tokens.d.ts), the fields synth reads: here and in the compiler's pattern generator. */
export interface RegexToken {
  type: number;
  stack?: RegexToken[];
  options?: RegexToken[][];
  set?: RegexToken[];
  not?: boolean;
  from?: number;
  to?: number;
  min?: number;
  max?: number;
  value?: RegexToken | number | string;
  remember?: boolean;
  name?: string;
  followedBy?: boolean;
  notFollowedBy?: boolean;
}

/** ret's token types. */
export const REGEX_TOKEN = { ROOT: 0, GROUP: 1, POSITION: 2, SET: 3, RANGE: 4, REPETITION: 5, REFERENCE: 6, CHAR: 7 } as const;
const T = REGEX_TOKEN;
type Token = RegexToken;

// ret is CommonJS with `exports.default`; Node's ESM loader hands us module.exports.
type Tokenize = (pattern: string) => Token;
const tokenize: Tokenize = (typeof retModule === 'function' ? retModule : (retModule as unknown as { default: Tokenize }).default) as Tokenize;

const LOOKAROUND_HINT =
  'Generated values are built from the characters the pattern lists; a lookaround only tests them. Write the required characters into the pattern itself (`ab` rather than `(?<=a)b`), or state the condition as a table check.';

/** `max`: the pattern-length and pattern-steps limits (docs/spec.md#limits), raised with --max. */
export function checkPattern(pattern: string, max: { length: number; steps: number } = { length: PATTERN_MAX_LENGTH, steps: PATTERN_MAX_STEPS }): PatternProblem | undefined {
  const syntax = regexSyntaxProblem(pattern);
  if (syntax) return syntax;
  const unsupported = scanSource(pattern);
  if (unsupported) return unsupported;
  let root: Token;
  try {
    root = tokenize(pattern);
  } catch (e) {
    // A pattern JavaScript accepts and the generator's tokenizer does not: name it rather than fail at build.
    const detail = (e instanceof Error ? e.message : String(e)).replace(/^Invalid regular expression: \/.*\/: /s, '');
    return { id: 'badRegex', detail: `synth cannot generate values for this pattern: ${detail}`, hint: 'Simplify the pattern: groups, classes, quantifiers and alternatives are supported (docs/spec.md "Generation limits").' };
  }
  return new Walk(max).run(root);
}

/** A pattern JavaScript itself refuses (all a pattern that only checks values, beside `expr`, must pass). */
export function regexSyntaxProblem(pattern: string): PatternProblem | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (e) {
    return { id: 'badRegex', detail: e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e) };
  }
}

/** Escapes and groups that the generator misreads; found in the text, where they can be named exactly. */
function scanSource(p: string): PatternProblem | undefined {
  let inClass = false;
  let named = false;
  let numbered = false;
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      const n = p[i + 1] ?? '';
      if (n >= '1' && n <= '9') numbered = true;
      if (n === 'p' || n === 'P') {
        return { id: 'badRegex', detail: `the Unicode property escape \`\\${n}{…}\` is not supported by the generator`, hint: 'Write the characters as a class instead, e.g. `[A-Za-z]` for letters or `[0-9]` for digits.' };
      }
      if (n === 'k') {
        return { id: 'badRegex', detail: 'the named backreference `\\k<…>` is not supported by the generator', hint: 'Use an unnamed group and a numbered backreference (`(\\d{3})-\\1`), or write the repeated part out.' };
      }
      if (n === 'u' && p[i + 2] === '{') {
        return { id: 'badRegex', detail: 'the code point escape `\\u{…}` is not supported by the generator', hint: 'Write the character itself, or `\\uXXXX` with four upper-case hex digits.' };
      }
      if ((n === 'u' && /^[0-9A-Fa-f]{4}$/.test(p.slice(i + 2, i + 6)) && /[a-f]/.test(p.slice(i + 2, i + 6))) ||
          (n === 'x' && /^[0-9A-Fa-f]{2}$/.test(p.slice(i + 2, i + 4)) && /[a-f]/.test(p.slice(i + 2, i + 4)))) {
        const len = n === 'u' ? 4 : 2;
        const escape = p.slice(i, i + 2 + len);
        return { id: 'badRegex', detail: `the escape \`${escape}\` has lower-case hex digits, which the generator reads as plain letters`, hint: `Write the hex digits in upper case: \`${escape.slice(0, 2)}${escape.slice(2).toUpperCase()}\`.` };
      }
      if (n === 'c' && /[a-z]/.test(p[i + 2] ?? '')) {
        return { id: 'badRegex', detail: `the control escape \`\\c${p[i + 2]}\` is read by the generator as plain letters`, hint: `Write the control letter in upper case: \`\\c${p[i + 2]!.toUpperCase()}\`.` };
      }
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') inClass = true;
    else if (c === '(' && p[i + 1] === '?') {
      const kind = p.slice(i + 2, i + 4);
      if (kind === '<=' || kind === '<!') return { id: 'badRegex', detail: `the lookbehind \`(?${kind}…)\` is not supported by the generator`, hint: LOOKAROUND_HINT };
      if (kind[0] === '=' || kind[0] === '!') return { id: 'badRegex', detail: `the lookahead \`(?${kind[0]}…)\` is not supported by the generator`, hint: LOOKAROUND_HINT };
      if (kind[0] === '<') named = true;
    }
  }
  // The generator's tokenizer does not count named groups, so `\1` would not refer to the group it means.
  if (named && numbered) return NAMED_AND_NUMBERED;
  return undefined;
}

const NAMED_AND_NUMBERED: PatternProblem = { id: 'badRegex', detail: 'a backreference in a pattern with named groups is not supported by the generator', hint: 'Drop the group names (`(\\d{3})-\\1`).' };

class Problem extends Error {
  constructor(readonly problem: PatternProblem) {
    super(problem.detail);
  }
}

/** One pass over the tokens: maximum length and work of each, capturing groups, backreferences and anchors. */
class Walk {
  constructor(private readonly limit: { length: number; steps: number }) {}

  private readonly maxLength = new Map<Token, number>();
  /** Capturing groups in the generator's numbering, and whether each is always generated. */
  private readonly groups: Array<{ token: Token; conditional: boolean }> = [];
  private readonly references: number[] = [];
  private named = false;

  run(root: Token): PatternProblem | undefined {
    try {
      const { length, steps } = this.measure(root, 0, false);
      this.checkReferences();
      this.checkPositions(root, 0, 0);
      if (length > this.limit.length) {
        return { id: 'patternTooLong', detail: `its values can be ${formatCount(length)} characters long; the limit is ${formatCount(this.limit.length)}` };
      }
      if (steps > this.limit.steps) {
        return { id: 'patternTooSlow', detail: `its repetitions make up to ${formatCount(steps)} pieces for each value; the limit is ${formatCount(this.limit.steps)}` };
      }
      return undefined;
    } catch (e) {
      if (e instanceof Problem) return e.problem;
      throw e;
    }
  }

  /** Longest value (UTF-16 units) and the generator's steps for `t`; `conditional` when it may be skipped. */
  private measure(t: Token, depth: number, conditional: boolean): { length: number; steps: number } {
    if (depth > PATTERN_MAX_DEPTH) {
      throw new Problem({ id: 'badRegex', detail: `groups and quantifiers nest deeper than ${PATTERN_MAX_DEPTH} levels`, hint: 'Flatten the pattern: a value pattern needs only a few levels of groups.' });
    }
    let length = 0;
    let steps = 1;
    switch (t.type) {
      case T.ROOT:
      case T.GROUP: {
        if (t.followedBy || t.notFollowedBy) {
          throw new Problem({ id: 'badRegex', detail: 'lookaheads are not supported by the generator', hint: LOOKAROUND_HINT });
        }
        if (t.type === T.GROUP && t.remember) {
          if (t.name !== undefined) this.named = true;
          this.groups.push({ token: t, conditional });
        }
        const options = t.options ?? [t.stack ?? []];
        for (const seq of options) {
          let l = 0;
          let s = 0;
          for (const x of seq) {
            const m = this.measure(x, depth + 1, conditional || options.length > 1);
            l += m.length;
            s += m.steps;
          }
          length = Math.max(length, l);
          steps = Math.max(steps, 1 + s);
        }
        break;
      }
      case T.SET:
        if (!hasPrintable(t)) {
          throw new Problem({ id: 'badRegex', detail: 'a character class has no printable ASCII character; the generator draws classes from space to `~` only', hint: 'For other characters list them as alternatives, e.g. `(é|è|ê)` rather than `[éèê]`.' });
        }
        length = 1;
        break;
      case T.REPETITION: {
        const count = repeatMax(t);
        const inner = this.measure(t.value as Token, depth + 1, conditional || t.min === 0);
        length = count * inner.length;
        steps = 1 + count * inner.steps;
        break;
      }
      case T.REFERENCE:
        this.references.push(t.value as number);
        length = this.maxLength.get(this.groups[(t.value as number) - 1]?.token as Token) ?? 0;
        break;
      case T.CHAR:
        length = (t.value as number) > 0xffff ? 2 : 1;
        break;
      default:
        length = 0; // positions take no characters
    }
    this.maxLength.set(t, length);
    return { length, steps };
  }

  /**
   * randexp numbers a group when it first generates it, so the numbers match the pattern's only when every
   * capturing group is generated in every value; named groups are not counted by its tokenizer at all.
   */
  private checkReferences(): void {
    if (this.references.length === 0) return;
    if (this.named) throw new Problem(NAMED_AND_NUMBERED);
    if (this.groups.some((g) => g.conditional)) {
      throw new Problem({ id: 'badRegex', detail: 'a backreference in a pattern whose capturing groups are optional or in alternatives is not supported by the generator', hint: 'Make the optional and alternative groups non-capturing (`(?:…)`), or write the repeated part out.' });
    }
  }

  /** `^` only where nothing can come before it, `$` only where nothing can follow; no word boundaries. */
  private checkPositions(t: Token, before: number, after: number): void {
    switch (t.type) {
      case T.ROOT:
      case T.GROUP:
        for (const seq of t.options ?? [t.stack ?? []]) {
          const lengths = seq.map((x) => this.maxLength.get(x) ?? 0);
          let prefix = 0;
          let rest = lengths.reduce((a, b) => a + b, 0);
          seq.forEach((x, i) => {
            rest -= lengths[i]!;
            this.checkPositions(x, before + prefix, after + rest);
            prefix += lengths[i]!;
          });
        }
        break;
      case T.REPETITION: {
        const count = repeatMax(t);
        if (count === 0) return;
        const inner = this.maxLength.get(t.value as Token) ?? 0;
        this.checkPositions(t.value as Token, before + (count - 1) * inner, after + (count - 1) * inner);
        break;
      }
      case T.POSITION: {
        const v = t.value as string;
        if (v === 'b' || v === 'B') {
          throw new Problem({ id: 'badRegex', detail: `the word boundary \`\\${v}\` is not supported by the generator`, hint: 'A value is the whole string the pattern matches: remove `\\b` and write the characters on each side explicitly.' });
        }
        if ((v === '^' && before > 0) || (v === '$' && after > 0)) {
          throw new Problem({ id: 'badRegex', detail: `the anchor \`${v}\` can only stand at the ${v === '^' ? 'start' : 'end'} of a pattern`, hint: 'A pattern describes the whole value, as if it began with `^` and ended with `$`: remove the anchor, or move it to the end it belongs to.' });
        }
        break;
      }
      default:
    }
  }
}

function repeatMax(t: Token): number {
  return t.max === Infinity ? (t.min ?? 0) + PATTERN_OPEN_REPEAT_MAX : (t.max ?? 0);
}

/** Whether a class can give a character, as randexp draws it: from printable ASCII (32 to 126). */
function hasPrintable(set: Token): boolean {
  const covered = new Array<boolean>(127).fill(false);
  const mark = (tokens: Token[] | undefined, not: boolean | undefined, into: boolean[]): void => {
    const own = new Array<boolean>(127).fill(false);
    for (const x of tokens ?? []) {
      if (x.type === T.RANGE) for (let c = Math.max(32, x.from!); c <= Math.min(126, x.to!); c++) own[c] = true;
      else if (x.type === T.CHAR && (x.value as number) >= 32 && (x.value as number) <= 126) own[x.value as number] = true;
      else if (x.type === T.SET) mark(x.set, x.not, own);
    }
    for (let c = 32; c <= 126; c++) if (not ? !own[c] : own[c]) into[c] = true;
  };
  mark(set.set, set.not, covered);
  return covered.some((x) => x);
}

/** 100000000 → '100,000,000'; Infinity → 'unbounded'. */
function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'more than 10^308';
}
