/**
 * Pattern induction (docs/infer.md, "Strings"): each value is cut into runs of one character class (upper-case
 * letters, lower-case letters, digits) and single other characters; values whose runs line up form a group, and the
 * largest group becomes a regular expression with each run's length range: `AB-1234`, `XY-0042` → `[A-Z]{2}-\d{4}`.
 * Letters and digits only ever appear as classes, so no value's text is copied; punctuation and spaces are kept.
 * When no group covers enough values, coarser classes are tried (any letter, then any letter or digit).
 */

import { PATTERN_MAX_LENGTH } from '@synth/spec';

/** Share of values the chosen group must cover. */
export const PATTERN_MATCH = 0.95;
/** Longer shapes are free text, not codes: left to other generators. */
const MAX_TOKENS = 16;

type Level = 0 | 1 | 2;

const CLASSES: Record<string, string> = { U: '[A-Z]', L: '[a-z]', D: '\\d', A: '[A-Za-z]', W: '[A-Za-z0-9]' };

function classOf(ch: string, level: Level): string | undefined {
  const upper = ch >= 'A' && ch <= 'Z';
  const lower = (ch >= 'a' && ch <= 'z') || (ch > '\x7f' && ch.toLowerCase() !== ch.toUpperCase() && ch === ch.toLowerCase());
  const upperAny = upper || (ch > '\x7f' && ch.toLowerCase() !== ch.toUpperCase() && ch === ch.toUpperCase());
  const digit = ch >= '0' && ch <= '9';
  if (level === 0) return upperAny ? 'U' : lower ? 'L' : digit ? 'D' : undefined;
  if (level === 1) return upperAny || lower ? 'A' : digit ? 'D' : undefined;
  return upperAny || lower || digit ? 'W' : undefined;
}

interface Token {
  cls?: string;
  lit?: string;
  n: number;
}

function tokenize(value: string, level: Level): Token[] {
  const out: Token[] = [];
  for (const ch of value) {
    const cls = classOf(ch, level);
    const last = out[out.length - 1];
    if (cls !== undefined && last?.cls === cls) last.n++;
    else out.push(cls !== undefined ? { cls, n: 1 } : { lit: ch, n: 1 });
  }
  return out;
}

const keyOf = (tokens: Token[]) => tokens.map((t) => t.cls ?? `\u0000${t.lit}`).join('\u0001');

function escapeLiteral(ch: string): string {
  // Only syntax characters: with the `u` flag an escaped `-` or letter is an error.
  return /[\\^$.*+?()[\]{}|]/.test(ch) ? `\\${ch}` : ch;
}

function regexOf(group: Token[][]): string {
  const first = group[0]!;
  return first
    .map((t, i) => {
      if (t.lit !== undefined) return escapeLiteral(t.lit);
      let lo = Infinity;
      let hi = 0;
      for (const g of group) {
        lo = Math.min(lo, g[i]!.n);
        hi = Math.max(hi, g[i]!.n);
      }
      const cls = CLASSES[t.cls!]!;
      return lo === hi ? (lo === 1 ? cls : `${cls}{${lo}}`) : `${cls}{${lo},${hi}}`;
    })
    .join('');
}

/** The regular expression (without anchors) that the values' shapes share, with the share of values it matches. */
export function inducePattern(values: string[]): { regex: string; matchRate: number } | undefined {
  if (values.length === 0) return undefined;
  for (const level of [0, 1, 2] as Level[]) {
    const groups = new Map<string, Token[][]>();
    for (const v of values) {
      // A value longer than any pattern may generate has no shape worth a pattern (and a 10 MB field made
      // `[a-z]{1,10000000}`, whose test overflowed the regex engine's stack).
      if (v.length > PATTERN_MAX_LENGTH) continue;
      const tokens = tokenize(v, level);
      if (tokens.length > MAX_TOKENS) continue;
      const k = keyOf(tokens);
      const g = groups.get(k);
      if (g) g.push(tokens);
      else groups.set(k, [tokens]);
    }
    let best: Token[][] | undefined;
    for (const g of groups.values()) if (!best || g.length > best.length) best = g;
    if (!best || best.length < PATTERN_MATCH * values.length) continue;
    const regex = regexOf(best);
    const re = new RegExp(`^(?:${regex})$`, 'u');
    let hits = 0;
    // A value too long to take part in induction is no match, and never reaches the regex engine.
    for (const v of values) if (v.length <= PATTERN_MAX_LENGTH && re.test(v)) hits++;
    return { regex, matchRate: hits / values.length };
  }
  return undefined;
}

/** The character ranges the values use (`A-Za-z0-9 `): a statistic for {@link fallbackPattern}, not a value. */
export function characterClasses(values: string[]): string {
  let upper = false;
  let lower = false;
  let digit = false;
  let space = false;
  for (const v of values) {
    if (!upper && /[A-Z]/.test(v)) upper = true;
    if (!lower && /[a-z]/.test(v)) lower = true;
    if (!digit && /\d/.test(v)) digit = true;
    if (!space && v.includes(' ')) space = true;
  }
  return `${upper ? 'A-Z' : ''}${lower || !(upper || digit) ? 'a-z' : ''}${digit ? '0-9' : ''}${space ? ' ' : ''}`;
}

/** A loose pattern for values with no common shape: their character classes, at their length range. */
export function fallbackPattern(classes: string, minLength: number, maxLength: number): string {
  // Capped at what a pattern may generate (docs/spec.md "Generation limits"): longer samples give shorter values.
  const lo = Math.min(Math.max(1, minLength), PATTERN_MAX_LENGTH);
  const hi = Math.min(Math.max(lo, maxLength), PATTERN_MAX_LENGTH);
  return lo === hi ? `[${classes}]{${lo}}` : `[${classes}]{${lo},${hi}}`;
}
